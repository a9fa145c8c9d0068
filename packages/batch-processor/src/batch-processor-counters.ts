/**
 * The fate of every span the processor saw, since it was created. For sampled spans ended before
 * shutdown: `queued = exported + droppedQueueFull + droppedAfterRetries + droppedNotRetryable +
 * droppedByExporter + droppedAtShutdown + held`.
 */
export interface BatchProcessorCounters {
  /** Sampled spans accepted (ended before `shutdown()`). */
  queued: number;
  /** Spans the exporter accepted. */
  exported: number;
  /** Spans put back for another attempt after a failed export (a span retried twice counts twice). */
  retried: number;
  /** Oldest spans dropped to make room when the queue (including spans waiting for a retry) was full. */
  droppedQueueFull: number;
  /** Spans whose export still failed after `maxRetries` retries. */
  droppedAfterRetries: number;
  /** Spans in a batch the exporter marked `retryable: false`. */
  droppedNotRetryable: number;
  /** Spans the exporter reported as dropped itself (`droppedSpans`); it has already reported them. */
  droppedByExporter: number;
  /** Spans still held when `shutdown()` gave up at its deadline. */
  droppedAtShutdown: number;
  /** Sampled spans ended after `shutdown()` was called; never queued. */
  droppedAfterShutdown: number;
  /** Spans held right now: queued, waiting for a retry or being exported. */
  held: number;
}
