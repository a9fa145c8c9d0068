import { diag } from '@opentelemetry/api';
import { type Env, envValue } from './config-env.js';
import { parseBoolean, parseInteger } from './config-values.js';
import { globalSlot } from './global-slot.js';

/** How long one IMDS call may take before the machine counts as "not on EC2". */
export const DEFAULT_IMDS_TIMEOUT_MS = 400;

const IPV4_ENDPOINT = 'http://169.254.169.254';
const IPV6_ENDPOINT = 'http://[fd00:ec2::254]';
const TOKEN_TTL_SECONDS = 21_600;
const COMPONENT = '@spawn/tracing-core';

export interface ImdsOptions {
  env?: Env;
  /**
   * `false` never asks IMDS; an {@link ImdsSession} shares one token between callers. Default: the
   * process-wide session for the endpoint, unless `SPAWN_IMDS_DISABLED` or `AWS_EC2_METADATA_DISABLED` is true.
   */
  imds?: false | ImdsSession;
  /** IMDS base URL; default `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the IPv4 (or, with `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, IPv6) address. */
  imdsEndpoint?: string;
  /** Per-call timeout; default `SPAWN_IMDS_TIMEOUT_MS`, else 400 ms. Off EC2, start-up waits at most about this long. */
  imdsTimeoutMs?: number;
}

/** The fields of `/latest/dynamic/instance-identity/document` spawn uses. */
export interface InstanceIdentityDocument {
  instanceId: string;
  region: string;
  availabilityZone?: string;
  instanceType?: string;
  imageId?: string;
  accountId?: string;
}

/**
 * One IMDSv2 conversation: the token is fetched once and shared by every call (identity and tags),
 * the identity document is read once, and "IMDS did not answer" is remembered so a machine off EC2
 * pays the timeout once per process.
 */
export interface ImdsSession {
  readonly endpoint: string;
  readonly timeoutMs: number;
  /** The IMDSv2 token, or `undefined` when IMDS does not answer (off EC2) or `@aws-sdk/ec2-metadata-service` is missing. */
  token(): Promise<string | undefined>;
  /** GETs a metadata path; `undefined` when absent (404), unreachable or timed out. Never rejects. */
  get(path: string): Promise<string | undefined>;
  identityDocument(): Promise<InstanceIdentityDocument | undefined>;
}

interface MetadataServiceLike {
  fetchMetadataToken(): Promise<string>;
  request(path: string, options: { method?: string; headers?: Record<string, string> }): Promise<string>;
}

/** Creates a session of its own (tests, or a caller that wants no process-wide cache). */
export function createImdsSession(
  options: { endpoint?: string; timeoutMs?: number; env?: Env } = {},
): ImdsSession {
  const env = options.env ?? process.env;
  const endpoint = options.endpoint ?? defaultEndpoint(env);
  const timeoutMs = options.timeoutMs ?? DEFAULT_IMDS_TIMEOUT_MS;
  let service: Promise<MetadataServiceLike | undefined> | undefined;
  let token: { value: Promise<string | undefined>; expires: number } | undefined;
  let document: Promise<InstanceIdentityDocument | undefined> | undefined;

  const client = () => {
    service ??= loadMetadataService(endpoint, timeoutMs);
    return service;
  };

  const session: ImdsSession = {
    endpoint,
    timeoutMs,
    token() {
      if (!token || Date.now() >= token.expires) {
        // Refresh a minute before the token's TTL runs out; a failure is remembered for the same span.
        const value = client().then(async (svc) => {
          if (!svc) return undefined;
          try {
            return await deadline(svc.fetchMetadataToken(), timeoutMs);
          } catch (err) {
            diag.debug(`${COMPONENT}: IMDS at ${endpoint} did not answer (${errorMessage(err)}); not on EC2`);
            return undefined;
          }
        });
        token = { value, expires: Date.now() + (TOKEN_TTL_SECONDS - 60) * 1000 };
      }
      return token.value;
    },
    async get(path) {
      const [svc, value] = await Promise.all([client(), session.token()]);
      if (!svc || value === undefined) return undefined;
      // The SDK appends the path to the endpoint's own path ("/"), so a leading slash would double.
      const relative = path.startsWith('/') ? path.slice(1) : path;
      try {
        return await deadline(
          svc.request(relative, { headers: { 'x-aws-ec2-metadata-token': value } }),
          timeoutMs,
        );
      } catch (err) {
        diag.debug(`${COMPONENT}: IMDS GET ${path} failed: ${errorMessage(err)}`);
        return undefined;
      }
    },
    identityDocument() {
      document ??= session.get('/latest/dynamic/instance-identity/document').then(parseIdentityDocument);
      return document;
    },
  };
  return session;
}

