import type { Writable } from 'node:stream';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { exportFailure, RateLimitedDiag } from '@spawn/tracing-core';
import { buildTraces } from './build-traces.js';
import { parseDestination } from './destination.js';
import { LineWriter } from './line-writer.js';
import type { SpanRecord } from './read-span-lines.js';
import { renderTraces } from './render-waterfall.js';
import { formatSpanLine, toSpanLine } from './span-line.js';

export interface StdoutSpanExporterOptions {
  /**
   * Where to write: `stdout` (default), `stderr`, `file:///abs/path` or an absolute path (appended
   * to) — the forms of the configuration's `endpoint` — or any writable stream (not ended on shutdown).
   */
  destination?: string | Writable;
  /** `json` (default): one JSON object per span and line. `pretty`: each finished trace as a waterfall. */
  format?: 'json' | 'pretty';
  /** Pretty mode: ANSI colour; default when the destination is a terminal and `NO_COLOR` is unset. */
  color?: boolean;
  /** Pretty mode: line width; default the terminal's width, else 100. */
  width?: number;
  /** Pretty mode: spans held while their trace's root has not ended; beyond it the oldest trace is drawn early. Default 10 000. */
  maxPendingSpans?: number;
}

const COMPONENT = '@spawn/tracing-exporter-stdout';
// Lines are written in pieces of about this size so no single write holds the event loop for long.
const CHUNK_BYTES = 64 * 1024;
// Errors after which writing again cannot help (the reader went away, the descriptor is gone).
const PERMANENT = new Set([
  'EPIPE',
  'EBADF',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'EACCES',
  'EISDIR',
  'ENOENT',
]);

/**
 * Writes finished spans as JSON lines (see `SpanLine`) or, in `pretty` mode, as a waterfall per
 * finished trace. Never throws into the application: a failed write (broken pipe, full disk)
 * fails the export with a clear error and is reported through `diag`.
 */
export class StdoutSpanExporter implements SpanExporter {
  private readonly writer: LineWriter;
  private readonly format: 'json' | 'pretty';
  private readonly diag = new RateLimitedDiag(COMPONENT);
  private readonly color: boolean;
  private readonly width: number | undefined;
  private readonly maxPendingSpans: number;
  private readonly pending = new Map<string, SpanRecord[]>();
  private pendingCount = 0;
  // Trace ids drawn recently: a straggler span of one of them is drawn at once instead of waiting for shutdown.
  private readonly drawn = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private shuttingDown: Promise<void> | undefined;

