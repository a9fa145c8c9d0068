/** The exporters `@spawn/tracing` can build. */
export type ExporterName = 'xray' | 'stdout' | 'otlp' | 'none';

export const EXPORTER_NAMES: readonly ExporterName[] = ['xray', 'stdout', 'otlp', 'none'];

/**
 * One per-operation sampling rule (`observability.tracing.sampling_rules`): the first rule whose
 * `name` glob and `attributes` match a new root span decides it with its own `rate` and/or `rateLimit`.
 */
export interface SamplingRule {
  /** Glob over the span name: `*` matches any run of characters, `?` one. Default `*`. */
  name?: string;
  /** Attribute values that must all match (globs over the string form). */
  attributes?: Record<string, string>;
  /** Probability in [0, 1] for traces this rule matches (after the rate limit's reservoir, if both). */
  rate?: number;
  /** At most this many new traces per second (token bucket); with `rate`, a reservoir as X-Ray's rules. */
  rateLimit?: number;
  /** Token bucket size; default `max(1, rateLimit)`. */
  burst?: number;
}

/** PII categories the sanitizer can redact; all off by default. */
export interface PiiConfig {
  email?: boolean;
  phone?: boolean;
  creditCard?: boolean;
  ip?: boolean;
  ssn?: boolean;
}

/** `observability.tracing.sanitizer`. */
export interface SanitizerConfig {
  /** More attribute-key segments that name a secret. */
  extraKeys?: string[];
  /** More value patterns (regular expression sources) to redact inside strings; configuration checks each compiles with the `u` flag. */
  extraPatterns?: string[];
  /** Keys whose values are never touched. */
  allowKeys?: string[];
  /** Replacement text; default `[REDACTED]`. */
  marker?: string;
  /** With a key, secrets become `[REDACTED:hmac8]` so equal secrets can be correlated. */
  hashKey?: string;
  /** `true` turns every PII category on. */
  pii?: boolean | PiiConfig;
}

/** Batch export settings; defaults are the specification's. */
export interface BatchConfig {
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  maxQueueSize: number;
  exportTimeoutMillis: number;
  maxRetries: number;
}

export const DEFAULT_BATCH_CONFIG: Readonly<BatchConfig> = Object.freeze({
  maxExportBatchSize: 100,
  scheduledDelayMillis: 5_000,
  maxQueueSize: 2_048,
  exportTimeoutMillis: 30_000,
  maxRetries: 3,
});

/** The one resolved and validated configuration object. */
export interface TracingConfig {
  enabled: boolean;
  exporter: ExporterName;
  /** Head sampling probability in [0, 1]. */
  samplingRate: number;
  /** Exporter destination: X-Ray API endpoint or `udp://host:port`; stdout `stdout`/`stderr`/file; OTLP URL. */
  endpoint: string;
  serviceName: string;
  /** Extra resource attributes (`OTEL_RESOURCE_ATTRIBUTES`). */
  resourceAttributes: Record<string, string>;
  batch: BatchConfig;
  samplingRules: SamplingRule[];
  sanitizer: SanitizerConfig;
  /** Where each top-level value came from, for diagnostics (`code`, `env`, `file`, `tags`, `default`). */
  sources: Partial<
    Record<'enabled' | 'exporter' | 'samplingRate' | 'endpoint' | 'serviceName', ConfigSource>
  >;
}

export type ConfigSource = 'code' | 'env' | 'file' | 'tags' | 'default';

/** What code may set: everything optional, nested objects partial. */
export interface TracingOptions {
  enabled?: boolean;
  exporter?: ExporterName;
  samplingRate?: number;
  endpoint?: string;
  serviceName?: string;
  resourceAttributes?: Record<string, string>;
  batch?: Partial<BatchConfig>;
  samplingRules?: SamplingRule[];
  sanitizer?: SanitizerConfig;
}
