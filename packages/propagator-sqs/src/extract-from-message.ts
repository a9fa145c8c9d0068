import { type Context, trace } from '@opentelemetry/api';
import { AWSXRAY_TRACE_ID_HEADER, AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { extractFromCarrier, quoteCarrierValue, reportBadCarrier } from '@spawn/tracing-core';
import {
  attributesGetter,
  COMPONENT,
  type MessageAttributeMap,
  sqsMessageAttributesGetter,
} from './message-attributes.js';
import { contextOf, propagatorOf, type SqsPropagationOptions } from './options.js';

const xray = new AWSXRayPropagator();
const headerGetter = {
  keys: () => [AWSXRAY_TRACE_ID_HEADER],
  get: (carrier: string, key: string) => (key === AWSXRAY_TRACE_ID_HEADER ? carrier : undefined),
};

/**
 * A received message, structurally: the AWS SDK's `Message` (`MessageAttributes`, `Attributes`) and a
 * Lambda SQS event record (`messageAttributes`, `attributes`).
 */
export interface ReceivedMessageLike {
  MessageId?: string;
  MessageAttributes?: MessageAttributeMap;
  Attributes?: Partial<Record<string, string>>;
  messageId?: string;
  messageAttributes?: MessageAttributeMap;
  attributes?: Partial<Record<string, string>>;
  eventSourceARN?: string;
}

export interface ExtractFromMessageOptions extends SqsPropagationOptions {
  /**
   * Which trace context wins when a message carries both message attributes and the `AWSTraceHeader`
   * system attribute. Default `traceparent` (the message attributes, read by the configured propagator).
   */
  precedence?: 'traceparent' | 'AWSTraceHeader';
}

/**
 * The context a received message carries, on top of `options.context` (default active): the configured
 * propagator reads the message attributes (trace context, baggage), the X-Ray propagator reads
 * `AWSTraceHeader` (all an X-Ray-instrumented producer sends). Bad values give the base context and a
 * rate-limited `diag` debug line; nothing throws.
 */
export function extractFromMessage(
  message: ReceivedMessageLike,
  options?: ExtractFromMessageOptions,
): Context {
  const base = contextOf(options);
  try {
    return extract(message, base, options);
  } catch (err) {
    // Only a hostile message object (throwing getters, proxies) gets here.
    reportBadCarrier(COMPONENT, 'unreadable message', String(err));
    return base;
  }
}

function extract(
  message: ReceivedMessageLike,
  base: Context,
  options: ExtractFromMessageOptions | undefined,
): Context {
  if (message === null || typeof message !== 'object') return base;
  const attributes: unknown = message.MessageAttributes ?? message.messageAttributes;
  let ctx = base;
  if (attributes !== null && typeof attributes === 'object') {
    const names = options?.attributeNames;
    const getter = names ? attributesGetter(names) : sqsMessageAttributesGetter;
    ctx = extractFromCarrier(
      propagatorOf(options),
      base,
      attributes as MessageAttributeMap,
      getter,
      COMPONENT,
    );
  }
  const header = traceHeaderOf(message.Attributes ?? message.attributes);
  if (header === undefined) return ctx;
  const found = trace.getSpanContext(ctx) !== trace.getSpanContext(base);
  if (found && options?.precedence !== 'AWSTraceHeader') return ctx;
  const fromHeader = trace.getSpanContext(extractFromCarrier(xray, base, header, headerGetter, COMPONENT));
  return fromHeader && fromHeader !== trace.getSpanContext(base)
    ? trace.setSpanContext(ctx, fromHeader)
    : ctx;
}

function traceHeaderOf(system: unknown): string | undefined {
  if (system === null || typeof system !== 'object' || !Object.hasOwn(system, 'AWSTraceHeader'))
    return undefined;
  const header: unknown = (system as Record<string, unknown>)['AWSTraceHeader'];
  if (typeof header === 'string') return header;
  reportBadCarrier(COMPONENT, 'AWSTraceHeader is not a string', quoteCarrierValue(header));
  return undefined;
}
