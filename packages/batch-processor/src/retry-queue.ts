import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** A failed batch waiting for its next attempt. */
export interface RetryBatch {
  /** The spans still waiting: `spans[from]` onwards (older ones may have been dropped for room). */
  spans: ReadableSpan[];
  from: number;
  /** Failed attempts so far (1 after the first failure). */
  attempts: number;
  /** Earliest time (ms since epoch) for the next attempt. */
  readyAt: number;
  /** Absolute queue position of the first span of the batch it came from, for flush bookkeeping. */
  origin: number;
}

/**
 * Failed batches waiting out their backoff, oldest first. Their spans count against the processor's
 * queue bound, so the queue can drop from here (oldest first) to make room for new spans.
 */
export class RetryQueue {
  private readonly batches: RetryBatch[] = [];
  /** Spans held across all waiting batches. */
  size = 0;

  add(spans: ReadableSpan[], attempts: number, readyAt: number, origin: number): void {
    if (spans.length === 0) return;
    this.batches.push({ spans, from: 0, attempts, readyAt, origin });
    this.size += spans.length;
  }

  /** Drops the oldest waiting span; false when nothing waits. */
  dropOldest(): boolean {
    const first = this.batches[0];
    if (!first) return false;
    first.from++;
    this.size--;
    // A handful of batches at most (queue size / batch size), so shifting one off is cheap.
    if (first.from >= first.spans.length) this.batches.shift();
    return true;
  }

  /** Removes and returns the oldest batch whose backoff has passed (any batch when `ignoreBackoff`). */
  takeReady(now: number, ignoreBackoff: boolean): RetryBatch | undefined {
    for (let i = 0; i < this.batches.length; i++) {
      const batch = this.batches[i]!;
      if (!ignoreBackoff && batch.readyAt > now) continue;
      this.batches.splice(i, 1);
      this.size -= batch.spans.length - batch.from;
      if (batch.from > 0) {
        batch.spans = batch.spans.slice(batch.from);
        batch.from = 0;
      }
      return batch;
    }
    return undefined;
  }

  /** When the next batch becomes ready (Infinity when none waits). */
  nextReadyAt(): number {
    let at = Number.POSITIVE_INFINITY;
    for (const batch of this.batches) if (batch.readyAt < at) at = batch.readyAt;
    return at;
  }

  /** Whether any waiting batch holds spans queued before absolute position `position`. */
  holdsBefore(position: number): boolean {
    for (const batch of this.batches) if (batch.origin < position) return true;
    return false;
  }

  /** Drops everything; returns how many spans were dropped. */
  clear(): number {
    const n = this.size;
    this.batches.length = 0;
    this.size = 0;
    return n;
  }
}
