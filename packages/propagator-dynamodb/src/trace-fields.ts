import { carrierDiag, injectToRecord } from '@spawn/tracing-core';
import { COMPONENT, attributeName } from './item-carrier.js';
import { type DynamoDbPropagationOptions, contextOf, propagatorOf } from './options.js';

/** [attribute name, value] pairs to write, in the propagator's order (trace context before baggage). */
export type TraceFields = [name: string, value: string][];

/** What the propagator writes for the context, renamed; empty values (an empty `tracestate`) left out. */
export function traceFields(options: DynamoDbPropagationOptions | undefined): TraceFields {
  const record = injectToRecord(propagatorOf(options), contextOf(options), COMPONENT);
  const fields: TraceFields = [];
  for (const field of Object.keys(record)) {
    const value = record[field];
    if (typeof value === 'string' && value !== '') fields.push([attributeName(options?.attributeNames, field), value]);
  }
  return fields;
}

export function skipped(reason: string, detail: string): void {
  carrierDiag(COMPONENT).report('warn', `trace attributes skipped: ${reason}`, detail);
}
