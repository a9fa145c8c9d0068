import { diag } from '@opentelemetry/api';
import type { ConfigLayer } from './config-layer.js';
import { BATCH_MINIMUM } from './config-sections.js';
import type { BatchConfig, TracingOptions } from './config-types.js';
import {
  invalid,
  parseBoolean,
  parseExporter,
  parseInteger,
  parseRate,
  parseString,
} from './config-values.js';

/** The environment to read: `process.env` unless a test or embedder passes its own. */
export type Env = Readonly<Record<string, string | undefined>>;

const BSP_VARIABLES: Readonly<Record<keyof BatchConfig, string | undefined>> = {
  maxExportBatchSize: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  scheduledDelayMillis: 'OTEL_BSP_SCHEDULE_DELAY',
  maxQueueSize: 'OTEL_BSP_MAX_QUEUE_SIZE',
  exportTimeoutMillis: 'OTEL_BSP_EXPORT_TIMEOUT',
  maxRetries: undefined,
};

const FIELD_VARIABLES: Readonly<Record<string, string>> = {
  enabled: 'SPAWN_TRACING_ENABLED',
  exporter: 'SPAWN_TRACING_EXPORTER',
  samplingRate: 'SPAWN_TRACING_SAMPLING_RATE',
  endpoint: 'SPAWN_TRACING_ENDPOINT',
  serviceName: 'OTEL_SERVICE_NAME',
  resourceAttributes: 'OTEL_RESOURCE_ATTRIBUTES',
  ...Object.fromEntries(
    Object.entries(BSP_VARIABLES)
      .filter(([, v]) => v)
      .map(([k, v]) => [`batch.${k}`, v as string]),
  ),
};

/** An unset or blank variable counts as absent, as the OpenTelemetry specification says. */
export function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** True when `OTEL_SDK_DISABLED` is set to true: the operator's kill switch (see {@link resolveConfig}). */
export function sdkDisabled(env: Env): boolean {
  const raw = envValue(env, 'OTEL_SDK_DISABLED');
  return raw !== undefined && parseBoolean(raw, { source: 'env', key: 'OTEL_SDK_DISABLED' });
}

/** The environment's layer: the `SPAWN_TRACING_*` variables, then the standard `OTEL_*` ones where they mean the same. */
export function envLayer(env: Env): ConfigLayer {
  const values: TracingOptions = {};
  const read = <T>(
    name: string,
    parse: (raw: string, at: { source: 'env'; key: string }) => T,
  ): T | undefined => {
    const raw = envValue(env, name);
    return raw === undefined ? undefined : parse(raw, { source: 'env', key: name });
  };

  const enabled = read('SPAWN_TRACING_ENABLED', parseBoolean);
  if (enabled !== undefined) values.enabled = enabled;
  const exporter = read('SPAWN_TRACING_EXPORTER', parseExporter);
  if (exporter !== undefined) values.exporter = exporter;
  const endpoint = read('SPAWN_TRACING_ENDPOINT', (raw, at) => parseString(raw, at));
  if (endpoint !== undefined) values.endpoint = endpoint;

  const rate = read('SPAWN_TRACING_SAMPLING_RATE', parseRate) ?? otelSamplerRate(env);
  if (rate !== undefined) values.samplingRate = rate;

  const resourceAttributes = read('OTEL_RESOURCE_ATTRIBUTES', parseResourceAttributes);
  if (resourceAttributes) values.resourceAttributes = resourceAttributes;
  const serviceName =
    read('OTEL_SERVICE_NAME', (raw, at) => parseString(raw, at, { nonEmpty: true })) ??
    resourceAttributes?.['service.name'];
  if (serviceName !== undefined) values.serviceName = serviceName;

  const batch: Partial<BatchConfig> = {};
  for (const [field, name] of Object.entries(BSP_VARIABLES) as Array<
    [keyof BatchConfig, string | undefined]
  >) {
    if (!name) continue;
    const v = read(name, (raw, at) => parseInteger(raw, at, BATCH_MINIMUM[field]));
    if (v !== undefined) batch[field] = v;
  }
  if (Object.keys(batch).length > 0) values.batch = batch;

  return { source: 'env', values, keyOf: (field) => FIELD_VARIABLES[field] ?? field };
}

const RATIO_SAMPLERS = new Set(['traceidratio', 'parentbased_traceidratio']);
const FIXED_SAMPLERS: Readonly<Record<string, number>> = {
  always_on: 1,
  parentbased_always_on: 1,
  always_off: 0,
  parentbased_always_off: 0,
};

/**
 * `OTEL_TRACES_SAMPLER_ARG` is a rate only for the ratio samplers (or when no sampler is named);
 * `always_on`/`always_off` mean rate 1/0; other samplers (jaeger_remote, xray) are not ours to read.
 */
function otelSamplerRate(env: Env): number | undefined {
  const sampler = envValue(env, 'OTEL_TRACES_SAMPLER')?.trim().toLowerCase();
  const arg = envValue(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (sampler !== undefined && sampler in FIXED_SAMPLERS) return FIXED_SAMPLERS[sampler];
  if (sampler !== undefined && !RATIO_SAMPLERS.has(sampler)) {
    diag.debug(
      `@spawn/tracing-core: OTEL_TRACES_SAMPLER=${sampler} is not a ratio sampler; its argument is ignored`,
    );
    return undefined;
  }
  return arg === undefined ? undefined : parseRate(arg, { source: 'env', key: 'OTEL_TRACES_SAMPLER_ARG' });
}

/**
 * `OTEL_RESOURCE_ATTRIBUTES`: `key=value` pairs separated by commas, keys and values percent-encoded.
 * Strict, unlike `@opentelemetry/core`'s baggage parser which drops bad entries silently: a bad entry
 * here is configuration the operator got wrong, so it is an error naming it.
 */
export function parseResourceAttributes(
  raw: string,
  at: { source: 'env'; key: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const parts = entry.split('=');
    const key = parts[0]?.trim() ?? '';
    if (parts.length !== 2 || key === '') {
      throw invalid(at, raw, `entry "${entry.trim()}" is not key=value (percent-encode "," and "=")`);
    }
    try {
      out[decodeURIComponent(key)] = decodeURIComponent((parts[1] ?? '').trim());
    } catch {
      throw invalid(at, raw, `entry "${entry.trim()}" has a bad percent-encoding`);
    }
  }
  return out;
}
