// `node --import ./register.mjs app.mjs`: import-in-the-middle's loader with the instrumentation's include
// list, then a provider with the BUILT instrumentation (ES module entry).
import { register } from 'node:module';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AwsSdkInstrumentation, INSTRUMENTED_MODULES } from '../../dist/index.js';

register('import-in-the-middle/hook.mjs', import.meta.url, { data: { include: [...INSTRUMENTED_MODULES] } });

const finished = [];
const exporter = {
  export(spans, done) {
    for (const s of spans) {
      finished.push({
        name: s.name,
        kind: s.kind,
        attributes: s.attributes,
        traceId: s.spanContext().traceId,
        parentSpanId: s.parentSpanContext?.spanId,
      });
    }
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
registerInstrumentations({ tracerProvider: provider, instrumentations: [new AwsSdkInstrumentation()] });
globalThis[Symbol.for('spawn-e2e-tracer')] = provider.getTracer('e2e');
process.on('exit', () => process.stdout.write(`SPANS ${JSON.stringify(finished)}\n`));
