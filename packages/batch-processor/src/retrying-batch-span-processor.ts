import { type Context, context, diag, TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, millisToHrTime, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  type ExportFailureDetails,
  formatDuration,
  isRetryable,
  RateLimitedDiag,
  retrySpansOf,
} from '@spawn/tracing-core';
import { backoffDelay } from './backoff.js';
import {
  type BatchProcessorOptions,
  type ResolvedBatchOptions,
  resolveBatchOptions,
} from './batch-options.js';
import type { BatchProcessorCounters } from './batch-processor-counters.js';
import { RetryQueue } from './retry-queue.js';
import { RingBuffer } from './ring-buffer.js';

const COMPONENT = '@spawn/tracing-batch-processor';

interface Batch {
  spans: ReadableSpan[];
  /** Failed attempts before this one. */
  attempts: number;
  /** Absolute queue position of the batch's first span (see `RingBuffer.head`). */
  origin: number;
}

interface FlushWaiter {
  /** Done once every span queued before this absolute position has met its fate. */
  position: number;
  done: () => void;
}

type Timer = ReturnType<typeof setTimeout>;

const TIMED_OUT = Symbol('timed out');

/**
 * A `SpanProcessor` that batches sampled spans for any `SpanExporter`, retries failed exports with
 * jittered exponential backoff, keeps memory bounded by dropping the oldest spans when full, and
 * counts every span's fate. One export runs at a time; an exporter that hangs, throws or answers
 * twice cannot stall it.
 */
export class RetryingBatchSpanProcessor implements SpanProcessor {
  /** The resolved settings (code, then `OTEL_BSP_*`, then defaults). */
  readonly config: Readonly<ResolvedBatchOptions>;

  private readonly exporter: SpanExporter;
  private readonly batchSize: number;
  private readonly maxQueueSize: number;
  private readonly delay: number;
  private readonly queue: RingBuffer<ReadableSpan>;
  private readonly retries = new RetryQueue();
  private readonly diag = new RateLimitedDiag(COMPONENT);
  private readonly waiters: FlushWaiter[] = [];

  private inFlight: Batch | undefined;
  private inFlightCount = 0;
  private pumping = false;
  private lastWasRetry = false;
  /** When the partial batch in the queue is due (0: nothing waiting). */
  private freshDeadline = 0;
  private wakeTimer: Timer | undefined;
  /** Fails the export in flight; set while one waits for its answer. */
  private expireExport: (() => void) | undefined;
  private exportDeadline = 0;
  private watchdog: Timer | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private closing = false;
  private closed = false;
  private shutdownPromise: Promise<void> | undefined;

  private nQueued = 0;
  private nExported = 0;
  private nRetried = 0;
  private nDroppedQueueFull = 0;
  private nDroppedAfterRetries = 0;
  private nDroppedNotRetryable = 0;
  private nDroppedByExporter = 0;
  private nDroppedAtShutdown = 0;
  private nDroppedAfterShutdown = 0;

  /** Throws a `RangeError` naming the key and value when a setting is invalid. */
  constructor(exporter: SpanExporter, options: BatchProcessorOptions = {}) {
    this.exporter = exporter;
    this.config = Object.freeze(resolveBatchOptions(options));
    this.batchSize = this.config.maxExportBatchSize;
    this.maxQueueSize = this.config.maxQueueSize;
    this.delay = this.config.scheduledDelayMillis;
    this.queue = new RingBuffer(this.maxQueueSize);
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    try {
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
      if (this.closing) {
        this.nDroppedAfterShutdown++;
        this.diag.report('warn', 'spans ended after shutdown dropped');
        return;
      }
      this.nQueued++;
      if (
        this.queue.length + this.retries.size + this.inFlightCount >= this.maxQueueSize &&
        !this.makeRoom()
      ) {
        return;
      }
      this.queue.push(span);
      if (this.queue.length >= this.batchSize) {
        if (this.inFlight === undefined) this.pump();
      } else if (this.freshDeadline === 0) {
        this.freshDeadline = Date.now() + this.delay;
        this.scheduleWake();
      }
    } catch (error) {
      this.internalError(error);
    }
  }

