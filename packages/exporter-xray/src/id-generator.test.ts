import { describe, expect, it } from 'vitest';
import { XRayIdGenerator } from './id-generator.js';
import { hasAcceptableEpoch, toXRayTraceId } from './trace-id.js';

describe('XRayIdGenerator', () => {
  it('puts the epoch seconds in the first 8 hex digits and random hex in the rest', () => {
    let now = 1_795_564_800_500;
    const ids = new XRayIdGenerator(() => now);
    const id = ids.generateTraceId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.parseInt(id.slice(0, 8), 16)).toBe(1_795_564_800);
    now += 1_000;
    expect(Number.parseInt(ids.generateTraceId().slice(0, 8), 16)).toBe(1_795_564_801);
    expect(ids.generateSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('never repeats over many ids (random part, not a counter)', () => {
    const ids = new XRayIdGenerator();
    const traces = new Set(Array.from({ length: 10_000 }, () => ids.generateTraceId().slice(8)));
    const spans = new Set(Array.from({ length: 10_000 }, () => ids.generateSpanId()));
    expect(traces.size).toBe(10_000);
    expect(spans.size).toBe(10_000);
  });

  it('ids pass the X-Ray epoch window and format', () => {
    const id = new XRayIdGenerator().generateTraceId();
    expect(hasAcceptableEpoch(id, Date.now())).toBe(true);
    expect(toXRayTraceId(id)).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });
});

describe('trace id epoch window', () => {
  const now = 1_795_564_800_000;
  const at = (seconds: number) =>
    Math.floor(now / 1000 + seconds)
      .toString(16)
      .padStart(8, '0') +
    '0'.repeat(23) +
    '1';
  it('accepts up to 28 days old and 5 minutes ahead, nothing beyond', () => {
    expect(hasAcceptableEpoch(at(-28 * 86_400), now)).toBe(true);
    expect(hasAcceptableEpoch(at(-28 * 86_400 - 1), now)).toBe(false);
    expect(hasAcceptableEpoch(at(300), now)).toBe(true);
    expect(hasAcceptableEpoch(at(301), now)).toBe(false);
  });
});
