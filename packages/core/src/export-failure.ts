import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * How an exporter tells a retrying span processor what to do with a failed batch. It rides on the
 * `error` of a FAILED `ExportResult`, so plain OpenTelemetry processors still see an ordinary Error.
 * Checked by property, never `instanceof`, so it works across package copies.
 */
export interface ExportFailureDetails {
  /** `false`: the backend rejected the data itself (malformed); retrying cannot help. Default: retryable. */
  retryable?: boolean;
  /** Only these spans should be retried; the rest of the batch was accepted or dropped by the exporter. */
  retrySpans?: readonly ReadableSpan[];
  /** How many spans of the batch the exporter itself dropped (already counted and reported by it). */
  droppedSpans?: number;
}

export type ExportFailure = Error & ExportFailureDetails;

export function exportFailure(
  message: string,
  details: ExportFailureDetails & { cause?: unknown } = {},
): ExportFailure {
  const { cause, ...rest } = details;
  const error = new Error(message, cause === undefined ? undefined : { cause }) as ExportFailure;
  error.name = 'ExportFailure';
  return Object.assign(error, rest);
}

/** Whether a failed export's error allows a retry (anything not explicitly marked `retryable: false`). */
export function isRetryable(error: unknown): boolean {
  return !(
    typeof error === 'object' &&
    error !== null &&
    (error as ExportFailureDetails).retryable === false
  );
}

/** The subset of spans an exporter asked to retry, if it named one. */
export function retrySpansOf(error: unknown): readonly ReadableSpan[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const spans = (error as ExportFailureDetails).retrySpans;
  return Array.isArray(spans) ? spans : undefined;
}
