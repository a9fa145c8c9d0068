import {
  type Attributes,
  type Context,
  isSpanContextValid,
  type Link,
  type SpanKind,
  TraceFlags,
  type TraceState,
  trace,
} from '@opentelemetry/api';
import { type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace-base';
import { RateLimitedDiag } from '@spawn/tracing-core';
import { OT_KEY, parseOtValue, serializeOtValue, withOtMember } from './ot-trace-state.js';
import { randomnessPasses } from './randomness.js';
import { NOT_SAMPLED, SAMPLED } from './sampling-result.js';

/**
 * Head sampling as a trace-wide decision: `root` decides a new trace once, and every span below it,
 * local or remote (another process or instance), follows the parent's sampled flag whatever `root`'s
 * own rate, so no trace is ever cut in half.
 *
 * At a process boundary (remote parent) it applies the specification's threshold rules: a sampled
 * parent's `ot=th` is kept only when it is consistent (`R >= T`), otherwise it is erased, as is an
 * unreadable `ot` member; other vendors' tracestate members pass through untouched.
 */
export class ConsistentParentBasedSampler implements Sampler {
  private readonly diag = new RateLimitedDiag('@spawn/tracing-sampler');

  constructor(private readonly root: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const parent = trace.getSpanContext(context);
    // The tracer reuses the parent's trace id exactly when the parent is valid: a new id means a root.
    if (
      parent === undefined ||
      parent.traceId !== traceId ||
      (parent.isRemote && !isSpanContextValid(parent))
    ) {
      try {
        return this.root.shouldSample(context, traceId, spanName, spanKind, attributes, links);
      } catch (err) {
        this.diag.report('warn', 'root sampler failed; span dropped', String(err));
        return NOT_SAMPLED;
      }
    }
    const sampled = (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    // A local parent's tracestate was checked where its trace entered this process.
    if (!parent.isRemote || !sampled || parent.traceState === undefined) {
      return sampled ? SAMPLED : NOT_SAMPLED;
    }
    return this.checkThreshold(traceId, parent.traceState);
  }

  toString(): string {
    return `ConsistentParentBased{root=${this.root.toString()}}`;
  }

  /** A sampled remote parent's tracestate, with a threshold that contradicts its randomness erased. */
  private checkThreshold(traceId: string, traceState: TraceState): SamplingResult {
    const raw = traceState.get(OT_KEY);
    if (raw === undefined) return SAMPLED;
    const ot = parseOtValue(raw);
    if (ot === undefined) {
      this.diag.report('warn', 'unreadable ot tracestate member removed', JSON.stringify(raw.slice(0, 64)));
      return {
        decision: SamplingDecision.RECORD_AND_SAMPLED,
        traceState: withOtMember(traceState, undefined),
      };
    }
    if (ot.th === undefined && !ot.thInvalid) return SAMPLED;
    if (ot.th !== undefined) {
      if (randomnessPasses(traceId, ot.rv, ot.th.padEnd(14, '0'))) return SAMPLED;
    }
    this.diag.report('debug', 'inconsistent sampling threshold erased', raw);
    return {
      decision: SamplingDecision.RECORD_AND_SAMPLED,
      traceState: withOtMember(traceState, serializeOtValue(ot, undefined)),
    };
  }
}
