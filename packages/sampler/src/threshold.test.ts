import { describe, expect, it } from 'vitest';
import { adjustedCount, probabilityToThreshold, thresholdToProbability } from './threshold.js';

// The specification's table (trace/tracestate-probability-sampling, "Converting floating-point
// probability to threshold value"): 1-in-N, then thresholds and actual probabilities at precision 3, 4, 5.
const SPEC_TABLE: [number, [string, string, string], [number, number, number]][] = [
  [1, ['0', '0', '0'], [1, 1, 1]],
  [0.5, ['8', '8', '8'], [0.5, 0.5, 0.5]],
  [1 / 3, ['aab', 'aaab', 'aaaab'], [0.333251953125, 0.3333282470703125, 0.33333301544189453]],
  [0.25, ['c', 'c', 'c'], [0.25, 0.25, 0.25]],
  [0.2, ['ccd', 'cccd', 'ccccd'], [0.199951171875, 0.1999969482421875, 0.19999980926513672]],
  [0.125, ['e', 'e', 'e'], [0.125, 0.125, 0.125]],
  [0.1, ['e66', 'e666', 'e6666'], [0.10009765625, 0.100006103515625, 0.10000038146972656]],
  [0.0625, ['f', 'f', 'f'], [0.0625, 0.0625, 0.0625]],
  [0.01, ['fd71', 'fd70a', 'fd70a4'], [0.0099945068359375, 0.010000228881835938, 0.009999990463256836]],
  [
    0.001,
    ['ffbe7', 'ffbe77', 'ffbe76d'],
    [0.0010004043579101562, 0.0009999871253967285, 0.000999998301267624],
  ],
  [
    0.0001,
    ['fff972', 'fff9724', 'fff97247'],
    [0.00010001659393310547, 0.00010000169277191162, 0.00010000006295740604],
  ],
  [
    0.00001,
    ['ffff584', 'ffff583a', 'ffff583a5'],
    [9.998679161071777e-6, 1.00000761449337e-5, 1.0000003385357559e-5],
  ],
  [
    0.000001,
    ['ffffef4', 'ffffef39', 'ffffef391'],
    [9.98377799987793e-7, 1.00000761449337e-6, 9.999930625781417e-7],
  ],
];

describe('threshold encoding', () => {
  describe.each(SPEC_TABLE)('probability %d', (p, thresholds, actual) => {
    it.each([0, 1, 2])('matches the specification at precision 3+%d', (i) => {
      expect(probabilityToThreshold(p, 3 + i)).toBe(thresholds[i]);
    });
    it.each([0, 1, 2])('decodes back to the actual probability at precision 3+%d', (i) => {
      const decoded = thresholdToProbability(thresholds[i]!)!;
      expect(Math.abs(decoded - actual[i]!) / actual[i]!).toBeLessThan(1e-12);
    });
  });

  it('uses 4 digits by default; the spec text writes 1 % at 5 digits as fd70a4', () => {
    expect(probabilityToThreshold(0.1)).toBe('e666');
    expect(probabilityToThreshold(0.01, 5)).toBe('fd70a4');
    expect(probabilityToThreshold(0.01)).toBe('fd70a');
  });

  it('round-trips: re-encoding a decoded threshold gives the same threshold', () => {
    for (const p of [0.9, 0.75, 0.3, 0.1, 0.05, 0.01, 0.003, 1e-4, 1e-7]) {
      const th = probabilityToThreshold(p);
      expect(probabilityToThreshold(thresholdToProbability(th)!, 4)).toBe(th);
    }
  });

  it('never writes an empty threshold for a probability just under 1', () => {
    expect(probabilityToThreshold(0.999999)).toBe('0');
  });

  it('gives adjusted counts as 1 / probability', () => {
    expect(adjustedCount('0')).toBe(1);
    expect(adjustedCount('8')).toBe(2);
    expect(adjustedCount('c')).toBe(4);
    expect(adjustedCount('e666')).toBeCloseTo(9.99938968568813, 10);
  });

  it.each(['', 'g', 'e666x', '123456789012345', 'th:e666'])('rejects th %j', (th) => {
    expect(thresholdToProbability(th)).toBeUndefined();
  });

  it('reads upper-case th digits', () => {
    expect(thresholdToProbability('E666')).toBe(thresholdToProbability('e666'));
  });

  it.each([0, -0.1, 1.5, Number.NaN])('refuses probability %d', (p) => {
    expect(() => probabilityToThreshold(p)).toThrow(/must be in \(0, 1\]/);
  });
});
