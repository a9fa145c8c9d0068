import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { type LocalEc2, type LocalImds, startEc2, startImds } from '@spawn/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImdsSession } from './imds.js';
import { readInstanceTags, SPAWN_TRACING_TAGS } from './instance-tags.js';

const INSTANCE = 'i-0feedfacecafe0001';
const KEYS = Object.values(SPAWN_TRACING_TAGS);
const warnings: string[] = [];
const logger: DiagLogger = {
  error: (m) => warnings.push(m),
  warn: (m) => warnings.push(m),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};

let imds: LocalImds | undefined;
let ec2: LocalEc2 | undefined;
beforeEach(() => {
  warnings.length = 0;
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});
afterEach(async () => {
  diag.disable();
  await imds?.close();
  await ec2?.close();
  imds = ec2 = undefined;
});

const session = () => createImdsSession({ endpoint: imds?.endpoint, timeoutMs: 2000 });

describe('readInstanceTags', () => {
  it('reads the wanted tags through IMDS when instance-metadata tags are on', async () => {
    imds = await startImds({
      instanceId: INSTANCE,
      instanceMetadataTags: true,
      tags: { Name: 'w', 'spawn:tracing-enabled': 'true', 'spawn:tracing-exporter': 'stdout' },
    });
    expect(await readInstanceTags(KEYS, { imds: session() })).toEqual({
      'spawn:tracing-enabled': 'true',
      'spawn:tracing-exporter': 'stdout',
    });
    const paths = imds.requests.map((r) => r.path);
    expect(paths).not.toContain('/latest/meta-data/tags/instance/Name');
    expect(imds.tokensIssued).toBe(1);
  });

  it('falls back to DescribeTags for this instance when instance-metadata tags are off', async () => {
    imds = await startImds({ instanceId: INSTANCE, region: 'us-west-2' });
    ec2 = await startEc2({
      region: 'us-west-2',
      instances: [
        { instanceId: INSTANCE, tags: { 'spawn:tracing-sampling': '0.5', Name: 'x' } },
        { instanceId: 'i-0000000000000dead', tags: { 'spawn:tracing-enabled': 'true' } },
      ],
    });
    const tags = await readInstanceTags(KEYS, {
      imds: session(),
      ec2: { endpoint: ec2.endpoint, credentials: ec2.clientConfig.credentials },
    });
    expect(tags).toEqual({ 'spawn:tracing-sampling': '0.5' });
    expect(ec2.requests).toHaveLength(1);
    expect(ec2.requests[0]?.params).toMatchObject({
      Action: 'DescribeTags',
      'Filter.1.Name': 'resource-id',
      'Filter.1.Value.1': INSTANCE,
      'Filter.2.Name': 'key',
    });
    // The client signed for the instance's region, learned from IMDS.
    expect(ec2.requests[0]?.authorization).toContain('/us-west-2/ec2/aws4_request');
    expect(warnings).toEqual([]);
  });

  it('warns and returns no tags when DescribeTags is not allowed', async () => {
    imds = await startImds({ instanceId: INSTANCE });
    ec2 = await startEc2({
      unauthorized: ['DescribeTags'],
      instances: [{ instanceId: INSTANCE, tags: { a: 'b' } }],
    });
    const tags = await readInstanceTags(KEYS, {
      imds: session(),
      ec2: { endpoint: ec2.endpoint, credentials: ec2.clientConfig.credentials },
    });
    expect(tags).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /not allowed to read instance tags \(UnauthorizedOperation\); grant ec2:DescribeTags/,
    );
  });

  it('warns and returns no tags when DescribeTags keeps failing', async () => {
    imds = await startImds({ instanceId: INSTANCE });
    ec2 = await startEc2({ failures: [{ count: 5, code: 'InternalError' }] });
    const tags = await readInstanceTags(KEYS, {
      imds: session(),
      ec2: { endpoint: ec2.endpoint, credentials: ec2.clientConfig.credentials },
      describeTagsTimeoutMs: 10_000,
    });
    expect(tags).toEqual({});
    expect(warnings[0]).toMatch(/DescribeTags failed/);
  });

  it('reads nothing off EC2 and never loads the EC2 client', async () => {
    imds = await startImds({ hang: true });
    ec2 = await startEc2();
    const tags = await readInstanceTags(KEYS, {
      imds: createImdsSession({ endpoint: imds.endpoint, timeoutMs: 100 }),
      ec2: { endpoint: ec2.endpoint },
    });
    expect(tags).toEqual({});
    expect(ec2.requests).toHaveLength(0);
    expect(warnings).toEqual([]);
  });
});
