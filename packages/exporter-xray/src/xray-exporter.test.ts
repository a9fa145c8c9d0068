import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import {
  context,
  type DiagLogger,
  DiagLogLevel,
  diag,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type ExportResult, ExportResultCode, isTracingSuppressed } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type LocalXRay, localCredentials, startXRay } from '@spawn/test-support';
import { RetryingBatchSpanProcessor } from '@spawn/tracing-batch-processor';
import { type ExportFailure, isRetryable, retrySpansOf } from '@spawn/tracing-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CountingIds, testTracer } from '../test/spans.js';
import { SegmentValidator } from '../test/validate-segment.js';
import { SUPPRESS_INSTRUMENTATION } from './api-transport.js';
import type { XRayExporterOptions } from './exporter-options.js';
import { DAEMON_HEADER } from './udp-transport.js';
import { XRaySpanExporter } from './xray-exporter.js';

let server: LocalXRay;
let seen = 0;
const logged: string[] = [];
const logger: DiagLogger = {
  error: (m) => logged.push(`error ${m}`),
  warn: (m) => logged.push(`warn ${m}`),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  diag.setLogger(logger, DiagLogLevel.WARN);
  server = await startXRay();
});
afterAll(async () => {
  diag.disable();
  await server.close();
});
beforeEach(() => {
  logged.length = 0;
});
// Every document this suite produces goes through X-Ray's rules.
afterEach(() => {
  const validator = new SegmentValidator();
  for (const request of server.requests.slice(seen))
    for (const json of request.rawDocuments) validator.check(json);
  seen = server.requests.length;
});

const exporters: XRaySpanExporter[] = [];
afterEach(async () => {
  await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
});

function apiExporter(options: XRayExporterOptions = {}): XRaySpanExporter {
  const exporter = new XRaySpanExporter({
    endpoint: server.endpoint,
    region: 'us-east-1',
    clientConfig: { credentials: localCredentials },
    ...options,
  });
  exporters.push(exporter);
  return exporter;
}

function run(exporter: XRaySpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** A root, an AWS SDK child and an internal child: three documents of one trace. */
function smallTrace(t = testTracer()): ReadableSpan[] {
  const root = t.start('spawn.launch');
  const ddb = t.start(
    'aws.dynamodb.PutItem',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'aws.service': 'dynamodb',
        'aws.operation': 'PutItem',
        'aws.region': 'us-east-1',
        'http.status_code': 200,
      },
    },
    root,
  );
  const work = t.start('spawn.plan', {}, root);
  return [t.end(ddb), t.end(work), t.end(root)];
}

const requestsSince = (n: number) => server.requests.slice(n).filter((r) => r.path === '/TraceSegments');

