export { ConsistentParentBasedSampler } from './consistent-parent-based-sampler.js';
export {
  ConsistentProbabilitySampler,
  type ConsistentProbabilitySamplerOptions,
} from './consistent-probability-sampler.js';
export { createSampler, type SamplerOptions } from './create-sampler.js';
export {
  createEarlySampling,
  type EarlySampling,
  type EarlySamplingOptions,
} from './early-sampling.js';
export { FastIdGenerator } from './fast-id-generator.js';
export { RateLimitingSampler, type RateLimitingSamplerOptions } from './rate-limiting-sampler.js';
export { RuleBasedSampler, type RuleBasedSamplerOptions } from './rule-based-sampler.js';
export {
  adjustedCount,
  DEFAULT_THRESHOLD_PRECISION,
  probabilityToThreshold,
  thresholdToProbability,
} from './threshold.js';
export type { Clock } from './token-bucket.js';
