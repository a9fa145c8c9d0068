import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { exportFailure, RateLimitedDiag } from '@spawn/tracing-core';
import { ApiTransport } from './api-transport.js';
import { groupIntoCalls } from './batching.js';
import { emptyDeliveryCounters, type XRayExporterCounters } from './counters.js';
import { type ResolvedOptions, resolveOptions, type XRayExporterOptions } from './exporter-options.js';
import { SegmentEncoder } from './segment-encoder.js';
import { TELEMETRY_INTERVAL_MS, TelemetryWindow } from './telemetry.js';
import type { CallOutcome, PreparedDocument, Transport } from './transport.js';
import { UdpTransport } from './udp-transport.js';

const COMPONENT = '@spawn/tracing-exporter-xray';

/**
 * Exports spans as X-Ray segment documents through `PutTraceSegments` or to a daemon over UDP.
 * Failures follow `@spawn/tracing-core`'s export-failure protocol: a FAILED result's error says
 * whether to retry and which spans (`retrySpans`), and how many the exporter dropped (`droppedSpans`).
 */
export class XRaySpanExporter implements SpanExporter {
  private readonly options: ResolvedOptions;
  private readonly stats = emptyDeliveryCounters();
  private readonly diag: RateLimitedDiag;
  private readonly encoder: SegmentEncoder;
  private readonly transport: Transport;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly telemetry = new TelemetryWindow();
  private telemetryTimer: ReturnType<typeof setInterval> | undefined;
  private ec2InstanceId: string | undefined;
  private stopped = false;

  constructor(options: XRayExporterOptions = {}) {
    this.options = resolveOptions(options);
    this.diag = new RateLimitedDiag(COMPONENT);
    const { destination } = this.options;
    this.transport =
      destination.kind === 'udp'
        ? new UdpTransport(destination.host, destination.port, (error) =>
            this.diag.report('warn', 'UDP socket error', error.message),
          )
        : new ApiTransport({
            ...(this.options.region === undefined ? {} : { region: this.options.region }),
            ...(destination.endpoint === undefined ? {} : { endpoint: destination.endpoint }),
            clientConfig: this.options.clientConfig,
          });
    const { indexedAttributes, indexAllAttributes, serviceName, checkTraceIdEpoch } = options;
    this.encoder = new SegmentEncoder(
      {
        indexedAttributes,
        indexAllAttributes,
        serviceName,
        checkTraceIdEpoch,
        maxDocumentBytes: this.transport.maxDocumentBytes,
      },
      this.diag,
    );
    if (this.options.telemetry && this.transport.putTelemetry) {
      this.telemetryTimer = setInterval(() => this.track(this.reportTelemetry()), TELEMETRY_INTERVAL_MS);
      this.telemetryTimer.unref();
    }
  }

  /** A snapshot of what happened to every span so far. */
  get counters(): Readonly<XRayExporterCounters> {
    return { ...this.stats, ...this.encoder.counters };
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const done = (result: ExportResult) => {
      try {
        resultCallback(result);
      } catch (error) {
        this.diag.report('error', 'export result callback threw', String(error));
      }
    };
    if (this.stopped) {
      this.stats.segmentsDroppedAfterShutdown += spans.length;
      this.diag.report('warn', 'spans exported after shutdown dropped', '', spans.length);
      done({
        code: ExportResultCode.FAILED,
        error: exportFailure('X-Ray exporter is shut down', { retryable: false, droppedSpans: spans.length }),
      });
      return;
    }
    this.track(
      this.exportSpans(spans).then(done, (error: unknown) => {
        // Unreachable by design (every step catches); if it happens the batch is retried, never lost silently.
        this.diag.report('error', 'unexpected export error', String(error));
        done({
          code: ExportResultCode.FAILED,
          error: exportFailure('X-Ray export failed', { cause: error }),
        });
      }),
    );
  }

