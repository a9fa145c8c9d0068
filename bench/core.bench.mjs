import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { withSpan } from '@spawn/tracing-core';
import { compare } from './lib.mjs';

export default async function () {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const tracer = new BasicTracerProvider().getTracer('bench');
  const noop = trace.getTracer('noop');
  const work = () => 1;
  return [
    await compare('core: withSpan around a sync function (recording span, no processor)', {
      'startActiveSpan + try/finally by hand': () =>
        tracer.startActiveSpan('custom.operation', (span) => {
          try {
            return work();
          } finally {
            span.end();
          }
        }),
      'withSpan (@spawn/tracing-core)': () => withSpan(tracer, 'custom.operation', work),
      'withSpan on the API no-op tracer': () => withSpan(noop, 'custom.operation', work),
    }),
  ];
}
