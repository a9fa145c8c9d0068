import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { RandomHexSource } from '@spawn/tracing-core';
import { describe, expect, it } from 'vitest';
import { seededTraceIds } from '../test/seeded-ids.js';
import { ConsistentProbabilitySampler } from './consistent-probability-sampler.js';

const N = 100_000;

function sampledShare(rate: number, ids: () => string): number {
  const sampler = new ConsistentProbabilitySampler(rate);
  let kept = 0;
  for (let i = 0; i < N; i++) {
    if (sampler.shouldSample(ROOT_CONTEXT, ids(), 'op', SpanKind.INTERNAL, {}, []).decision) kept++;
  }
  return kept / N;
}

function childContext(traceId: string, traceState?: string) {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: traceState === undefined ? undefined : new TraceState(traceState),
  });
}

describe('ConsistentProbabilitySampler', () => {
  // Binomial(100 000, p): one standard deviation is under 0.1 percentage point for every rate below,
  // so ±0.5 point is more than 5σ. Seeds are fixed: the test is deterministic.
  it.each([
    [0.1, 1],
    [0.1, 2],
    [0.01, 3],
    [0.5, 4],
  ])('samples %d of 100 000 random trace ids within ±0.5 %% (seed %d)', (rate, seed) => {
    expect(Math.abs(sampledShare(rate, seededTraceIds(seed)) - rate)).toBeLessThan(0.005);
  });

  it('samples 10 % of X-Ray-format ids (32-bit timestamp, 96 random bits) though the timestamp never changes', () => {
    const random = new RandomHexSource();
    const epoch = Math.floor(Date.UTC(2026, 0, 1) / 1000).toString(16);
    const share = sampledShare(0.1, () => epoch + random.hex(12));
    // Crypto randomness, not seeded: 0.5 point is over 5σ, a false failure is below one in ten million.
    expect(Math.abs(share - 0.1)).toBeLessThan(0.005);
  });

  it('is consistent: a trace kept at 1 % is kept at every higher rate', () => {
    const ids = seededTraceIds(7);
    const rates = [0.01, 0.05, 0.1, 0.25, 0.5, 1].map((r) => new ConsistentProbabilitySampler(r));
    for (let i = 0; i < 20_000; i++) {
      const id = ids();
      const decisions = rates.map(
        (s) => s.shouldSample(ROOT_CONTEXT, id, 'op', SpanKind.INTERNAL, {}, []).decision,
      );
      const first = decisions.indexOf(SamplingDecision.RECORD_AND_SAMPLED);
      if (first >= 0)
        expect(decisions.slice(first).every((d) => d === SamplingDecision.RECORD_AND_SAMPLED)).toBe(true);
    }
  });

  it('decides on the low 56 bits: R >= T samples, R < T drops', () => {
    const sampler = new ConsistentProbabilitySampler(0.1); // th e666
    const high = 'ffffffffffffffff' + '00' + 'e6660000000000';
    const low = '00000000000000000' + '0e665ffffffffff';
    expect(sampler.shouldSample(ROOT_CONTEXT, high, 'op', SpanKind.INTERNAL, {}, []).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(sampler.shouldSample(ROOT_CONTEXT, low, 'op', SpanKind.INTERNAL, {}, []).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
  });

  it('writes ot=th into the tracestate of a sampled root and nothing for a dropped one', () => {
    const sampler = new ConsistentProbabilitySampler(0.1);
    const kept = sampler.shouldSample(
      ROOT_CONTEXT,
      `${'0'.repeat(18)}f0000000000000`,
      'op',
      SpanKind.INTERNAL,
      {},
      [],
    );
    expect(kept.traceState?.serialize()).toBe('ot=th:e666');
    const dropped = sampler.shouldSample(
      ROOT_CONTEXT,
      `${'1'.repeat(18)}00000000000001`,
      'op',
      SpanKind.INTERNAL,
      {},
      [],
    );
    expect(dropped).toEqual({ decision: SamplingDecision.NOT_RECORD });
  });

  it('rate 1 keeps everything with th:0; rate 0 keeps nothing and writes no threshold', () => {
    const ids = seededTraceIds(9);
    const all = new ConsistentProbabilitySampler(1);
    const none = new ConsistentProbabilitySampler(0);
    for (let i = 0; i < 1000; i++) {
      const id = ids();
      const a = all.shouldSample(ROOT_CONTEXT, id, 'op', SpanKind.INTERNAL, {}, []);
      expect(a.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
      expect(a.traceState?.serialize()).toBe('ot=th:0');
      expect(none.shouldSample(ROOT_CONTEXT, id, 'op', SpanKind.INTERNAL, {}, []).decision).toBe(
        SamplingDecision.NOT_RECORD,
      );
    }
    expect(new ConsistentProbabilitySampler(0).toString()).toBe('ConsistentProbability{rate=0, th=none}');
  });

  it('uses an explicit rv instead of the trace id and never rewrites it', () => {
    const sampler = new ConsistentProbabilitySampler(0.5); // th 8
    const lowId = `${'0'.repeat(18)}00000000000001`;
    const ctx = childContext(lowId, 'ot=rv:f0000000000000,vendor=v1');
    const result = sampler.shouldSample(ctx, lowId, 'op', SpanKind.INTERNAL, {}, []);
    expect(result.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(result.traceState?.serialize()).toBe('ot=th:8;rv:f0000000000000,vendor=v1');
  });

  it('replaces the inherited threshold with its own, and erases it when it drops', () => {
    const sampler = new ConsistentProbabilitySampler(0.5);
    const keptId = `${'0'.repeat(18)}c0000000000000`;
    const kept = sampler.shouldSample(
      childContext(keptId, 'ot=th:c;p:1'),
      keptId,
      'op',
      SpanKind.INTERNAL,
      {},
      [],
    );
    expect(kept.traceState?.get('ot')).toBe('th:8;p:1');
    const droppedId = `${'0'.repeat(18)}10000000000000`;
    const dropped = sampler.shouldSample(
      childContext(droppedId, 'a=1,ot=th:0'),
      droppedId,
      'op',
      SpanKind.INTERNAL,
      {},
      [],
    );
    expect(dropped.decision).toBe(SamplingDecision.NOT_RECORD);
    expect(dropped.traceState?.serialize()).toBe('a=1');
  });

  it('replaces an unreadable ot member', () => {
    const sampler = new ConsistentProbabilitySampler(1);
    const id = `${'0'.repeat(18)}c0000000000000`;
    const result = sampler.shouldSample(
      childContext(id, 'ot=th:8;;broken,b=2'),
      id,
      'op',
      SpanKind.INTERNAL,
      {},
      [],
    );
    expect(result.traceState?.serialize()).toBe('ot=th:0,b=2');
  });

  it('adds its ot member on the left of a full 32-member tracestate, dropping the rightmost vendor', () => {
    const sampler = new ConsistentProbabilitySampler(1);
    const id = `${'0'.repeat(18)}c0000000000000`;
    const vendors = Array.from({ length: 32 }, (_, i) => `v${i}=x`).join(',');
    const members = sampler
      .shouldSample(childContext(id, vendors), id, 'op', SpanKind.INTERNAL, {}, [])
      .traceState!.serialize()
      .split(',');
    expect(members).toHaveLength(32);
    expect(members[0]).toBe('ot=th:0');
    expect(members.at(-1)).toBe('v30=x');
  });

  it('drops ids that are not 32 characters instead of guessing', () => {
    const sampler = new ConsistentProbabilitySampler(1);
    expect(sampler.shouldSample(ROOT_CONTEXT, 'abc', 'op', SpanKind.INTERNAL, {}, []).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
  });

  it.each([Number.NaN, -0.1, 1.5, 'abc', undefined])('refuses rate %j at construction', (rate) => {
    expect(() => new ConsistentProbabilitySampler(rate as number)).toThrow(
      /^rate = .*: must be a number between 0 and 1$/,
    );
  });

  it('describes itself', () => {
    expect(new ConsistentProbabilitySampler(0.1).toString()).toBe('ConsistentProbability{rate=0.1, th=e666}');
    expect(new ConsistentProbabilitySampler(0.1, { precision: 3 }).threshold).toBe('e66');
  });
});
