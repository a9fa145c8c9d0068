import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base per attempt, jittered within the upper half', () => {
    expect(backoffDelay(1, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(2, 1000, 30_000, () => 1)).toBe(2000);
    expect(backoffDelay(3, 1000, 30_000, () => 0.5)).toBe(3000);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(10, 1000, 5000, () => 1)).toBe(5000);
    expect(backoffDelay(60, 1000, 5000, () => 0)).toBe(2500);
  });

  it('draws a different delay for different random values', () => {
    const delays = new Set([0, 0.25, 0.75].map((r) => backoffDelay(2, 100, 10_000, () => r)));
    expect(delays.size).toBe(3);
  });
});
