import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_SPAWN_INSTANCE_ID,
  ATTR_SPAWN_JOB_ARRAY_ID,
  ATTR_SPAWN_JOB_ARRAY_INDEX,
  ATTR_SPAWN_PROVIDER,
} from './attributes.js';
import type { ConfigSourceOptions } from './config.js';
import { envValue } from './config-env.js';
import { fileValue, readSpawnFile } from './config-file.js';
import { invalid, parseInteger, parseString, type ValueOrigin } from './config-values.js';
import { type ImdsSession, type InstanceIdentityDocument, imdsSessionFor } from './imds.js';

/** Who this process is, for every span's resource. */
export interface SpawnIdentity {
  /** `ec2` when IMDS answered or the instance id looks like `i-…`; else `local`. */
  provider: 'ec2' | 'local';
  instanceId?: string;
  jobArrayId?: string;
  jobArrayIndex?: number;
  serviceName: string;
  region?: string;
  /** From the IMDS identity document, when it was read. */
  availabilityZone?: string;
  instanceType?: string;
  imageId?: string;
  accountId?: string;
}

export interface SpawnIdentityOptions extends ConfigSourceOptions {
  /** Default: `OTEL_SERVICE_NAME`, then the file's `observability.tracing.service_name`, then `spored`. */
  serviceName?: string;
}

/** What the environment and the spawn file say, before IMDS fills the gaps. */
export type LocalSpawnIdentity = Omit<SpawnIdentity, 'provider'>;

const EC2_INSTANCE_ID = /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/**
 * Reads the identity from the environment (`SPAWN_INSTANCE_ID`, `SPAWN_REGION`, `SPAWN_JOB_ARRAY_ID`,
 * `JOB_ARRAY_ID`, `JOB_ARRAY_INDEX`), then the spawn file (`instance_id`, `region`, `job_array.id`,
 * `job_array.index`). Synchronous, and throws a `ConfigError` for a bad value (a job array index of "x" or -1).
 */
export function readLocalSpawnIdentity(options: SpawnIdentityOptions = {}): LocalSpawnIdentity {
  const env = options.env ?? process.env;
  const file = readSpawnFile({
    env,
    ...(options.configPath !== undefined ? { configPath: options.configPath } : {}),
  });
  const fromEnv = (name: string): [unknown, ValueOrigin] | undefined => {
    const raw = envValue(env, name);
    return raw === undefined ? undefined : [raw, { source: 'env', key: name }];
  };
  const fromFile = (key: string) => (file ? fileValue(file, key) : undefined);
  const text = (found: [unknown, ValueOrigin] | undefined): string | undefined => {
    if (!found) return undefined;
    const [raw, at] = found;
    // YAML reads `job_array: {id: 42}` as a number; an id is text either way.
    return parseString(typeof raw === 'number' ? String(raw) : raw, at, { nonEmpty: true });
  };

  const identity: LocalSpawnIdentity = { serviceName: 'spored' };
  const instanceId = text(fromEnv('SPAWN_INSTANCE_ID') ?? fromFile('instance_id'));
  if (instanceId) identity.instanceId = instanceId;
  const region = text(fromEnv('SPAWN_REGION') ?? fromFile('region'));
  if (region) identity.region = region;
  const jobArrayId = text(
    fromEnv('SPAWN_JOB_ARRAY_ID') ?? fromEnv('JOB_ARRAY_ID') ?? fromFile('job_array.id'),
  );
  if (jobArrayId) identity.jobArrayId = jobArrayId;
  const index = fromEnv('JOB_ARRAY_INDEX') ?? fromFile('job_array.index');
  if (index) identity.jobArrayIndex = parseInteger(index[0], index[1], 0);

  const serviceName =
    options.serviceName ??
    text(fromEnv('OTEL_SERVICE_NAME') ?? fromFile('observability.tracing.service_name'));
  if (serviceName !== undefined) {
    if (typeof serviceName !== 'string' || serviceName.trim() === '') {
      throw invalid({ source: 'code', key: 'serviceName' }, serviceName, 'must be a non-empty string');
    }
    identity.serviceName = serviceName;
  }
  return identity;
}

/** True when IMDS has something to add: the instance id or the region is still unknown. */
export function needsImds(local: LocalSpawnIdentity): boolean {
  return local.instanceId === undefined || local.region === undefined;
}

/** Completes a local identity with the IMDS identity document (when one was read). */
export function completeSpawnIdentity(
  local: LocalSpawnIdentity,
  document: InstanceIdentityDocument | undefined,
): SpawnIdentity {
  if (!document) {
    const onEc2 = local.instanceId !== undefined && EC2_INSTANCE_ID.test(local.instanceId);
    return { provider: onEc2 ? 'ec2' : 'local', ...local };
  }
  const identity: SpawnIdentity = {
    provider: 'ec2',
    ...local,
    instanceId: local.instanceId ?? document.instanceId,
    region: local.region ?? document.region,
  };
  if (document.availabilityZone) identity.availabilityZone = document.availabilityZone;
  if (document.instanceType) identity.instanceType = document.instanceType;
  if (document.imageId) identity.imageId = document.imageId;
  if (document.accountId) identity.accountId = document.accountId;
  return identity;
}

/**
 * Detects spawn identity: environment, then the spawn file, then (only for what those left missing)
 * the IMDSv2 identity document, with a short timeout so a machine off EC2 starts at once.
 */
export async function detectSpawnIdentity(options: SpawnIdentityOptions = {}): Promise<SpawnIdentity> {
  const local = readLocalSpawnIdentity(options);
  return completeSpawnIdentity(local, await documentFor(local, imdsSessionFor(options)));
}

export function documentFor(
  local: LocalSpawnIdentity,
  session: ImdsSession | undefined,
): Promise<InstanceIdentityDocument | undefined> {
  return session && needsImds(local) ? session.identityDocument() : Promise.resolve(undefined);
}

/** The identity as resource attributes (spawn's and the OpenTelemetry semantic conventions'). */
export function spawnIdentityAttributes(identity: SpawnIdentity): Attributes {
  const attributes: Attributes = {
    [ATTR_SPAWN_PROVIDER]: identity.provider,
    'service.name': identity.serviceName,
  };
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined) attributes[key] = value;
  };
  set(ATTR_SPAWN_INSTANCE_ID, identity.instanceId);
  set(ATTR_SPAWN_JOB_ARRAY_ID, identity.jobArrayId);
  set(ATTR_SPAWN_JOB_ARRAY_INDEX, identity.jobArrayIndex);
  if (identity.provider === 'ec2') {
    attributes['cloud.provider'] = 'aws';
    attributes['cloud.platform'] = 'aws_ec2';
  }
  set('cloud.region', identity.region);
  set('cloud.availability_zone', identity.availabilityZone);
  set('cloud.account.id', identity.accountId);
  set('host.id', identity.instanceId);
  set('host.type', identity.instanceType);
  set('host.image.id', identity.imageId);
  return attributes;
}

/** Every key {@link spawnIdentityAttributes} may set (a detector must name its keys before it knows them). */
export const SPAWN_IDENTITY_RESOURCE_KEYS = [
  ATTR_SPAWN_INSTANCE_ID,
  ATTR_SPAWN_PROVIDER,
  ATTR_SPAWN_JOB_ARRAY_ID,
  ATTR_SPAWN_JOB_ARRAY_INDEX,
  'service.name',
  'cloud.provider',
  'cloud.platform',
  'cloud.region',
  'cloud.availability_zone',
  'cloud.account.id',
  'host.id',
  'host.type',
  'host.image.id',
] as const;
