const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** X-Ray rejects ids whose epoch part is older than this (AWS: 30 days; two days of margin). */
export const MAX_TRACE_AGE_SECONDS = 28 * 24 * 3600;
/** ...or further ahead than this (clock skew X-Ray tolerates). */
export const MAX_TRACE_FUTURE_SECONDS = 5 * 60;

/**
 * `1-{first 8 hex}-{remaining 24 hex}`: the OpenTelemetry trace id re-formatted, never rewritten, so a
 * trace keeps one id in every backend. `undefined` for an id that is not 32 lower-case hex digits.
 */
export function toXRayTraceId(traceId: string): string | undefined {
  if (!TRACE_ID.test(traceId)) return undefined;
  return `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
}

export function isSpanId(id: string): boolean {
  return SPAN_ID.test(id) && id !== '0000000000000000';
}

/** Whether the trace id's first 8 hex, read as epoch seconds, fall in the window X-Ray accepts. */
export function hasAcceptableEpoch(traceId: string, nowMs: number): boolean {
  const epoch = Number.parseInt(traceId.slice(0, 8), 16);
  const now = Math.floor(nowMs / 1000);
  return epoch >= now - MAX_TRACE_AGE_SECONDS && epoch <= now + MAX_TRACE_FUTURE_SECONDS;
}
