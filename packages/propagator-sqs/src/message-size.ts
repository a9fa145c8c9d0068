import type { MessageAttributeMap } from './message-attributes.js';

/** SQS's message size limit before August 2025, still the limit of every queue created with it. */
export const LEGACY_MAX_MESSAGE_BYTES = 262_144;
/** SQS's largest allowed message (and batch) size. */
export const MAX_MESSAGE_BYTES = 1_048_576;

/**
 * The UTF-8 size SQS counts: body, plus each attribute's name, data type and value. With `exact: false`,
 * 3 bytes per UTF-16 unit: an upper bound that needs no encoding, enough to show most messages fit.
 */
export function messageBytes(
  body: unknown,
  attributes: MessageAttributeMap | undefined,
  exact = true,
): number {
  let size = typeof body === 'string' ? text(body, exact) : 0;
  if (attributes)
    for (const name of Object.keys(attributes)) size += attributeBytes(name, attributes[name], exact);
  return size;
}

export function attributeBytes(name: string, attribute: MessageAttributeMap[string], exact = true): number {
  if (!attribute) return 0;
  let size = text(name, exact);
  if (typeof attribute.DataType === 'string') size += text(attribute.DataType, exact);
  if (typeof attribute.StringValue === 'string') size += text(attribute.StringValue, exact);
  const binary = attribute.BinaryValue;
  if (binary && typeof binary.byteLength === 'number') size += binary.byteLength;
  return size;
}

function text(s: string, exact: boolean): number {
  return exact ? Buffer.byteLength(s) : s.length * 3;
}

/**
 * The limit a message of `size` bytes is held to: a message that fits the legacy 256 KiB limit may be going
 * to a queue that still has it, so trace attributes must not push it over; a bigger one proves the queue
 * allows 1 MiB.
 */
export function messageLimit(size: number, configured: number | undefined): number {
  if (configured !== undefined) return configured;
  return size <= LEGACY_MAX_MESSAGE_BYTES ? LEGACY_MAX_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
}
