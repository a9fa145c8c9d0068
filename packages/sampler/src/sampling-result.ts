import { type Context, type SpanContext, type TraceState, trace } from '@opentelemetry/api';
import { SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace-base';
import { OT_KEY, type OtValue, parseOtValue, serializeOtValue, withOtMember } from './ot-trace-state.js';

// Shared, frozen results: the common decisions allocate nothing. The tracer only reads them.
export const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
export const NOT_SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

const NO_OT: OtValue = Object.freeze({ th: undefined, thInvalid: false, rv: undefined, rest: [] }) as OtValue;

/**
 * The parent of a span about to start in `context` with `traceId`, if it has one. The SDK's tracer
 * keeps the parent's trace id exactly when the parent is valid and makes a new one otherwise, so a
 * differing trace id means a root span.
 */
export function parentOf(context: Context, traceId: string): SpanContext | undefined {
  const parent = trace.getSpanContext(context);
  return parent !== undefined && parent.traceId === traceId ? parent : undefined;
}

/** A root decision's result with threshold `th` recorded, built once per sampler. */
export function rootResult(th: string | undefined): SamplingResult {
  if (th === undefined) return SAMPLED;
  return Object.freeze({
    decision: SamplingDecision.RECORD_AND_SAMPLED,
    traceState: withOtMember(undefined, `th:${th}`),
  });
}

/** The `ot` member of an inherited tracestate; `malformed` when it is there but unreadable. */
export function readOt(traceState: TraceState): { ot: OtValue; malformed: boolean; present: boolean } {
  const raw = traceState.get(OT_KEY);
  if (raw === undefined) return { ot: NO_OT, malformed: false, present: false };
  const ot = parseOtValue(raw);
  return ot === undefined
    ? { ot: NO_OT, malformed: true, present: true }
    : { ot, malformed: false, present: true };
}

/**
 * An independent decision over an inherited tracestate: a sample records its threshold (none for a
 * sample of unknown probability, such as a rate limit's), a drop erases any threshold, an unreadable
 * `ot` member is replaced, and everything else in the tracestate is carried along.
 */
export function independentResult(
  sampled: boolean,
  th: string | undefined,
  traceState: TraceState,
  read: { ot: OtValue; malformed: boolean; present: boolean },
): SamplingResult {
  const decision = sampled ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD;
  const keep = sampled ? th : undefined;
  if (!read.malformed && read.ot.th === keep && !read.ot.thInvalid) return sampled ? SAMPLED : NOT_SAMPLED;
  return { decision, traceState: withOtMember(traceState, serializeOtValue(read.ot, keep)) };
}
