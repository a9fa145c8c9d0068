import { TraceFlags, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { DroppedRootSpan } from './dropped-root-span.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('DroppedRootSpan', () => {
  it('draws its span id on the first read of its context, once', () => {
    let drawn = 0;
    const ids = { generateTraceId: () => TRACE_ID, generateSpanId: () => `00f067aa0ba902b${drawn++}` };
    const span = new DroppedRootSpan(TRACE_ID, undefined, ids);
    span
      .setAttributes({ a: 1 })
      .addLink({ context: { traceId: TRACE_ID, spanId: '1'.repeat(16), traceFlags: 0 } });
    span.end();
    expect(drawn).toBe(0);
    const sc = span.spanContext();
    expect(sc).toEqual({
      traceId: TRACE_ID,
      spanId: '00f067aa0ba902b0',
      traceFlags: TraceFlags.NONE,
      traceState: undefined,
    });
    expect(span.spanContext()).toBe(sc);
    expect(drawn).toBe(1);
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(sc)).toBe(true);
  });
});
