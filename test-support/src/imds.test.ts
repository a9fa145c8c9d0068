import { request } from 'node:http';
import { MetadataService } from '@aws-sdk/ec2-metadata-service';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalImds, startImds } from './imds.js';

let imds: LocalImds | undefined;
afterEach(async () => {
  await imds?.close();
  imds = undefined;
});

function raw(method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${imds?.endpoint}${path}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startImds', () => {
  it('answers the real MetadataService client over IMDSv2', async () => {
    imds = await startImds({ instanceId: 'i-0abc1234def567890', region: 'eu-west-1' });
    const client = new MetadataService({ endpoint: imds.endpoint, retries: 0, ec2MetadataV1Disabled: true });
    expect(await client.request('/latest/meta-data/instance-id', {})).toBe('i-0abc1234def567890');
    expect(await client.request('/latest/meta-data/placement/region', {})).toBe('eu-west-1');
    const doc = JSON.parse(await client.request('/latest/dynamic/instance-identity/document', {}));
    expect(doc).toMatchObject({
      instanceId: 'i-0abc1234def567890',
      region: 'eu-west-1',
      availabilityZone: 'eu-west-1a',
    });
    expect(imds.requests.filter((r) => r.method === 'PUT').every((r) => r.status === 200)).toBe(true);
  });

  it('requires a valid TTL on PUT and a live token on GET', async () => {
    imds = await startImds();
    expect((await raw('PUT', '/latest/api/token')).status).toBe(400);
    expect(
      (await raw('PUT', '/latest/api/token', { 'x-aws-ec2-metadata-token-ttl-seconds': '21601' })).status,
    ).toBe(400);
    expect((await raw('GET', '/latest/meta-data/instance-id')).status).toBe(401);
    expect(
      (await raw('GET', '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': 'forged' })).status,
    ).toBe(401);
    const token = await raw('PUT', '/latest/api/token', { 'x-aws-ec2-metadata-token-ttl-seconds': '60' });
    expect(token.status).toBe(200);
    const ok = await raw('GET', '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': token.body });
    expect(ok).toEqual({ status: 200, body: 'i-0123456789abcdef0' });
    expect(imds.tokensIssued).toBe(1);
  });

  it('serves instance tags only when instance-metadata tags are on', async () => {
    imds = await startImds({ tags: { Name: 'worker', 'spawn:tracing-enabled': 'true' } });
    const client = new MetadataService({ endpoint: imds.endpoint, retries: 0, ec2MetadataV1Disabled: true });
    await expect(client.request('/latest/meta-data/tags/instance', {})).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    imds.update({ instanceMetadataTags: true });
    expect(await client.request('/latest/meta-data/tags/instance', {})).toBe('Name\nspawn:tracing-enabled');
    expect(await client.request('/latest/meta-data/tags/instance/spawn:tracing-enabled', {})).toBe('true');
    await expect(client.request('/latest/meta-data/tags/instance/missing', {})).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('can hang so callers hit their timeout', async () => {
    imds = await startImds({ hang: true });
    const client = new MetadataService({
      endpoint: imds.endpoint,
      retries: 0,
      ec2MetadataV1Disabled: true,
      httpOptions: { timeout: 50 },
    });
    await expect(client.fetchMetadataToken()).rejects.toThrow();
    expect(imds.requests).toEqual([expect.objectContaining({ method: 'PUT', status: 0 })]);
  });
});