  constructor(options: StdoutSpanExporterOptions = {}) {
    const { destination, format = 'json' } = options;
    if (format !== 'json' && format !== 'pretty') {
      throw new Error(`format: expected "json" or "pretty", got ${JSON.stringify(format)}`);
    }
    if (options.width !== undefined && !(Number.isFinite(options.width) && options.width > 0)) {
      throw new Error(`width: expected a positive number, got ${JSON.stringify(options.width)}`);
    }
    const maxPending = options.maxPendingSpans ?? 10_000;
    if (!(Number.isInteger(maxPending) && maxPending > 0)) {
      throw new Error(
        `maxPendingSpans: expected a positive integer, got ${JSON.stringify(options.maxPendingSpans)}`,
      );
    }
    this.format = format;
    this.maxPendingSpans = maxPending;
    this.writer = new LineWriter(
      typeof destination === 'string' || destination === undefined
        ? parseDestination(destination)
        : destination,
    );
    this.color = options.color ?? (this.writer.isTTY && !process.env.NO_COLOR);
    this.width = options.width;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      this.diag.report('warn', 'spans exported after shutdown were dropped', '', spans.length);
      resultCallback({
        code: ExportResultCode.FAILED,
        error: exportFailure(`${COMPONENT}: the exporter is shut down`, { retryable: false }),
      });
      return;
    }
    const text = this.format === 'json' ? this.jsonChunks(spans) : this.prettyText(spans, false);
    const work = this.writeAll(text, spans.length).then((result) => {
      try {
        resultCallback(result);
      } catch (error) {
        this.diag.report('error', 'the export result callback threw', String(error));
      }
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Writes everything exported so far (in pretty mode also traces whose root has not ended). */
  async forceFlush(): Promise<void> {
    if (this.format === 'pretty' && this.pendingCount > 0) {
      const text = this.drawPending();
      await this.writeAll([text], 0);
    }
    await Promise.all(this.inFlight);
    await this.writer.flush();
  }

  /** Resolves after the last line is written (and a file destination is closed); later exports fail. */
  shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      await this.forceFlush();
      this.stopped = true;
      await this.writer.close();
      this.diag.flush();
    })();
    return this.shuttingDown;
  }

  private jsonChunks(spans: readonly ReadableSpan[]): string[] {
    const chunks: string[] = [];
    let chunk = '';
    for (const span of spans) {
      let line: string;
      try {
        line = formatSpanLine(span);
      } catch (error) {
        this.diag.report('error', 'spans that could not be formatted were dropped', String(error));
        continue;
      }
      chunk += `${line}\n`;
      if (chunk.length >= CHUNK_BYTES) {
        chunks.push(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') chunks.push(chunk);
    return chunks;
  }

  private prettyText(spans: readonly ReadableSpan[], all: boolean): string[] {
    const ready: SpanRecord[] = [];
    const complete = new Set<string>();
    for (const span of spans) {
      let record: SpanRecord;
      try {
        record = {
          ...toSpanLine(span),
          startTime: span.startTime,
          endTime: span.endTime,
          source: '',
          line: 0,
        };
      } catch (error) {
        this.diag.report('error', 'spans that could not be formatted were dropped', String(error));
        continue;
      }
      const traceId = record.trace_id;
      if (this.drawn.has(traceId)) {
        ready.push(record);
        continue;
      }
      let group = this.pending.get(traceId);
      if (!group) {
        group = [];
        this.pending.set(traceId, group);
      }
      group.push(record);
      this.pendingCount++;
      // A local root (no parent, or a parent in another process) ends last: its trace is done here.
      if (!span.parentSpanContext || span.parentSpanContext.isRemote) complete.add(traceId);
    }
    for (const traceId of complete) ready.push(...this.take(traceId));
    while (this.pendingCount > this.maxPendingSpans) {
      const oldest = this.pending.keys().next().value as string;
      ready.push(...this.take(oldest));
    }
    if (all) for (const traceId of [...this.pending.keys()]) ready.push(...this.take(traceId));
    return ready.length === 0 ? [] : [this.draw(ready)];
  }

  private take(traceId: string): SpanRecord[] {
    const group = this.pending.get(traceId) ?? [];
    this.pending.delete(traceId);
    this.pendingCount -= group.length;
    this.drawn.add(traceId);
    if (this.drawn.size > 1000) this.drawn.delete(this.drawn.values().next().value as string);
    return group;
  }

  private drawPending(): string {
    return this.prettyText([], true).join('');
  }

  private draw(records: SpanRecord[]): string {
    const width = this.width ?? this.writer.columns ?? 100;
    return `${renderTraces(buildTraces(records), { color: this.color, width })}\n`;
  }

  private async writeAll(chunks: readonly string[], spanCount: number): Promise<ExportResult> {
    try {
      for (const chunk of chunks) await this.writer.write(chunk);
      return { code: ExportResultCode.SUCCESS };
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const reason = code
        ? `${code}: ${(cause as Error).message}`
        : String((cause as Error)?.message ?? cause);
      const message = `${COMPONENT}: writing ${spanCount} span${spanCount === 1 ? '' : 's'} to ${this.writer.name} failed (${reason})`;
      this.diag.report('error', 'spans not written', message, spanCount);
      return {
        code: ExportResultCode.FAILED,
        error: exportFailure(message, { cause, retryable: !(code && PERMANENT.has(code)) }),
      };
    }
  }
}
