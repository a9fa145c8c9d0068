export * from './attributes.js';
export { awsSpanName, spanName } from './span-name.js';
export { recordFailure, withSpan } from './with-span.js';
export { globalSlot } from './global-slot.js';
export { type DiagLevel, RateLimitedDiag } from './rate-limited-diag.js';
export { RandomHexSource } from './random-ids.js';
export {
  type ExportFailure,
  type ExportFailureDetails,
  exportFailure,
  isRetryable,
  retrySpansOf,
} from './export-failure.js';
export { formatDuration } from './duration.js';
export * from './config-types.js';
export { CARRIER_VALUE_LIMITS, DEFAULT_CARRIER_VALUE_LIMIT, capCarrierValue, carrierValueLimit } from './carrier-value.js';
export { carrierDiag, quoteCarrierValue, reportBadCarrier } from './carrier-diag.js';
export { type CarrierPropagator, extractFromCarrier, injectToRecord, propagatorFields } from './carrier-context.js';
export { type ContinueTraceOptions, continueTrace } from './continue-trace.js';
export { ConfigError, type ConfigErrorSource, isConfigError } from './config-error.js';
export {
  type ConfigSourceOptions,
  DEFAULT_TRACING_CONFIG,
  type ResolveConfigOptions,
  resolveConfig,
  resolveConfigSync,
} from './config.js';
export type { Env } from './config-env.js';
export { DEFAULT_SPAWN_CONFIG_PATH } from './config-file.js';
export {
  createImdsSession,
  DEFAULT_IMDS_TIMEOUT_MS,
  type ImdsOptions,
  type ImdsSession,
  type InstanceIdentityDocument,
} from './imds.js';
export {
  DEFAULT_DESCRIBE_TAGS_TIMEOUT_MS,
  type Ec2ClientOptions,
  type InstanceTagsOptions,
  readInstanceTags,
  SPAWN_TRACING_TAGS,
  type SpawnTracingTag,
} from './instance-tags.js';
export {
  detectSpawnIdentity,
  type SpawnIdentity,
  type SpawnIdentityOptions,
  spawnIdentityAttributes,
} from './spawn-identity.js';
export { spawnIdentityDetector } from './spawn-identity-detector.js';