  async forceFlush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.telemetryTimer !== undefined) clearInterval(this.telemetryTimer);
    await this.forceFlush();
    if (this.telemetryTimer !== undefined) await this.reportTelemetry();
    await this.transport.shutdown();
    this.diag.flush();
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private async exportSpans(spans: ReadableSpan[]): Promise<ExportResult> {
    this.stats.spansReceived += spans.length;
    let dropped = 0;
    const docs: PreparedDocument[] = [];
    for (const span of spans) {
      const doc = this.prepare(span);
      if (doc === undefined) dropped++;
      else docs.push(doc);
    }
    this.telemetry.add(docs.length, 0, 0);

    const calls = groupIntoCalls(docs, this.transport.maxDocumentsPerCall);
    const outcomes: CallOutcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const call = calls[next++] as PreparedDocument[];
        outcomes.push(await this.send(call));
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.maxConcurrentCalls, calls.length) }, worker),
    );

    const retrySpans: ReadableSpan[] = [];
    let sent = 0;
    let firstError: unknown;
    for (const outcome of outcomes) {
      dropped += outcome.rejected.length;
      sent += outcome.sent.length;
      for (const doc of outcome.retry) retrySpans.push(doc.span);
      firstError ??= outcome.failure?.error;
    }
    if (dropped === 0 && retrySpans.length === 0) return { code: ExportResultCode.SUCCESS };
    // `retryable: false` only when the whole batch was refused: a processor drops every span of such a
    // batch, which would miscount the ones X-Ray accepted. Otherwise `retrySpans` names what to retry.
    const retryable = retrySpans.length > 0 || sent > 0;
    const message = `X-Ray export: ${retrySpans.length} span(s) to retry, ${dropped} dropped`;
    return {
      code: ExportResultCode.FAILED,
      error: exportFailure(message, { retryable, retrySpans, droppedSpans: dropped, cause: firstError }),
    };
  }

  private prepare(span: ReadableSpan): PreparedDocument | undefined {
    const encoded = this.encoder.encode(span);
    if (encoded === undefined) return undefined;
    if (this.ec2InstanceId === undefined && encoded.ec2InstanceId !== undefined)
      this.ec2InstanceId = encoded.ec2InstanceId;
    return { span, id: encoded.id, traceId: encoded.traceId, json: encoded.json };
  }

  private async send(call: PreparedDocument[]): Promise<CallOutcome> {
    const isApi = this.options.destination.kind === 'api';
    if (isApi) this.stats.apiCalls++;
    const outcome = await this.transport.send(call);
    const unmatchedRejections = outcome.rejected.filter((r) => r.doc === undefined).length;
    const sent = Math.max(0, outcome.sent.length - unmatchedRejections);
    this.stats.segmentsSent += sent;
    this.stats.segmentsRejected += outcome.rejected.length;
    for (const rejection of outcome.rejected) {
      const trace = rejection.doc?.traceId ?? 'unknown (no id in the response)';
      const segment = rejection.doc?.id ?? 'unknown';
      const message = rejection.message ? `: ${rejection.message}` : '';
      this.diag.report(
        'warn',
        `segment rejected by X-Ray (${rejection.code})`,
        `trace ${trace} segment ${segment}${message}`,
      );
    }
    if (outcome.failure) {
      this.stats.segmentsFailed += outcome.retry.length;
      if (isApi) this.stats.apiCallsFailed++;
      if (outcome.failure.throttled) this.stats.apiCallsThrottled++;
      const { error } = outcome.failure;
      const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.diag.report(outcome.failure.retryable ? 'warn' : 'error', 'X-Ray call failed', name);
    } else if (outcome.retry.length > 0) {
      this.diag.report(
        'warn',
        'segments unprocessed by X-Ray returned for retry',
        `${outcome.retry.length} segment(s)`,
      );
    }
    this.stats.segmentsRetried += outcome.retry.length;
    this.telemetry.add(0, sent, outcome.rejected.length, outcome.failure?.kind);
    return outcome;
  }

  private async reportTelemetry(): Promise<void> {
    const counts = this.telemetry.take();
    if (counts === undefined || !this.transport.putTelemetry) return;
    try {
      await this.transport.putTelemetry(counts, this.ec2InstanceId);
      this.stats.telemetryRecordsSent++;
    } catch (error) {
      this.stats.telemetryFailures++;
      this.telemetry.restore(counts);
      this.diag.report(
        'warn',
        'PutTelemetryRecords failed',
        error instanceof Error ? error.message : String(error),
      );
    }
  }
}
