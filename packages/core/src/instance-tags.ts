import { diag } from '@opentelemetry/api';
import { deadline, errorMessage, type ImdsOptions, imdsSessionFor } from './imds.js';

/** The EC2 instance tags that configure tracing (lowest precedence above the defaults). */
export const SPAWN_TRACING_TAGS = {
  enabled: 'spawn:tracing-enabled',
  exporter: 'spawn:tracing-exporter',
  samplingRate: 'spawn:tracing-sampling',
  endpoint: 'spawn:tracing-endpoint',
} as const;

export type SpawnTracingTag = (typeof SPAWN_TRACING_TAGS)[keyof typeof SPAWN_TRACING_TAGS];

/** Where `DescribeTags` goes when instance-metadata tags are off; normally nothing needs setting. */
export interface Ec2ClientOptions {
  endpoint?: string;
  /** Default: the instance's region from IMDS. */
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface InstanceTagsOptions extends ImdsOptions {
  ec2?: Ec2ClientOptions;
  /** Bound on the whole `DescribeTags` call, credentials included; default 2000 ms. */
  describeTagsTimeoutMs?: number;
}

export const DEFAULT_DESCRIBE_TAGS_TIMEOUT_MS = 2_000;
const COMPONENT = '@spawn/tracing-core';
const PERMISSION_CODES = new Set([
  'UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
  'AuthFailure',
]);

/**
 * Reads `keys` from this instance's EC2 tags: through IMDS (`/latest/meta-data/tags/instance`) when
 * instance-metadata tags are on, else with `DescribeTags` (`@aws-sdk/client-ec2`, loaded only then).
 * Off EC2 (IMDS silent) it returns `{}` after at most the IMDS timeout. Never rejects: a missing
 * module or permission is a `diag` warning and no tags.
 */
export async function readInstanceTags(
  keys: readonly string[],
  options: InstanceTagsOptions = {},
): Promise<Record<string, string>> {
  const session = imdsSessionFor(options);
  if (!session || keys.length === 0) return {};
  const document = await session.identityDocument();
  if (!document) return {};

  const listed = await session.get('/latest/meta-data/tags/instance');
  if (listed !== undefined) {
    const present = new Set(listed.split('\n').map((k) => k.trim()));
    const wanted = keys.filter((k) => present.has(k));
    const values = await Promise.all(wanted.map((k) => session.get(`/latest/meta-data/tags/instance/${k}`)));
    const out: Record<string, string> = {};
    wanted.forEach((k, i) => {
      const v = values[i];
      if (v !== undefined) out[k] = v;
    });
    return out;
  }
  return describeTags(keys, document.instanceId, document.region, options);
}

async function describeTags(
  keys: readonly string[],
  instanceId: string,
  region: string,
  options: InstanceTagsOptions,
): Promise<Record<string, string>> {
  let ec2: typeof import('@aws-sdk/client-ec2');
  try {
    ec2 = await import('@aws-sdk/client-ec2');
  } catch (err) {
    diag.warn(
      `${COMPONENT}: instance-metadata tags are off and @aws-sdk/client-ec2 is not installed (${errorMessage(err)}); spawn:tracing-* tags are not read`,
    );
    return {};
  }
  const timeoutMs = options.describeTagsTimeoutMs ?? DEFAULT_DESCRIBE_TAGS_TIMEOUT_MS;
  const client = new ec2.EC2Client({
    region: options.ec2?.region ?? region,
    ...(options.ec2?.endpoint ? { endpoint: options.ec2.endpoint } : {}),
    ...(options.ec2?.credentials ? { credentials: options.ec2.credentials } : {}),
    maxAttempts: 2,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs },
  });
  const abort = new AbortController();
  try {
    const command = new ec2.DescribeTagsCommand({
      Filters: [
        { Name: 'resource-id', Values: [instanceId] },
        { Name: 'key', Values: [...keys] },
      ],
    });
    const result = await deadline(client.send(command, { abortSignal: abort.signal }), timeoutMs);
    const out: Record<string, string> = {};
    for (const tag of result.Tags ?? []) {
      if (tag.Key && tag.Value !== undefined && keys.includes(tag.Key)) out[tag.Key] = tag.Value;
    }
    return out;
  } catch (err) {
    const code = (err as { name?: string; Code?: string }).Code ?? (err as { name?: string }).name ?? '';
    if (PERMISSION_CODES.has(code)) {
      diag.warn(
        `${COMPONENT}: not allowed to read instance tags (${code}); grant ec2:DescribeTags or turn on instance-metadata tags. spawn:tracing-* tags are not read`,
      );
    } else {
      diag.warn(
        `${COMPONENT}: DescribeTags failed (${errorMessage(err)}); spawn:tracing-* tags are not read`,
      );
    }
    return {};
  } finally {
    abort.abort();
    client.destroy();
  }
}
