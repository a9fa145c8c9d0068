export { type StartTracingOptions, type TracingHandle, startTracing, startWithConfig } from './start-tracing.js';
export { LazySpanExporter } from './lazy-exporter.js';
export { defaultPropagator } from './default-propagator.js';
// Clients created before `startTracing()` (imported first, or bundled) are traced by handing them over.
export { instrumentClient } from '@spawn/tracing-instrumentation-aws-sdk';
