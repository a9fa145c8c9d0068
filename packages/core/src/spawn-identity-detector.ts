import type {
  DetectedResource,
  DetectedResourceAttributes,
  ResourceDetector,
} from '@opentelemetry/resources';
import { imdsSessionFor } from './imds.js';
import {
  completeSpawnIdentity,
  documentFor,
  needsImds,
  readLocalSpawnIdentity,
  SPAWN_IDENTITY_RESOURCE_KEYS,
  type SpawnIdentityOptions,
  spawnIdentityAttributes,
} from './spawn-identity.js';

/**
 * spawn identity as an OpenTelemetry resource detector. The environment and the spawn file are read
 * here, so a bad value (`JOB_ARRAY_INDEX=x`) throws a `ConfigError` at construction instead of being
 * swallowed by `detectResources`; only IMDS is asynchronous, and only when those left a gap.
 *
 * ```ts
 * const resource = detectResources({ detectors: [spawnIdentityDetector()] });
 * ```
 */
export function spawnIdentityDetector(options: SpawnIdentityOptions = {}): ResourceDetector {
  const local = readLocalSpawnIdentity(options);
  const session = imdsSessionFor(options);
  return {
    detect(): DetectedResource {
      if (!session || !needsImds(local)) {
        return { attributes: spawnIdentityAttributes(completeSpawnIdentity(local, undefined)) };
      }
      const attributes = documentFor(local, session).then((doc) =>
        spawnIdentityAttributes(completeSpawnIdentity(local, doc)),
      );
      const detected: DetectedResourceAttributes = {};
      for (const key of SPAWN_IDENTITY_RESOURCE_KEYS) detected[key] = attributes.then((a) => a[key]);
      return { attributes: detected };
    },
  };
}
