import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { FastIdGenerator } from './fast-id-generator.js';

describe('FastIdGenerator', () => {
  it('makes valid, lower-case, unique W3C ids', () => {
    const ids = new FastIdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const traceId = ids.generateTraceId();
      const spanId = ids.generateSpanId();
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(isValidTraceId(traceId) && isValidSpanId(spanId)).toBe(true);
      seen.add(traceId);
    }
    expect(seen.size).toBe(20_000);
  });

  it('has random low 56 bits: each bit is set about half the time', () => {
    const ids = new FastIdGenerator();
    const n = 20_000;
    const ones = new Array<number>(56).fill(0);
    for (let i = 0; i < n; i++) {
      const low = ids.generateTraceId().slice(18);
      for (let d = 0; d < 14; d++) {
        const nibble = Number.parseInt(low[d]!, 16);
        for (let b = 0; b < 4; b++) if (nibble & (1 << b)) ones[d * 4 + b]!++;
      }
    }
    // σ ≈ 71 for each bit; ±600 is over 8σ.
    for (const count of ones) expect(Math.abs(count - n / 2)).toBeLessThan(600);
  });

  it('keeps independent streams per instance', () => {
    expect(new FastIdGenerator().generateTraceId()).not.toBe(new FastIdGenerator().generateTraceId());
  });
});