  /**
   * Exports everything held now, spans waiting for a retry included (without waiting out their
   * backoff), then flushes the exporter. Resolves when done or at the deadline (default
   * `exportTimeoutMillis`); never rejects.
   */
  forceFlush(timeoutMillis: number = this.config.exportTimeoutMillis): Promise<void> {
    if (this.shutdownPromise) return this.shutdownPromise;
    const deadline = Date.now() + timeoutMillis;
    return this.drain(timeoutMillis).then(async () => {
      const outcome = await within(deadline - Date.now(), () => this.exporter.forceFlush?.());
      if (outcome !== undefined) this.diag.report('warn', 'exporter forceFlush failed', describe(outcome));
    });
  }

  /**
   * Flushes (as `forceFlush`), drops and counts whatever is still held at the deadline, then shuts
   * the exporter down. Spans ended afterwards are counted as dropped. Never rejects.
   */
  shutdown(timeoutMillis: number = this.config.exportTimeoutMillis): Promise<void> {
    this.shutdownPromise ??= this.close(timeoutMillis);
    return this.shutdownPromise;
  }

  /** A snapshot of the counters; see `BatchProcessorCounters`. */
  getCounters(): BatchProcessorCounters {
    return {
      queued: this.nQueued,
      exported: this.nExported,
      retried: this.nRetried,
      droppedQueueFull: this.nDroppedQueueFull,
      droppedAfterRetries: this.nDroppedAfterRetries,
      droppedNotRetryable: this.nDroppedNotRetryable,
      droppedByExporter: this.nDroppedByExporter,
      droppedAtShutdown: this.nDroppedAtShutdown,
      droppedAfterShutdown: this.nDroppedAfterShutdown,
      held: this.queue.length + this.retries.size + this.inFlightCount,
    };
  }

  /** Drops the oldest droppable span for a new one; false when the new span itself must go. */
  private makeRoom(): boolean {
    this.nDroppedQueueFull++;
    this.diag.report('warn', 'spans dropped: queue full (oldest first)', `maxQueueSize ${this.maxQueueSize}`);
    // Nothing to drop when everything held is in flight: then the new span is the one that goes.
    const made = this.retries.dropOldest() || this.queue.shift() !== undefined;
    if (this.waiters.length > 0) this.settleWaiters();
    return made;
  }

