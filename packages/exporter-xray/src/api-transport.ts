import { hostname } from 'node:os';
import type { XRayClient, XRayClientConfig } from '@aws-sdk/client-xray';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { MAX_DOCUMENT_BYTES } from './fit-document.js';
import type {
  BackendErrorKind,
  CallOutcome,
  PreparedDocument,
  Rejection,
  TelemetryCounts,
  Transport,
} from './transport.js';

/**
 * Set to `true` on the exporter's own `XRayClient`: an AWS SDK instrumentation that honours it
 * creates no spans for the exporter's calls (which would otherwise feed back into the exporter).
 */
export const SUPPRESS_INSTRUMENTATION: unique symbol = Symbol.for('@spawn/tracing:suppress') as never;

/** X-Ray's own limit on documents per `PutTraceSegments` call (the daemon's batch size). */
export const MAX_DOCUMENTS_PER_CALL = 50;

const VALIDATION_CODE = /^(Invalid|Missing)/;

type ClientModule = typeof import('@aws-sdk/client-xray');

export interface ApiTransportOptions {
  region?: string;
  endpoint?: string;
  clientConfig: XRayClientConfig;
}

/** Delivery through `PutTraceSegments`; the client is loaded at the first call, not at module load. */
export class ApiTransport implements Transport {
  readonly maxDocumentBytes = MAX_DOCUMENT_BYTES;
  readonly maxDocumentsPerCall = MAX_DOCUMENTS_PER_CALL;
  private loading: Promise<{ client: XRayClient; sdk: ClientModule }> | undefined;

  constructor(private readonly options: ApiTransportOptions) {}

  private load(): Promise<{ client: XRayClient; sdk: ClientModule }> {
    this.loading ??= import('@aws-sdk/client-xray').then((sdk) => {
      const { region, endpoint, clientConfig } = this.options;
      // One attempt: the batch processor owns retries (with backoff and a queue bound), the SDK must not multiply them.
      const client = new sdk.XRayClient({
        maxAttempts: 1,
        ...(region === undefined ? {} : { region }),
        ...(endpoint === undefined ? {} : { endpoint }),
        ...clientConfig,
      });
      Object.defineProperty(client, SUPPRESS_INSTRUMENTATION, { value: true });
      return { client, sdk };
    });
    this.loading.catch(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  async send(docs: PreparedDocument[]): Promise<CallOutcome> {
    try {
      const { client, sdk } = await this.load();
      const command = new sdk.PutTraceSegmentsCommand({ TraceSegmentDocuments: docs.map((d) => d.json) });
      const output = await context.with(suppressTracing(context.active()), () => client.send(command));
      return mapUnprocessed(docs, output.UnprocessedTraceSegments ?? []);
    } catch (error) {
      return failedCall(docs, error);
    }
  }

  async putTelemetry(counts: TelemetryCounts, ec2InstanceId: string | undefined): Promise<void> {
    const { client, sdk } = await this.load();
    const command = new sdk.PutTelemetryRecordsCommand({
      TelemetryRecords: [
        {
          Timestamp: new Date(),
          SegmentsReceivedCount: counts.received,
          SegmentsSentCount: counts.sent,
          SegmentsSpilloverCount: 0,
          SegmentsRejectedCount: counts.rejected,
          BackendConnectionErrors: {
            TimeoutCount: counts.errors.timeout,
            ConnectionRefusedCount: counts.errors.connectionRefused,
            HTTPCode4XXCount: counts.errors.http4xx,
            HTTPCode5XXCount: counts.errors.http5xx,
            UnknownHostCount: counts.errors.unknownHost,
            OtherCount: counts.errors.other,
          },
        },
      ],
      Hostname: hostname(),
      ...(ec2InstanceId === undefined ? {} : { EC2InstanceId: ec2InstanceId }),
    });
    await context.with(suppressTracing(context.active()), () => client.send(command));
  }

  async shutdown(): Promise<void> {
    const loading = this.loading;
    this.loading = undefined;
    if (loading) (await loading.catch(() => undefined))?.client.destroy();
  }
}

interface Unprocessed {
  Id?: string;
  ErrorCode?: string;
  Message?: string;
}

/**
 * Maps `UnprocessedTraceSegments` back to documents: validation codes (`Invalid*`, `Missing*`) are
 * rejections, other codes are retried. An entry without a known id cannot be matched: a validation
 * one is counted as a rejection; any other makes the whole call retried (X-Ray keys documents by id,
 * so a re-sent document replaces itself).
 */
export function mapUnprocessed(docs: PreparedDocument[], unprocessed: readonly Unprocessed[]): CallOutcome {
  if (unprocessed.length === 0) return { sent: docs, rejected: [], retry: [] };
  const remaining = new Map(docs.map((d) => [d.id, d]));
  const rejected: Rejection[] = [];
  const retry: PreparedDocument[] = [];
  let retryAll = false;
  for (const entry of unprocessed) {
    const code = entry.ErrorCode || 'Unknown';
    const doc = entry.Id === undefined ? undefined : remaining.get(entry.Id);
    const validation = VALIDATION_CODE.test(code);
    if (doc !== undefined) {
      remaining.delete(doc.id);
      if (validation) rejected.push(withMessage({ doc, code }, entry.Message));
      else retry.push(doc);
    } else if (validation) rejected.push(withMessage({ code }, entry.Message));
    else retryAll = true;
  }
  if (retryAll) return { sent: [], rejected, retry: retry.concat([...remaining.values()]) };
  return { sent: [...remaining.values()], rejected, retry };
}

function withMessage(rejection: Rejection, message: string | undefined): Rejection {
  if (message) rejection.message = message;
  return rejection;
}

/**
 * A failed call: throttling (`ThrottledException`, 429) and 5xx are retryable, as are network and
 * credential errors; `InvalidRequestException` (and 413) mean the data itself is refused.
 */
export function failedCall(docs: PreparedDocument[], error: unknown): CallOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode;
  const throttled = e.name === 'ThrottledException' || e.name === 'ThrottlingException' || status === 429;
  const refused = !throttled && (e.name === 'InvalidRequestException' || status === 413);
  const failure = { error, retryable: !refused, throttled, kind: errorKind(e.code, status) };
  if (refused) {
    const code = e.name ?? 'InvalidRequestException';
    return { sent: [], rejected: docs.map((doc) => ({ doc, code })), retry: [], failure };
  }
  return { sent: [], rejected: [], retry: docs, failure };
}

function errorKind(code: string | undefined, status: number | undefined): BackendErrorKind {
  if (status !== undefined && status >= 500) return 'http5xx';
  if (status !== undefined && status >= 400) return 'http4xx';
  if (code === 'ECONNREFUSED') return 'connectionRefused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknownHost';
  if (code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'TimeoutError') return 'timeout';
  return 'other';
}
