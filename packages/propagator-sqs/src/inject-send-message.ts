import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { carrierDiag, injectSafely, injectToRecord, shallowCopy } from '@spawn/tracing-core';
import {
  attributeName,
  COMPONENT,
  type MessageAttributeMap,
  type MessageAttributeValueLike,
} from './message-attributes.js';
import { attributeBytes, LEGACY_MAX_MESSAGE_BYTES, messageBytes, messageLimit } from './message-size.js';
import { contextOf, propagatorOf, type SqsPropagationOptions } from './options.js';

/** SQS rejects a message with more than 10 message attributes. */
export const MAX_MESSAGE_ATTRIBUTES = 10;
const RESERVED_PREFIX = /^(aws|amazon)\./i;
/** SQS's rule for attribute names: letters, digits, `_`, `-`, `.`; no leading, trailing or double dot. */
const VALID_NAME = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_.-]{1,256}(?<!\.)$/;
const xray = new AWSXRayPropagator();

export interface InjectSendMessageOptions extends SqsPropagationOptions {
  /** Also write the X-Ray `AWSTraceHeader` system attribute (outside the 10-attribute quota). Default `false`. */
  xrayHeader?: boolean;
  /**
   * The queue's `MaximumMessageSize`. Default: 256 KiB for a message that fits it (a queue may still have
   * that legacy limit), 1 MiB for a bigger one. Trace attributes that would push a message over it are skipped.
   */
  maxMessageBytes?: number;
}

/** The parts of `SendMessage` input (and of a `SendMessageBatch` entry) this package reads and writes. */
export interface SendMessageInputLike {
  QueueUrl?: string;
  MessageBody?: string;
  MessageAttributes?: MessageAttributeMap;
  MessageSystemAttributes?: { AWSTraceHeader?: MessageAttributeValueLike };
}

/** What injection adds to a `SendMessage` input, typed so the result still fits the AWS SDK's input type. */
export interface InjectedSendMessage {
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string }>;
  MessageSystemAttributes?: { AWSTraceHeader?: { DataType: string; StringValue?: string } };
}

export interface SendMessageBatchInputLike {
  QueueUrl?: string;
  Entries?: SendMessageInputLike[];
}

/**
 * A copy of `input` carrying the trace context as message attributes (and optionally `AWSTraceHeader`).
 * Never mutates `input` and never fails the send: attributes beyond SQS's 10, with reserved names, or that
 * would make the message too big are skipped with a rate-limited `diag` warning.
 */
export function injectSendMessage<T extends SendMessageInputLike>(
  input: T,
  options?: InjectSendMessageOptions,
): T & InjectedSendMessage {
  return injectSafely(COMPONENT, input as T & InjectedSendMessage, () => {
    const plan = planOf(options);
    const out = plan ? injectEntry(input, plan, options?.maxMessageBytes) : shallowCopy(input);
    return out as T & InjectedSendMessage;
  });
}

/** A copy of `input` with every entry carrying the trace context, as `injectSendMessage` does for one. */
export function injectSendMessageBatch<T extends SendMessageBatchInputLike>(
  input: T,
  options?: InjectSendMessageOptions,
): T {
  return injectSafely(COMPONENT, input, () => {
    const entries = input.Entries;
    const plan = Array.isArray(entries) ? planOf(options) : undefined;
    if (!plan || !entries) return shallowCopy(input);
    const configured = options?.maxMessageBytes;
    const out = entries.map((entry) =>
      entry !== null && typeof entry === 'object' ? injectEntry(entry, plan, configured) : entry,
    );
    const floor = Math.min(configured ?? LEGACY_MAX_MESSAGE_BYTES, LEGACY_MAX_MESSAGE_BYTES);
    if (out.reduce((sum, e) => sum + entryUpperBound(e), 0) <= floor) return withEntries(input, out);
    // The batch as a whole has the same limit as one message: undo injections from the end until it fits.
    const before = entries.reduce((sum, e) => sum + entrySize(e), 0);
    const limit = messageLimit(before, configured);
    let total = out.reduce((sum, e) => sum + entrySize(e), 0);
    for (let i = out.length - 1; i >= 0 && total > limit; i--) {
      const original = entries[i];
      if (original === out[i] || !original) continue;
      total -= entrySize(out[i]) - entrySize(original);
      out[i] = shallowCopy(original);
      skipped('batch would exceed the size limit', `${limit} bytes`);
    }
    return withEntries(input, out);
  });
}

