// The SDK loads before the instrumentation, so no module hook patched it: these tests patch by hand.
import * as ec2Sdk from '@aws-sdk/client-ec2';
import { type LocalEc2, startEc2 } from '@spawn/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { local, setupTracing } from '../test/harness.js';
import { patchClientClass, patchModuleExports } from './client-class-patch.js';

const h = setupTracing();
let ec2: LocalEc2;
beforeAll(async () => {
  ec2 = await startEc2();
});
afterAll(() => ec2.close());

it('finds the client classes of a service package by shape and patches the send they share', async () => {
  const before = new ec2Sdk.EC2Client(local(ec2.clientConfig));
  await before.send(new ec2Sdk.DescribeInstancesCommand({}));
  expect(h.awsSpans()).toHaveLength(0);

  expect(patchModuleExports(ec2Sdk)).toBeGreaterThanOrEqual(1);
  const owner = Object.getPrototypeOf(ec2Sdk.EC2Client.prototype) as { send: unknown };
  const patched = owner.send;
  expect(patchModuleExports(ec2Sdk)).toBeGreaterThanOrEqual(1);
  expect(owner.send).toBe(patched);

  // Clients created before the patch are traced from their next call on.
  await before.send(new ec2Sdk.DescribeInstancesCommand({}));
  const after = new ec2Sdk.EC2Client(local(ec2.clientConfig));
  await after.send(new ec2Sdk.DescribeInstancesCommand({}));
  expect(h.awsSpans().map((s) => s.name)).toEqual(['aws.ec2.DescribeInstances', 'aws.ec2.DescribeInstances']);
  before.destroy();
  after.destroy();
});

it('ignores what is not a client and survives hostile exports', () => {
  const hostile = Object.defineProperty({ NotAClient: 1, OtherClient: class {} }, 'BadClient', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
  expect(patchModuleExports(hostile)).toBe(0);
  expect(patchModuleExports(null)).toBe(0);
  expect(patchClientClass(() => undefined)).toBe(false);
});
