import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { checkAtLeast } from './check.js';
import { independentResult, NOT_SAMPLED, parentOf, readOt, SAMPLED } from './sampling-result.js';
import { type Clock, defaultClock, TokenBucket } from './token-bucket.js';

export interface RateLimitingSamplerOptions {
  /** New traces a second the bucket grants (fractions allowed: 0.5 is one every 2 s). */
  perSecond: number;
  /** Bucket size: how many traces a quiet period lets through at once. Default `max(1, perSecond)`. */
  burst?: number;
  /**
   * What decides once the bucket is empty; default: drop. A `ConsistentProbabilitySampler` here makes
   * the bucket a reservoir, as X-Ray's default rule: 1 trace a second, then 5 % of the rest.
   */
  otherwise?: Sampler;
  /** Clock in milliseconds (tests pass a fake one); default `performance.now`. */
  now?: Clock;
}

/**
 * Time-based sampling: at most `perSecond` new traces a second (token bucket), then `otherwise`.
 * A trace sampled from the bucket has no known probability, so it carries no `th` (the specification
 * asks for none rather than a wrong one); those sampled by `otherwise` carry its threshold.
 */
export class RateLimitingSampler implements Sampler {
  private readonly bucket: TokenBucket;
  private readonly otherwise: Sampler | undefined;

  constructor(options: RateLimitingSamplerOptions) {
    const perSecond = checkAtLeast('perSecond', options.perSecond, 0);
    const burst = checkAtLeast('burst', options.burst ?? Math.max(1, perSecond), 1);
    this.bucket = new TokenBucket(perSecond, burst, options.now ?? defaultClock);
    this.otherwise = options.otherwise;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (this.bucket.take()) {
      const traceState = parentOf(context, traceId)?.traceState;
      return traceState === undefined
        ? SAMPLED
        : independentResult(true, undefined, traceState, readOt(traceState));
    }
    if (this.otherwise !== undefined) {
      return this.otherwise.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    }
    const traceState = parentOf(context, traceId)?.traceState;
    return traceState === undefined
      ? NOT_SAMPLED
      : independentResult(false, undefined, traceState, readOt(traceState));
  }

  toString(): string {
    const otherwise = this.otherwise === undefined ? '' : `, otherwise=${this.otherwise.toString()}`;
    return `RateLimiting{perSecond=${this.bucket.perSecond}, burst=${this.bucket.burst}${otherwise}}`;
  }
}
