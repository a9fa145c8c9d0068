import type { Sampler } from '@opentelemetry/sdk-trace-base';
import type { SamplingRule } from '@spawn/tracing-core';
import { checkRate } from './check.js';
import { ConsistentParentBasedSampler } from './consistent-parent-based-sampler.js';
import { ConsistentProbabilitySampler } from './consistent-probability-sampler.js';
import { RuleBasedSampler } from './rule-based-sampler.js';
import type { Clock } from './token-bucket.js';

export interface SamplerOptions {
  /** Probability in [0, 1] for new traces no rule matches (`sampling_rate`: 1.0, 0.1, 0.01…). */
  rate: number;
  /** Per-operation rules (`sampling_rules`), first match wins. */
  rules?: readonly SamplingRule[];
  /** Significant hex digits of the `ot=th` threshold; default 4. */
  precision?: number;
  /** Clock in milliseconds for rate limits; default `performance.now` (tests pass a fake one). */
  now?: Clock;
}

/**
 * The spawn head sampler: consistent probability sampling at `rate`, refined by `rules`, decided once
 * per trace at its root and followed by every span below it, in this process and the next.
 * Bad values throw here, naming the key and the value (`sampling_rules[2].rate = 1.5: …`).
 */
export function createSampler(options: SamplerOptions): Sampler {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createSampler needs { rate, rules? }');
  }
  const rate = checkRate('sampling_rate', options.rate);
  const ratio = new ConsistentProbabilitySampler(rate, { precision: options.precision });
  const rules = options.rules ?? [];
  const root =
    Array.isArray(rules) && rules.length === 0
      ? ratio
      : new RuleBasedSampler({ rules, fallback: ratio, now: options.now, precision: options.precision });
  return new ConsistentParentBasedSampler(root);
}
