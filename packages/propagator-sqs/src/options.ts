import { type Context, context, propagation } from '@opentelemetry/api';
import type { CarrierPropagator } from '@spawn/tracing-core';
import type { AttributeNames } from './message-attributes.js';

/** Options every function of this package takes. */
export interface SqsPropagationOptions {
  /** Default: the global `propagation` API (whatever propagator the SDK registered). */
  propagator?: CarrierPropagator;
  /** Inject: the context to write (default active). Extract: the context to extend (default active). */
  context?: Context;
  /** Attribute names per propagation field, e.g. `{ traceparent: 'tp' }`; default the field names. */
  attributeNames?: AttributeNames;
}

export function propagatorOf(options: SqsPropagationOptions | undefined): CarrierPropagator {
  return options?.propagator ?? propagation;
}

export function contextOf(options: SqsPropagationOptions | undefined): Context {
  return options?.context ?? context.active();
}
