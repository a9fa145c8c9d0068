import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  type Link,
  propagation,
  type Span,
  type SpanKind,
  type SpanOptions,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { withSpan } from './with-span.js';

export interface ContinueTraceOptions {
  /**
   * `true`: the span's parent stays the active context and the remote span context becomes a link (batch
   * consumers: one span per message, many producers). Default `false`: the span is a child of the remote one.
   */
  link?: boolean;
  kind?: SpanKind;
  attributes?: Attributes;
  /** More links, kept before the remote one. */
  links?: Link[];
}

/**
 * Runs `fn` inside a span that continues `remote` (a context extracted from a carrier): a child of its span
 * context, or linked to it with `link: true`, with the `withSpan` lifecycle (status, exception, end).
 * Without a span context in `remote` the span is a child of whatever `remote` holds (or a root).
 */
export function continueTrace<T>(
  tracer: Tracer,
  name: string,
  remote: Context,
  fn: (span: Span) => T,
  options: ContinueTraceOptions = {},
): T {
  const spanOptions: SpanOptions = {};
  if (options.kind !== undefined) spanOptions.kind = options.kind;
  if (options.attributes) spanOptions.attributes = options.attributes;
  if (options.links) spanOptions.links = options.links;
  if (!options.link) return context.with(remote, () => withSpan(tracer, name, fn, spanOptions));

  const active = context.active();
  const remoteSpan = trace.getSpanContext(remote);
  // An extraction that found nothing returns the active context: linking to our own parent would be noise.
  if (remoteSpan && isSpanContextValid(remoteSpan) && remoteSpan !== trace.getSpanContext(active)) {
    spanOptions.links = [...(options.links ?? []), { context: remoteSpan }];
  }
  const baggage = propagation.getBaggage(remote);
  const parent =
    baggage && !propagation.getBaggage(active) ? propagation.setBaggage(active, baggage) : active;
  return context.with(parent, () => withSpan(tracer, name, fn, spanOptions));
}