describe('XRaySpanExporter through PutTraceSegments (real @aws-sdk/client-xray, local X-Ray API)', () => {
  it('sends the documents of a trace in one signed call and reports SUCCESS', async () => {
    const before = server.requests.length;
    const exporter = apiExporter();
    const spans = smallTrace();
    const result = await run(exporter, spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const [call, ...rest] = requestsSince(before);
    expect(rest).toHaveLength(0);
    expect(call?.documents.map((d) => d.id).sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/us-east-1\/xray\/aws4_request/,
    );
    expect(exporter.counters).toMatchObject({
      spansReceived: 3,
      segmentsSent: 3,
      apiCalls: 1,
      apiCallsFailed: 0,
    });
  });

  it('throttling (429 ThrottledException) is FAILED and retryable with every span, and counted', async () => {
    server.enqueue({ type: 'throttle' });
    const exporter = apiExporter();
    const spans = smallTrace();
    const result = await run(exporter, spans);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(isRetryable(result.error)).toBe(true);
    expect(retrySpansOf(result.error)).toEqual(expect.arrayContaining(spans));
    expect(retrySpansOf(result.error)).toHaveLength(3);
    expect(exporter.counters).toMatchObject({
      apiCallsThrottled: 1,
      apiCallsFailed: 1,
      segmentsFailed: 3,
      segmentsRetried: 3,
      segmentsSent: 0,
    });
    expect(logged.join('\n')).toMatch(/ThrottledException/);
  });

  it('5xx is retryable; the next export goes through', async () => {
    server.enqueue({ type: 'error', status: 503, errorType: 'ServiceUnavailableException' });
    const exporter = apiExporter();
    const spans = smallTrace();
    const failed = await run(exporter, spans);
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect(isRetryable(failed.error)).toBe(true);
    expect(retrySpansOf(failed.error)).toHaveLength(3);
    expect((await run(exporter, [...(retrySpansOf(failed.error) ?? [])])).code).toBe(
      ExportResultCode.SUCCESS,
    );
    expect(exporter.counters).toMatchObject({ segmentsSent: 3, segmentsFailed: 3, apiCalls: 2 });
  });

  it('InvalidRequestException is not retryable: the spans are dropped and counted', async () => {
    server.enqueue({ type: 'invalid-request', message: 'Document is malformed' });
    const exporter = apiExporter();
    const result = await run(exporter, smallTrace());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(isRetryable(result.error)).toBe(false);
    expect((result.error as ExportFailure).droppedSpans).toBe(3);
    expect(retrySpansOf(result.error)).toEqual([]);
    expect(exporter.counters.segmentsRejected).toBe(3);
    expect(logged.join('\n')).toMatch(/InvalidRequestException/);
  });

  it('InvalidRequestException on one call of several: those spans dropped, the batch still retryable with nothing to retry', async () => {
    server.enqueue({ type: 'invalid-request' });
    const t = testTracer();
    const traces = [0, 1].map(() => {
      const root = t.start('root');
      const children = Array.from({ length: 29 }, (_, i) => t.end(t.start(`child.${i}`, {}, root)));
      return [...children, t.end(root)];
    });
    const exporter = apiExporter();
    const result = await run(exporter, traces.flat());
    const error = result.error as ExportFailure;
    expect(error.droppedSpans).toBe(30);
    expect(retrySpansOf(error)).toEqual([]);
    expect(isRetryable(error)).toBe(true);
    expect(exporter.counters).toMatchObject({ segmentsSent: 30, segmentsRejected: 30, apiCalls: 2 });
  });

  it('partial UnprocessedTraceSegments: validation codes dropped and logged with trace id and code, others retried alone', async () => {
    server.enqueue({
      type: 'unprocessed',
      entries: (docs) => [
        { Id: docs[0]?.id, ErrorCode: 'InvalidTraceId', Message: 'Invalid trace id' },
        { Id: docs[1]?.id, ErrorCode: 'InternalFailure', Message: 'try again' },
      ],
    });
    const exporter = apiExporter();
    const spans = smallTrace();
    const result = await run(exporter, spans);
    const request = requestsSince(server.requests.length - 1)[0];
    const [rejectedId, retriedId] = [request?.documents[0]?.id, request?.documents[1]?.id];
    expect(result.code).toBe(ExportResultCode.FAILED);
    const error = result.error as ExportFailure;
    expect(isRetryable(error)).toBe(true);
    expect(error.droppedSpans).toBe(1);
    expect(retrySpansOf(error)?.map((s) => s.spanContext().spanId)).toEqual([retriedId]);
    expect(exporter.counters).toMatchObject({ segmentsSent: 1, segmentsRejected: 1, segmentsRetried: 1 });
    const traceId = spans[0]?.spanContext().traceId as string;
    const line = logged.find((l) => l.includes('InvalidTraceId'));
    expect(line).toContain(`1-${traceId.slice(0, 8)}-${traceId.slice(8)}`);
    expect(line).toContain(rejectedId);
  });

  it('unprocessed entries without an id: a validation code is a counted rejection, another code retries the call', async () => {
    server.enqueue({ type: 'unprocessed', entries: () => [{ ErrorCode: 'MissingId', Message: 'no id' }] });
    const exporter = apiExporter();
    const first = await run(exporter, smallTrace());
    expect((first.error as ExportFailure).droppedSpans).toBe(1);
    // Two documents were accepted: the processor must retry nothing and count those two as exported.
    expect(retrySpansOf(first.error)).toEqual([]);
    expect(isRetryable(first.error)).toBe(true);
    expect(exporter.counters).toMatchObject({ segmentsSent: 2, segmentsRejected: 1 });

    server.enqueue({ type: 'unprocessed', entries: () => [{ ErrorCode: 'ThrottledException' }] });
    const second = await run(exporter, smallTrace());
    expect(isRetryable(second.error)).toBe(true);
    expect(retrySpansOf(second.error)).toHaveLength(3);
  });

  it('a malformed response is a retryable failure, never a throw', async () => {
    server.enqueue({ type: 'malformed' });
    const exporter = apiExporter();
    const result = await run(exporter, smallTrace());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(isRetryable(result.error)).toBe(true);
    expect(retrySpansOf(result.error)).toHaveLength(3);
    expect(exporter.counters.apiCallsFailed).toBe(1);
  });

  it('splits a 2 000-span trace into 40 calls of 50, each span once; a small trace stays in one call', async () => {
    const before = server.requests.length;
    const t = testTracer();
    const root = t.start('spawn.job_array');
    const big = Array.from({ length: 1_999 }, (_, i) =>
      t.end(t.start(`spawn.task.${i}`, { attributes: { 'spawn.job_array_index': i } }, root)),
    );
    big.push(t.end(root));
    const small = smallTrace(t);
    const exporter = apiExporter({ maxConcurrentCalls: 3 });
    const result = await run(exporter, [...big.slice(0, 1_000), ...small, ...big.slice(1_000)]);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const calls = requestsSince(before);
    expect(calls.length).toBe(41);
    expect(calls.every((c) => c.documents.length <= 50)).toBe(true);
    const ids = calls.flatMap((c) => c.documents.map((d) => d.id));
    expect(new Set(ids).size).toBe(2_003);
    const smallTraceId = small[0]?.spanContext().traceId.slice(8) as string;
    const withSmall = calls.filter((c) => c.documents.some((d) => d.trace_id?.endsWith(smallTraceId)));
    expect(withSmall).toHaveLength(1);
    expect(exporter.counters).toMatchObject({ segmentsSent: 2_003, apiCalls: 41 });
  });

  it('runs its calls with tracing suppressed, on a client marked for instrumentations to skip', async () => {
    let suppressed: boolean | undefined;
    const exporter = apiExporter({
      clientConfig: {
        credentials: localCredentials,
        requestHandler: {
          handle: async () => {
            suppressed = isTracingSuppressed(context.active());
            throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
          },
        },
      },
    });
    const result = await run(exporter, smallTrace());
    expect(suppressed).toBe(true);
    expect(isRetryable(result.error)).toBe(true);
    const transport = (
      exporter as unknown as { transport: { loading: Promise<{ client: Record<symbol, unknown> }> } }
    ).transport;
    expect((await transport.loading).client[SUPPRESS_INSTRUMENTATION]).toBe(true);
    expect(SUPPRESS_INSTRUMENTATION).toBe(Symbol.for('@spawn/tracing:suppress'));
  });

  it('drops spans whose trace id epoch is out of the window when asked, and counts them', async () => {
    const exporter = apiExporter({ checkTraceIdEpoch: true });
    const result = await run(exporter, smallTrace());
    // The test tracer's ids carry a fixed epoch: within the window until late December 2026.
    const outside = Math.abs(Date.now() / 1000 - 1_795_564_800) > 28 * 86_400;
    expect(exporter.counters.segmentsDroppedInvalidId).toBe(outside ? 3 : 0);
    expect(result.code).toBe(outside ? ExportResultCode.FAILED : ExportResultCode.SUCCESS);
  });

  it('after shutdown: FAILED, not retryable, counted', async () => {
    const exporter = apiExporter();
    await exporter.shutdown();
    const result = await run(exporter, smallTrace());
    expect(isRetryable(result.error)).toBe(false);
    expect(exporter.counters.segmentsDroppedAfterShutdown).toBe(3);
  });

  it('reports telemetry once a minute and at shutdown with PutTelemetryRecords', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const exporter = apiExporter({ telemetry: true });
      server.enqueue({
        type: 'unprocessed',
        entries: (docs) => [{ Id: docs[0]?.id, ErrorCode: 'InvalidTraceId' }],
      });
      await run(exporter, smallTrace());
      const before = server.telemetry().length;
      vi.advanceTimersByTime(60_000);
      await vi.waitFor(() => expect(server.telemetry().length).toBe(before + 1));
      const body = server.telemetry().at(-1) as {
        TelemetryRecords: Array<Record<string, unknown>>;
        Hostname: string;
      };
      expect(body.TelemetryRecords[0]).toMatchObject({
        SegmentsReceivedCount: 3,
        SegmentsSentCount: 2,
        SegmentsRejectedCount: 1,
        SegmentsSpilloverCount: 0,
      });
      expect(typeof body.Hostname).toBe('string');
      await run(exporter, smallTrace());
      await exporter.shutdown();
      expect(server.telemetry().length).toBe(before + 2);
      expect(exporter.counters.telemetryRecordsSent).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('XRaySpanExporter over UDP (daemon protocol, local socket)', () => {
  it('sends one document per datagram behind the daemon header', async () => {
    const socket = createSocket('udp4');
    const datagrams: string[] = [];
    socket.on('message', (m) => datagrams.push(m.toString('utf8')));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address() as AddressInfo;
    try {
      const exporter = new XRaySpanExporter({ endpoint: `udp://127.0.0.1:${port}` });
      exporters.push(exporter);
      const spans = smallTrace();
      const result = await run(exporter, spans);
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      await vi.waitFor(() => expect(datagrams).toHaveLength(3));
      const validator = new SegmentValidator();
      const ids = datagrams.map((d) => {
        expect(d.startsWith(DAEMON_HEADER)).toBe(true);
        return validator.check(d.slice(DAEMON_HEADER.length)).id;
      });
      expect(ids.sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
      expect(exporter.counters).toMatchObject({ segmentsSent: 3, apiCalls: 0 });
    } finally {
      socket.close();
    }
  });

  it('takes the daemon address from AWS_XRAY_DAEMON_ADDRESS', async () => {
    const socket = createSocket('udp4');
    const datagrams: string[] = [];
    socket.on('message', (m) => datagrams.push(m.toString('utf8')));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address() as AddressInfo;
    vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `tcp:127.0.0.1:${port} udp:127.0.0.1:${port}`);
    try {
      const exporter = new XRaySpanExporter();
      exporters.push(exporter);
      await run(exporter, smallTrace());
      await vi.waitFor(() => expect(datagrams).toHaveLength(3));
      const validator = new SegmentValidator();
      for (const d of datagrams) validator.check(d.slice(DAEMON_HEADER.length));
    } finally {
      vi.unstubAllEnvs();
      socket.close();
    }
  });
});

describe('XRaySpanExporter under RetryingBatchSpanProcessor', () => {
  it('throttled, partly rejected and partly unprocessed exports end with every span counted once', async () => {
    const exporter = apiExporter();
    const processor = new RetryingBatchSpanProcessor(exporter, {
      maxExportBatchSize: 10,
      scheduledDelayMillis: 60_000,
      retryBaseDelayMillis: 1,
      retryMaxDelayMillis: 1,
    });
    const provider = new BasicTracerProvider({ idGenerator: new CountingIds(), spanProcessors: [processor] });
    server.enqueue(
      { type: 'throttle' },
      {
        type: 'unprocessed',
        entries: (docs) => [
          { Id: docs[0]?.id, ErrorCode: 'InvalidTraceId' },
          { Id: docs[1]?.id, ErrorCode: 'ThrottledException' },
        ],
      },
    );
    const before = server.accepted().length;
    const tracer = provider.getTracer('t');
    const root = tracer.startSpan('root');
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    for (let i = 0; i < 9; i++) tracer.startSpan(`child.${i}`, {}, ctx).end();
    root.end();
    await processor.forceFlush();
    await provider.shutdown();
    // Attempt 1 throttled; attempt 2: one rejected, one unprocessed; attempt 3: that one accepted.
    expect(server.accepted().length - before).toBe(9);
    expect(processor.getCounters()).toMatchObject({
      queued: 10,
      exported: 9,
      droppedByExporter: 1,
      droppedNotRetryable: 0,
      droppedAfterRetries: 0,
    });
    expect(exporter.counters).toMatchObject({ segmentsSent: 9, segmentsRejected: 1, apiCallsThrottled: 1 });
  });
});
