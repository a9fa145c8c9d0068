import { describe, expect, it } from 'vitest';
import { capCarrierValue, carrierValueLimit } from './carrier-value.js';

describe('capCarrierValue', () => {
  it('leaves values within the limit alone', () => {
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(capCarrierValue('traceparent', tp)).toBe(tp);
  });
  it('cuts single-valued fields at the limit', () => {
    expect(capCarrierValue('traceparent', 'a'.repeat(10_000_000))).toHaveLength(512);
    expect(capCarrierValue('x-custom', 'a'.repeat(9000))).toHaveLength(carrierValueLimit('x-custom'));
  });
  it('cuts list fields after the last whole member that fits', () => {
    const members = Array.from({ length: 1000 }, (_, i) => `k${i}=v${i}`).join(',');
    const cut = capCarrierValue('tracestate', members);
    expect(cut.length).toBeLessThanOrEqual(4096);
    expect(members.startsWith(`${cut},`)).toBe(true);
    expect(capCarrierValue('baggage', 'x'.repeat(9000))).toBe('');
  });
});
