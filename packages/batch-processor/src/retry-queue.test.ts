import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { RetryQueue } from './retry-queue.js';

const spans = (...names: string[]) => names.map((name) => ({ name }) as ReadableSpan);

describe('RetryQueue', () => {
  it('hands out only batches whose backoff has passed, unless told to ignore it', () => {
    const queue = new RetryQueue();
    queue.add(spans('a'), 1, 2_000, 0);
    queue.add(spans('b'), 1, 1_000, 1);
    expect(queue.nextReadyAt()).toBe(1_000);
    expect(queue.takeReady(500, false)).toBeUndefined();
    expect(queue.takeReady(1_500, false)?.spans.map((s) => s.name)).toEqual(['b']);
    expect(queue.takeReady(1_500, true)?.spans.map((s) => s.name)).toEqual(['a']);
    expect(queue.size).toBe(0);
  });

  it('drops the oldest span first and returns only what is left of a batch', () => {
    const queue = new RetryQueue();
    queue.add(spans('a0', 'a1'), 1, 0, 0);
    queue.add(spans('b0', 'b1'), 1, 0, 2);
    expect(queue.dropOldest()).toBe(true);
    expect(queue.takeReady(0, false)?.spans.map((s) => s.name)).toEqual(['a1']);
    expect(queue.dropOldest()).toBe(true);
    expect(queue.dropOldest()).toBe(true);
    expect(queue.dropOldest()).toBe(false);
    expect(queue.size).toBe(0);
  });

  it('knows whether it holds spans queued before a position', () => {
    const queue = new RetryQueue();
    queue.add(spans('a'), 1, 0, 5);
    expect(queue.holdsBefore(5)).toBe(false);
    expect(queue.holdsBefore(6)).toBe(true);
    expect(queue.clear()).toBe(1);
    expect(queue.holdsBefore(6)).toBe(false);
  });
});
