// Tracing set-up shared by the fixtures of this folder: W3C trace context + baggage, an in-memory exporter.
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);
propagation.setGlobalPropagator(
  new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
);

/** Prints every finished span as one JSON line on stdout, for the parent test to read. */
export function printSpans() {
  for (const s of exporter.getFinishedSpans()) {
    const { traceId, spanId } = s.spanContext();
    console.log(
      JSON.stringify({
        name: s.name,
        kind: s.kind,
        traceId,
        spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        links: s.links.length,
      }),
    );
  }
}
