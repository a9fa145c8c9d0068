import { carrierDiag, injectToRecord } from '@spawn/tracing-core';
import { attributeName, COMPONENT } from './item-carrier.js';
import { contextOf, type DynamoDbPropagationOptions, propagatorOf } from './options.js';

/** [attribute name, value] pairs to write, in the propagator's order (trace context before baggage). */
export type TraceFields = [name: string, value: string][];

/** What the propagator writes for the context, renamed; empty values (an empty `tracestate`) left out. */
export function traceFields(options: DynamoDbPropagationOptions | undefined): TraceFields {
  const record = injectToRecord(propagatorOf(options), contextOf(options), COMPONENT);
  const fields: TraceFields = [];
  for (const field of Object.keys(record)) {
    const value = record[field];
    if (typeof value !== 'string' || value === '') continue;
    const name = attributeName(options?.attributeNames, field);
    // DynamoDB refuses an empty attribute name: the whole write would fail.
    if (name === '') skipped('empty attribute name', field);
    else fields.push([name, value]);
  }
  return fields;
}

export function skipped(reason: string, detail: string): void {
  carrierDiag(COMPONENT).report('warn', `trace attributes skipped: ${reason}`, detail);
}
