export {
  type BatchProcessorOptions,
  DEFAULT_RETRY_BASE_DELAY_MILLIS,
  DEFAULT_RETRY_MAX_DELAY_MILLIS,
  type ResolvedBatchOptions,
  resolveBatchOptions,
} from './batch-options.js';
export type { BatchProcessorCounters } from './batch-processor-counters.js';
export { RetryingBatchSpanProcessor } from './retrying-batch-span-processor.js';
