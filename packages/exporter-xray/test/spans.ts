import { type Attributes, type Context, ROOT_CONTEXT, type SpanOptions, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  type IdGenerator,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
} from '@opentelemetry/sdk-trace-base';

/** A fixed epoch (2026-11-25T00:00:00Z) so golden documents do not depend on the clock. */
export const EPOCH = 1_795_564_800;
export const EPOCH_HEX = EPOCH.toString(16);

/** Deterministic ids: trace ids carry EPOCH in their first 8 hex digits, as X-Ray ids do. */
export class CountingIds implements IdGenerator {
  private trace = 0;
  private span = 0;
  generateTraceId(): string {
    return EPOCH_HEX + (++this.trace).toString(16).padStart(24, '0');
  }
  generateSpanId(): string {
    return (++this.span).toString(16).padStart(16, '0');
  }
}

/** A real SDK tracer whose finished spans are collected. */
export function testTracer(resource: Attributes = { 'service.name': 'spored' }) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    idGenerator: new CountingIds(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  return {
    tracer,
    /** Starts a span at EPOCH + `at` seconds under `parent` (a span or a context). */
    start(name: string, options: SpanOptions = {}, parent?: Span | Context, at = 1): Span {
      const ctx =
        parent === undefined
          ? ROOT_CONTEXT
          : 'spanContext' in parent
            ? trace.setSpan(ROOT_CONTEXT, parent)
            : parent;
      return tracer.startSpan(name, { startTime: [EPOCH + at, 0], ...options }, ctx) as Span;
    },
    /** Ends `span` `seconds` after EPOCH + 1 and returns it as exported. */
    end(span: Span, seconds = 0.25): ReadableSpan {
      const startSeconds = span.startTime[0] + span.startTime[1] / 1e9;
      span.end((startSeconds + seconds) * 1000);
      return span;
    },
    finished: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
  };
}

/** A remote parent context (as a propagator extracts it). */
export function remoteParent(traceId: string, spanId: string): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: 1, isRemote: true });
}
