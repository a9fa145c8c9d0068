import { type Env, envLayer, sdkDisabled } from './config-env.js';
import { fileLayer, readSpawnFile, type YamlParser } from './config-file.js';
import type { ConfigLayer } from './config-layer.js';
import { parseBatch, parseSamplingRules, parseSanitizer } from './config-sections.js';
import {
  type BatchConfig,
  DEFAULT_BATCH_CONFIG,
  type TracingConfig,
  type TracingOptions,
} from './config-types.js';
import {
  invalid,
  parseBoolean,
  parseExporter,
  parseMapping,
  parseRate,
  parseString,
  type ValueOrigin,
} from './config-values.js';
import type { ImdsOptions } from './imds.js';
import { type InstanceTagsOptions, readInstanceTags, SPAWN_TRACING_TAGS } from './instance-tags.js';

/** The values nothing else set. */
export const DEFAULT_TRACING_CONFIG: Readonly<
  Pick<TracingConfig, 'enabled' | 'exporter' | 'samplingRate' | 'endpoint' | 'serviceName'>
> = Object.freeze({
  enabled: false,
  exporter: 'xray',
  samplingRate: 0.1,
  endpoint: '',
  serviceName: 'spored',
});

/** Where the sources are: for tests and embedders; normally nothing needs setting. */
export interface ConfigSourceOptions extends ImdsOptions {
  /** The environment to read; default `process.env`. */
  env?: Env;
  /** The spawn YAML file; wins over `SPAWN_CONFIG` (default `/etc/spawn/local.yaml`). `false` reads no file. */
  configPath?: string | false;
  /**
   * Loads the YAML parser when a spawn file is read; default: the `yaml` package. A bundle that
   * carries its own copy (the register hook's, one file instead of the package's 77) passes it here.
   */
  loadYaml?: () => YamlParser;
}

export interface ResolveConfigOptions
  extends TracingOptions,
    ConfigSourceOptions,
    Omit<InstanceTagsOptions, keyof ImdsOptions> {
  /** Read the `spawn:tracing-*` EC2 instance tags (only on EC2, only for values nothing else set); default `true`. */
  readTags?: boolean;
}

const SOURCE_KEYS = [
  'env',
  'configPath',
  'loadYaml',
  'imds',
  'imdsEndpoint',
  'imdsTimeoutMs',
  'readTags',
  'ec2',
  'describeTagsTimeoutMs',
];
const TAGGED = ['enabled', 'exporter', 'samplingRate', 'endpoint'] as const;

/**
 * Resolves the one tracing configuration from, in order of precedence: options in code, the
 * environment, the spawn YAML file, EC2 instance tags, then defaults. Throws a `ConfigError` naming the
 * source, key and value of the first bad value. `OTEL_SDK_DISABLED=true` is the operator's kill
 * switch: it turns tracing off whatever else (code included) says.
 */
export async function resolveConfig(options: ResolveConfigOptions = {}): Promise<TracingConfig> {
  const layers = localLayers(options);
  const env = options.env ?? process.env;
  // Tags are the lowest source: read them only when some tag-settable value is still unset.
  const unset = TAGGED.filter((field) => layers.every((l) => l.values[field] === undefined));
  if (options.readTags !== false && unset.length > 0 && !sdkDisabled(env)) {
    const keys = unset.map((field) => SPAWN_TRACING_TAGS[field]);
    const tags = await readInstanceTags(keys, options);
    layers.push(tagsLayer(tags));
  }
  return merge(layers, env);
}

/** {@link resolveConfig} without instance tags, for synchronous start-up paths (`--require` hooks). */
export function resolveConfigSync(options: Omit<ResolveConfigOptions, 'readTags'> = {}): TracingConfig {
  return merge(localLayers(options), options.env ?? process.env);
}

function localLayers(options: ResolveConfigOptions): ConfigLayer[] {
  const env = options.env ?? process.env;
  const layers = [codeLayer(options), envLayer(env)];
  const file = readSpawnFile({
    env,
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
    ...(options.loadYaml ? { loadYaml: options.loadYaml } : {}),
  });
  if (file) layers.push(fileLayer(file));
  return layers;
}

/**
 * Options in code are validated like every other source (JavaScript callers have no compiler). Keys
 * this package does not know are left alone: callers pass wider option objects (`startTracing`'s).
 */
