import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { seededTraceIds } from '../test/seeded-ids.js';
import { ConsistentProbabilitySampler } from './consistent-probability-sampler.js';
import { RateLimitingSampler } from './rate-limiting-sampler.js';
import { TokenBucket } from './token-bucket.js';

function fakeClock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const decide = (sampler: RateLimitingSampler, traceId: string) =>
  sampler.shouldSample(ROOT_CONTEXT, traceId, 'op', SpanKind.INTERNAL, {}, []);

describe('TokenBucket', () => {
  it('grants burst at once, then perSecond a second, and never more than burst + perSecond × t', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 5, clock.now);
    let granted = 0;
    // 10 000 requests spread over 10 s of fake time (one per ms).
    for (let i = 0; i < 10_000; i++) {
      if (bucket.take()) granted++;
      clock.advance(1);
    }
    expect(granted).toBeLessThanOrEqual(5 + 10 * 10);
    expect(granted).toBeGreaterThanOrEqual(10 * 10);
  });

  it('refills nothing when the clock steps back', () => {
    const clock = fakeClock(10_000);
    const bucket = new TokenBucket(1, 1, clock.now);
    expect(bucket.take()).toBe(true);
    clock.advance(-5_000);
    expect(bucket.take()).toBe(false);
    clock.advance(999);
    expect(bucket.take()).toBe(false);
    clock.advance(1);
    expect(bucket.take()).toBe(true);
  });
});

describe('RateLimitingSampler', () => {
  it('holds its rate under a burst: 100 000 roots in 5 s at 20/s keep at most 20 × 5 + burst', () => {
    const clock = fakeClock();
    const sampler = new RateLimitingSampler({ perSecond: 20, burst: 20, now: clock.now });
    const ids = seededTraceIds(21);
    let kept = 0;
    for (let i = 0; i < 100_000; i++) {
      if (decide(sampler, ids()).decision === SamplingDecision.RECORD_AND_SAMPLED) kept++;
      clock.advance(0.05);
    }
    expect(kept).toBeLessThanOrEqual(20 + 20 * 5);
    expect(kept).toBeGreaterThanOrEqual(20 + 20 * 5 - 1);
  });

  it('lets one trace through every 2 s at perSecond 0.5', () => {
    const clock = fakeClock();
    const sampler = new RateLimitingSampler({ perSecond: 0.5, now: clock.now });
    const kept: number[] = [];
    for (let ms = 0; ms < 10_000; ms += 100) {
      if (decide(sampler, 'a'.repeat(32)).decision) kept.push(ms);
      clock.advance(100);
    }
    expect(kept).toEqual([0, 2000, 4000, 6000, 8000]);
  });

  it("as X-Ray's default rule: a reservoir of 1 a second, then 5 % of the rest with its threshold", () => {
    const clock = fakeClock();
    const sampler = new RateLimitingSampler({
      perSecond: 1,
      otherwise: new ConsistentProbabilitySampler(0.05),
      now: clock.now,
    });
    const ids = seededTraceIds(5);
    let reservoir = 0;
    let ratio = 0;
    // 100 requests a second for 100 s.
    for (let i = 0; i < 10_000; i++) {
      const result = decide(sampler, ids());
      if (result.decision === SamplingDecision.RECORD_AND_SAMPLED) {
        if (result.traceState === undefined) reservoir++;
        else {
          expect(result.traceState.serialize()).toBe('ot=th:f3333');
          ratio++;
        }
      }
      clock.advance(10);
    }
    expect(reservoir).toBe(100);
    // 9 900 left for the ratio: 5 % is 495, σ ≈ 22.
    expect(ratio).toBeGreaterThan(495 - 110);
    expect(ratio).toBeLessThan(495 + 110);
  });

  it('erases an inherited threshold for a rate-limited sample (its probability is unknown)', () => {
    const sampler = new RateLimitingSampler({ perSecond: 1, now: () => 0 });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const ctx = trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
      traceState: new TraceState('v=1,ot=th:8;rv:10000000000000'),
    });
    const kept = sampler.shouldSample(ctx, traceId, 'op', SpanKind.SERVER, {}, []);
    expect(kept.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(kept.traceState?.serialize()).toBe('ot=rv:10000000000000,v=1');
    const dropped = sampler.shouldSample(ctx, traceId, 'op', SpanKind.SERVER, {}, []);
    expect(dropped.decision).toBe(SamplingDecision.NOT_RECORD);
  });

  it.each([
    [{ perSecond: -1 }, /^perSecond = -1: must be a finite number of at least 0$/],
    [{ perSecond: Number.NaN }, /^perSecond = NaN/],
    [{ perSecond: 5, burst: 0.5 }, /^burst = 0.5: must be a finite number of at least 1$/],
  ])('refuses %j', (options, message) => {
    expect(() => new RateLimitingSampler(options)).toThrow(message);
  });

  it('describes itself', () => {
    const sampler = new RateLimitingSampler({
      perSecond: 1,
      otherwise: new ConsistentProbabilitySampler(0.05),
    });
    expect(sampler.toString()).toBe(
      'RateLimiting{perSecond=1, burst=1, otherwise=ConsistentProbability{rate=0.05, th=f3333}}',
    );
  });
});
