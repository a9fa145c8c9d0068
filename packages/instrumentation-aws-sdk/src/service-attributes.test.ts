import { type LocalEc2, startEc2 } from '@spawn/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { local, setupTracing } from '../test/harness.js';

const h = setupTracing();
const ec2Sdk = await import('@aws-sdk/client-ec2');
const s3Sdk = await import('@aws-sdk/client-s3');
const lambdaSdk = await import('@aws-sdk/client-lambda');

let ec2: LocalEc2;
let client: InstanceType<typeof ec2Sdk.EC2Client>;

beforeAll(async () => {
  ec2 = await startEc2({
    instances: [{ instanceId: 'i-0123456789abcdef0' }, { instanceId: 'i-0fedcba9876543210' }],
  });
  client = new ec2Sdk.EC2Client(local(ec2.clientConfig));
});
afterAll(async () => {
  client.destroy();
  await ec2.close();
});
beforeEach(() => h.reset());

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata: { requestId?: string } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { $metadata: { requestId?: string } };
  }
  throw new Error('expected the call to fail');
}

describe('EC2 (query protocol)', () => {
  it('names DescribeInstances and records the instance ids asked for', async () => {
    const out = await client.send(
      new ec2Sdk.DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }),
    );
    const [span] = h.awsSpans();
    expect(span?.name).toBe('aws.ec2.DescribeInstances');
    expect(span?.attributes).toMatchObject({
      'aws.service': 'ec2',
      'aws.operation': 'DescribeInstances',
      'aws.request_id': out.$metadata.requestId,
      'http.status_code': 200,
      'aws.ec2.instance_ids': ['i-0123456789abcdef0'],
      'rpc.service': 'EC2',
    });
    expect(ec2.requests.at(-1)?.requestId).toBe(out.$metadata.requestId);
  });

  it('records the ids a call returns when it asked for none', async () => {
    const all = await client.send(new ec2Sdk.DescribeInstancesCommand({}));
    const run = await client.send(
      new ec2Sdk.RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1 }),
    );
    const [describe, launched] = h.awsSpans();
    expect(describe?.attributes['aws.ec2.instance_ids']).toEqual([
      'i-0123456789abcdef0',
      'i-0fedcba9876543210',
    ]);
    expect(all.Reservations?.length).toBeGreaterThan(0);
    expect(launched?.name).toBe('aws.ec2.RunInstances');
    expect(launched?.attributes['aws.ec2.instance_ids']).toEqual([run.Instances?.[0]?.InstanceId]);
  });

  it('keeps a throttled-then-retried call in one span with the attempt count', async () => {
    ec2.fail({ action: 'DescribeInstances', count: 1, code: 'RequestLimitExceeded' });
    const retrying = new ec2Sdk.EC2Client(local(ec2.clientConfig, { maxAttempts: 3 }));
    const before = ec2.requests.length;
    const out = await retrying.send(new ec2Sdk.DescribeInstancesCommand({}));
    expect(ec2.requests.length - before).toBe(2);
    const spans = h.awsSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes).toMatchObject({
      error: false,
      'aws.attempts': 2,
      'aws.request_id': out.$metadata.requestId,
      'aws.total_retry_delay_ms': out.$metadata.totalRetryDelay,
    });
    expect(out.$metadata.totalRetryDelay).toBeGreaterThan(0);
    retrying.destroy();
  });

  it('keeps the request id of a failed call (from the error metadata)', async () => {
    ec2.setUnauthorized(['RunInstances']);
    const err = await failure(
      client.send(new ec2Sdk.RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1 })),
    );
    ec2.setUnauthorized(false);
    expect(err.name).toBe('UnauthorizedOperation');
    const [span] = h.awsSpans();
    expect(span?.attributes).toMatchObject({
      error: true,
      'error.type': 'UnauthorizedOperation',
      'http.status_code': 403,
      'aws.request_id': ec2.requests.at(-1)?.requestId,
    });
    expect(err.$metadata.requestId).toBe(ec2.requests.at(-1)?.requestId);
  });
});

describe('request attributes also on calls that never reach a server', () => {
  const closed = { endpoint: 'http://127.0.0.1:1', region: 'eu-west-1' };

  it('S3 bucket', async () => {
    const s3 = new s3Sdk.S3Client(
      local({ ...closed, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, forcePathStyle: true }),
    );
    await failure(s3.send(new s3Sdk.GetObjectCommand({ Bucket: 'spawn-artifacts', Key: 'job/1.log' })));
    const [span] = h.awsSpans();
    expect(span?.name).toBe('aws.s3.GetObject');
    expect(span?.attributes).toMatchObject({
      'aws.s3.bucket': 'spawn-artifacts',
      'aws.region': 'eu-west-1',
      error: true,
    });
    s3.destroy();
  });

  it('Lambda function name', async () => {
    const lambda = new lambdaSdk.LambdaClient(
      local({ ...closed, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    );
    await failure(lambda.send(new lambdaSdk.InvokeCommand({ FunctionName: 'spawn-reaper' })));
    const [span] = h.awsSpans();
    expect(span?.name).toBe('aws.lambda.Invoke');
    expect(span?.attributes).toMatchObject({
      'aws.lambda.function_name': 'spawn-reaper',
      'faas.invoked_name': 'spawn-reaper',
      'error.type': 'ECONNREFUSED',
    });
    lambda.destroy();
  });
});
