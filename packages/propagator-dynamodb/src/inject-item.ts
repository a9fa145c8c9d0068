import { injectSafely, shallowCopy } from '@spawn/tracing-core';
import { injectUpdateWith, type UpdateItemInputLike } from './inject-update-item.js';
import { COMPONENT, type DynamoDbItem, detectFormat, formatValue, type ItemFormat } from './item-carrier.js';
import { itemBytes, MAX_ITEM_BYTES, stringAttributeBytes } from './item-size.js';
import type { InjectItemOptions } from './options.js';
import { skipped, type TraceFields, traceFields } from './trace-fields.js';

export interface PutItemInputLike {
  Item?: DynamoDbItem;
}

export interface TransactWriteItemsInputLike {
  TransactItems?: { Put?: PutItemInputLike; Update?: UpdateItemInputLike }[];
}

export interface BatchWriteItemInputLike {
  RequestItems?: Record<string, { PutRequest?: PutItemInputLike }[]>;
}

/**
 * A copy of `item` with the trace context as attributes (`{ S }` values, or plain strings for document
 * items). The item is returned unchanged (copied) when there is no context or when the attributes would
 * push it past DynamoDB's 400 KB item limit (with a rate-limited `diag` warning).
 */
export function injectIntoItem<T extends object>(item: T, options?: InjectItemOptions): T {
  return injectSafely(COMPONENT, item, () => {
    const copy = shallowCopy(item);
    writeFields(copy, traceFields(options), options);
    return copy;
  });
}

/** `injectIntoItem` writing into `item` itself, for callers that own it. Returns `item`. */
export function injectIntoItemInPlace<T extends object>(item: T, options?: InjectItemOptions): T {
  return injectSafely(COMPONENT, item, () => {
    if (item !== null && typeof item === 'object') writeFields(item, traceFields(options), options);
    return item;
  });
}

/** A copy of `PutItem` input (raw or document client) whose `Item` carries the trace context. */
export function injectPutItem<T extends PutItemInputLike>(input: T, options?: InjectItemOptions): T {
  return injectSafely(COMPONENT, input, () => {
    return putWith(input, traceFields(options), options);
  });
}

/** A copy of `TransactWriteItems` input whose `Put` items and `Update`s all carry the trace context. */
export function injectTransactWriteItems<T extends TransactWriteItemsInputLike>(
  input: T,
  options?: InjectItemOptions,
): T {
  return injectSafely(COMPONENT, input, () => {
    const entries = input.TransactItems;
    if (!Array.isArray(entries)) return shallowCopy(input);
    const fields = traceFields(options);
    const out = entries.map((entry) => {
      if (entry === null || typeof entry !== 'object') return entry;
      if (entry.Put) return { ...entry, Put: putWith(entry.Put, fields, options) };
      if (entry.Update) return { ...entry, Update: injectUpdateWith(entry.Update, fields, options) };
      return entry;
    });
    return { ...input, TransactItems: out };
  });
}

/** A copy of `BatchWriteItem` input whose `PutRequest` items carry the trace context. */
export function injectBatchWriteItem<T extends BatchWriteItemInputLike>(
  input: T,
  options?: InjectItemOptions,
): T {
  return injectSafely(COMPONENT, input, () => {
    const tables = input.RequestItems;
    if (tables === null || typeof tables !== 'object') return shallowCopy(input);
    const fields = traceFields(options);
    const out: Record<string, { PutRequest?: PutItemInputLike }[]> = {};
    for (const table of Object.keys(tables)) {
      const requests = tables[table];
      out[table] = Array.isArray(requests)
        ? requests.map((r) =>
            r?.PutRequest ? { ...r, PutRequest: putWith(r.PutRequest, fields, options) } : r,
          )
        : requests!;
    }
    return { ...input, RequestItems: out };
  });
}

function putWith<T extends PutItemInputLike>(
  input: T,
  fields: TraceFields,
  options: InjectItemOptions | undefined,
): T {
  const out = shallowCopy(input);
  const item = input?.Item;
  if (item !== null && typeof item === 'object' && fields.length > 0) {
    const copy = shallowCopy(item);
    writeFields(copy, fields, options);
    out.Item = copy;
  }
  return out;
}

/** Writes as many of `fields` as fit the item size limit, in order (baggage is the first to go). */
function writeFields(item: object, fields: TraceFields, options: InjectItemOptions | undefined): void {
  if (fields.length === 0) return;
  const target = item as DynamoDbItem;
  const format = options?.format ?? detectFormat(target);
  const count = fitting(target, fields, format, options?.maxItemBytes ?? MAX_ITEM_BYTES);
  for (let i = 0; i < count; i++) {
    const [name, value] = fields[i]!;
    target[name] = formatValue(format, value);
  }
}

/** How many of `fields` fit: all of them unless the item is near the limit. */
function fitting(item: DynamoDbItem, fields: TraceFields, format: ItemFormat, limit: number): number {
  const added = (exact: boolean) => fields.map(([name, value]) => stringAttributeBytes(name, value, exact));
  if (itemBytes(item, format, false) + added(false).reduce((a, b) => a + b, 0) <= limit) return fields.length;
  let size = itemBytes(item, format, true);
  const sizes = added(true);
  let count = 0;
  while (count < sizes.length && size + sizes[count]! <= limit) size += sizes[count++]!;
  if (count < fields.length) {
    skipped(
      'item would exceed the item size limit',
      `${fields
        .slice(count)
        .map(([name]) => name)
        .join(', ')} left out of an item of ${size} bytes (limit ${limit})`,
    );
  }
  return count;
}
