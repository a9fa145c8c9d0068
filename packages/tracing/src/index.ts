export { type StartTracingOptions, type TracingHandle, startTracing, startWithConfig } from './start-tracing.js';
export { LazySpanExporter } from './lazy-exporter.js';
export { defaultPropagator } from './default-propagator.js';
