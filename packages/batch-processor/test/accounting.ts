import type { BatchProcessorCounters } from '../src/batch-processor-counters.js';

/** Queued spans minus every fate the counters give them: 0 when every span is accounted for. */
export function unaccounted(c: BatchProcessorCounters): number {
  return (
    c.queued -
    (c.exported +
      c.droppedQueueFull +
      c.droppedAfterRetries +
      c.droppedNotRetryable +
      c.droppedByExporter +
      c.droppedAtShutdown +
      c.held)
  );
}
