export * from './attributes.js';
export {
  type CarrierPropagator,
  extractFromCarrier,
  injectSafely,
  injectToRecord,
  propagatorFields,
} from './carrier-context.js';
export { carrierDiag, quoteCarrierValue, reportBadCarrier } from './carrier-diag.js';
export {
  CARRIER_VALUE_LIMITS,
  capCarrierValue,
  carrierValueLimit,
  DEFAULT_CARRIER_VALUE_LIMIT,
} from './carrier-value.js';
export {
  type ConfigSourceOptions,
  DEFAULT_TRACING_CONFIG,
  type ResolveConfigOptions,
  resolveConfig,
  resolveConfigSync,
} from './config.js';
export type { Env } from './config-env.js';
export { ConfigError, type ConfigErrorSource, isConfigError } from './config-error.js';
export type { YamlParser } from './config-file.js';
export { DEFAULT_SPAWN_CONFIG_PATH, mayBeEnabled } from './config-presence.js';
export * from './config-types.js';
export { type ContinueTraceOptions, continueTrace } from './continue-trace.js';
export { formatDuration } from './duration.js';
export {
  type ExportFailure,
  type ExportFailureDetails,
  exportFailure,
  isRetryable,
  retrySpansOf,
} from './export-failure.js';
export { globalSlot } from './global-slot.js';
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
export { nodeCrypto } from './node-crypto.js';
export { RandomHexSource } from './random-ids.js';
export { type DiagLevel, RateLimitedDiag } from './rate-limited-diag.js';
export { shallowCopy } from './shallow-copy.js';
export { awsSpanName, spanName } from './span-name.js';
export {
  detectSpawnIdentity,
  type SpawnIdentity,
  type SpawnIdentityOptions,
  spawnIdentityAttributes,
} from './spawn-identity.js';
export { spawnIdentityDetector } from './spawn-identity-detector.js';
export { recordFailure, withSpan } from './with-span.js';
