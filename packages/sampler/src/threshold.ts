/** OpenTelemetry SDKs are recommended to encode thresholds with 4 significant hex digits. */
export const DEFAULT_THRESHOLD_PRECISION = 4;

/** The smallest sampling probability consistent sampling can express: one in 2^56. */
export const MIN_PROBABILITY = 2 ** -56;

const TH_PATTERN = /^[0-9a-f]{1,14}$/;
// The float method keeps at most 13 hex digits; 12 leaves room for the rounding offset.
const MAX_DIGITS = 12;

/**
 * The rejection threshold for `probability` as a `th` value: `(1 - p) * 2^56` rounded to `precision`
 * significant hex digits, trailing zeros removed (`0.1` → `e666`, `0.01` → `fd70a`, `1` → `0`).
 * Digits after leading `f`s count towards the precision, so small probabilities stay precise.
 */
export function probabilityToThreshold(probability: number, precision = DEFAULT_THRESHOLD_PRECISION): string {
  if (typeof probability !== 'number' || !(probability > 0 && probability <= 1)) {
    throw new RangeError(`probability ${String(probability)} must be in (0, 1]`);
  }
  if (!Number.isInteger(precision) || precision < 1 || precision > 14) {
    throw new RangeError(`threshold precision ${String(precision)} must be an integer from 1 to 14`);
  }
  if (probability === 1) return '0';
  const digits = Math.max(1, Math.min(MAX_DIGITS, precision + Math.floor(binaryExponent(probability) / -4)));
  // 2 - p lies in [1, 2): its 52 fraction bits are the first 13 hex digits of the threshold.
  // Adding half a unit of the last kept digit turns the truncation below into rounding to nearest.
  const rejection = 2 - probability + 2 ** (-4 * digits - 1);
  const fraction = rejection >= 2 ? 2 ** 52 - 1 : (rejection - 1) * 2 ** 52;
  const hex = fraction.toString(16).padStart(13, '0').slice(0, digits).replace(/0+$/, '');
  return hex === '' ? '0' : hex;
}

/** The sampling probability a `th` value stands for (`e666` → 0.100006…); `undefined` if it is not a valid `th`. */
export function thresholdToProbability(th: string): number | undefined {
  const t = normalizeThreshold(th);
  if (t === undefined) return undefined;
  const padded = t.padEnd(14, '0');
  const high = Number.parseInt(padded.slice(0, 7), 16);
  const low = Number.parseInt(padded.slice(7), 16);
  return ((2 ** 28 - high) * 2 ** 28 - low) / 2 ** 56;
}

/** How many spans one span sampled with this `th` represents (`1 / probability`); `undefined` if invalid. */
export function adjustedCount(th: string): number | undefined {
  const p = thresholdToProbability(th);
  return p === undefined ? undefined : 1 / p;
}

/** A `th` value in lower case, or `undefined` when it is not 1 to 14 hex digits. */
export function normalizeThreshold(th: string): string | undefined {
  if (typeof th !== 'string') return undefined;
  const lower = th.toLowerCase();
  return TH_PATTERN.test(lower) ? lower : undefined;
}

/** The exponent `e` of `x = m * 2^e` with `m` in [0.5, 1), as C's `frexp`. */
function binaryExponent(x: number): number {
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  else if (2 ** (e + 1) <= x) e++;
  return e + 1;
}
