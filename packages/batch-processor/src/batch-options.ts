import { type BatchConfig, DEFAULT_BATCH_CONFIG } from '@spawn/tracing-core';

/**
 * What code may set. Accepts `@spawn/tracing`'s resolved `BatchConfig` as is; every key left unset
 * falls back to its `OTEL_BSP_*` variable, then to the specification's default.
 */
export interface BatchProcessorOptions extends Partial<BatchConfig> {
  /** First retry waits about this long (doubling per attempt, jittered). Default 1 000 ms. */
  retryBaseDelayMillis?: number;
  /** No retry waits longer than this. Default 30 000 ms. */
  retryMaxDelayMillis?: number;
}

export interface ResolvedBatchOptions extends BatchConfig {
  retryBaseDelayMillis: number;
  retryMaxDelayMillis: number;
}

export const DEFAULT_RETRY_BASE_DELAY_MILLIS = 1_000;
export const DEFAULT_RETRY_MAX_DELAY_MILLIS = 30_000;

/** Longest delay `setTimeout` honours; anything above fires at once. */
const MAX_TIMER_MILLIS = 2_147_483_647;

/** Retries are for transient failures; more than this only delays the inevitable drop. */
const MAX_RETRIES = 100;

const ENV_KEYS: Partial<Record<keyof ResolvedBatchOptions, string>> = {
  maxExportBatchSize: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  scheduledDelayMillis: 'OTEL_BSP_SCHEDULE_DELAY',
  maxQueueSize: 'OTEL_BSP_MAX_QUEUE_SIZE',
  exportTimeoutMillis: 'OTEL_BSP_EXPORT_TIMEOUT',
};

interface Rule {
  integer: boolean;
  min: number;
  max: number;
  text: string;
}

const RULES: Record<keyof ResolvedBatchOptions, Rule> = {
  maxExportBatchSize: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER, text: 'an integer >= 1' },
  maxQueueSize: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER, text: 'an integer >= 1' },
  scheduledDelayMillis: {
    integer: false,
    min: 0,
    max: MAX_TIMER_MILLIS,
    text: `a number in [0, ${MAX_TIMER_MILLIS}]`,
  },
  exportTimeoutMillis: {
    integer: false,
    min: 1,
    max: MAX_TIMER_MILLIS,
    text: `a number in [1, ${MAX_TIMER_MILLIS}]`,
  },
  maxRetries: { integer: true, min: 0, max: MAX_RETRIES, text: `an integer in [0, ${MAX_RETRIES}]` },
  retryBaseDelayMillis: {
    integer: false,
    min: 0,
    max: MAX_TIMER_MILLIS,
    text: `a number in [0, ${MAX_TIMER_MILLIS}]`,
  },
  retryMaxDelayMillis: {
    integer: false,
    min: 0,
    max: MAX_TIMER_MILLIS,
    text: `a number in [0, ${MAX_TIMER_MILLIS}]`,
  },
};

const DEFAULTS: ResolvedBatchOptions = {
  ...DEFAULT_BATCH_CONFIG,
  retryBaseDelayMillis: DEFAULT_RETRY_BASE_DELAY_MILLIS,
  retryMaxDelayMillis: DEFAULT_RETRY_MAX_DELAY_MILLIS,
};

const PREFIX = '@spawn/tracing-batch-processor';

/**
 * Resolves code options over `OTEL_BSP_*` over defaults and validates the result. Throws a
 * `RangeError` naming the key (or variable) and the offending value; never returns a bad config.
 */
export function resolveBatchOptions(
  options: BatchProcessorOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedBatchOptions {
  const resolved = { ...DEFAULTS };
  for (const key of Object.keys(RULES) as (keyof ResolvedBatchOptions)[]) {
    const rule = RULES[key];
    const fromCode: unknown = options[key];
    if (fromCode !== undefined) {
      resolved[key] = check(rule, fromCode, key);
      continue;
    }
    const envKey = ENV_KEYS[key];
    const raw = envKey === undefined ? undefined : env[envKey]?.trim();
    if (envKey !== undefined && raw) resolved[key] = check(rule, Number(raw), envKey, raw);
  }
  if (resolved.maxExportBatchSize > resolved.maxQueueSize) {
    throw new RangeError(
      `${PREFIX}: maxExportBatchSize (${resolved.maxExportBatchSize}) must not exceed maxQueueSize (${resolved.maxQueueSize})`,
    );
  }
  if (resolved.retryMaxDelayMillis < resolved.retryBaseDelayMillis) {
    throw new RangeError(
      `${PREFIX}: retryMaxDelayMillis (${resolved.retryMaxDelayMillis}) must not be below retryBaseDelayMillis (${resolved.retryBaseDelayMillis})`,
    );
  }
  return resolved;
}

function check(rule: Rule, value: unknown, name: string, raw?: string): number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    value >= rule.min &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value));
  if (ok) return value;
  const shown =
    raw !== undefined
      ? JSON.stringify(raw)
      : typeof value === 'string'
        ? JSON.stringify(value)
        : String(value);
  throw new RangeError(`${PREFIX}: ${name} must be ${rule.text}, got ${shown}`);
}
