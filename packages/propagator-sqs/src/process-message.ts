import { type Attributes, type Span, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { type ContinueTraceOptions, continueTrace } from '@spawn/tracing-core';
import {
  type ExtractFromMessageOptions,
  extractFromMessage,
  type ReceivedMessageLike,
} from './extract-from-message.js';
import { COMPONENT } from './message-attributes.js';

export interface ProcessMessageOptions
  extends ExtractFromMessageOptions,
    Pick<ContinueTraceOptions, 'link' | 'links'> {
  /** Default: `trace.getTracer('@spawn/tracing-propagator-sqs')`. */
  tracer?: Tracer;
  /** The queue name or URL; names the span and sets `messaging.destination.name`. */
  queue?: string;
  /** Default `{queue} process` (`sqs process` without a queue). */
  name?: string;
  /** More span attributes. */
  attributes?: Attributes;
}

/**
 * Runs `fn` inside a CONSUMER span continuing the message's trace: a child of the producer's span, or
 * (with `link: true`, for batches) a span of the current trace linked to it. Returns `fn`'s result, sync or
 * async; a throw or rejection is recorded on the span and passed on.
 */
export function processMessage<T>(
  message: ReceivedMessageLike,
  fn: (span: Span) => T,
  options?: ProcessMessageOptions,
): T {
  const remote = extractFromMessage(message, options);
  const attributes: Attributes = { 'messaging.system': 'aws_sqs', 'messaging.operation.type': 'process' };
  let queue: string | undefined;
  try {
    queue = queueName(options?.queue ?? arnOf(message));
    if (queue) attributes['messaging.destination.name'] = queue;
    const id = messageIdOf(message);
    if (id) attributes['messaging.message.id'] = id;
  } catch {
    // A hostile message object: the span goes without these attributes.
  }
  if (options?.attributes) Object.assign(attributes, options.attributes);
  const tracer = options?.tracer ?? trace.getTracer(COMPONENT);
  const name = options?.name ?? `${queue || 'sqs'} process`;
  const continueOptions: ContinueTraceOptions = { kind: SpanKind.CONSUMER, attributes };
  if (options?.link) continueOptions.link = true;
  if (options?.links) continueOptions.links = options.links;
  return continueTrace(tracer, name, remote, fn, continueOptions);
}

/** The queue name of a URL (`…/123456789012/jobs` → `jobs`) or ARN (`arn:aws:sqs:…:jobs` → `jobs`). */
export function queueName(queue: string | undefined): string | undefined {
  if (typeof queue !== 'string') return undefined;
  const cut = Math.max(queue.lastIndexOf('/'), queue.startsWith('arn:') ? queue.lastIndexOf(':') : -1);
  return queue.slice(cut + 1) || undefined;
}

function arnOf(message: ReceivedMessageLike): string | undefined {
  return message !== null && typeof message === 'object' && typeof message.eventSourceARN === 'string'
    ? message.eventSourceARN
    : undefined;
}

function messageIdOf(message: ReceivedMessageLike): string | undefined {
  if (message === null || typeof message !== 'object') return undefined;
  const id = message.MessageId ?? message.messageId;
  return typeof id === 'string' ? id : undefined;
}
