import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { diag } from '@opentelemetry/api';
import type * as Yaml from 'yaml';
import { type Env, envValue } from './config-env.js';
import { ConfigError } from './config-error.js';
import type { ConfigLayer } from './config-layer.js';
import { DEFAULT_SPAWN_CONFIG_PATH } from './config-presence.js';
import { parseBatch, parseSamplingRules, parseSanitizer } from './config-sections.js';
import type { TracingOptions } from './config-types.js';
import {
  invalid,
  parseBoolean,
  parseExporter,
  parseMapping,
  parseRate,
  parseString,
  type ValueOrigin,
} from './config-values.js';

export interface SpawnFileOptions {
  env?: Env;
  /** The spawn YAML file; wins over `SPAWN_CONFIG`. `false` reads no file. */
  configPath?: string | false;
  /** Loads the YAML parser; default: the `yaml` package. */
  loadYaml?: () => YamlParser;
}

/** What reading the spawn file needs of a YAML library (the `yaml` package's `parse`). */
export interface YamlParser {
  /** The document in `text` as plain values; throws on invalid YAML. */
  parse(text: string): unknown;
}

/** The parsed spawn file: the `observability.tracing` section for configuration, the rest for identity. */
export interface SpawnFile {
  path: string;
  document: Record<string, unknown>;
}

/**
 * Reads and parses the spawn file. A missing default file is normal (no file, no values); a file named
 * in code or `SPAWN_CONFIG` that is missing, or any file that cannot be read or parsed, is an error.
 */
export function readSpawnFile(options: SpawnFileOptions = {}): SpawnFile | undefined {
  if (options.configPath === false) return undefined;
  const env = options.env ?? process.env;
  const fromEnv = envValue(env, 'SPAWN_CONFIG');
  const named: { source: 'code' | 'env'; key: string; path: string } | undefined =
    options.configPath !== undefined
      ? { source: 'code', key: 'configPath', path: options.configPath }
      : fromEnv !== undefined
        ? { source: 'env', key: 'SPAWN_CONFIG', path: fromEnv.trim() }
        : undefined;
  const path = named?.path ?? DEFAULT_SPAWN_CONFIG_PATH;

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (!named) return undefined;
      throw new ConfigError(named.source, named.key, path, 'file not found', { cause: err });
    }
    throw new ConfigError('file', path, undefined, `cannot be read (${code ?? String(err)})`, {
      path,
      cause: err,
    });
  }

  // Configuration and identity both read the file at start-up: parse a given text once.
  if (lastParsed?.path === path && lastParsed.text === text) return lastParsed.file;
  const file = parseSpawnFile(path, text, options.loadYaml ?? yaml);
  lastParsed = { path, text, file };
  return file;
}

let lastParsed: { path: string; text: string; file: SpawnFile } | undefined;

function parseSpawnFile(path: string, text: string, loadYaml: () => YamlParser): SpawnFile {
  const parser = loadYaml();
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ConfigError('file', path, undefined, `is not valid YAML: ${message}`, { path, cause: err });
  }
  if (document === null || document === undefined) return { path, document: {} };
  return { path, document: parseMapping(document, { source: 'file', key: '(document root)', path }) };
}

/**
 * `yaml` loads on first use, not with this package: every `@spawn/tracing` package imports core, few
 * read the file, and the parser costs about as much to load as `@opentelemetry/api`.
 */
function yaml(): typeof Yaml {
  return createRequire(import.meta.url)('yaml') as typeof Yaml;
}

/** Looks up a dotted path (`job_array.index`) in the parsed file. */
export function fileValue(file: SpawnFile, dotted: string): [unknown, ValueOrigin] | undefined {
  let node: unknown = file.document;
  const parts = dotted.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (node === null || node === undefined) return undefined;
    const at: ValueOrigin = {
      source: 'file',
      key: parts.slice(0, i).join('.') || '(document root)',
      path: file.path,
    };
    node = parseMapping(node, at)[parts[i] as string];
  }
  return node === null || node === undefined
    ? undefined
    : [node, { source: 'file', key: dotted, path: file.path }];
}

const TRACING = 'observability.tracing';
const TRACING_KEYS = new Set([
  'enabled',
  'exporter',
  'sampling_rate',
  'endpoint',
  'service_name',
  'resource_attributes',
  'sampling_rules',
  'sanitizer',
  'batch',
]);

/** The file's layer: `observability.tracing.*`. */
export function fileLayer(file: SpawnFile): ConfigLayer {
  const keyOf = (field: string) => `${TRACING}.${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
  const layer: ConfigLayer = { source: 'file', values: {}, path: file.path, keyOf };
  const section = fileValue(file, TRACING);
  if (!section) return layer;
  const tracing = parseMapping(section[0], section[1]);
  for (const key of Object.keys(tracing)) {
    if (!TRACING_KEYS.has(key))
      diag.warn(`@spawn/tracing-core: ignoring unknown key ${TRACING}.${key} in ${file.path}`);
  }
  const get = (key: string): [unknown, ValueOrigin] | undefined => {
    const v = tracing[key];
    return v === undefined || v === null
      ? undefined
      : [v, { source: 'file', key: `${TRACING}.${key}`, path: file.path }];
  };
  const values: TracingOptions = layer.values;
  const enabled = get('enabled');
  if (enabled) values.enabled = parseBoolean(...enabled);
  const exporter = get('exporter');
  if (exporter) values.exporter = parseExporter(...exporter);
  const rate = get('sampling_rate');
  if (rate) values.samplingRate = parseRate(...rate);
  const endpoint = get('endpoint');
  if (endpoint) values.endpoint = parseString(...endpoint);
  const serviceName = get('service_name');
  if (serviceName) values.serviceName = parseString(serviceName[0], serviceName[1], { nonEmpty: true });
  const attributes = get('resource_attributes');
  if (attributes) {
    const map = parseMapping(...attributes);
    values.resourceAttributes = {};
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw invalid(
          { ...attributes[1], key: `${attributes[1].key}.${k}` },
          v,
          'must be a string, number or boolean',
        );
      }
      values.resourceAttributes[k] = String(v);
    }
  }
  const rules = get('sampling_rules');
  if (rules) values.samplingRules = parseSamplingRules(rules[0], rules[1], 'snake');
  const sanitizer = get('sanitizer');
  if (sanitizer) values.sanitizer = parseSanitizer(sanitizer[0], sanitizer[1], 'snake');
  const batch = get('batch');
  if (batch) values.batch = parseBatch(batch[0], batch[1], 'snake');
  return layer;
}
