import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { SamplingRule } from '@spawn/tracing-core';
import { describe, expect, it } from 'vitest';
import { createSampler } from './create-sampler.js';
import { FastIdGenerator } from './fast-id-generator.js';

function keptShare(sampler: ReturnType<typeof createSampler>, name: string, n: number): number {
  const tracer = new BasicTracerProvider({ sampler, idGenerator: new FastIdGenerator() }).getTracer('t');
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan(name, {}, ROOT_CONTEXT);
    if (span.isRecording()) kept++;
    span.end();
  }
  return kept / n;
}

describe('createSampler', () => {
  // Crypto-random ids: ±0.6 point over 50 000 roots is over 6σ at 10 %.
  it.each([
    [1, 0],
    [0.1, 0.006],
    [0.01, 0.0025],
  ])('samples the documented preset %d', (rate, tolerance) => {
    expect(
      Math.abs(keptShare(createSampler({ rate }), 'custom.operation', 50_000) - rate),
    ).toBeLessThanOrEqual(tolerance);
  });

  it('rate 0 keeps nothing', () => {
    expect(keptShare(createSampler({ rate: 0 }), 'custom.operation', 1000)).toBe(0);
  });

  it('applies rules to roots and the parent decision to children', () => {
    const sampler = createSampler({ rate: 1, rules: [{ name: 'aws.sqs.ReceiveMessage', rate: 0 }] });
    const tracer = new BasicTracerProvider({ sampler }).getTracer('t');
    expect(tracer.startSpan('aws.sqs.ReceiveMessage', {}, ROOT_CONTEXT).isRecording()).toBe(false);
    const root = tracer.startSpan('spawn.agent.monitor', {}, ROOT_CONTEXT);
    expect(root.isRecording()).toBe(true);
    // Inside a kept trace the rule does not apply: the trace stays whole.
    const child = tracer.startSpan('aws.sqs.ReceiveMessage', {}, trace.setSpan(ROOT_CONTEXT, root));
    expect(child.isRecording()).toBe(true);
    expect(child.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
  });

  it.each([Number.NaN, -0.1, 1.5, 'abc', undefined, null, '0.5'])(
    'refuses sampling_rate %j, naming key and value',
    (rate) => {
      expect(() => createSampler({ rate: rate as number })).toThrow(
        /^sampling_rate = .+: must be a number between 0 and 1$/,
      );
    },
  );

  it('names the value in the message', () => {
    expect(() => createSampler({ rate: 1.5 })).toThrow(
      'sampling_rate = 1.5: must be a number between 0 and 1',
    );
    expect(() => createSampler({ rate: 'abc' as unknown as number })).toThrow('sampling_rate = "abc"');
  });

  it('names the rule index, key and value of a bad rule', () => {
    const rules: SamplingRule[] = [
      { name: 'a', rate: 0.1 },
      { name: 'b', rate: 0.2 },
      { name: 'c', rate: 1.5 },
    ];
    expect(() => createSampler({ rate: 0.1, rules })).toThrow(
      'sampling_rules[2].rate = 1.5: must be a number between 0 and 1',
    );
  });

  it('describes the whole composition', () => {
    expect(createSampler({ rate: 0.1 }).toString()).toBe(
      'ConsistentParentBased{root=ConsistentProbability{rate=0.1, th=e666}}',
    );
    expect(createSampler({ rate: 0.01, rules: [{ name: 'aws.dynamodb.*', rate: 1 }] }).toString()).toBe(
      'ConsistentParentBased{root=RuleBased{rules=[aws.dynamodb.* → ConsistentProbability{rate=1, th=0}], fallback=ConsistentProbability{rate=0.01, th=fd70a}}}',
    );
  });
});
