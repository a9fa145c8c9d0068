import type { HrTime } from '@opentelemetry/api';

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * An HrTime as ISO 8601 in UTC with the precision the time has: `2024-01-01T00:00:00Z`,
 * `…00.5Z`, `…00.123456789Z` (trailing zeros of the nanoseconds dropped).
 */
export function hrTimeToIso(time: HrTime): string {
  const [seconds, nanos] = time;
  if (seconds !== cachedSecond) {
    // Spans of one batch mostly share their second; formatting the date once per second saves most of the cost.
    cachedPrefix = new Date(seconds * 1000).toISOString().slice(0, 19);
    cachedSecond = seconds;
  }
  if (nanos === 0) return `${cachedPrefix}Z`;
  let fraction = String(nanos).padStart(9, '0');
  let end = fraction.length;
  while (fraction.charCodeAt(end - 1) === 48) end--;
  fraction = fraction.slice(0, end);
  return `${cachedPrefix}.${fraction}Z`;
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses what `hrTimeToIso` writes (any offset, up to nanoseconds) back to an HrTime; `undefined` if it is not such a time. */
export function isoToHrTime(text: string): HrTime | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const whole = `${match[1]}${match[3]}`;
  // Lines of one file mostly share their second: parse the date once per second seen.
  if (whole !== parsedWhole) {
    parsedSeconds = Date.parse(whole) / 1000;
    parsedWhole = whole;
  }
  if (Number.isNaN(parsedSeconds)) return undefined;
  return [parsedSeconds, match[2] ? Number(match[2].padEnd(9, '0')) : 0];
}

let parsedWhole = '';
let parsedSeconds = Number.NaN;

/** Milliseconds from `from` to `to`, exact to the nanosecond for spans of a trace. */
export function hrDiffMs(from: HrTime, to: HrTime): number {
  return (to[0] - from[0]) * 1e3 + (to[1] - from[1]) / 1e6;
}

/** Orders two HrTimes. */
export function hrCompare(a: HrTime, b: HrTime): number {
  return a[0] - b[0] || a[1] - b[1];
}
