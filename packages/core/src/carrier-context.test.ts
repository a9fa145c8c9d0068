import {
  DiagLogLevel,
  defaultTextMapGetter,
  diag,
  ROOT_CONTEXT,
  type TextMapPropagator,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { extractFromCarrier, injectToRecord, propagatorFields } from './carrier-context.js';

const lines: string[] = [];
beforeEach(() => {
  lines.length = 0;
  diag.disable();
  const log = (m: string) => lines.push(m);
  diag.setLogger(
    { error: log, warn: log, info: log, debug: log, verbose: log },
    { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
  );
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('@spawn/tracing:carrier-diag:test')];
});

const w3c = new W3CTraceContextPropagator();
const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const throwing: TextMapPropagator = {
  inject(_, carrier: Record<string, string>) {
    carrier['a'] = '1';
    throw new Error('inject boom');
  },
  extract() {
    throw new Error('extract boom');
  },
  fields() {
    throw new Error('fields boom');
  },
};

describe('extractFromCarrier / injectToRecord', () => {
  it('round-trips through a plain record', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    });
    const record = injectToRecord(w3c, ctx, 'test');
    expect(record).toEqual({ traceparent: TP });
    expect(
      trace.getSpanContext(extractFromCarrier(w3c, ROOT_CONTEXT, record, defaultTextMapGetter, 'test'))
        ?.spanId,
    ).toBe('00f067aa0ba902b7');
  });

  it('cuts oversized values and reports an invalid carrier at debug level', () => {
    const out = extractFromCarrier(
      w3c,
      ROOT_CONTEXT,
      { traceparent: `${TP}${'x'.repeat(1e6)}` },
      defaultTextMapGetter,
      'test',
    );
    expect(out).toBe(ROOT_CONTEXT);
    expect(lines.filter((l) => l.startsWith('test:'))).toEqual([
      'test: bad carrier: oversized value cut (1 since last report): traceparent of 1000055 characters',
      `test: bad carrier: no valid trace context (1 since last report): traceparent="${TP}xxxxxxxxx…"`,
    ]);
  });

  it('contains a throwing propagator or getter', () => {
    expect(extractFromCarrier(throwing, ROOT_CONTEXT, {}, defaultTextMapGetter, 'test')).toBe(ROOT_CONTEXT);
    const badGetter = {
      keys: () => [],
      get: () => {
        throw new Error('getter boom');
      },
    };
    expect(extractFromCarrier(w3c, ROOT_CONTEXT, {}, badGetter, 'test')).toBe(ROOT_CONTEXT);
    expect(injectToRecord(throwing, ROOT_CONTEXT, 'test')).toEqual({ a: '1' });
    expect(propagatorFields(throwing, 'test')).toEqual([]);
    expect(lines.some((l) => l.includes('propagator threw on inject'))).toBe(true);
  });
});
