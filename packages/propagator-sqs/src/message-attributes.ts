import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { quoteCarrierValue, reportBadCarrier } from '@spawn/tracing-core';

export const COMPONENT = '@spawn/tracing-propagator-sqs';

/**
 * One SQS message attribute, structurally: the AWS SDK's `MessageAttributeValue` on send and receive, and
 * the lower-case form of Lambda's SQS event records (`stringValue`, `dataType`).
 */
export interface MessageAttributeValueLike {
  DataType?: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
  dataType?: string;
  stringValue?: string;
}

/** A message's attributes by name. */
export type MessageAttributeMap = Record<string, MessageAttributeValueLike | undefined>;

/** Propagation field (`traceparent`, `tracestate`, `baggage`, …) → message attribute name, where they differ. */
export type AttributeNames = Readonly<Partial<Record<string, string>>>;

/** Reads the string value of the attribute named after the field; anything else is "absent". */
export const sqsMessageAttributesGetter: TextMapGetter<MessageAttributeMap> = attributesGetter(undefined);

/** Writes `{ DataType: 'String', StringValue }` under the field's name (no quota checks: see `injectSendMessage`). */
export const sqsMessageAttributesSetter: TextMapSetter<MessageAttributeMap> = {
  set(carrier, key, value) {
    carrier[key] = { DataType: 'String', StringValue: value };
  },
};

/** The getter for a set of renamed attributes. */
export function attributesGetter(names: AttributeNames | undefined): TextMapGetter<MessageAttributeMap> {
  return {
    keys: (carrier) => (carrier !== null && typeof carrier === 'object' ? Object.keys(carrier) : []),
    get(carrier, field) {
      if (carrier === null || typeof carrier !== 'object') return undefined;
      const name = names?.[field] ?? field;
      if (!Object.hasOwn(carrier, name)) return undefined;
      const attribute: unknown = carrier[name];
      if (attribute !== null && typeof attribute === 'object') {
        const { StringValue, stringValue } = attribute as MessageAttributeValueLike;
        const value: unknown = StringValue ?? stringValue;
        if (typeof value === 'string') return value;
      }
      reportBadCarrier(
        COMPONENT,
        'attribute without a string value',
        `${name}=${quoteCarrierValue(attribute)}`,
      );
      return undefined;
    },
  };
}

/** The attribute name a propagation field is written under. */
export function attributeName(names: AttributeNames | undefined, field: string): string {
  return names?.[field] ?? field;
}
