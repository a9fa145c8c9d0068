import { createRequire } from 'node:module';
import { context, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import { detectResources, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  type IdGenerator,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { RetryingBatchSpanProcessor } from '@spawn/tracing-batch-processor';
import {
  resolveConfig,
  spawnIdentityDetector,
  type TracingConfig,
  type TracingOptions,
} from '@spawn/tracing-core';
import { XRayIdGenerator } from '@spawn/tracing-exporter-xray';
import { createEarlySampling, createSampler, FastIdGenerator } from '@spawn/tracing-sampler';
import { sanitize } from '@spawn/tracing-sanitizer';
import { defaultPropagator } from './default-propagator.js';
import { LazySpanExporter } from './lazy-exporter.js';
import { whenAwsSdkLoads } from './when-aws-sdk-loads.js';

export interface StartTracingOptions extends TracingOptions {
  /** Use this exporter instead of the one `exporter` names (tests, custom backends). */
  spanExporter?: SpanExporter;
  /**
   * Instrument AWS SDK v3 clients (default true). `'when-loaded'` (the register hook's choice) loads the
   * instrumentation only when the process first requires an AWS SDK module.
   */
  instrumentAwsSdk?: boolean | 'when-loaded';
  /** Register the provider, propagator and context manager globally (default true). */
  registerGlobals?: boolean;
}

export interface TracingHandle {
  /** The resolved configuration in force. */
  readonly config: TracingConfig;
  /** `false` when tracing is disabled or another provider was already registered. */
  readonly active: boolean;
  /** The SDK provider, when active (the global one wraps it with early sampling). */
  readonly provider: BasicTracerProvider | undefined;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Resolves the configuration (code, environment, spawn config file, EC2 tags, defaults) and starts
 * the default spawn setup. Disabled (the default) installs nothing.
 */
export async function startTracing(options: StartTracingOptions = {}): Promise<TracingHandle> {
  const config = await resolveConfig(options);
  return startWithConfig(config, options);
}

/** Starts from an already resolved configuration, synchronously: the register hook's path. */
export function startWithConfig(config: TracingConfig, options: StartTracingOptions = {}): TracingHandle {
  if (!config.enabled) return inactive(config);

  // New traces are decided before the SDK's tracer runs: a sampled-out one costs ids and nothing else.
  const early = createEarlySampling({
    sampler: createSampler({ rate: config.samplingRate, rules: config.samplingRules }),
    idGenerator: idGeneratorFor(config),
  });
  const provider = new BasicTracerProvider({
    resource: detectResources({
      detectors: [spawnIdentityDetector({ serviceName: config.serviceName })],
    }).merge(resourceFromAttributes({ 'service.name': config.serviceName, ...config.resourceAttributes })),
    sampler: early.sampler,
    idGenerator: early.idGenerator,
    spanProcessors: [spanProcessorFor(config, options)],
  });
  const tracerProvider = early.wrap(provider);

  const registerGlobals = options.registerGlobals ?? true;
  if (registerGlobals && !trace.setGlobalTracerProvider(tracerProvider)) {
    diag.warn('@spawn/tracing: a TracerProvider is already registered; leaving it in place and not starting');
    void provider.shutdown();
    return inactive(config);
  }
  if (registerGlobals) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(defaultPropagator());
  }

  let disableInstrumentation: (() => void) | undefined;
  const instrument = options.instrumentAwsSdk ?? true;
  if (instrument === 'when-loaded') {
    // Until the trigger fires, "disable" means removing the trigger; after, disabling the instrumentation.
    disableInstrumentation = whenAwsSdkLoads(() => {
      disableInstrumentation = loadAwsSdkInstrumentation().enableAwsSdkInstrumentation(tracerProvider);
    });
  } else if (instrument) {
    disableInstrumentation = loadAwsSdkInstrumentation().enableAwsSdkInstrumentation(tracerProvider);
  }

  diag.info(
    `@spawn/tracing: started (exporter ${config.exporter}, sampling ${config.samplingRate}, service ${config.serviceName})`,
  );
  let stopped: Promise<void> | undefined;
  return {
    config,
    active: true,
    provider,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => {
      stopped ??= (async () => {
        disableInstrumentation?.();
        disableInstrumentation = undefined;
        await provider.shutdown();
        if (registerGlobals) {
          trace.disable();
          propagation.disable();
          context.disable();
        }
      })();
      return stopped;
    },
  };
}

function inactive(config: TracingConfig): TracingHandle {
  return { config, active: false, provider: undefined, forceFlush: async () => {}, shutdown: async () => {} };
}

function idGeneratorFor(config: TracingConfig): IdGenerator {
  // X-Ray rejects trace ids whose first 8 hex digits are not a recent epoch.
  return config.exporter === 'xray' ? new XRayIdGenerator() : new FastIdGenerator();
}

function spanProcessorFor(config: TracingConfig, options: StartTracingOptions): SpanProcessor {
  const exporter = options.spanExporter ?? exporterFor(config);
  // The sanitizer wraps the batch processor, so no exporter can see a span before it is clean.
  return sanitize(new RetryingBatchSpanProcessor(exporter, config.batch), config.sanitizer);
}

function exporterFor(config: TracingConfig): SpanExporter {
  const { endpoint } = config;
  switch (config.exporter) {
    case 'xray':
      return new LazySpanExporter('xray', async () => {
        const { XRaySpanExporter } = await import('@spawn/tracing-exporter-xray');
        return new XRaySpanExporter(endpoint ? { endpoint } : {});
      });
    case 'stdout':
      return new LazySpanExporter('stdout', async () => {
        const { StdoutSpanExporter } = await import('@spawn/tracing-exporter-stdout');
        return new StdoutSpanExporter(endpoint ? { destination: endpoint } : {});
      });
    case 'otlp':
      return new LazySpanExporter('otlp', async () => {
        const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
        return new OTLPTraceExporter(endpoint ? { url: endpoint } : {});
      });
    case 'none':
      // Spans are still made (for propagation and context) but go nowhere; nothing to load.
      return { export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => {} };
  }
}

/** The instrumentation's own bundle (see `aws-sdk.ts`), required synchronously when it is needed. */
function loadAwsSdkInstrumentation(): typeof import('./aws-sdk.js') {
  return createRequire(import.meta.url)('./aws-sdk.cjs') as typeof import('./aws-sdk.js');
}
