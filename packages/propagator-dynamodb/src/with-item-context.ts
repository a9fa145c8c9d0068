import { type Attributes, type Span, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { type ContinueTraceOptions, continueTrace } from '@spawn/tracing-core';
import { extractFromItem } from './extract-from-item.js';
import { COMPONENT, type DynamoDbItem } from './item-carrier.js';
import type { DynamoDbPropagationOptions } from './options.js';

export interface WithItemContextOptions
  extends DynamoDbPropagationOptions,
    Pick<ContinueTraceOptions, 'link' | 'links'> {
  /** Default: `trace.getTracer('@spawn/tracing-propagator-dynamodb')`. */
  tracer?: Tracer;
  /** The table the item came from: names the span and sets `aws.dynamodb.table_names`. */
  table?: string;
  /** Default `{table} process` (`dynamodb process` without a table). */
  name?: string;
  /** Default `CONSUMER`: the item hands work from one instance to another. */
  kind?: SpanKind;
  attributes?: Attributes;
}

/**
 * Runs `fn` inside a span continuing the trace the item carries: a child of the writer's span, or (with
 * `link: true`) a span of the current trace linked to it. Returns `fn`'s result, sync or async; a throw or
 * rejection is recorded on the span and passed on.
 */
export function withItemContext<T>(
  item: DynamoDbItem | undefined,
  fn: (span: Span) => T,
  options?: WithItemContextOptions,
): T {
  const remote = extractFromItem(item, options);
  const table = options?.table;
  const attributes: Attributes = { 'db.system.name': 'aws.dynamodb' };
  if (table) attributes['aws.dynamodb.table_names'] = [table];
  if (options?.attributes) Object.assign(attributes, options.attributes);
  const continueOptions: ContinueTraceOptions = { kind: options?.kind ?? SpanKind.CONSUMER, attributes };
  if (options?.link) continueOptions.link = true;
  if (options?.links) continueOptions.links = options.links;
  const tracer = options?.tracer ?? trace.getTracer(COMPONENT);
  return continueTrace(
    tracer,
    options?.name ?? `${table || 'dynamodb'} process`,
    remote,
    fn,
    continueOptions,
  );
}
