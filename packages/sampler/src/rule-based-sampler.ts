import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import type { SamplingRule } from '@spawn/tracing-core';
import { show } from './check.js';
import { attributesMatch, type CompiledRule, compileRule, describeRule } from './sampling-rule.js';
import type { Clock } from './token-bucket.js';

export interface RuleBasedSamplerOptions {
  /** Ordered rules; the first whose name glob and attribute globs match decides. */
  rules: readonly SamplingRule[];
  /** Decides spans no rule matches. */
  fallback: Sampler;
  /** Clock in milliseconds for the rules' rate limits (tests pass a fake one). */
  now?: Clock;
  /** Threshold precision of the rules' rates; default 4. */
  precision?: number;
}

// Span names are few in practice; the cap only bounds memory if a caller puts ids in names.
const NAME_CACHE_LIMIT = 1024;

/**
 * Per-operation sampling ("filter high-volume operations"): an ordered list of rules, each matching
 * span names and optionally attributes with globs and deciding with its own rate and/or rate limit;
 * the first match wins and `fallback` decides the rest. Meant for root spans: wrap it in
 * `ConsistentParentBasedSampler` so a rule never cuts a trace in half.
 */
export class RuleBasedSampler implements Sampler {
  private readonly rules: CompiledRule[];
  private readonly fallback: Sampler;
  // Which rules a span name can match, worked out once per name.
  private readonly byName = new Map<string, CompiledRule[]>();

  constructor(options: RuleBasedSamplerOptions) {
    if (!Array.isArray(options.rules)) {
      throw new TypeError(`sampling_rules = ${show(options.rules)}: must be a list of rules`);
    }
    this.rules = options.rules.map((rule, i) =>
      compileRule(rule, i, { now: options.now, precision: options.precision }),
    );
    this.fallback = options.fallback;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    let candidates = this.byName.get(spanName);
    if (candidates === undefined) {
      candidates = this.rules.filter((rule) => rule.matchesName(spanName));
      if (this.byName.size >= NAME_CACHE_LIMIT) this.byName.clear();
      this.byName.set(spanName, candidates);
    }
    for (const rule of candidates) {
      if (rule.attributes.length === 0 || attributesMatch(rule, attributes)) {
        return rule.sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
      }
    }
    return this.fallback.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    const rules = this.rules.map((rule) => `${describeRule(rule)} → ${rule.sampler.toString()}`).join('; ');
    return `RuleBased{rules=[${rules}], fallback=${this.fallback.toString()}}`;
  }
}
