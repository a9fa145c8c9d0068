import { startImds } from '@spawn/test-support';
import { describe, expect, it } from 'vitest';
import { isConfigError } from './config-error.js';
import { createImdsSession, imdsSessionFor } from './imds.js';

describe('ImdsSession', () => {
  it('fetches one token and one identity document for every caller', async () => {
    const imds = await startImds({ instanceId: 'i-0123456789abcdef1', region: 'ap-south-1' });
    try {
      const session = createImdsSession({ endpoint: imds.endpoint, timeoutMs: 2000 });
      const [a, b] = await Promise.all([session.identityDocument(), session.identityDocument()]);
      expect(a).toEqual({
        instanceId: 'i-0123456789abcdef1',
        region: 'ap-south-1',
        availabilityZone: 'ap-south-1a',
        instanceType: 't3.micro',
        imageId: 'ami-0abcdef1234567890',
        accountId: '123456789012',
      });
      expect(b).toBe(a);
      expect(await session.get('/latest/meta-data/instance-id')).toBe('i-0123456789abcdef1');
      expect(await session.get('/latest/meta-data/tags/instance')).toBeUndefined();
      expect(imds.tokensIssued).toBe(1);
      expect(imds.requests.filter((r) => r.method === 'GET').every((r) => r.token !== undefined)).toBe(true);
    } finally {
      await imds.close();
    }
  });

  it('gives up after the timeout when IMDS hangs, and remembers it', async () => {
    const imds = await startImds({ hang: true });
    try {
      const session = createImdsSession({ endpoint: imds.endpoint, timeoutMs: 100 });
      const started = Date.now();
      expect(await session.identityDocument()).toBeUndefined();
      expect(await session.get('/latest/meta-data/instance-id')).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(imds.requests).toHaveLength(1);
    } finally {
      await imds.close();
    }
  });

  it('answers undefined when nothing listens', async () => {
    const imds = await startImds();
    const endpoint = imds.endpoint;
    await imds.close();
    expect(await createImdsSession({ endpoint, timeoutMs: 1000 }).token()).toBeUndefined();
  });
});

describe('imdsSessionFor', () => {
  it('is off with SPAWN_IMDS_DISABLED, AWS_EC2_METADATA_DISABLED or imds: false', () => {
    expect(imdsSessionFor({ env: { SPAWN_IMDS_DISABLED: 'true' } })).toBeUndefined();
    expect(imdsSessionFor({ env: { AWS_EC2_METADATA_DISABLED: 'TRUE' } })).toBeUndefined();
    expect(imdsSessionFor({ env: {}, imds: false })).toBeUndefined();
  });

  it('shares one session per endpoint and timeout across the process', () => {
    const env = { AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9/', SPAWN_IMDS_TIMEOUT_MS: '250' };
    const a = imdsSessionFor({ env });
    expect(a?.endpoint).toBe('http://127.0.0.1:9');
    expect(a?.timeoutMs).toBe(250);
    expect(imdsSessionFor({ env })).toBe(a);
    expect(imdsSessionFor({ env, imdsTimeoutMs: 300 })).not.toBe(a);
    expect(imdsSessionFor({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' } })?.endpoint).toBe(
      'http://[fd00:ec2::254]',
    );
    expect(imdsSessionFor({ env: {} })?.endpoint).toBe('http://169.254.169.254');
  });

  it('rejects a bad SPAWN_IMDS_TIMEOUT_MS', () => {
    try {
      imdsSessionFor({ env: { SPAWN_IMDS_TIMEOUT_MS: 'fast' } });
      expect.unreachable();
    } catch (err) {
      expect(isConfigError(err) && [err.source, err.key, err.value]).toEqual([
        'env',
        'SPAWN_IMDS_TIMEOUT_MS',
        'fast',
      ]);
    }
  });
});
