// Clients created before `startTracing()` (imported first, or bundled) are traced by handing them over.
export { instrumentClient } from '@spawn/tracing-instrumentation-aws-sdk';
export { defaultPropagator } from './default-propagator.js';
export { LazySpanExporter } from './lazy-exporter.js';
export {
  type StartTracingOptions,
  startTracing,
  startWithConfig,
  type TracingHandle,
} from './start-tracing.js';
