import type { Span } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** What every hook is told about the call: names as the span carries them and the command input. */
export interface AwsRequestInfo {
  /** Lower-case service, as in the span name: `dynamodb`, `ec2`, `sqs`. */
  readonly service: string;
  /** The SDK's command name without `Command`: `GetItem`. */
  readonly operation: string;
  /** The input the SDK serializes (after any trace-context injection); do not mutate it. */
  readonly input: Readonly<Record<string, unknown>>;
}

/** `responseHook` also gets the command output (with `$metadata`). */
export interface AwsResponseInfo extends AwsRequestInfo {
  readonly output: Readonly<Record<string, unknown>>;
}

/** Options of `AwsSdkInstrumentation`; everything optional. */
export interface AwsSdkInstrumentationConfig extends InstrumentationConfig {
  /**
   * Also write the OpenTelemetry semantic-convention names (`rpc.*`, `cloud.region`,
   * `aws.extended_request_id`, messaging and FaaS keys) so standard backends understand the span. Default true.
   */
  semanticConventions?: boolean;
  /**
   * Run the SDK's handler stack with tracing suppressed, so HTTP instrumentations make no child span per
   * attempt and inject no `traceparent` into signed requests. Default true.
   */
  suppressHttpSpans?: boolean;
  /** Called before the request is sent, with the span active. A throw is reported, never propagated. */
  requestHook?: (span: Span, info: AwsRequestInfo) => void;
  /** Called after a successful response, before the span ends. */
  responseHook?: (span: Span, info: AwsResponseInfo) => void;
  /** Called with the error the application is about to receive, before the span ends. */
  errorHook?: (span: Span, error: unknown, info: AwsRequestInfo) => void;
  sqs?: {
    /** Put the current trace context into SendMessage / SendMessageBatch message attributes. Default true. */
    inject?: boolean;
    /** Ask ReceiveMessage for the trace attributes and link the receive span to each message. Default true. */
    receive?: boolean;
  };
  dynamodb?: {
    /**
     * Write the current trace context into items of PutItem, UpdateItem and TransactWriteItems: `true`
     * for every table, or the table names to inject into. Default false (it changes stored items).
     */
    injectContext?: boolean | readonly string[];
  };
}

/** The validated configuration the middleware reads on every call. */
export interface ResolvedConfig {
  readonly semanticConventions: boolean;
  readonly suppressHttpSpans: boolean;
  readonly requestHook: AwsSdkInstrumentationConfig['requestHook'];
  readonly responseHook: AwsSdkInstrumentationConfig['responseHook'];
  readonly errorHook: AwsSdkInstrumentationConfig['errorHook'];
  readonly sqsInject: boolean;
  readonly sqsReceive: boolean;
  /** `true`: every table; a set: only those; `false`: never. */
  readonly dynamodbInject: boolean | ReadonlySet<string>;
}

function optionalBoolean(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${key} must be a boolean, got ${describe(value)}`);
  return value;
}

function optionalFunction<T>(key: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`${key} must be a function, got ${describe(value)}`);
  return value as T;
}

function optionalObject(key: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${key} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Checks the options once, at construction: a wrong type throws naming the key and the value. */
export function resolveConfig(config: AwsSdkInstrumentationConfig = {}): ResolvedConfig {
  const sqs = optionalObject('sqs', config.sqs);
  const dynamodb = optionalObject('dynamodb', config.dynamodb);
  const inject = dynamodb['injectContext'];
  let dynamodbInject: boolean | ReadonlySet<string>;
  if (Array.isArray(inject)) {
    for (const table of inject) {
      if (typeof table !== 'string' || table.length === 0) {
        throw new TypeError(`dynamodb.injectContext must list table names, got ${describe(inject)}`);
      }
    }
    dynamodbInject = new Set(inject as string[]);
  } else {
    dynamodbInject = optionalBoolean('dynamodb.injectContext', inject, false);
  }
  return {
    semanticConventions: optionalBoolean('semanticConventions', config.semanticConventions, true),
    suppressHttpSpans: optionalBoolean('suppressHttpSpans', config.suppressHttpSpans, true),
    requestHook: optionalFunction('requestHook', config.requestHook),
    responseHook: optionalFunction('responseHook', config.responseHook),
    errorHook: optionalFunction('errorHook', config.errorHook),
    sqsInject: optionalBoolean('sqs.inject', sqs['inject'], true),
    sqsReceive: optionalBoolean('sqs.receive', sqs['receive'], true),
    dynamodbInject,
  };
}
