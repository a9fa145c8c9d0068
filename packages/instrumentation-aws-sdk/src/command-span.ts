import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import {
  ATTR_AWS_OPERATION,
  ATTR_AWS_REGION,
  ATTR_AWS_REQUEST_ID,
  ATTR_AWS_SERVICE,
  ATTR_ERROR,
  ATTR_HTTP_STATUS_CODE,
  recordFailure,
} from '@spawn/tracing-core';
import type { CommandTracer } from './active-instrumentation.js';
import {
  ATTR_AWS_ATTEMPTS,
  ATTR_AWS_EXTENDED_REQUEST_ID,
  ATTR_AWS_TOTAL_RETRY_DELAY_MS,
  ATTR_CLOUD_REGION,
  ATTR_EC2_INSTANCE_IDS,
  ATTR_ERROR_TYPE,
  ATTR_RPC_METHOD,
  ATTR_RPC_SERVICE,
  ATTR_RPC_SYSTEM,
} from './attributes.js';
import type { ClientInfo, CommandNames } from './client-info.js';
import type { AwsRequestInfo } from './config.js';
import { suppressed, withSpan } from './context-layer.js';
import { linkReceivedMessages, mayChangeInput, prepareInput } from './propagation.js';
import { type AttributeSink, addRequestAttributes, addResponseAttributes } from './service-attributes.js';

type Bag = Record<string, unknown>;
/** Read in place of a missing object, so the end of a span allocates no stand-ins. */
const EMPTY: Bag = Object.freeze({});

/**
 * Marks the context a traced call runs in with the client's middleware stack, so a second tracing layer
 * for the same call (the middleware `instrumentClient` added, under a patched `send`) stays quiet.
 */
const IN_COMMAND = createContextKey('@spawn/tracing-instrumentation-aws-sdk in command');
/** The input to send instead of the caller's, for the `send` path's input middleware. */
const REPLACED_INPUT = createContextKey('@spawn/tracing-instrumentation-aws-sdk replaced input');
const SUPPRESS = Symbol.for('@spawn/tracing:suppress');

/** One traced command, from its start to its end. */
export interface Started {
  readonly tracer: CommandTracer;
  readonly info: ClientInfo;
  readonly span: Span;
  /** False for a sampled-out span: it has ended already, and the call only runs in `callContext`. */
  readonly recording: boolean;
  readonly parent: Context;
  /** The parent with the span active, unsuppressed: made only when propagation or a hook needs it. */
  spanContext: Context | undefined;
  /** What the SDK's handler stack runs in: the span active, tracing suppressed (by default). */
  callContext: Context;
  readonly service: string;
  readonly operation: string;
  /** The input the SDK is to send: a copy carrying the trace context, or the caller's own object. */
  input: Bag;
  /** Whether `input` is a copy the SDK must be given in place of the caller's. */
  replaced: boolean;
  readonly hadInstanceIds: boolean;
  readonly hadRegion: boolean;
}

/**
 * Starts the span for one command, or returns undefined when this call is not to be traced (tracing
 * suppressed, the exporter's own client, a second layer for the same call, or a failure here, which is
 * reported). Never throws.
 */
export function beginCommand(
  tracer: CommandTracer,
  client: object,
  marker: unknown,
  info: ClientInfo,
  names: CommandNames,
  input: unknown,
): Started | undefined {
  const parent = context.active();
  if (
    isTracingSuppressed(parent) ||
    (client as Record<symbol, unknown>)[SUPPRESS] === true ||
    parent.getValue(IN_COMMAND) === marker
  ) {
    return undefined;
  }
  try {
    return start(tracer, info, names, input, parent, marker);
  } catch (err) {
    tracer.diagnostics.report('warn', 'AWS SDK span not started', String(err));
    return undefined;
  }
}

/**
 * Ends a recording span when the SDK's promise settles. A `then` pair rather than an async function: one
 * promise fewer per call. The application gets the SDK's own result or error object, untouched.
 */
