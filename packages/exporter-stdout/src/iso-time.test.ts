import { describe, expect, it } from 'vitest';
import { hrDiffMs, hrTimeToIso, isoToHrTime } from './iso-time.js';

describe('hrTimeToIso', () => {
  it('writes the precision the time has', () => {
    expect(hrTimeToIso([1_767_225_600, 0])).toBe('2026-01-01T00:00:00Z');
    expect(hrTimeToIso([1_767_225_600, 500_000_000])).toBe('2026-01-01T00:00:00.5Z');
    expect(hrTimeToIso([1_767_225_600, 123_456_789])).toBe('2026-01-01T00:00:00.123456789Z');
    expect(hrTimeToIso([1_767_225_601, 1])).toBe('2026-01-01T00:00:01.000000001Z');
  });

  it('round-trips through isoToHrTime to the nanosecond', () => {
    for (const time of [
      [0, 0],
      [1_767_225_600, 1],
      [1_767_225_600, 999_999_999],
      [4_102_444_799, 120_000_000],
    ] as [number, number][]) {
      expect(isoToHrTime(hrTimeToIso(time))).toEqual(time);
    }
  });
});

describe('isoToHrTime', () => {
  it('reads offsets and rejects what is not an ISO time', () => {
    expect(isoToHrTime('2026-01-01T01:00:00.25+01:00')).toEqual([1_767_225_600, 250_000_000]);
    expect(isoToHrTime('yesterday')).toBeUndefined();
    expect(isoToHrTime('2026-13-01T00:00:00Z')).toBeUndefined();
  });
});

describe('hrDiffMs', () => {
  it('is exact across seconds', () => {
    expect(hrDiffMs([10, 900_000_000], [11, 100_000_000])).toBeCloseTo(200, 9);
  });
});
