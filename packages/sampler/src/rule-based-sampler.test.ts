import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler, SamplingDecision } from '@opentelemetry/sdk-trace-base';
import type { SamplingRule } from '@spawn/tracing-core';
import { describe, expect, it } from 'vitest';
import { seededTraceIds } from '../test/seeded-ids.js';
import { RuleBasedSampler } from './rule-based-sampler.js';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function sampled(sampler: RuleBasedSampler, name: string, attributes = {}, traceId = ID): boolean {
  return (
    sampler.shouldSample(ROOT_CONTEXT, traceId, name, SpanKind.CLIENT, attributes, []).decision ===
    SamplingDecision.RECORD_AND_SAMPLED
  );
}

describe('RuleBasedSampler', () => {
  it('first match wins; the fallback decides the rest', () => {
    const sampler = new RuleBasedSampler({
      rules: [
        { name: 'aws.sqs.ReceiveMessage', rate: 0 },
        { name: 'aws.sqs.*', rate: 1 },
        { name: 'aws.dynamodb.*', attributes: { 'aws.region': 'us-*' }, rate: 1 },
      ],
      fallback: new AlwaysOffSampler(),
    });
    expect(sampled(sampler, 'aws.sqs.ReceiveMessage')).toBe(false);
    expect(sampled(sampler, 'aws.sqs.SendMessage')).toBe(true);
    expect(sampled(sampler, 'aws.dynamodb.GetItem', { 'aws.region': 'us-east-1' })).toBe(true);
    expect(sampled(sampler, 'aws.dynamodb.GetItem', { 'aws.region': 'eu-west-1' })).toBe(false);
    expect(sampled(sampler, 'aws.dynamodb.GetItem', {})).toBe(false);
    expect(sampled(sampler, 'spawn.agent.monitor')).toBe(false);
    // Same names again: answered from the per-name cache, same results.
    expect(sampled(sampler, 'aws.sqs.ReceiveMessage')).toBe(false);
    expect(sampled(sampler, 'aws.dynamodb.GetItem', { 'aws.region': 'us-west-2' })).toBe(true);
  });

  it('matches attribute globs against the string form of numbers and booleans', () => {
    const sampler = new RuleBasedSampler({
      rules: [{ attributes: { 'http.status_code': '5??', error: 'true' }, rate: 1 }],
      fallback: new AlwaysOffSampler(),
    });
    expect(sampled(sampler, 'x', { 'http.status_code': 503, error: true })).toBe(true);
    expect(sampled(sampler, 'x', { 'http.status_code': 200, error: true })).toBe(false);
  });

  it('filters a high-volume operation down to its own rate, consistently', () => {
    const sampler = new RuleBasedSampler({
      rules: [{ name: 'aws.sqs.ReceiveMessage', rate: 0.01 }],
      fallback: new AlwaysOnSampler(),
    });
    const ids = seededTraceIds(3);
    let kept = 0;
    for (let i = 0; i < 100_000; i++) if (sampled(sampler, 'aws.sqs.ReceiveMessage', {}, ids())) kept++;
    // 1 000 expected, σ ≈ 31.
    expect(Math.abs(kept - 1000)).toBeLessThan(160);
  });

  it('applies a rule rate limit with its burst on a fake clock', () => {
    let now = 0;
    const sampler = new RuleBasedSampler({
      rules: [{ name: 'aws.ec2.*', rateLimit: 2, burst: 4 }],
      fallback: new AlwaysOffSampler(),
      now: () => now,
    });
    let kept = 0;
    for (let i = 0; i < 1000; i++) {
      if (sampled(sampler, 'aws.ec2.DescribeInstances')) kept++;
      now += 10; // 10 s in all
    }
    expect(kept).toBe(4 + 2 * 10 - 1);
  });

  it('accepts rate_limit as the YAML spelling', () => {
    const sampler = new RuleBasedSampler({
      rules: [{ name: 'x', rate_limit: 1 } as SamplingRule],
      fallback: new AlwaysOffSampler(),
      now: () => 0,
    });
    expect(sampled(sampler, 'x')).toBe(true);
    expect(sampled(sampler, 'x')).toBe(false);
  });

  it.each<[unknown[], RegExp]>([
    [
      [{ rate: 0.1 }, { rate: 0.1 }, { name: 'a', rate: 1.5 }],
      /^sampling_rules\[2\]\.rate = 1\.5: must be a number between 0 and 1$/,
    ],
    [[{ rate: Number.NaN }], /^sampling_rules\[0\]\.rate = NaN: must be/],
    [[{ rate: 'abc' }], /^sampling_rules\[0\]\.rate = "abc": must be/],
    [[{ rate: -0.1 }], /^sampling_rules\[0\]\.rate = -0\.1: must be/],
    [[{ rateLimit: -1 }], /^sampling_rules\[0\]\.rateLimit = -1: must be a finite number of at least 0$/],
    [[{ rate_limit: Number.POSITIVE_INFINITY }], /^sampling_rules\[0\]\.rate_limit = Infinity: must be/],
    [[{ rateLimit: 5, burst: 0 }], /^sampling_rules\[0\]\.burst = 0: must be a finite number of at least 1$/],
    [[{ rate: 1, burst: 3 }], /^sampling_rules\[0\]\.burst = 3: needs rateLimit/],
    [[{ name: 'x' }], /^sampling_rules\[0\] = \{"name":"x"\}: needs rate, rate_limit or both$/],
    [[{ name: '', rate: 1 }], /^sampling_rules\[0\]\.name = "": must be a non-empty glob/],
    [[{ name: 5, rate: 1 }], /^sampling_rules\[0\]\.name = 5: must be/],
    [
      [{ rate: 1, attributes: { 'aws.region': 5 } }],
      /^sampling_rules\[0\]\.attributes\.aws\.region = 5: must be a string glob$/,
    ],
    [[{ rate: 1, attributes: ['x'] }], /^sampling_rules\[0\]\.attributes = \["x"\]: must map/],
    [[{ rat: 0.5 }], /^sampling_rules\[0\]\.rat = 0\.5: unknown key$/],
    [['aws.*'], /^sampling_rules\[0\] = "aws\.\*": must be an object/],
    [
      [{ rate: 1, rateLimit: 1, rate_limit: 1 }],
      /^sampling_rules\[0\]: give rate_limit or rateLimit, not both$/,
    ],
  ])('refuses %j naming the rule, the key and the value', (rules, message) => {
    expect(
      () => new RuleBasedSampler({ rules: rules as SamplingRule[], fallback: new AlwaysOffSampler() }),
    ).toThrow(message);
  });

  it('refuses rules that are not a list', () => {
    expect(
      () =>
        new RuleBasedSampler({
          rules: { rate: 1 } as unknown as SamplingRule[],
          fallback: new AlwaysOffSampler(),
        }),
    ).toThrow(/^sampling_rules = \{"rate":1\}: must be a list of rules$/);
  });

  it('describes every rule in order', () => {
    const sampler = new RuleBasedSampler({
      rules: [
        { name: 'aws.sqs.ReceiveMessage', rateLimit: 1, rate: 0.05 },
        { name: 'aws.dynamodb.*', attributes: { 'aws.region': 'us-*' }, rate: 0.5 },
      ],
      fallback: new AlwaysOffSampler(),
    });
    expect(sampler.toString()).toBe(
      'RuleBased{rules=[aws.sqs.ReceiveMessage → RateLimiting{perSecond=1, burst=1, otherwise=ConsistentProbability{rate=0.05, th=f3333}}; ' +
        'aws.dynamodb.*{aws.region=us-*} → ConsistentProbability{rate=0.5, th=8}], fallback=AlwaysOffSampler}',
    );
  });
});
