import type { Context } from '@opentelemetry/api';
import { extractFromCarrier, reportBadCarrier } from '@spawn/tracing-core';
import { COMPONENT, type DynamoDbItem, dynamoDbItemGetter, itemGetter } from './item-carrier.js';
import { contextOf, type DynamoDbPropagationOptions, propagatorOf } from './options.js';

/** A DynamoDB Streams record (SDK `Record` or a Lambda event record), structurally. */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: DynamoDbItem; OldImage?: DynamoDbItem };
}

export interface ExtractFromStreamRecordOptions extends DynamoDbPropagationOptions {
  /** Which image to read. Default `NewImage` (the writer's context; a `REMOVE` record has none). */
  image?: 'NewImage' | 'OldImage';
}

/**
 * The context an item carries (from `GetItem`, `Query`, `Scan`, raw or document client), on top of
 * `options.context` (default active). Bad values give the base context and a rate-limited `diag` debug
 * line; nothing throws.
 */
export function extractFromItem(
  item: DynamoDbItem | undefined,
  options?: DynamoDbPropagationOptions,
): Context {
  const base = contextOf(options);
  if (item === null || typeof item !== 'object') return base;
  const names = options?.attributeNames;
  const getter = names ? itemGetter(names) : dynamoDbItemGetter;
  return extractFromCarrier(propagatorOf(options), base, item, getter, COMPONENT);
}

/** The context a DynamoDB Streams record's item image carries, as `extractFromItem`. */
export function extractFromStreamRecord(
  record: StreamRecordLike,
  options?: ExtractFromStreamRecordOptions,
): Context {
  let image: unknown;
  try {
    image = record?.dynamodb?.[options?.image ?? 'NewImage'];
  } catch (err) {
    reportBadCarrier(COMPONENT, 'unreadable stream record', String(err));
    return contextOf(options);
  }
  return extractFromItem(image as DynamoDbItem | undefined, options);
}
