import type { Attributes } from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import type { SamplingRule } from '@spawn/tracing-core';
import { checkAtLeast, checkRate, show } from './check.js';
import { ConsistentProbabilitySampler } from './consistent-probability-sampler.js';
import { compileGlob, type GlobMatcher } from './glob.js';
import { RateLimitingSampler } from './rate-limiting-sampler.js';
import type { Clock } from './token-bucket.js';

/** A validated rule, ready to match spans. */
export interface CompiledRule {
  readonly name: string;
  readonly matchesName: GlobMatcher;
  readonly attributes: ReadonlyArray<readonly [key: string, matches: GlobMatcher, pattern: string]>;
  readonly sampler: Sampler;
}

export interface RuleOptions {
  now?: Clock;
  precision?: number;
}

// `rate_limit` is accepted too: it is how the key is spelled in the spawn YAML file.
const KNOWN_KEYS = new Set(['name', 'attributes', 'rate', 'rateLimit', 'rate_limit', 'burst']);

/**
 * Validates rule `index` of `sampling_rules` and builds its sampler: `rate` alone is a consistent
 * probability, `rateLimit` alone a cap, both a reservoir of `rateLimit` a second then `rate` of the rest.
 * Errors name the rule, the key and the value: `sampling_rules[2].rate = 1.5: must be between 0 and 1`.
 */
export function compileRule(rule: SamplingRule, index: number, options: RuleOptions = {}): CompiledRule {
  const at = `sampling_rules[${index}]`;
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new TypeError(
      `${at} = ${show(rule)}: must be an object with name, attributes, rate, rate_limit, burst`,
    );
  }
  for (const key of Object.keys(rule)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new TypeError(`${at}.${key} = ${show((rule as Record<string, unknown>)[key])}: unknown key`);
    }
  }
  const raw = rule as SamplingRule & { rate_limit?: unknown };
  const limitKey = raw.rate_limit !== undefined ? 'rate_limit' : 'rateLimit';
  if (raw.rate_limit !== undefined && raw.rateLimit !== undefined) {
    throw new TypeError(`${at}: give rate_limit or rateLimit, not both`);
  }
  const limitValue: unknown = raw.rate_limit ?? raw.rateLimit;

  const name = raw.name ?? '*';
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`${at}.name = ${show(name)}: must be a non-empty glob such as "aws.dynamodb.*"`);
  }
  const attributes: [string, GlobMatcher, string][] = [];
  if (raw.attributes !== undefined) {
    if (typeof raw.attributes !== 'object' || raw.attributes === null || Array.isArray(raw.attributes)) {
      throw new TypeError(`${at}.attributes = ${show(raw.attributes)}: must map attribute keys to globs`);
    }
    for (const [key, pattern] of Object.entries(raw.attributes)) {
      if (typeof pattern !== 'string') {
        throw new TypeError(`${at}.attributes.${key} = ${show(pattern)}: must be a string glob`);
      }
      attributes.push([key, compileGlob(pattern), pattern]);
    }
  }

  const rate = raw.rate === undefined ? undefined : checkRate(`${at}.rate`, raw.rate);
  const perSecond = limitValue === undefined ? undefined : checkAtLeast(`${at}.${limitKey}`, limitValue, 0);
  if (raw.burst !== undefined && perSecond === undefined) {
    throw new TypeError(
      `${at}.burst = ${show(raw.burst)}: needs ${limitKey} (a burst is the size of a rate limit)`,
    );
  }
  const burst = raw.burst === undefined ? undefined : checkAtLeast(`${at}.burst`, raw.burst, 1);
  if (rate === undefined && perSecond === undefined) {
    throw new TypeError(`${at} = ${show(rule)}: needs rate, rate_limit or both`);
  }

  const ratio =
    rate === undefined ? undefined : new ConsistentProbabilitySampler(rate, { precision: options.precision });
  const sampler: Sampler =
    perSecond === undefined
      ? ratio!
      : new RateLimitingSampler({ perSecond, burst, otherwise: ratio, now: options.now });
  return { name, matchesName: compileGlob(name), attributes, sampler };
}

/** Whether the span's attributes match every attribute glob of the rule (a missing attribute never does). */
export function attributesMatch(rule: CompiledRule, attributes: Attributes | undefined): boolean {
  for (const [key, matches] of rule.attributes) {
    const value = attributes?.[key];
    if (value === undefined || value === null) return false;
    if (!matches(typeof value === 'string' ? value : String(value))) return false;
  }
  return true;
}

/** `aws.sqs.*{aws.region=us-*}` */
export function describeRule(rule: CompiledRule): string {
  const attrs = rule.attributes.map(([key, , pattern]) => `${key}=${pattern}`).join(', ');
  return attrs === '' ? rule.name : `${rule.name}{${attrs}}`;
}
