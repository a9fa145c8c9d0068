import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { AwsSdkInstrumentation, type AwsSdkInstrumentationConfig } from '../src/index.js';

export interface Harness {
  instrumentation: AwsSdkInstrumentation;
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  /** Finished spans named `aws.*`, oldest first. */
  awsSpans(): ReadableSpan[];
  reset(): void;
}

let contextManagerSet = false;

/** A provider with an in-memory exporter and an enabled instrumentation feeding it. */
export function setupTracing(config: AwsSdkInstrumentationConfig = {}): Harness {
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    contextManagerSet = true;
  }
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const instrumentation = new AwsSdkInstrumentation(config);
  instrumentation.setTracerProvider(provider);
  return {
    instrumentation,
    provider,
    exporter,
    awsSpans: () => exporter.getFinishedSpans().filter((s) => s.name.startsWith('aws.')),
    reset: () => exporter.reset(),
  };
}

/** Client options for a local server that fail fast: no retries unless a test asks for them. */
export function local<T extends object>(clientConfig: T, extra: Record<string, unknown> = {}): T {
  return { ...clientConfig, maxAttempts: 1, ...extra };
}
