/** X-Ray's name alphabet: letters, separators, digits and `_.:/%&#=+\-@` (the schema's `java_pattern`). */
const OUTSIDE_ALPHABET = /[^\p{L}\p{Z}\p{N}_.:/%&#=+\-@]/gu;
export const MAX_NAME_CODE_POINTS = 200;
/** The common case, checked without Unicode classes: ASCII letters, digits and allowed punctuation. */
const PLAIN_NAME = /^[A-Za-z0-9_.:/%&#=+\-@](?:[A-Za-z0-9 _.:/%&#=+\-@]{0,198}[A-Za-z0-9_.:/%&#=+\-@])?$/;

/** A name X-Ray accepts: disallowed characters removed, cut at 200 code points, `fallback` if empty. */
export function segmentName(raw: string, fallback: string): string {
  if (PLAIN_NAME.test(raw)) return raw;
  let name = raw.replace(OUTSIDE_ALPHABET, '').trim();
  if (name.length > MAX_NAME_CODE_POINTS)
    name = Array.from(name).slice(0, MAX_NAME_CODE_POINTS).join('').trim();
  if (name.length > 0) return name;
  return fallback === raw ? 'unknown' : segmentName(fallback, 'unknown');
}
