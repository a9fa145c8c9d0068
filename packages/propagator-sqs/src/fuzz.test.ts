import { diag, ROOT_CONTEXT, type TextMapPropagator, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { anyCarrierValue, setUpTracing, traceparentish, VALID_TRACEPARENT } from '@spawn/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromMessage } from './extract-from-message.js';

setUpTracing();
beforeAll(() => diag.disable());
afterAll(() => diag.disable());

const anyValue = anyCarrierValue;
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

const VALID = VALID_TRACEPARENT;
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
