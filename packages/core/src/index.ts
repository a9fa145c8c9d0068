export * from './attributes.js';
export { awsSpanName, spanName } from './span-name.js';
export { recordFailure, withSpan } from './with-span.js';
export { globalSlot } from './global-slot.js';
export { type DiagLevel, RateLimitedDiag } from './rate-limited-diag.js';
export { RandomHexSource } from './random-ids.js';
export {
  type ExportFailure,
  type ExportFailureDetails,
  exportFailure,
  isRetryable,
  retrySpansOf,
} from './export-failure.js';
export { formatDuration } from './duration.js';
export * from './config-types.js';