export function settle<T>(
  started: Started,
  pending: Promise<T>,
  outputOf: (result: T) => unknown,
): Promise<T> {
  return pending.then(
    (result) => {
      finishSuccess(started, outputOf(result));
      return result;
    },
    (err: unknown) => {
      finishFailure(started, err);
      throw err;
    },
  );
}

/** The input `beginCommand` chose for a call whose stack runs in `active`, if it replaces `input`. */
export function replacedInput(active: Context, input: unknown): Bag | undefined {
  const replaced = active.getValue(REPLACED_INPUT) as { from: unknown; to: Bag } | undefined;
  return replaced !== undefined && replaced.from === input ? replaced.to : undefined;
}

function start(
  tracer: CommandTracer,
  info: ClientInfo,
  names: CommandNames,
  original: unknown,
  parent: Context,
  marker: unknown,
): Started {
  const input = isBag(original) ? original : EMPTY;
  const resolved = tracer.resolved;
  const operation = names.operation;
  const service = info.service;
  // Keyed stores rather than computed keys in a literal: V8 keeps the object in its fast, shared shape.
  const attrs: Attributes = {};
  attrs[ATTR_AWS_SERVICE] = service;
  attrs[ATTR_AWS_OPERATION] = operation;
  if (info.region !== undefined) attrs[ATTR_AWS_REGION] = info.region;
  if (resolved.semanticConventions) {
    attrs[ATTR_RPC_SYSTEM] = 'aws-api';
    attrs[ATTR_RPC_SERVICE] = info.serviceId;
    attrs[ATTR_RPC_METHOD] = operation;
    if (info.region !== undefined) attrs[ATTR_CLOUD_REGION] = info.region;
  }
  addRequestAttributes(attrs, service, operation, input, resolved.semanticConventions);
  const span = tracer.tracer.startSpan(names.spanName, { kind: SpanKind.CLIENT, attributes: attrs }, parent);
  const recording = span.isRecording();
  const started: Started = {
    tracer,
    info,
    span,
    recording,
    parent,
    spanContext: undefined,
    callContext: parent,
    service,
    operation,
    input,
    replaced: false,
    hadInstanceIds: attrs[ATTR_EC2_INSTANCE_IDS] !== undefined,
    hadRegion: info.region !== undefined,
  };
  // A sampled-out span records nothing at its end (hooks and attributes are for recording spans only).
  if (!recording) span.end();
  if (mayChangeInput(resolved, service)) {
    const callInput = prepareInput(
      resolved,
      service,
      operation,
      input,
      spanContextOf(started),
      tracer.diagnostics,
    );
    if (callInput !== input) {
      started.input = callInput;
      started.replaced = true;
    }
  }
  const requestHook = resolved.requestHook;
  if (requestHook !== undefined && recording) {
    runHook(tracer, 'requestHook', spanContextOf(started), () => requestHook(span, requestInfo(started)));
  }
  // Suppression already keeps a second layer for this call quiet; the marker is only needed without it.
  let callContext: Context;
  if (!resolved.suppressHttpSpans) callContext = spanContextOf(started).setValue(IN_COMMAND, marker);
  else if (recording || trace.getSpan(parent)?.isRecording() === true) {
    callContext = withSpan(suppressed(parent), span);
  } else {
    // Sampled out under no recording span: nothing in the stack could record into this span, so the
    // stack runs in the suppressed parent, one layer fewer.
    callContext = suppressed(parent);
  }
  if (started.replaced)
    callContext = callContext.setValue(REPLACED_INPUT, { from: original, to: started.input });
  started.callContext = callContext;
  return started;
}

function spanContextOf(started: Started): Context {
  started.spanContext ??= withSpan(started.parent, started.span);
  return started.spanContext;
}

function requestInfo(started: Started): AwsRequestInfo {
  return { service: started.service, operation: started.operation, input: started.input };
}

