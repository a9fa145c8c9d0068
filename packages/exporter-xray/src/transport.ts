import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** A serialised document on its way out, with the span it came from (for retries). */
export interface PreparedDocument {
  span: ReadableSpan;
  /** The document id (the span id). */
  id: string;
  /** The X-Ray trace id. */
  traceId: string;
  json: string;
}

/** A document the backend refused as invalid; `doc` is missing when the backend did not say which. */
export interface Rejection {
  doc?: PreparedDocument;
  code: string;
  message?: string;
}

/** What one call (or one datagram batch) did with its documents. */
export interface CallOutcome {
  sent: PreparedDocument[];
  rejected: Rejection[];
  retry: PreparedDocument[];
  /** Set when the call as a whole failed. */
  failure?: { error: unknown; retryable: boolean; throttled: boolean; kind: BackendErrorKind };
}

/** The daemon's telemetry buckets for backend connection errors. */
export type BackendErrorKind =
  | 'timeout'
  | 'connectionRefused'
  | 'http4xx'
  | 'http5xx'
  | 'unknownHost'
  | 'other';

export interface TelemetryCounts {
  received: number;
  sent: number;
  rejected: number;
  errors: Record<BackendErrorKind, number>;
}

export interface Transport {
  /** Largest serialised document this transport can carry. */
  readonly maxDocumentBytes: number;
  /** Documents per call. */
  readonly maxDocumentsPerCall: number;
  send(docs: PreparedDocument[]): Promise<CallOutcome>;
  /** Reports telemetry, when the transport supports it (the daemon reports its own). */
  putTelemetry?(counts: TelemetryCounts, ec2InstanceId: string | undefined): Promise<void>;
  shutdown(): Promise<void>;
}