function codeLayer(options: ResolveConfigOptions): ConfigLayer {
  const values: TracingOptions = {};
  const at = (key: string): ValueOrigin => ({ source: 'code', key });
  const given = Object.fromEntries(
    Object.entries(options).filter(([k, v]) => v !== undefined && !SOURCE_KEYS.includes(k)),
  ) as Record<keyof TracingOptions, unknown>;
  if ('enabled' in given) values.enabled = parseBoolean(given.enabled, at('enabled'));
  if ('exporter' in given) values.exporter = parseExporter(given.exporter, at('exporter'));
  if ('samplingRate' in given) {
    if (typeof given.samplingRate !== 'number')
      throw invalid(at('samplingRate'), given.samplingRate, 'must be a number between 0 and 1');
    values.samplingRate = parseRate(given.samplingRate, at('samplingRate'));
  }
  if ('endpoint' in given) values.endpoint = parseString(given.endpoint, at('endpoint'));
  if ('serviceName' in given)
    values.serviceName = parseString(given.serviceName, at('serviceName'), { nonEmpty: true });
  if ('resourceAttributes' in given) {
    const map = parseMapping(given.resourceAttributes, at('resourceAttributes'));
    values.resourceAttributes = {};
    for (const [k, v] of Object.entries(map)) {
      values.resourceAttributes[k] = parseString(v, at(`resourceAttributes.${k}`));
    }
  }
  if ('batch' in given) values.batch = parseBatch(given.batch, at('batch'), 'camel');
  if ('samplingRules' in given)
    values.samplingRules = parseSamplingRules(given.samplingRules, at('samplingRules'), 'camel');
  if ('sanitizer' in given) values.sanitizer = parseSanitizer(given.sanitizer, at('sanitizer'), 'camel');
  return { source: 'code', values, keyOf: (field) => field };
}

function tagsLayer(tags: Record<string, string>): ConfigLayer {
  const values: TracingOptions = {};
  const read = <T>(field: keyof typeof SPAWN_TRACING_TAGS, parse: (raw: unknown, at: ValueOrigin) => T) => {
    const key = SPAWN_TRACING_TAGS[field];
    const raw = tags[key];
    return raw === undefined || raw.trim() === '' ? undefined : parse(raw, { source: 'tags', key });
  };
  const enabled = read('enabled', parseBoolean);
  if (enabled !== undefined) values.enabled = enabled;
  const exporter = read('exporter', parseExporter);
  if (exporter !== undefined) values.exporter = exporter;
  const rate = read('samplingRate', parseRate);
  if (rate !== undefined) values.samplingRate = rate;
  const endpoint = read('endpoint', (raw, at) => parseString(raw, at));
  if (endpoint !== undefined) values.endpoint = endpoint;
  return {
    source: 'tags',
    values,
    keyOf: (field) => SPAWN_TRACING_TAGS[field as keyof typeof SPAWN_TRACING_TAGS] ?? field,
  };
}

/** Applies precedence: the first layer (highest) that sets a value wins; nested objects merge field by field. */
function merge(layers: ConfigLayer[], env: Env): TracingConfig {
  const sources: TracingConfig['sources'] = {};
  const pick = <K extends keyof typeof DEFAULT_TRACING_CONFIG>(field: K): TracingConfig[K] => {
    for (const layer of layers) {
      const v = layer.values[field];
      if (v !== undefined) {
        sources[field] = layer.source;
        return v as TracingConfig[K];
      }
    }
    sources[field] = 'default';
    return DEFAULT_TRACING_CONFIG[field] as TracingConfig[K];
  };

  const config: TracingConfig = {
    enabled: pick('enabled'),
    exporter: pick('exporter'),
    samplingRate: pick('samplingRate'),
    endpoint: pick('endpoint'),
    serviceName: pick('serviceName'),
    resourceAttributes: {},
    batch: { ...DEFAULT_BATCH_CONFIG },
    samplingRules: layers.find((l) => l.values.samplingRules)?.values.samplingRules ?? [],
    sanitizer: {},
    sources,
  };
  if (sdkDisabled(env)) {
    config.enabled = false;
    sources.enabled = 'env';
  }

  const batchFrom: Partial<Record<keyof BatchConfig, ConfigLayer>> = {};
  // Lowest first so higher layers overwrite.
  for (const layer of [...layers].reverse()) {
    Object.assign(config.resourceAttributes, layer.values.resourceAttributes);
    Object.assign(config.sanitizer, layer.values.sanitizer);
    for (const [k, v] of Object.entries(layer.values.batch ?? {}) as Array<[keyof BatchConfig, number]>) {
      config.batch[k] = v;
      batchFrom[k] = layer;
    }
  }
  if (config.batch.maxExportBatchSize > config.batch.maxQueueSize) {
    const layer = batchFrom.maxExportBatchSize ?? batchFrom.maxQueueSize;
    const field = batchFrom.maxExportBatchSize ? 'batch.maxExportBatchSize' : 'batch.maxQueueSize';
    const value = batchFrom.maxExportBatchSize ? config.batch.maxExportBatchSize : config.batch.maxQueueSize;
    throw invalid(
      { source: layer?.source ?? 'code', key: layer?.keyOf(field) ?? field, path: layer?.path },
      value,
      `the export batch size (${config.batch.maxExportBatchSize}) must not exceed the queue size (${config.batch.maxQueueSize})`,
    );
  }
  return config;
}