function finishSuccess(started: Started, result: unknown): void {
  const { span, tracer, info } = started;
  try {
    const resolved = tracer.resolved;
    const output = isBag(result) ? result : EMPTY;
    span.setAttribute(ATTR_ERROR, false);
    addMetadata(span, output['$metadata'], undefined, resolved.semanticConventions);
    if (!started.hadRegion) addRegion(span, info, resolved.semanticConventions);
    addResponseAttributes(
      span,
      started.service,
      started.operation,
      output,
      started.hadInstanceIds,
      resolved.semanticConventions,
    );
    if (started.service === 'sqs' && started.operation === 'ReceiveMessage' && resolved.sqsReceive) {
      linkReceivedMessages(span, output, tracer.diagnostics);
    }
    const hook = resolved.responseHook;
    if (hook !== undefined) {
      runHook(tracer, 'responseHook', spanContextOf(started), () =>
        hook(span, { ...requestInfo(started), output }),
      );
    }
  } catch (err) {
    tracer.diagnostics.report('warn', 'AWS SDK span attributes failed', String(err));
  }
  span.end();
}

/** Records a failure and ends the span; also for a handler stack that throws instead of rejecting. */
export function finishFailure(started: Started, error: unknown): void {
  const { span, tracer, info } = started;
  try {
    recordFailure(span, error);
    const bag = isBag(error) ? error : EMPTY;
    span.setAttribute(ATTR_ERROR, true);
    span.setAttribute(ATTR_ERROR_TYPE, errorType(bag));
    addMetadata(span, bag['$metadata'], bag['$response'], tracer.resolved.semanticConventions);
    if (!started.hadRegion) addRegion(span, info, tracer.resolved.semanticConventions);
    const hook = tracer.resolved.errorHook;
    if (hook !== undefined) {
      runHook(tracer, 'errorHook', spanContextOf(started), () => hook(span, error, requestInfo(started)));
    }
  } catch (err) {
    tracer.diagnostics.report('warn', 'AWS SDK span attributes failed', String(err));
  }
  span.end();
}

/** The AWS error code: service exceptions carry it as `name`; network errors as `code` (`ECONNREFUSED`). */
function errorType(error: Bag): string {
  const isServiceError = error['$fault'] !== undefined;
  if (!isServiceError && typeof error['code'] === 'string') return error['code'];
  if (typeof error['name'] === 'string' && error['name'].length > 0) return error['name'];
  return 'Error';
}

/** `$metadata` as the SDK fills it (request id, status, attempts, retry delay), else the raw response. */
function addMetadata(span: AttributeSink, metadata: unknown, response: unknown, semconv: boolean): void {
  const meta = isBag(metadata) ? metadata : EMPTY;
  const raw = isBag(response) ? response : EMPTY;
  const headers = isBag(raw['headers']) ? raw['headers'] : EMPTY;
  const requestId = meta['requestId'] ?? headers['x-amzn-requestid'] ?? headers['x-amz-request-id'];
  if (typeof requestId === 'string' && requestId.length > 0)
    span.setAttribute(ATTR_AWS_REQUEST_ID, requestId);
  const status = meta['httpStatusCode'] ?? raw['statusCode'];
  if (typeof status === 'number') span.setAttribute(ATTR_HTTP_STATUS_CODE, status);
  if (typeof meta['attempts'] === 'number') span.setAttribute(ATTR_AWS_ATTEMPTS, meta['attempts']);
  if (typeof meta['totalRetryDelay'] === 'number')
    span.setAttribute(ATTR_AWS_TOTAL_RETRY_DELAY_MS, meta['totalRetryDelay']);
  if (semconv) {
    const extended = meta['extendedRequestId'] ?? headers['x-amz-id-2'];
    if (typeof extended === 'string' && extended.length > 0)
      span.setAttribute(ATTR_AWS_EXTENDED_REQUEST_ID, extended);
  }
}

/** The first call of a client may start before its region provider settled; it has by the end. */
function addRegion(span: AttributeSink, info: ClientInfo, semconv: boolean): void {
  if (info.region === undefined) return;
  span.setAttribute(ATTR_AWS_REGION, info.region);
  if (semconv) span.setAttribute(ATTR_CLOUD_REGION, info.region);
}

function runHook(tracer: CommandTracer, name: string, spanContext: Context, fn: () => void): void {
  try {
    context.with(spanContext, fn);
  } catch (err) {
    tracer.diagnostics.report('warn', `${name} threw`, String(err));
  }
}

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}
