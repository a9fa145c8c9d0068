import { describe, expect, it } from 'vitest';
import { awsSpanName, spanName } from './span-name.js';

describe('span names', () => {
  it('builds aws.{service}.{operation} with the service lower-cased', () => {
    expect(awsSpanName('EC2', 'DescribeInstances')).toBe('aws.ec2.DescribeInstances');
    expect(awsSpanName('dynamodb', 'GetItem')).toBe('aws.dynamodb.GetItem');
  });
  it('builds {service}.{operation}, allowing a dotted service', () => {
    expect(spanName('spawn.agent', 'monitor')).toBe('spawn.agent.monitor');
  });
  it.each([
    ['', 'GetItem'],
    ['dynamo db', 'GetItem'],
    ['dynamodb', ''],
    ['dynamodb', 'Get.Item'],
    ['dynamodb', 'Get Item'],
  ])('rejects %j / %j with a message naming the bad part', (service, operation) => {
    expect(() => awsSpanName(service, operation)).toThrow(/span name .* is invalid/);
  });
  it('rejects empty parts inside a dotted service', () => {
    expect(() => spanName('spawn..agent', 'monitor')).toThrow(/service part "" is invalid/);
  });
});
