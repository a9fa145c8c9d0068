import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { checkRate } from './check.js';
import { randomnessPasses } from './randomness.js';
import { independentResult, NOT_SAMPLED, parentOf, readOt, rootResult } from './sampling-result.js';
import { DEFAULT_THRESHOLD_PRECISION, MIN_PROBABILITY, probabilityToThreshold } from './threshold.js';

export interface ConsistentProbabilitySamplerOptions {
  /** Significant hex digits of the threshold written as `ot=th:…`; default 4, as the specification recommends. */
  precision?: number;
}

/**
 * OpenTelemetry's consistent probability sampler: a trace is sampled when its 56-bit randomness R
 * (the `rv` in tracestate, else the trace id's low 56 bits) is at least the rejection threshold T of
 * the rate, and the threshold is written to tracestate as `ot=th:…` so backends can count what was
 * dropped. Any two services using this sampler agree: a trace sampled at 1 % is sampled at 10 %.
 *
 * It decides on its own; wrap it in `ConsistentParentBasedSampler` (as `createSampler` does) so that
 * children follow their parent.
 */
export class ConsistentProbabilitySampler implements Sampler {
  /** The configured rate. */
  readonly rate: number;
  /** The `th` value (rejection threshold) of the rate, `undefined` for rate 0 (never samples). */
  readonly threshold: string | undefined;
  private readonly t: string;
  private readonly sampledRoot: SamplingResult;

  constructor(rate: number, options: ConsistentProbabilitySamplerOptions = {}) {
    this.rate = checkRate('rate', rate);
    const precision = options.precision ?? DEFAULT_THRESHOLD_PRECISION;
    this.threshold =
      rate > 0 ? probabilityToThreshold(Math.max(rate, MIN_PROBABILITY), precision) : undefined;
    this.t = this.threshold?.padEnd(14, '0') ?? '';
    this.sampledRoot = rootResult(this.threshold);
  }

  shouldSample(
    context: Context,
    traceId: string,
    _spanName?: string,
    _spanKind?: SpanKind,
    _attributes?: Attributes,
    _links?: Link[],
  ): SamplingResult {
    if (this.threshold === undefined) return this.never(context, traceId);
    const traceState = parentOf(context, traceId)?.traceState;
    if (traceState === undefined) {
      return randomnessPasses(traceId, undefined, this.t) ? this.sampledRoot : NOT_SAMPLED;
    }
    const read = readOt(traceState);
    const sampled = randomnessPasses(traceId, read.ot.rv, this.t);
    return independentResult(sampled, this.threshold, traceState, read);
  }

  /** Rate 0: nothing is sampled, and an inherited threshold no longer describes this span. */
  private never(context: Context, traceId: string): SamplingResult {
    const traceState = parentOf(context, traceId)?.traceState;
    return traceState === undefined
      ? NOT_SAMPLED
      : independentResult(false, undefined, traceState, readOt(traceState));
  }

  toString(): string {
    return `ConsistentProbability{rate=${this.rate}, th=${this.threshold ?? 'none'}}`;
  }
}
