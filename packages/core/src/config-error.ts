import type { ConfigSource } from './config-types.js';

/** Where a bad value came from: a configuration source (never `default`). */
export type ConfigErrorSource = Exclude<ConfigSource, 'default'>;

const BRAND = Symbol.for('@spawn/tracing:ConfigError');

/**
 * The one error bad tracing configuration throws: it names the source, the key and the value, e.g.
 * `Invalid tracing configuration: SPAWN_TRACING_SAMPLING_RATE (env) = "1.5": must be a number between 0 and 1`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** `code`, `env`, `file` or `tags`. */
  readonly source: ConfigErrorSource;
  /** The key as the source spells it: `samplingRate`, `SPAWN_TRACING_SAMPLING_RATE`, `observability.tracing.sampling_rate`, `spawn:tracing-sampling`. */
  readonly key: string;
  /** The offending value as found (`undefined` when the whole source is unreadable). */
  readonly value: unknown;
  /** What a valid value looks like. */
  readonly reason: string;
  /** The file, for `file` errors. */
  readonly path: string | undefined;

  constructor(
    source: ConfigErrorSource,
    key: string,
    value: unknown,
    reason: string,
    options?: { path?: string; cause?: unknown },
  ) {
    const where = options?.path ? `${source} ${options.path}` : source;
    const shown = value === undefined ? '' : ` = ${show(value)}`;
    super(`Invalid tracing configuration: ${key} (${where})${shown}: ${reason}`, { cause: options?.cause });
    this.source = source;
    this.key = key;
    this.value = value;
    this.reason = reason;
    this.path = options?.path;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a {@link ConfigError} from any copy of this package (ESM or CJS build): no `instanceof` across packages. */
export function isConfigError(error: unknown): error is ConfigError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    // cyclic or BigInt: fall through to String()
  }
  return String(value);
}
