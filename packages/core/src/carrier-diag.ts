import { globalSlot } from './global-slot.js';
import { RateLimitedDiag } from './rate-limited-diag.js';

/**
 * The process-wide rate-limited reporter for carrier problems of one component (missing, malformed,
 * oversized or wrongly typed trace fields, skipped injections): one line per kind per interval, with counts.
 */
export function carrierDiag(component: string): RateLimitedDiag {
  return globalSlot(`carrier-diag:${component}`, () => new RateLimitedDiag(component));
}

/** Counts one unusable carrier value at debug level: bad input from the wire is expected, never an error. */
export function reportBadCarrier(component: string, reason: string, detail = ''): void {
  carrierDiag(component).report('debug', `bad carrier: ${reason}`, detail);
}

/** A value described for a diagnostic line in bounded time: strings quoted and cut to 64 characters, others by type. */
export function quoteCarrierValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 64)}`;
}
