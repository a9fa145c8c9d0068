// A hand-made setup from a plain OpenTelemetry SDK and three spawn components: the consistent
// sampler, the sanitizer, and the retrying batch processor feeding the stdout exporter.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { RetryingBatchSpanProcessor } from '@spawn/tracing-batch-processor';
import { StdoutSpanExporter } from '@spawn/tracing-exporter-stdout';
import { createSampler, FastIdGenerator } from '@spawn/tracing-sampler';
import { sanitize } from '@spawn/tracing-sanitizer';

const provider = new BasicTracerProvider({
  sampler: createSampler({ rate: 1, rules: [{ name: 'health.*', rate: 0 }] }),
  idGenerator: new FastIdGenerator(),
  spanProcessors: [
    sanitize(new RetryingBatchSpanProcessor(new StdoutSpanExporter({ destination: 'stdout' }))),
  ],
});
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);

const tracer = trace.getTracer('custom-composition');
tracer.startActiveSpan('spawn.agent.monitor', (span) => {
  span.setAttribute('spawn.instance_id', 'i-0abc1234567890def');
  span.setAttribute('db.password', 'hunter2'); // redacted before the exporter sees it
  tracer.startSpan('health.check', { root: true }).end(); // a new trace, dropped by its rule
  span.end();
});
await provider.shutdown();
