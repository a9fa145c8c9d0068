import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { localCredentials } from './dynamodb.js';
import { type LocalAwsServer, listenLocal } from './listen-local.js';

/** One `UnprocessedTraceSegments` entry, as the X-Ray API returns it. */
export interface XRayUnprocessed {
  Id?: string;
  ErrorCode?: string;
  Message?: string;
}

/**
 * How the server answers the next `PutTraceSegments` call (queued with `enqueue`; `ok` once the
 * queue is empty). Errors follow the restJson1 protocol: status code, `x-amzn-ErrorType` header,
 * `{"message"}` body.
 */
export type XRayReply =
  | { type: 'ok' }
  | { type: 'throttle' }
  | { type: 'error'; status: number; errorType: string; message?: string }
  | { type: 'invalid-request'; message?: string }
  | { type: 'unprocessed'; entries: (documents: XRayDocument[]) => XRayUnprocessed[] }
  | { type: 'malformed' };

/** A received segment document (parsed JSON). */
export type XRayDocument = Record<string, unknown> & { id?: string; trace_id?: string; name?: string };

export interface XRayRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw `TraceSegmentDocuments` strings (PutTraceSegments). */
  rawDocuments: string[];
  documents: XRayDocument[];
  /** What the server answered. */
  reply: XRayReply['type'];
  /** The parsed body of any other call (PutTelemetryRecords). */
  body: unknown;
}

export interface LocalXRay extends LocalAwsServer {
  /** Every call received, in order. */
  requests: XRayRequest[];
  /** Documents X-Ray accepted (not answered as unprocessed or in a failed call). */
  accepted(): XRayDocument[];
  /** `PutTelemetryRecords` bodies received. */
  telemetry(): unknown[];
  /** Queues replies for the next `PutTraceSegments` calls. */
  enqueue(...replies: XRayReply[]): void;
}

/** Starts a local server speaking the X-Ray API wire protocol (REST-JSON) for `PutTraceSegments` and `PutTelemetryRecords`. */
export async function startXRay(): Promise<LocalXRay> {
  const queue: XRayReply[] = [];
  const requests: XRayRequest[] = [];
  const accepted: XRayDocument[] = [];
  const telemetry: unknown[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0] as string;
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      return send(res, 400, { message: 'Request body is not JSON' }, 'SerializationException');
    }
    if (req.method !== 'POST')
      return send(res, 405, { message: 'Method not allowed' }, 'UnknownOperationException');
    if (path === '/TelemetryRecords') {
      telemetry.push(body);
      requests.push({ path, headers: req.headers, rawDocuments: [], documents: [], reply: 'ok', body });
      return send(res, 200, {});
    }
    if (path !== '/TraceSegments')
      return send(res, 404, { message: `Unknown operation ${path}` }, 'UnknownOperationException');

    const raw = (body as { TraceSegmentDocuments?: unknown }).TraceSegmentDocuments;
    if (!Array.isArray(raw) || raw.some((d) => typeof d !== 'string')) {
      return send(
        res,
        400,
        { message: 'TraceSegmentDocuments must be a list of strings' },
        'InvalidRequestException',
      );
    }
    const rawDocuments = raw as string[];
    const documents = rawDocuments.map((d) => {
      try {
        return JSON.parse(d) as XRayDocument;
      } catch {
        return {} as XRayDocument;
      }
    });
    const reply = queue.shift() ?? { type: 'ok' };
    requests.push({ path, headers: req.headers, rawDocuments, documents, reply: reply.type, body });
    switch (reply.type) {
      case 'ok':
        accepted.push(...documents);
        return send(res, 200, { UnprocessedTraceSegments: [] });
      case 'throttle':
        return send(res, 429, { message: 'Rate exceeded' }, 'ThrottledException');
      case 'error':
        return send(res, reply.status, { message: reply.message ?? reply.errorType }, reply.errorType);
      case 'invalid-request':
        return send(res, 400, { message: reply.message ?? 'Invalid request' }, 'InvalidRequestException');
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
        return res.end('{"UnprocessedTraceSegments": [{"Id": ');
      case 'unprocessed': {
        const entries = reply.entries(documents);
        const refused = new Set(entries.map((e) => e.Id));
        accepted.push(...documents.filter((d) => !refused.has(d.id)));
        return send(res, 200, { UnprocessedTraceSegments: entries });
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }, 'InternalFailure'));
  });
  const { port, endpoint, close } = await listenLocal(server);
  return {
    endpoint,
    port,
    clientConfig: { endpoint, region: 'us-east-1', credentials: localCredentials },
    requests,
    accepted: () => [...accepted],
    telemetry: () => [...telemetry],
    enqueue: (...replies) => queue.push(...replies),
    close,
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
  };
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}
