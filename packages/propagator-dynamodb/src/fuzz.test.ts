import { diag, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { anyCarrierValue, setUpTracing, traceparentish, VALID_TRACEPARENT } from '@spawn/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromItem, extractFromStreamRecord } from './extract-from-item.js';

setUpTracing();
beforeAll(() => diag.disable());
afterAll(() => diag.disable());

const anyValue = anyCarrierValue;
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

const VALID = VALID_TRACEPARENT;

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
