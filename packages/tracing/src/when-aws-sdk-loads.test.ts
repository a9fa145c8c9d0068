import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import { afterEach, expect, it } from 'vitest';
import { whenAwsSdkLoads } from './when-aws-sdk-loads.js';

const proto = (nodeModule as unknown as { Module: { prototype: { require: unknown } } }).Module.prototype;
const pristine = proto.require;
afterEach(() => {
  proto.require = pristine;
});

it('enables once, just before the first AWS SDK require, which then returns the module', () => {
  const calls: string[] = [];
  whenAwsSdkLoads(() => calls.push('enable'));
  const load = createRequire(import.meta.url);
  load('node:path');
  expect(calls).toEqual([]);
  const sdk = load('@aws-sdk/client-dynamodb') as { DynamoDBClient: unknown };
  expect(calls).toEqual(['enable']);
  expect(typeof sdk.DynamoDBClient).toBe('function');
  load('@aws-sdk/client-sqs');
  expect(calls).toEqual(['enable']);
  expect(proto.require).toBe(pristine);
});

it('lets the require go through the hook that enable installed', () => {
  const seen: string[] = [];
  whenAwsSdkLoads(() => {
    const before = proto.require as (this: unknown, id: string) => unknown;
    proto.require = function (this: unknown, id: string) {
      seen.push(id);
      return before.call(this, id);
    };
  });
  createRequire(import.meta.url)('@aws-sdk/client-dynamodb');
  expect(seen[0]).toBe('@aws-sdk/client-dynamodb');
});

it('removed before it fires, it restores require and never enables', () => {
  let enabled = false;
  const remove = whenAwsSdkLoads(() => {
    enabled = true;
  });
  remove();
  expect(proto.require).toBe(pristine);
  createRequire(import.meta.url)('@aws-sdk/client-dynamodb');
  expect(enabled).toBe(false);
});

it('a throwing enable never breaks the require', () => {
  whenAwsSdkLoads(() => {
    throw new Error('boom');
  });
  expect(() => createRequire(import.meta.url)('@aws-sdk/client-dynamodb')).not.toThrow();
});
