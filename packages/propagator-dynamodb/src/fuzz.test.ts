import { diag, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { setUpTracing } from '@spawn/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromItem, extractFromStreamRecord } from './extract-from-item.js';

setUpTracing();
beforeAll(() => diag.disable());
afterAll(() => diag.disable());

const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF-'), minLength: n, maxLength: n });
const lower = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const valid = fc.tuple(lower(32), lower(16), lower(2)).map(([t, s, f]) => `00-${t}-${s}-${f}`);
/** A valid traceparent with one character replaced: mostly invalid, sometimes still valid. */
const mutated = fc
  .tuple(valid, fc.nat({ max: 54 }), fc.string({ minLength: 1, maxLength: 1 }))
  .map(([v, i, c]) => v.slice(0, i) + c + v.slice(i + 1));
/** Valid traceparents, near misses, random and huge strings. */
const traceparentish = fc.oneof(
  valid,
  mutated,
  fc.tuple(hex(2), hex(32), hex(16), hex(2)).map(([v, t, s, f]) => `${v}-${t}-${s}-${f}`),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    '',
    '-',
    `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`,
    `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
  ),
  fc.nat({ max: 200_000 }).map((n) => `00-${'a'.repeat(n)}`),
);
const anyValue = fc.oneof(fc.anything(), traceparentish);
/** Raw `{ S }` values, other AttributeValue shapes, document strings and anything at all. */
const attribute = fc.oneof(
  traceparentish.map((S) => ({ S })),
  traceparentish,
  fc.record({ S: anyValue, N: anyValue, M: anyValue }, { requiredKeys: [] }),
  anyValue,
);
const item = fc.oneof(
  fc.dictionary(fc.constantFrom('traceparent', 'tracestate', 'baggage', 'pk', '__proto__', 'S'), attribute),
  anyValue,
);

const VALID = /^(?!ff)[\da-f]{2}-(?![0]{32})[\da-f]{32}-(?![0]{16})[\da-f]{16}-[\da-f]{2}$/;

describe('extractFromItem under random and adversarial input', () => {
  it('never throws, finds context only in a valid traceparent, and stays within bounded time', () => {
    const started = performance.now();
    let valid = 0;
    fc.assert(
      fc.property(item, (i) => {
        const found = trace.getSpanContext(
          extractFromItem(i as Record<string, unknown>, { context: ROOT_CONTEXT }),
        );
        const record = trace.getSpanContext(
          extractFromStreamRecord(
            { dynamodb: { NewImage: i as Record<string, unknown> } },
            { context: ROOT_CONTEXT },
          ),
        );
        expect(record).toEqual(found);
        if (!found) return;
        valid++;
        const raw = (i as Record<string, unknown>)['traceparent'];
        const value = typeof raw === 'string' ? raw : (raw as { S?: unknown }).S;
        expect(typeof value === 'string' && VALID.test(value.trim())).toBe(true);
        expect(found.traceId).toBe((value as string).trim().slice(3, 35));
      }),
      { numRuns: 5_000, seed: 20_261_125 },
    );
    expect(valid).toBeGreaterThan(100);
    // A generous bound (not a speed target): 10,000 extractions, some with 200 KB values, well under 20 s.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