function withEntries<T extends SendMessageBatchInputLike>(input: T, entries: SendMessageInputLike[]): T {
  const out = shallowCopy(input);
  out.Entries = entries;
  return out;
}

interface Plan {
  /** [attribute name, value] in the propagator's order (trace context before baggage). */
  attributes: [string, string][];
  xrayHeader: string | undefined;
}

function planOf(options: InjectSendMessageOptions | undefined): Plan | undefined {
  const ctx = contextOf(options);
  const fields = injectToRecord(propagatorOf(options), ctx, COMPONENT);
  const attributes: [string, string][] = [];
  for (const field of Object.keys(fields)) {
    const value = fields[field];
    // An empty tracestate carries nothing: it must not take one of the 10 attribute slots.
    if (typeof value !== 'string' || value === '') continue;
    const name = attributeName(options?.attributeNames, field);
    if (RESERVED_PREFIX.test(name) || !VALID_NAME.test(name)) {
      skipped('attribute name reserved or invalid in SQS', JSON.stringify(name));
      continue;
    }
    attributes.push([name, value]);
  }
  const xrayHeader = options?.xrayHeader
    ? injectToRecord(xray, ctx, COMPONENT)['x-amzn-trace-id']
    : undefined;
  if (attributes.length === 0 && !xrayHeader) return undefined;
  return { attributes, xrayHeader };
}

function injectEntry<T extends SendMessageInputLike>(
  input: T,
  plan: Plan,
  configured: number | undefined,
): T {
  const existing = input.MessageAttributes;
  const hasExisting = existing !== null && typeof existing === 'object';
  const attributes: MessageAttributeMap = hasExisting ? shallowCopy(existing) : {};
  let count = 0;
  for (const name of Object.keys(attributes)) if (attributes[name] !== undefined) count++;
  const added: string[] = [];
  const overQuota: string[] = [];
  for (const [name, value] of plan.attributes) {
    const replacing = attributes[name] !== undefined && Object.hasOwn(attributes, name);
    if (!replacing && count >= MAX_MESSAGE_ATTRIBUTES) {
      overQuota.push(name);
      continue;
    }
    attributes[name] = { DataType: 'String', StringValue: value };
    if (!replacing) count++;
    added.push(name);
  }
  if (overQuota.length > 0) skipped('message already has 10 attributes', overQuota.join(', '));
  if (
    added.length > 0 &&
    tooBig(input.MessageBody, attributes, hasExisting ? existing : undefined, configured)
  ) {
    // Drop what was added, baggage first, until the message fits again.
    const limit = messageLimit(
      messageBytes(input.MessageBody, hasExisting ? existing : undefined),
      configured,
    );
    let size = messageBytes(input.MessageBody, attributes);
    while (size > limit && added.length > 0) {
      const name = added.pop()!;
      size -= attributeBytes(name, attributes[name]);
      const original = hasExisting && Object.hasOwn(existing, name) ? existing[name] : undefined;
      if (original === undefined) delete attributes[name];
      else {
        attributes[name] = original;
        size += attributeBytes(name, original);
      }
    }
    skipped('message would exceed the size limit', `${limit} bytes`);
  }
  const out: T = shallowCopy(input);
  if (added.length > 0) out.MessageAttributes = attributes;
  if (plan.xrayHeader) {
    const system = Object.assign({}, input.MessageSystemAttributes);
    system.AWSTraceHeader = { DataType: 'String', StringValue: plan.xrayHeader };
    out.MessageSystemAttributes = system;
  }
  return out;
}

function tooBig(
  body: unknown,
  attributes: MessageAttributeMap,
  existing: MessageAttributeMap | undefined,
  configured: number | undefined,
): boolean {
  const floor = Math.min(configured ?? LEGACY_MAX_MESSAGE_BYTES, LEGACY_MAX_MESSAGE_BYTES);
  if (messageBytes(body, attributes, false) <= floor) return false;
  return messageBytes(body, attributes) > messageLimit(messageBytes(body, existing), configured);
}

function entryUpperBound(entry: SendMessageInputLike | undefined): number {
  return entry !== null && typeof entry === 'object'
    ? messageBytes(entry.MessageBody, entry.MessageAttributes, false)
    : 0;
}

function entrySize(entry: SendMessageInputLike | undefined): number {
  return entry !== null && typeof entry === 'object'
    ? messageBytes(entry.MessageBody, entry.MessageAttributes)
    : 0;
}

function skipped(reason: string, detail: string): void {
  carrierDiag(COMPONENT).report('warn', `trace attributes skipped: ${reason}`, detail);
}
