import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { quoteCarrierValue, reportBadCarrier } from '@spawn/tracing-core';

export const COMPONENT = '@spawn/tracing-propagator-dynamodb';

/**
 * A DynamoDB item, structurally: a raw `AttributeValue` map (`{ traceparent: { S: '00-…' } }`) as
 * `@aws-sdk/client-dynamodb` uses, or a `@aws-sdk/lib-dynamodb` document (`{ traceparent: '00-…' }`).
 */
export type DynamoDbItem = Record<string, unknown>;

/** How trace fields are written: `{ S: value }` (`attribute-value`) or the plain string (`document`). */
export type ItemFormat = 'attribute-value' | 'document';

/** Propagation field (`traceparent`, `tracestate`, `baggage`, …) → item attribute name, where they differ. */
export type AttributeNames = Readonly<Partial<Record<string, string>>>;

/** Reads a field as an `S` value or a plain string; any other type counts as absent (and is reported). */
export const dynamoDbItemGetter: TextMapGetter<DynamoDbItem> = itemGetter(undefined);

/** Writes `{ S: value }`: for raw `AttributeValue` items. */
export const dynamoDbItemSetter: TextMapSetter<DynamoDbItem> = {
  set(carrier, key, value) {
    carrier[key] = { S: value };
  },
};

/** Writes the plain string: for `@aws-sdk/lib-dynamodb` document items. */
export const dynamoDbDocumentItemSetter: TextMapSetter<DynamoDbItem> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/** The getter for a set of renamed attributes. */
export function itemGetter(names: AttributeNames | undefined): TextMapGetter<DynamoDbItem> {
  return {
    keys: (item) => (item !== null && typeof item === 'object' ? Object.keys(item) : []),
    get(item, field) {
      if (item === null || typeof item !== 'object') return undefined;
      const name = names?.[field] ?? field;
      if (!Object.hasOwn(item, name)) return undefined;
      const value = item[name];
      if (typeof value === 'string') return value;
      if (value !== null && typeof value === 'object' && Object.hasOwn(value, 'S')) {
        const s: unknown = (value as { S: unknown }).S;
        if (typeof s === 'string') return s;
      }
      reportBadCarrier(COMPONENT, 'attribute is not a string', `${name}=${quoteCarrierValue(value)}`);
      return undefined;
    },
  };
}

export function attributeName(names: AttributeNames | undefined, field: string): string {
  return names?.[field] ?? field;
}

const ATTRIBUTE_VALUE_KEYS = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);

/** Whether `value` is shaped as one raw `AttributeValue` (an object with exactly one type key). */
export function isAttributeValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value))
    return false;
  let only: string | undefined;
  for (const key in value) {
    if (only !== undefined) return false;
    only = key;
  }
  return only !== undefined && ATTRIBUTE_VALUE_KEYS.has(only);
}

/**
 * The format of an item (or key) by its values: any value that is not a raw `AttributeValue` makes it a
 * document. An empty map gives `fallback`.
 */
export function detectFormat(map: unknown, fallback: ItemFormat = 'attribute-value'): ItemFormat {
  if (map === null || typeof map !== 'object') return fallback;
  let any = false;
  for (const key in map) {
    any = true;
    if (!isAttributeValue((map as DynamoDbItem)[key])) return 'document';
  }
  return any ? 'attribute-value' : fallback;
}

/** One field's value in the item's format. */
export function formatValue(format: ItemFormat, value: string): unknown {
  return format === 'document' ? value : { S: value };
}
