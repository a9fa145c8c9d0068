import { describe, expect, it } from 'vitest';
import { RandomHexSource } from './random-ids.js';

describe('RandomHexSource', () => {
  it('gives lower-case hex of the asked length across windows and block refills', () => {
    const source = new RandomHexSource();
    const seen = new Set<string>();
    // 30 000 draws of 8, 12 and 16 bytes cross many 256-byte windows and 4 KiB blocks.
    for (let i = 0; i < 30_000; i++) {
      const bytes = [8, 12, 16][i % 3]!;
      const hex = source.hex(bytes);
      expect(hex).toMatch(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
      if (bytes === 16) seen.add(hex);
    }
    expect(seen.size).toBe(10_000);
  });

  it('serves draws larger than a window', () => {
    const source = new RandomHexSource();
    source.hex(100);
    expect(source.hex(1000)).toMatch(/^[0-9a-f]{2000}$/);
    expect(source.hex(16)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sets each bit about half the time', () => {
    const source = new RandomHexSource();
    const ones = new Array<number>(64).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const hex = source.hex(8);
      for (let d = 0; d < 16; d++) {
        const nibble = Number.parseInt(hex[d]!, 16);
        for (let b = 0; b < 4; b++) if (nibble & (1 << b)) ones[d * 4 + b]!++;
      }
    }
    // σ ≈ 71 per bit; ±600 is over 8σ.
    for (const count of ones) expect(Math.abs(count - n / 2)).toBeLessThan(600);
  });
});
