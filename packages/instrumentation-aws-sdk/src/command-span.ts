import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import {
  ATTR_AWS_OPERATION,
  ATTR_AWS_REGION,
  ATTR_AWS_REQUEST_ID,
  ATTR_AWS_SERVICE,
  ATTR_ERROR,
  ATTR_HTTP_STATUS_CODE,
  awsSpanName,
  recordFailure,
} from '@spawn/tracing-core';
import { type ActiveSlot, activeSlot, type CommandTracer } from './active-instrumentation.js';
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
import type { AwsRequestInfo } from './config.js';
import { linkReceivedMessages, mayChangeInput, prepareInput } from './propagation.js';
import { addRequestAttributes, addResponseAttributes } from './service-attributes.js';

type Bag = Record<string, unknown>;
/** Read in place of a missing object, so the end of a span allocates no stand-ins. */
const EMPTY: Bag = Object.freeze({});

/** The slice of the SDK's middleware arguments and results this file reads. */
export interface MiddlewareArgs {
  input: object;
  [key: string]: unknown;
}
export interface MiddlewareResult {
  output: unknown;
  [key: string]: unknown;
}
export type Next = (args: MiddlewareArgs) => Promise<MiddlewareResult>;
/** The SDK's per-send handler execution context: `clientName`, `commandName`, and more. */
export type ExecutionContext = Record<string, unknown>;

/** What is known about one client, worked out once. */
export interface ClientInfo {
  /** Lower-case service for span names: `dynamodb`. */
  service: string;
  /** The SDK's service id: `DynamoDB`. */
  serviceId: string;
  region: string | undefined;
  readonly operations: Map<string, { operation: string; spanName: string }>;
}

/** Marks the context passed down the handler stack, so a second copy of our middleware in it stays quiet. */
const IN_COMMAND = createContextKey('@spawn/tracing-instrumentation-aws-sdk in command');
const SUPPRESS = Symbol.for('@spawn/tracing:suppress');

/**
 * `suppressTracing(parent)` per parent context. Calls mostly share a parent (the root, or the span of the
 * job or request making several calls), so the span's call context costs one context copy, not two.
 * Weak keys: nothing is kept alive for it.
 */
const suppressedParents = new WeakMap<Context, Context>();

function suppressedParent(parent: Context): Context {
  let suppressed = suppressedParents.get(parent);
  if (suppressed === undefined) {
    suppressed = suppressTracing(parent);
    suppressedParents.set(parent, suppressed);
  }
  return suppressed;
}

interface Started {
  tracer: CommandTracer;
  span: Span;
  parent: Context;
  /** The parent with the span active, unsuppressed: made only when propagation or a hook needs it. */
  spanContext: Context | undefined;
  callContext: Context;
  args: MiddlewareArgs;
  service: string;
  operation: string;
  /** The input the SDK is given (a copy carrying the trace context, or the caller's). */
  input: Bag;
  hadInstanceIds: boolean;
  hadRegion: boolean;
}

/**
 * One span around one logical command: it wraps the whole handler stack (retries included) from the
 * initialize step. Nothing here throws into the application; the application sees the SDK's own result
 * or error object, untouched.
 */
export function traceCommand(
  client: object,
  info: ClientInfo,
  next: Next,
  execution: ExecutionContext,
  args: MiddlewareArgs,
  slot: ActiveSlot = activeSlot,
): Promise<MiddlewareResult> {
  const tracer = slot.current;
  if (tracer === undefined) return next(args);
  const parent = context.active();
  if (
    isTracingSuppressed(parent) ||
    (client as Record<symbol, unknown>)[SUPPRESS] === true ||
    parent.getValue(IN_COMMAND) === execution
  ) {
    return next(args);
  }
  let started: Started;
  try {
    started = start(tracer, info, execution, args, parent);
  } catch (err) {
    tracer.diagnostics.report('warn', 'AWS SDK span not started', String(err));
    return next(args);
  }
  if (!started.span.isRecording()) {
    // A sampled-out span records nothing at the end (hooks and attributes are for recording spans only),
    // so the call goes down without a promise chained to it; its context still carries the span.
    started.span.end();
    return context.with(started.callContext, next, undefined, started.args);
  }
  let pending: Promise<MiddlewareResult>;
  try {
    pending = context.with(started.callContext, next, undefined, started.args);
  } catch (err) {
    finishFailure(started, info, err);
    throw err;
  }
  // A `then` pair rather than an async function: one promise fewer per call on the hot path.
  return pending.then(
    (result) => {
      finishSuccess(started, info, result);
      return result;
    },
    (err: unknown) => {
      finishFailure(started, info, err);
      throw err;
    },
  );
}