/**
 * The session `resolveConfig` and `detectSpawnIdentity` share unless told otherwise, or `undefined`
 * when IMDS is switched off. One per endpoint and timeout, process-wide (both builds of this package
 * see the same one), so identity and tags cost one token fetch.
 */
export function imdsSessionFor(options: ImdsOptions = {}): ImdsSession | undefined {
  if (options.imds === false) return undefined;
  if (options.imds) return options.imds;
  const env = options.env ?? process.env;
  for (const name of ['SPAWN_IMDS_DISABLED', 'AWS_EC2_METADATA_DISABLED']) {
    const raw = envValue(env, name);
    if (raw !== undefined && parseBoolean(raw, { source: 'env', key: name })) return undefined;
  }
  const endpoint = options.imdsEndpoint ?? defaultEndpoint(env);
  const rawTimeout = envValue(env, 'SPAWN_IMDS_TIMEOUT_MS');
  const timeoutMs =
    options.imdsTimeoutMs ??
    (rawTimeout === undefined
      ? DEFAULT_IMDS_TIMEOUT_MS
      : parseInteger(rawTimeout, { source: 'env', key: 'SPAWN_IMDS_TIMEOUT_MS' }, 1));
  const sessions = globalSlot('imds-sessions', () => new Map<string, ImdsSession>());
  const key = `${endpoint} ${timeoutMs}`;
  let session = sessions.get(key);
  if (!session) {
    session = createImdsSession({ endpoint, timeoutMs, env });
    sessions.set(key, session);
  }
  return session;
}

function defaultEndpoint(env: Env): string {
  const explicit = envValue(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT');
  if (explicit) return explicit.trim().replace(/\/+$/, '');
  const mode = envValue(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE');
  return mode?.trim().toLowerCase() === 'ipv6' ? IPV6_ENDPOINT : IPV4_ENDPOINT;
}

async function loadMetadataService(
  endpoint: string,
  timeoutMs: number,
): Promise<MetadataServiceLike | undefined> {
  let mod: { MetadataService: new (options: Record<string, unknown>) => MetadataServiceLike };
  try {
    mod = await import('@aws-sdk/ec2-metadata-service');
  } catch (err) {
    diag.info(
      `${COMPONENT}: @aws-sdk/ec2-metadata-service is not installed (${errorMessage(err)}); EC2 identity and instance tags are not read`,
    );
    return undefined;
  }
  return new mod.MetadataService({
    endpoint,
    httpOptions: { timeout: timeoutMs },
    // One attempt: off EC2 the caller must not wait for the SDK's back-off (1.2 s and more).
    retries: 0,
    // We fetch the token once ourselves and pass it; explicit values also keep the SDK from reading ~/.aws/config.
    disableFetchToken: true,
    ec2MetadataV1Disabled: false,
  });
}

function parseIdentityDocument(text: string | undefined): InstanceIdentityDocument | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    const str = (k: string) => (typeof doc[k] === 'string' && doc[k] !== '' ? (doc[k] as string) : undefined);
    const instanceId = str('instanceId');
    const region = str('region');
    if (!instanceId || !region) return undefined;
    const out: InstanceIdentityDocument = { instanceId, region };
    for (const k of ['availabilityZone', 'instanceType', 'imageId', 'accountId'] as const) {
      const v = str(k);
      if (v) out[k] = v;
    }
    return out;
  } catch (err) {
    diag.debug(`${COMPONENT}: IMDS identity document is not JSON: ${errorMessage(err)}`);
    return undefined;
  }
}

/** Rejects after `ms` (the SDK's own timeouts cover the socket; this bounds everything else). */
export function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
