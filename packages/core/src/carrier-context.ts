import {
  type Context,
  defaultTextMapSetter,
  type TextMapGetter,
  type TextMapPropagator,
  trace,
} from '@opentelemetry/api';
import { carrierDiag, quoteCarrierValue, reportBadCarrier } from './carrier-diag.js';
import { capCarrierValue } from './carrier-value.js';

/**
 * What the carrier helpers need from a propagator: the global `propagation` API and any
 * `TextMapPropagator` (W3C, X-Ray, composite) both fit.
 */
export type CarrierPropagator = Pick<TextMapPropagator, 'inject' | 'extract' | 'fields'>;

/**
 * `propagator.extract` made safe for values from the wire: every value is cut to its field's limit before
 * the propagator parses it, a throwing getter or propagator yields `base`, and a carrier that had trace
 * fields but gave no valid span context is counted through `diag` (debug, rate-limited).
 */
export function extractFromCarrier<C>(
  propagator: CarrierPropagator,
  base: Context,
  carrier: C,
  getter: TextMapGetter<C>,
  component: string,
): Context {
  let seenField: string | undefined;
  let seenValue: string | undefined;
  const guarded: TextMapGetter<C> = {
    keys: (c) => getter.keys(c),
    get(c, field) {
      const value = getter.get(c, field);
      if (value === undefined) return undefined;
      if (typeof value === 'string') {
        if (field !== 'baggage' && seenField === undefined) {
          seenField = field;
          seenValue = value;
        }
        return cap(field, value, component);
      }
      // Only the first entry of a repeated field is used by the W3C propagator; cap each anyway.
      if (Array.isArray(value))
        return value.filter((v) => typeof v === 'string').map((v) => cap(field, v, component));
      return undefined;
    },
  };
  let result: Context;
  try {
    result = propagator.extract(base, carrier, guarded);
  } catch (err) {
    carrierDiag(component).report('debug', 'propagator threw on extract', String(err));
    return base;
  }
  if (seenField !== undefined && trace.getSpanContext(result) === trace.getSpanContext(base)) {
    reportBadCarrier(component, 'no valid trace context', `${seenField}=${quoteCarrierValue(seenValue)}`);
  }
  return result;
}

function cap(field: string, value: string, component: string): string {
  const capped = capCarrierValue(field, value);
  if (capped !== value)
    reportBadCarrier(component, 'oversized value cut', `${field} of ${value.length} characters`);
  return capped;
}

/**
 * The fields `propagator` writes for `ctx`, as a plain object in the propagator's order. A throwing
 * propagator yields what it wrote before throwing, counted through `diag`.
 */
export function injectToRecord(
  propagator: CarrierPropagator,
  ctx: Context,
  component: string,
): Record<string, string> {
  const fields: Record<string, string> = {};
  try {
    propagator.inject(ctx, fields, defaultTextMapSetter);
  } catch (err) {
    carrierDiag(component).report('warn', 'propagator threw on inject', String(err));
  }
  return fields;
}

/** `propagator.fields()`, or none when it throws. */
export function propagatorFields(propagator: CarrierPropagator, component: string): string[] {
  try {
    return propagator.fields();
  } catch (err) {
    carrierDiag(component).report('warn', 'propagator threw on fields', String(err));
    return [];
  }
}

/**
 * Runs an injection; whatever it throws (hostile input: proxies with throwing traps, frozen objects written
 * in place) is counted through `diag` and the caller's input goes out unchanged, so the AWS call still runs.
 */
export function injectSafely<T>(component: string, input: T, inject: () => T): T {
  try {
    return inject();
  } catch (err) {
    carrierDiag(component).report('warn', 'trace context not injected', String(err));
    return input;
  }
}
