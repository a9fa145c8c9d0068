import fc from 'fast-check';

const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF-'), minLength: n, maxLength: n });
const lower = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });

/** Valid W3C traceparents. */
export const validTraceparent = fc
  .tuple(lower(32), lower(16), lower(2))
  .map(([t, s, f]) => `00-${t}-${s}-${f}`);

/** A valid traceparent with one character replaced: mostly invalid, sometimes still valid. */
const mutated = fc
  .tuple(validTraceparent, fc.nat({ max: 54 }), fc.string({ minLength: 1, maxLength: 1 }))
  .map(([v, i, c]) => v.slice(0, i) + c + v.slice(i + 1));

/** Valid traceparents, near misses (upper-case, all-zero ids, version ff), random and huge strings. */
export const traceparentish = fc.oneof(
  validTraceparent,
  mutated,
  fc.tuple(hex(2), hex(32), hex(16), hex(2)).map(([v, t, s, f]) => `${v}-${t}-${s}-${f}`),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    '',
    '-',
    '00',
    `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`,
    `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
  ),
  fc.nat({ max: 200_000 }).map((n) => `00-${'a'.repeat(n)}`),
);

/** Anything at all, or something that looks like a traceparent. */
export const anyCarrierValue = fc.oneof(fc.anything(), traceparentish);

/** The W3C grammar, written independently of any parser: what a valid traceparent is. */
export const VALID_TRACEPARENT =
  /^(?!ff)[\da-f]{2}-(?![0]{32})[\da-f]{32}-(?![0]{16})[\da-f]{16}-[\da-f]{2}$/;
