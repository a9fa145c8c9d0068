/**
 * The longest value read from a carrier for each propagation field before any parser sees it. A hostile
 * 10 MB header then costs no more than a normal one: parsers only ever see a bounded string.
 * `traceparent` needs 55 characters (longer only in future versions); W3C suggests 512 for `tracestate`
 * and 8192 for `baggage`; X-Ray headers are a few hundred bytes.
 */
export const CARRIER_VALUE_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  traceparent: 512,
  tracestate: 4096,
  baggage: 8192,
  'x-amzn-trace-id': 2048,
});

/** The cap for fields not in `CARRIER_VALUE_LIMITS`. */
export const DEFAULT_CARRIER_VALUE_LIMIT = 8192;

/** List-valued fields are cut at a member boundary, so the part kept still parses as whole members. */
const LIST_FIELDS = new Set(['tracestate', 'baggage']);

/** The limit for one propagation field. */
export function carrierValueLimit(field: string): number {
  return CARRIER_VALUE_LIMITS[field] ?? DEFAULT_CARRIER_VALUE_LIMIT;
}

/**
 * `value` cut to the limit of `field`. Single-valued fields are cut at the limit (a cut `traceparent`
 * stays invalid when the whole was, because its length already rules it out for version 00); list fields
 * are cut after the last whole member that fits.
 */
export function capCarrierValue(field: string, value: string): string {
  const limit = carrierValueLimit(field);
  if (value.length <= limit) return value;
  if (!LIST_FIELDS.has(field)) return value.slice(0, limit);
  const comma = value.lastIndexOf(',', limit);
  return comma > 0 ? value.slice(0, comma) : '';
}
