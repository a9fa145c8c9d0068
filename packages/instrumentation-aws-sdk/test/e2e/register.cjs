// `node --require ./register.cjs app`: a provider with the BUILT instrumentation (CommonJS entry).
// Finished spans are printed as one `SPANS <json>` line when the process exits.
const { context } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { BasicTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { AwsSdkInstrumentation } = require('../../dist/index.cjs');

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