function start(
  tracer: CommandTracer,
  info: ClientInfo,
  execution: ExecutionContext,
  args: MiddlewareArgs,
  parent: Context,
): Started {
  const resolved = tracer.resolved;
  const names = namesOf(info, execution['commandName']);
  const operation = names.operation;
  const service = info.service;
  const input = (args.input ?? {}) as Bag;
  const attrs: Attributes = { [ATTR_AWS_SERVICE]: service, [ATTR_AWS_OPERATION]: operation };
  if (info.region !== undefined) attrs[ATTR_AWS_REGION] = info.region;
  if (resolved.semanticConventions) {
    attrs[ATTR_RPC_SYSTEM] = 'aws-api';
    attrs[ATTR_RPC_SERVICE] = info.serviceId;
    attrs[ATTR_RPC_METHOD] = operation;
    if (info.region !== undefined) attrs[ATTR_CLOUD_REGION] = info.region;
  }
  addRequestAttributes(attrs, service, operation, input, resolved.semanticConventions);
  const span = tracer.tracer.startSpan(names.spanName, { kind: SpanKind.CLIENT, attributes: attrs }, parent);
  const started: Started = {
    tracer,
    span,
    parent,
    spanContext: undefined,
    callContext: parent,
    args,
    service,
    operation,
    input,
    hadInstanceIds: attrs[ATTR_EC2_INSTANCE_IDS] !== undefined,
    hadRegion: info.region !== undefined,
  };
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
      started.args = { ...args, input: callInput };
    }
  }
  const requestHook = resolved.requestHook;
  if (requestHook !== undefined && span.isRecording()) {
    runHook(tracer, 'requestHook', spanContextOf(started), () => requestHook(span, requestInfo(started)));
  }
  // Suppression already keeps a second copy of our middleware quiet; the marker is only needed without it.
  started.callContext = resolved.suppressHttpSpans
    ? trace.setSpan(suppressedParent(parent), span)
    : spanContextOf(started).setValue(IN_COMMAND, execution);
  return started;
}

function spanContextOf(started: Started): Context {
  started.spanContext ??= trace.setSpan(started.parent, started.span);
  return started.spanContext;
}

function requestInfo(started: Started): AwsRequestInfo {
  return { service: started.service, operation: started.operation, input: started.input };
}

function finishSuccess(started: Started, info: ClientInfo, result: MiddlewareResult): void {
  const { span, tracer } = started;
  try {
    const resolved = tracer.resolved;
    const output = isBag(result?.output) ? result.output : EMPTY;
    const attrs: Attributes = { [ATTR_ERROR]: false };
    addMetadata(attrs, output['$metadata'], undefined, resolved.semanticConventions);
    if (!started.hadRegion) addRegion(attrs, info, resolved.semanticConventions);
    addResponseAttributes(
      attrs,
      started.service,
      started.operation,
      output,
      started.hadInstanceIds,
      resolved.semanticConventions,
    );
    span.setAttributes(attrs);
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

function finishFailure(started: Started, info: ClientInfo, error: unknown): void {
  const { span, tracer } = started;
  try {
    recordFailure(span, error);
    const bag = isBag(error) ? error : EMPTY;
    const attrs: Attributes = { [ATTR_ERROR]: true, [ATTR_ERROR_TYPE]: errorType(bag) };
    addMetadata(attrs, bag['$metadata'], bag['$response'], tracer.resolved.semanticConventions);
    if (!started.hadRegion) addRegion(attrs, info, tracer.resolved.semanticConventions);
    span.setAttributes(attrs);
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
function addMetadata(attrs: Attributes, metadata: unknown, response: unknown, semconv: boolean): void {
  const meta = isBag(metadata) ? metadata : EMPTY;
  const raw = isBag(response) ? response : EMPTY;
  const headers = isBag(raw['headers']) ? raw['headers'] : EMPTY;
  const requestId = meta['requestId'] ?? headers['x-amzn-requestid'] ?? headers['x-amz-request-id'];
  if (typeof requestId === 'string' && requestId.length > 0) attrs[ATTR_AWS_REQUEST_ID] = requestId;
  const status = meta['httpStatusCode'] ?? raw['statusCode'];
  if (typeof status === 'number') attrs[ATTR_HTTP_STATUS_CODE] = status;
  if (typeof meta['attempts'] === 'number') attrs[ATTR_AWS_ATTEMPTS] = meta['attempts'];
  if (typeof meta['totalRetryDelay'] === 'number')
    attrs[ATTR_AWS_TOTAL_RETRY_DELAY_MS] = meta['totalRetryDelay'];
  if (semconv) {
    const extended = meta['extendedRequestId'] ?? headers['x-amz-id-2'];
    if (typeof extended === 'string' && extended.length > 0) attrs[ATTR_AWS_EXTENDED_REQUEST_ID] = extended;
  }
}

/** The first call of a client may start before its region provider settled; it has by the end. */
function addRegion(attrs: Attributes, info: ClientInfo, semconv: boolean): void {
  if (info.region === undefined) return;
  attrs[ATTR_AWS_REGION] = info.region;
  if (semconv) attrs[ATTR_CLOUD_REGION] = info.region;
}

function namesOf(info: ClientInfo, commandName: unknown): { operation: string; spanName: string } {
  const key = typeof commandName === 'string' && commandName.length > 0 ? commandName : 'UnknownCommand';
  let names = info.operations.get(key);
  if (names === undefined) {
    const operation = key.endsWith('Command') && key.length > 7 ? key.slice(0, -7) : key;
    names = { operation, spanName: awsSpanName(info.service, operation) };
    info.operations.set(key, names);
  }
  return names;
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
