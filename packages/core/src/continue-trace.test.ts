import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { continueTrace } from './continue-trace.js';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
  'test',
);
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(() => exporter.reset());

const remoteSpan = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: 1,
  isRemote: true,
};
const remote = propagation.setBaggage(
  trace.setSpanContext(ROOT_CONTEXT, remoteSpan),
  propagation.createBaggage({ job: { value: '7' } }),
);

describe('continueTrace', () => {
  it('makes a child of the remote span, with the remote baggage active', () => {
    const value = continueTrace(
      tracer,
      'consume',
      remote,
      () => propagation.getActiveBaggage()?.getEntry('job')?.value,
      {
        kind: SpanKind.CONSUMER,
        attributes: { a: 1 },
      },
    );
    expect(value).toBe('7');
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext?.spanId).toBe(remoteSpan.spanId);
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.attributes).toEqual({ a: 1 });
  });

  it('links to the remote span and keeps the active parent with link: true', () => {
    const parent = tracer.startSpan('batch', {}, ROOT_CONTEXT);
    const value = context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
      continueTrace(tracer, 'consume', remote, () => propagation.getActiveBaggage()?.getEntry('job')?.value, {
        link: true,
      }),
    );
    expect(value).toBe('7');
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span?.links.map((l) => l.context.spanId)).toEqual([remoteSpan.spanId]);
  });

  it('does not link to its own parent when nothing was extracted', () => {
    const parent = tracer.startSpan('batch', {}, ROOT_CONTEXT);
    const active = trace.setSpan(ROOT_CONTEXT, parent);
    context.with(active, () => continueTrace(tracer, 'consume', active, () => 1, { link: true }));
    expect(exporter.getFinishedSpans()[0]?.links).toEqual([]);
  });
});