  /** Starts exports while the exporter is idle and a batch is due; re-entrant calls fall through. */
  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    try {
      while (this.inFlight === undefined) {
        const batch = this.nextBatch();
        if (batch === undefined) break;
        this.export(batch);
      }
    } catch (error) {
      this.internalError(error);
    } finally {
      this.pumping = false;
    }
    this.scheduleWake();
  }

  private nextBatch(): Batch | undefined {
    const flushing = this.waiters.length > 0;
    const now = Date.now();
    const queued = this.queue.length;
    const freshDue = queued >= this.batchSize || (queued > 0 && (flushing || now >= this.freshDeadline));
    // Alternate when both are due, so retries never hold new spans back (nor the reverse).
    if (!(freshDue && this.lastWasRetry)) {
      const retry = this.retries.takeReady(now, flushing);
      if (retry) return retry;
    }
    if (!freshDue) return undefined;
    const origin = this.queue.head;
    const spans = this.queue.take(this.batchSize);
    this.freshDeadline = this.queue.length > 0 ? now + this.delay : 0;
    return { spans, attempts: 0, origin };
  }

  private export(batch: Batch): void {
    this.inFlight = batch;
    this.inFlightCount = batch.spans.length;
    let settled = false;
    let timedOut = false;
    const expire = (): void => {
      timedOut = true;
      const ms = this.config.exportTimeoutMillis;
      this.diag.report('warn', 'export timed out; batch counted as failed', `after ${formatMillis(ms)}`);
      done({ code: ExportResultCode.FAILED, error: new Error(`export timed out after ${formatMillis(ms)}`) });
    };
    const done = (result: ExportResult): void => {
      if (settled) {
        this.diag.report(
          'warn',
          timedOut
            ? 'exporter answered after the export timeout; ignored'
            : 'exporter answered twice; ignored',
        );
        return;
      }
      settled = true;
      if (this.expireExport === expire) this.expireExport = undefined;
      try {
        this.finish(batch, result);
      } catch (error) {
        this.internalError(error);
      }
    };
    const call = (): void => {
      // The exporter's own calls (HTTP, AWS SDK) must not make spans that feed back into this queue.
      context.with(suppressTracing(context.active()), () => {
        try {
          this.exporter.export(batch.spans, done);
        } catch (error) {
          if (settled) this.diag.report('warn', 'exporter threw after answering', describe(error));
          else done({ code: ExportResultCode.FAILED, error: asError(error) });
        }
      });
    };
    const pending = pendingResources(batch.spans);
    if (pending === undefined) call();
    else
      Promise.all(pending).then(call, (error) =>
        done({ code: ExportResultCode.FAILED, error: asError(error) }),
      );
    // Most exporters answer asynchronously; a synchronous answer needs no watchdog at all.
    if (!settled) {
      this.expireExport = expire;
      this.exportDeadline = Date.now() + this.config.exportTimeoutMillis;
      if (this.watchdog === undefined) this.armWatchdog(this.config.exportTimeoutMillis);
    }
  }

  /**
   * One timer serves every export: when it fires before the current export's deadline (it was armed
   * for an earlier one) it re-arms for the rest, so an export costs no timer of its own.
   */
  private armWatchdog(ms: number): void {
    this.watchdog = setTimeout(this.checkExport, ms);
    this.watchdog.unref();
  }

  private readonly checkExport = (): void => {
    this.watchdog = undefined;
    const expire = this.expireExport;
    if (expire === undefined) return;
    const left = this.exportDeadline - Date.now();
    if (left > 0) {
      this.armWatchdog(left);
      return;
    }
    this.expireExport = undefined;
    expire();
  };

  private finish(batch: Batch, result: ExportResult): void {
    // Abandoned at shutdown: already counted.
    if (batch !== this.inFlight) return;
    this.inFlight = undefined;
    this.inFlightCount = 0;
    this.lastWasRetry = batch.attempts > 0;
    if (result.code === ExportResultCode.SUCCESS) this.nExported += batch.spans.length;
    else this.failed(batch, result.error);
    if (this.waiters.length > 0) this.settleWaiters();
    this.pump();
  }

  private failed(batch: Batch, error: unknown): void {
    const n = batch.spans.length;
    const reason = describe(error);
    const reported = (error as ExportFailureDetails | undefined)?.droppedSpans;
    const byExporter = typeof reported === 'number' && reported > 0 ? Math.min(n, Math.floor(reported)) : 0;
    if (!isRetryable(error)) {
      this.nDroppedByExporter += byExporter;
      this.nDroppedNotRetryable += n - byExporter;
      if (n > byExporter)
        this.diag.report('warn', 'spans dropped: export failed, not retryable', reason, n - byExporter);
      return;
    }
    const named = retrySpansOf(error);
    let again = batch.spans;
    if (named !== undefined) {
      again = named.slice(0, n - byExporter);
      this.nDroppedByExporter += byExporter;
      this.nExported += n - byExporter - again.length;
    }
    if (again.length === 0) return;
    if (batch.attempts >= this.config.maxRetries) {
      this.nDroppedAfterRetries += again.length;
      this.diag.report(
        'warn',
        `spans dropped: export failed after ${this.config.maxRetries} retries`,
        reason,
        again.length,
      );
      return;
    }
    const attempts = batch.attempts + 1;
    const wait = backoffDelay(attempts, this.config.retryBaseDelayMillis, this.config.retryMaxDelayMillis);
    this.nRetried += again.length;
    this.retries.add(again, attempts, Date.now() + wait, batch.origin);
    this.diag.report('info', 'export failed; spans queued for retry', reason, again.length);
  }

  private scheduleWake(): void {
    // While exporting, `finish` pumps again; while flushing, retries do not wait.
    if (this.closed || this.inFlight !== undefined) return;
    let at =
      this.waiters.length === 0 && this.retries.size > 0
        ? this.retries.nextReadyAt()
        : Number.POSITIVE_INFINITY;
    if (this.queue.length > 0 && this.freshDeadline < at) at = this.freshDeadline;
    if (at === Number.POSITIVE_INFINITY) return;
    if (this.wakeTimer !== undefined) {
      if (this.wakeAt <= at) return;
      clearTimeout(this.wakeTimer);
    }
    this.wakeAt = at;
    this.wakeTimer = setTimeout(this.wake, Math.max(0, at - Date.now()));
    this.wakeTimer.unref();
  }

  private readonly wake = (): void => {
    this.wakeTimer = undefined;
    this.wakeAt = Number.POSITIVE_INFINITY;
    this.pump();
  };

  private flushedUpTo(position: number): boolean {
    return (
      this.queue.head >= position &&
      !this.retries.holdsBefore(position) &&
      !(this.inFlight !== undefined && this.inFlight.origin < position)
    );
  }

  private settleWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (!this.flushedUpTo(waiter.position)) continue;
      this.waiters.splice(i, 1);
      waiter.done();
    }
  }

  /** Resolves true once everything queued so far has met its fate, false at the deadline. */
  private drain(timeoutMillis: number): Promise<boolean> {
    const position = this.queue.tail;
    if (this.closed || this.flushedUpTo(position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: FlushWaiter = {
        position,
        done: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(
        () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          this.diag.report(
            'warn',
            'flush deadline passed with spans still held',
            `after ${formatMillis(timeoutMillis)}`,
          );
          resolve(false);
        },
        Math.max(0, timeoutMillis),
      );
      timer.unref();
      this.waiters.push(waiter);
      this.pump();
    });
  }

  private async close(timeoutMillis: number): Promise<void> {
    try {
      this.closing = true;
      const deadline = Date.now() + timeoutMillis;
      await this.drain(timeoutMillis);
      const abandoned = this.queue.clear() + this.retries.clear() + this.inFlightCount;
      this.inFlight = undefined;
      this.inFlightCount = 0;
      this.closed = true;
      if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
      if (this.watchdog !== undefined) clearTimeout(this.watchdog);
      this.wakeTimer = undefined;
      this.watchdog = undefined;
      this.expireExport = undefined;
      for (const waiter of this.waiters.splice(0)) waiter.done();
      if (abandoned > 0) {
        this.nDroppedAtShutdown += abandoned;
        this.diag.report('warn', 'spans dropped: still held when shutdown ended', '', abandoned);
      }
      const outcome = await within(deadline - Date.now(), () => this.exporter.shutdown());
      if (outcome !== undefined) this.diag.report('warn', 'exporter shutdown failed', describe(outcome));
      this.diag.flush('warn');
      this.summarize();
    } catch (error) {
      this.internalError(error);
    }
  }

  private summarize(): void {
    const c = this.getCounters();
    const dropped =
      c.droppedQueueFull +
      c.droppedAfterRetries +
      c.droppedNotRetryable +
      c.droppedByExporter +
      c.droppedAtShutdown +
      c.droppedAfterShutdown;
    const line =
      `${COMPONENT}: shut down; queued ${c.queued}, exported ${c.exported}, retried ${c.retried}, dropped ${dropped}` +
      ` (queue full ${c.droppedQueueFull}, after retries ${c.droppedAfterRetries}, not retryable ${c.droppedNotRetryable},` +
      ` by exporter ${c.droppedByExporter}, at shutdown ${c.droppedAtShutdown}, after shutdown ${c.droppedAfterShutdown})`;
    if (dropped > 0) diag.warn(line);
    else diag.info(line);
  }

  private internalError(error: unknown): void {
    this.diag.report('error', 'internal error; processing continues', describe(error));
  }
}

/** Promises for resources still detecting attributes; exporters expect them settled. */
function pendingResources(spans: ReadableSpan[]): Promise<void>[] | undefined {
  let pending: Promise<void>[] | undefined;
  for (const span of spans) {
    const resource = span.resource;
    if (resource?.asyncAttributesPending && resource.waitForAsyncAttributes) {
      pending ??= [];
      pending.push(resource.waitForAsyncAttributes());
    }
  }
  return pending;
}

/** Runs `run` for at most `ms`; resolves undefined on success, else the error or a timeout error. */
async function within(ms: number, run: () => Promise<unknown> | undefined): Promise<unknown> {
  let timer: Timer | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms), TIMED_OUT);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(run), timeout]);
    return outcome === TIMED_OUT
      ? new Error(`did not finish within ${formatMillis(Math.max(0, ms))}`)
      : undefined;
  } catch (error) {
    return error ?? new Error('rejected');
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(describe(error));
}

function formatMillis(ms: number): string {
  return formatDuration(millisToHrTime(ms));
}
