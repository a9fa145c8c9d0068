import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withSpan } from './with-span.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(() => exporter.reset());

describe('withSpan', () => {
  it('sets OK, ends the span and returns the value of a sync function', () => {
    const value = withSpan(tracer, 'custom.operation', (span) => {
      expect(trace.getActiveSpan()).toBe(span);
      return 42;
    });
    expect(value).toBe(42);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('custom.operation');
    expect(span?.status.code).toBe(SpanStatusCode.OK);
  });

  it('records a thrown error, sets ERROR with its message and rethrows', () => {
    const boom = new Error('operation failed');
    expect(() =>
      withSpan(tracer, 'custom.fail', () => {
        throw boom;
      }),
    ).toThrow(boom);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'operation failed' });
    expect(span?.events[0]?.name).toBe('exception');
    expect(span?.events[0]?.attributes?.['exception.message']).toBe('operation failed');
  });

  it('keeps the span active across awaits and handles rejection', async () => {
    await expect(
      withSpan(tracer, 'custom.async', async (span) => {
        await new Promise((r) => setTimeout(r, 1));
        expect(trace.getActiveSpan()).toBe(span);
        throw new Error('late');
      }),
    ).rejects.toThrow('late');
    await expect(withSpan(tracer, 'custom.ok', async () => 'done')).resolves.toBe('done');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.status.code])).toEqual([
      ['custom.async', SpanStatusCode.ERROR],
      ['custom.ok', SpanStatusCode.OK],
    ]);
  });

  it('wraps non-Error throws so the message is recorded', () => {
    expect(() =>
      withSpan(tracer, 'custom.string', () => {
        throw 'plain string';
      }),
    ).toThrow('plain string');
    expect(exporter.getFinishedSpans()[0]?.status.message).toBe('plain string');
  });
});
