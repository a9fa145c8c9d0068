import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectResources } from '@opentelemetry/resources';
import { type LocalImds, startImds } from '@spawn/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { isConfigError } from './config-error.js';
import { createImdsSession } from './imds.js';
import { detectSpawnIdentity, readLocalSpawnIdentity, spawnIdentityAttributes } from './spawn-identity.js';
import { spawnIdentityDetector } from './spawn-identity-detector.js';

const dir = mkdtempSync(join(tmpdir(), 'spawn-identity-'));
let n = 0;
function yamlFile(text: string): string {
  const path = join(dir, `local-${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

let imds: LocalImds | undefined;
afterEach(async () => {
  await imds?.close();
  imds = undefined;
});

const offline = { env: {}, configPath: false as const, imds: false as const };

describe('detectSpawnIdentity', () => {
  it('is local with the default service name when nothing is known', async () => {
    expect(await detectSpawnIdentity(offline)).toEqual({ provider: 'local', serviceName: 'spored' });
  });

  it('reads the environment, SPAWN_JOB_ARRAY_ID before JOB_ARRAY_ID', async () => {
    const identity = await detectSpawnIdentity({
      ...offline,
      env: {
        SPAWN_INSTANCE_ID: 'i-0123456789abcdef0',
        SPAWN_REGION: 'eu-central-1',
        SPAWN_JOB_ARRAY_ID: 'ja-abc123',
        JOB_ARRAY_ID: 'ja-ignored',
        JOB_ARRAY_INDEX: '5',
        OTEL_SERVICE_NAME: 'worker',
      },
    });
    expect(identity).toEqual({
      provider: 'ec2',
      instanceId: 'i-0123456789abcdef0',
      region: 'eu-central-1',
      jobArrayId: 'ja-abc123',
      jobArrayIndex: 5,
      serviceName: 'worker',
    });
    expect((await detectSpawnIdentity({ ...offline, env: { JOB_ARRAY_ID: 'ja-2' } })).jobArrayId).toBe(
      'ja-2',
    );
  });

  it('calls an instance id that is not i-… local', async () => {
    const identity = await detectSpawnIdentity({ ...offline, env: { SPAWN_INSTANCE_ID: 'laptop-7' } });
    expect(identity.provider).toBe('local');
  });

  it('reads the spawn file for what the environment left missing', async () => {
    const path = yamlFile(
      'instance_id: local-1\nregion: us-east-2\njob_array:\n  id: 42\n  index: 3\nobservability:\n  tracing:\n    service_name: from-file\n',
    );
    const identity = await detectSpawnIdentity({
      ...offline,
      configPath: path,
      env: { JOB_ARRAY_INDEX: '7' },
    });
    expect(identity).toEqual({
      provider: 'local',
      instanceId: 'local-1',
      region: 'us-east-2',
      jobArrayId: '42',
      jobArrayIndex: 7,
      serviceName: 'from-file',
    });
  });

  it('fills the gaps from IMDS and reports ec2 with placement details', async () => {
    imds = await startImds({
      instanceId: 'i-0aaaabbbbccccdddd',
      region: 'sa-east-1',
      availabilityZone: 'sa-east-1c',
      instanceType: 'c7i.large',
      imageId: 'ami-0b1',
    });
    const identity = await detectSpawnIdentity({
      env: { JOB_ARRAY_ID: 'ja-1', JOB_ARRAY_INDEX: '0' },
      configPath: false,
      imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 }),
    });
    expect(identity).toEqual({
      provider: 'ec2',
      instanceId: 'i-0aaaabbbbccccdddd',
      region: 'sa-east-1',
      availabilityZone: 'sa-east-1c',
      instanceType: 'c7i.large',
      imageId: 'ami-0b1',
      accountId: '123456789012',
      jobArrayId: 'ja-1',
      jobArrayIndex: 0,
      serviceName: 'spored',
    });
    expect(spawnIdentityAttributes(identity)).toEqual({
      'spawn.instance_id': 'i-0aaaabbbbccccdddd',
      'spawn.provider': 'ec2',
      'spawn.job_array_id': 'ja-1',
      'spawn.job_array_index': 0,
      'service.name': 'spored',
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_ec2',
      'cloud.region': 'sa-east-1',
      'cloud.availability_zone': 'sa-east-1c',
      'cloud.account.id': '123456789012',
      'host.id': 'i-0aaaabbbbccccdddd',
      'host.type': 'c7i.large',
      'host.image.id': 'ami-0b1',
    });
  });

  it('keeps earlier sources over IMDS and skips IMDS when nothing is missing', async () => {
    imds = await startImds({ instanceId: 'i-0ffffffffffffffff', region: 'us-east-1' });
    const session = createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 });
    const partial = await detectSpawnIdentity({
      env: { SPAWN_REGION: 'local-region' },
      configPath: false,
      imds: session,
    });
    expect(partial).toMatchObject({
      provider: 'ec2',
      instanceId: 'i-0ffffffffffffffff',
      region: 'local-region',
    });
    const before = imds.requests.length;
    await detectSpawnIdentity({
      env: { SPAWN_REGION: 'r', SPAWN_INSTANCE_ID: 'x' },
      configPath: false,
      imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 }),
    });
    expect(imds.requests.length).toBe(before);
  });

  it('resolves as local after the short timeout when IMDS hangs (off EC2)', async () => {
    imds = await startImds({ hang: true });
    const started = Date.now();
    const identity = await detectSpawnIdentity({
      env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.endpoint },
      configPath: false,
      imdsTimeoutMs: 150,
    });
    expect(identity).toEqual({ provider: 'local', serviceName: 'spored' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each([
    ['x', 'JOB_ARRAY_INDEX'],
    ['-1', 'JOB_ARRAY_INDEX'],
    ['1.5', 'JOB_ARRAY_INDEX'],
  ])('rejects JOB_ARRAY_INDEX=%s', (value, key) => {
    try {
      readLocalSpawnIdentity({ ...offline, env: { JOB_ARRAY_INDEX: value } });
      expect.unreachable();
    } catch (err) {
      expect(isConfigError(err) && [err.source, err.key, err.value]).toEqual(['env', key, value]);
    }
  });

  it('rejects a bad job_array.index in the file', () => {
    const path = yamlFile('job_array:\n  index: minus one\n');
    expect(() => readLocalSpawnIdentity({ ...offline, configPath: path })).toThrow(
      `Invalid tracing configuration: job_array.index (file ${path}) = "minus one": must be an integer >= 0`,
    );
  });
});

describe('spawnIdentityDetector', () => {
  it('gives detectResources the identity, synchronously when IMDS is not needed', () => {
    const resource = detectResources({
      detectors: [
        spawnIdentityDetector({
          ...offline,
          env: { SPAWN_INSTANCE_ID: 'i-0123456789abcdef0', SPAWN_REGION: 'r' },
        }),
      ],
    });
    expect(resource.asyncAttributesPending).toBe(false);
    expect(resource.attributes).toMatchObject({
      'spawn.instance_id': 'i-0123456789abcdef0',
      'spawn.provider': 'ec2',
      'cloud.provider': 'aws',
      'host.id': 'i-0123456789abcdef0',
    });
  });

  it('resolves IMDS attributes asynchronously', async () => {
    imds = await startImds({ instanceId: 'i-0abcabcabcabcabc1', region: 'eu-north-1' });
    const resource = detectResources({
      detectors: [
        spawnIdentityDetector({
          env: { JOB_ARRAY_INDEX: '2' },
          configPath: false,
          imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 }),
        }),
      ],
    });
    expect(resource.asyncAttributesPending).toBe(true);
    await resource.waitForAsyncAttributes?.();
    expect(resource.attributes).toEqual({
      'spawn.instance_id': 'i-0abcabcabcabcabc1',
      'spawn.provider': 'ec2',
      'spawn.job_array_index': 2,
      'service.name': 'spored',
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_ec2',
      'cloud.region': 'eu-north-1',
      'cloud.availability_zone': 'eu-north-1a',
      'cloud.account.id': '123456789012',
      'host.id': 'i-0abcabcabcabcabc1',
      'host.type': 't3.micro',
      'host.image.id': 'ami-0abcdef1234567890',
    });
  });

  it('throws a ConfigError at construction, not inside detectResources', () => {
    expect(() => spawnIdentityDetector({ ...offline, env: { JOB_ARRAY_INDEX: 'x' } })).toThrow(
      /JOB_ARRAY_INDEX \(env\)/,
    );
  });

  it('shares one IMDS token with resolveConfig through the process-wide session', async () => {
    imds = await startImds({
      instanceId: 'i-0123401234012340a',
      instanceMetadataTags: true,
      tags: { 'spawn:tracing-enabled': 'true' },
    });
    const env = { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.endpoint };
    const { resolveConfig } = await import('./config.js');
    const [config, identity] = await Promise.all([
      resolveConfig({ env, configPath: false, imdsTimeoutMs: 2000 }),
      detectSpawnIdentity({ env, configPath: false, imdsTimeoutMs: 2000 }),
    ]);
    expect(config.enabled).toBe(true);
    expect(identity.instanceId).toBe('i-0123401234012340a');
    expect(imds.tokensIssued).toBe(1);
    expect(imds.requests.filter((r) => r.path === '/latest/dynamic/instance-identity/document')).toHaveLength(
      1,
    );
  });
});
