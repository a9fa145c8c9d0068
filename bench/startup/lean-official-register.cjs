// The leanest register a user could write from official packages, for the start-up comparison:
// sdk-trace-base provider + BatchSpanProcessor + AsyncLocalStorageContextManager + W3C propagator +
// @opentelemetry/instrumentation-aws-sdk, exporting JSON lines to the file in LEAN_OUTPUT.
const fs = require('node:fs');
const { context, propagation, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { W3CTraceContextPropagator, ExportResultCode, hrTimeToMicroseconds } = require('@opentelemetry/core');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { AwsInstrumentation } = require('@opentelemetry/instrumentation-aws-sdk');

const out = process.env.LEAN_OUTPUT ?? '/dev/null';
const exporter = {
  export(spans, done) {
    const lines = spans.map((s) =>
      JSON.stringify({
        trace_id: s.spanContext().traceId,
        span_id: s.spanContext().spanId,
        name: s.name,
        start_us: hrTimeToMicroseconds(s.startTime),
        duration_us: hrTimeToMicroseconds(s.duration),
        attributes: s.attributes,
      }),
    );
    fs.appendFile(out, `${lines.join('\n')}\n`, (err) =>
      done({ code: err ? ExportResultCode.FAILED : ExportResultCode.SUCCESS, error: err ?? undefined }),
    );
  },
  shutdown: async () => {},
};
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(provider);
registerInstrumentations({ tracerProvider: provider, instrumentations: [new AwsInstrumentation()] });
process.once('beforeExit', () => provider.shutdown());
