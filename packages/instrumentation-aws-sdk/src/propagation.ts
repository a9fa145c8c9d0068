import { type Context, isSpanContextValid, ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api';
import type { RateLimitedDiag } from '@spawn/tracing-core';
import {
  injectBatchWriteItem,
  injectPutItem,
  injectTransactWriteItems,
  injectUpdateItem,
  type PutItemInputLike,
  type UpdateItemInputLike,
} from '@spawn/tracing-propagator-dynamodb';
import {
  extractFromMessage,
  injectSendMessage,
  injectSendMessageBatch,
  type ReceivedMessageLike,
  withTraceAttributeNames,
} from '@spawn/tracing-propagator-sqs';
import type { ResolvedConfig } from './config.js';

type Bag = Record<string, unknown>;

/** Whether `prepareInput` may hand back another input for this service: only then it needs the span's context. */
export function mayChangeInput(resolved: ResolvedConfig, service: string): boolean {
  return service === 'sqs' || (service === 'dynamodb' && resolved.dynamodbInject !== false);
}

/**
 * The input the SDK should send instead of the caller's: a copy carrying the span's context where the
 * configuration asks for it (SQS message attributes, DynamoDB items), else the caller's own object. The
 * caller's object is never mutated; a propagator failure sends the original input.
 */
export function prepareInput(
  resolved: ResolvedConfig,
  service: string,
  operation: string,
  input: Bag,
  spanContext: Context,
  diagnostics: RateLimitedDiag,
): Bag {
  try {
    if (service === 'sqs') return sqsInput(resolved, operation, input, spanContext);
    if (service === 'dynamodb' && resolved.dynamodbInject !== false) {
      return dynamodbInput(resolved.dynamodbInject, operation, input, spanContext);
    }
  } catch (err) {
    diagnostics.report('warn', 'trace context not injected', String(err));
  }
  return input;
}

function sqsInput(resolved: ResolvedConfig, operation: string, input: Bag, ctx: Context): Bag {
  if (resolved.sqsInject) {
    if (operation === 'SendMessage') return injectSendMessage(input, { context: ctx });
    if (operation === 'SendMessageBatch') return injectSendMessageBatch(input, { context: ctx });
  }
  if (resolved.sqsReceive && operation === 'ReceiveMessage') return withTraceAttributeNames(input);
  return input;
}

function dynamodbInput(tables: true | ReadonlySet<string>, operation: string, input: Bag, ctx: Context): Bag {
  const options = { context: ctx };
  const wanted = (table: unknown) => tables === true || (typeof table === 'string' && tables.has(table));
  switch (operation) {
    case 'PutItem':
      return wanted(input['TableName']) ? (injectPutItem(input as PutItemInputLike, options) as Bag) : input;
    case 'UpdateItem':
      return wanted(input['TableName'])
        ? (injectUpdateItem(input as UpdateItemInputLike, options) as Bag)
        : input;
    case 'TransactWriteItems': {
      if (tables === true) return injectTransactWriteItems(input, options);
      const entries = input['TransactItems'];
      if (!Array.isArray(entries)) return input;
      // Only the entries writing to the chosen tables carry the context.
      const out = entries.map((entry: Bag | null) => {
        const put = entry?.['Put'] as Bag | undefined;
        const update = entry?.['Update'] as Bag | undefined;
        if (put && wanted(put['TableName'])) return { ...entry, Put: injectPutItem(put, options) };
        if (update && wanted(update['TableName']))
          return { ...entry, Update: injectUpdateItem(update, options) };
        return entry;
      });
      return { ...input, TransactItems: out };
    }
    case 'BatchWriteItem': {
      const requestItems = input['RequestItems'];
      if (typeof requestItems !== 'object' || requestItems === null) return input;
      const chosen: Record<string, never[]> = {};
      const rest: Bag = {};
      for (const [table, requests] of Object.entries(requestItems)) {
        if (wanted(table)) chosen[table] = requests as never[];
        else rest[table] = requests;
      }
      if (Object.keys(chosen).length === 0) return input;
      const injected = injectBatchWriteItem({ RequestItems: chosen }, options);
      return { ...input, RequestItems: { ...rest, ...injected.RequestItems } };
    }
    default:
      return input;
  }
}

/** Links a ReceiveMessage span to the context each received message carries (messages without one add none). */
export function linkReceivedMessages(span: Span, output: Bag, diagnostics: RateLimitedDiag): void {
  const messages = output['Messages'];
  if (!Array.isArray(messages)) return;
  try {
    for (const message of messages) {
      // ROOT_CONTEXT as the base: a message without context must not link to the receive span's parent.
      const remote = trace.getSpanContext(
        extractFromMessage(message as ReceivedMessageLike, { context: ROOT_CONTEXT }),
      );
      if (remote !== undefined && isSpanContextValid(remote)) span.addLink({ context: remote });
    }
  } catch (err) {
    diagnostics.report('warn', 'received messages not linked', String(err));
  }
}
