import {
  DescribeInstancesCommand,
  DescribeTagsCommand,
  EC2Client,
  paginateDescribeInstances,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalEc2, startEc2 } from './ec2.js';

let ec2: LocalEc2 | undefined;
let client: EC2Client | undefined;
afterEach(async () => {
  client?.destroy();
  await ec2?.close();
  ec2 = undefined;
});

async function start(options: Parameters<typeof startEc2>[0] = {}) {
  ec2 = await startEc2(options);
  client = new EC2Client({ ...ec2.clientConfig, maxAttempts: 3 });
  return { ec2, client };
}

describe('startEc2', () => {
  it('answers DescribeTags filtered by resource id and key', async () => {
    const { client } = await start({
      instances: [
        { instanceId: 'i-0aaaaaaaaaaaaaaa1', tags: { 'spawn:tracing-enabled': 'true', Name: 'a' } },
        { instanceId: 'i-0bbbbbbbbbbbbbbb2', tags: { 'spawn:tracing-enabled': 'false' } },
      ],
    });
    const out = await client.send(
      new DescribeTagsCommand({
        Filters: [
          { Name: 'resource-id', Values: ['i-0aaaaaaaaaaaaaaa1'] },
          { Name: 'key', Values: ['spawn:*'] },
        ],
      }),
    );
    expect(out.Tags).toEqual([
      {
        ResourceId: 'i-0aaaaaaaaaaaaaaa1',
        ResourceType: 'instance',
        Key: 'spawn:tracing-enabled',
        Value: 'true',
      },
    ]);
    expect(out.$metadata.requestId).toBe(ec2?.requests[0]?.requestId);
    expect(ec2?.requests[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it('runs instances that DescribeInstances then lists, with pagination', async () => {
    const { client } = await start({ instances: [{ instanceId: 'i-0ccccccccccccccc3' }] });
    const run = await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-0123',
        InstanceType: 'c7g.large',
        MinCount: 2,
        MaxCount: 2,
        TagSpecifications: [
          { ResourceType: 'instance', Tags: [{ Key: 'spawn:job-array-id', Value: 'ja-1' }] },
        ],
      }),
    );
    const launched = run.Instances?.map((i) => i.InstanceId) ?? [];
    expect(launched).toHaveLength(2);
    expect(launched.every((id) => /^i-[0-9a-f]{17}$/.test(id ?? ''))).toBe(true);
    expect(run.Instances?.[0]).toMatchObject({
      ImageId: 'ami-0123',
      InstanceType: 'c7g.large',
      State: { Name: 'pending', Code: 0 },
    });
    expect(run.ReservationId).toMatch(/^r-/);

    const ids: string[] = [];
    for await (const page of paginateDescribeInstances({ client, pageSize: 1 }, {})) {
      for (const r of page.Reservations ?? [])
        for (const i of r.Instances ?? []) ids.push(i.InstanceId ?? '');
    }
    expect(ids).toEqual(['i-0ccccccccccccccc3', ...launched]);

    const tagged = await client.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:spawn:job-array-id', Values: ['ja-1'] }] }),
    );
    expect(tagged.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId))).toEqual(launched);
  });

  it('reports EC2 errors with code, message, status and request id', async () => {
    const { client } = await start();
    const err = await client
      .send(new DescribeInstancesCommand({ InstanceIds: ['i-0dddddddddddddddd'] }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0dddddddddddddddd' does not exist",
      $metadata: { httpStatusCode: 400 },
    });
    expect((err as { $metadata: { requestId?: string } }).$metadata.requestId).toBe(
      ec2?.requests[0]?.requestId,
    );
  });

  it('fails N times with RequestLimitExceeded (503), which the SDK retries', async () => {
    const { ec2, client } = await start({ failures: [{ action: 'DescribeInstances', count: 2 }] });
    const out = await client.send(new DescribeInstancesCommand({}));
    expect(out.$metadata.attempts).toBe(3);
    expect(ec2.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('answers UnauthorizedOperation (403) for the configured actions', async () => {
    const { ec2, client } = await start({ unauthorized: ['RunInstances'] });
    await expect(
      client.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1 })),
    ).rejects.toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    await expect(client.send(new DescribeInstancesCommand({}))).resolves.toBeDefined();
    ec2.setUnauthorized(true);
    await expect(client.send(new DescribeTagsCommand({}))).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
    });
  });
});
