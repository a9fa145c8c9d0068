import { type Context, context, propagation } from '@opentelemetry/api';
import type { CarrierPropagator } from '@spawn/tracing-core';
import type { AttributeNames, ItemFormat } from './item-carrier.js';

/** Options every function of this package takes. */
export interface DynamoDbPropagationOptions {
  /** Default: the global `propagation` API (whatever propagator the SDK registered). */
  propagator?: CarrierPropagator;
  /** Inject: the context to write (default active). Extract: the context to extend (default active). */
  context?: Context;
  /** Attribute names per propagation field, e.g. `{ traceparent: 'tp' }`; default the field names. */
  attributeNames?: AttributeNames;
}

export interface InjectItemOptions extends DynamoDbPropagationOptions {
  /** Default: detected from the item's (or key's) values, `attribute-value` when there are none. */
  format?: ItemFormat;
  /** Items that would grow past this are written without trace attributes. Default 400 KB (409,600 bytes). */
  maxItemBytes?: number;
}

export function propagatorOf(options: DynamoDbPropagationOptions | undefined): CarrierPropagator {
  return options?.propagator ?? propagation;
}

export function contextOf(options: DynamoDbPropagationOptions | undefined): Context {
  return options?.context ?? context.active();
}
