import { diag, ROOT_CONTEXT, type TextMapPropagator, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { setUpTracing } from '@spawn/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromMessage } from './extract-from-message.js';

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
    '00',
    `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`,
    `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
  ),
  fc.nat({ max: 200_000 }).map((n) => `00-${'a'.repeat(n)}`),
);
const anyValue = fc.oneof(fc.anything(), traceparentish);
const attribute = fc.oneof(
  traceparentish.map((StringValue) => ({ DataType: 'String', StringValue })),
  fc.record({ DataType: anyValue, StringValue: anyValue }, { requiredKeys: [] }),
  anyValue,
);
const message = fc.record(
  {
    MessageAttributes: fc.oneof(
      fc.dictionary(fc.constantFrom('traceparent', 'tracestate', 'baggage', 'x'), attribute),
      anyValue,
    ),
    Attributes: fc.oneof(
      fc.record({ AWSTraceHeader: fc.oneof(fc.string({ maxLength: 200 }), anyValue) }),
      anyValue,
    ),
    messageAttributes: anyValue,
  },
  { requiredKeys: [] },
);

/** The W3C grammar, independently: what a valid traceparent is. */
const VALID = /^(?!ff)[\da-f]{2}-(?![0]{32})[\da-f]{32}-(?![0]{16})[\da-f]{16}-[\da-f]{2}$/;
const xray = new AWSXRayPropagator();

describe('extractFromMessage under random and adversarial input', () => {
  it('never throws, finds context only in valid input, and stays within bounded time', () => {
    const started = performance.now();
    let found = 0;
    fc.assert(
      fc.property(message, (m) => {
        const ctx = extractFromMessage(m as never, { context: ROOT_CONTEXT });
        if (!trace.getSpanContext(ctx)) return;
        found++;
        // Anything found came from a valid traceparent attribute or a valid AWSTraceHeader.
        const tp = (m.MessageAttributes as Record<string, { StringValue?: unknown }> | undefined)?.[
          'traceparent'
        ];
        const fromAttribute = typeof tp?.StringValue === 'string' && VALID.test(tp.StringValue.trim());
        const header = (m.Attributes as { AWSTraceHeader?: unknown } | undefined)?.AWSTraceHeader;
        const fromHeader =
          typeof header === 'string' &&
          trace.getSpanContext(
            xray.extract(
              ROOT_CONTEXT,
              { 'x-amzn-trace-id': header },
              { get: (c, k) => c[k], keys: Object.keys },
            ),
          ) !== undefined;
        expect(fromAttribute || fromHeader).toBe(true);
      }),
      { numRuns: 5_000, seed: 20_261_125 },
    );
    // The generators reach the interesting cases: some messages do carry a valid context.
    expect(found).toBeGreaterThan(100);
    // A generous bound (not a speed target): 5,000 messages, some with 200 KB values, in well under 20 s.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('hands the propagator at most 512 characters of a 10 MB traceparent', () => {
    const w3c = new W3CTraceContextPropagator();
    const seen: number[] = [];
    const recording: TextMapPropagator = {
      inject: () => undefined,
      fields: () => w3c.fields(),
      extract(ctx, carrier, getter) {
        const value = getter.get(carrier, 'traceparent');
        if (typeof value === 'string') seen.push(value.length);
        return w3c.extract(ctx, carrier, getter);
      },
    };
    const huge = {
      MessageAttributes: { traceparent: { DataType: 'String', StringValue: `00-${'a'.repeat(10_000_000)}` } },
    };
    expect(
      trace.getSpanContext(extractFromMessage(huge, { context: ROOT_CONTEXT, propagator: recording })),
    ).toBeUndefined();
    expect(seen).toEqual([512]);
  });
});
