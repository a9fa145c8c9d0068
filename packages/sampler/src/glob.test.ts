import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob.js';

describe('compileGlob', () => {
  it.each([
    ['aws.sqs.ReceiveMessage', 'aws.sqs.ReceiveMessage', true],
    ['aws.sqs.ReceiveMessage', 'aws.sqs.ReceiveMessageX', false],
    ['aws.dynamodb.*', 'aws.dynamodb.GetItem', true],
    ['aws.dynamodb.*', 'aws.dynamodbx.GetItem', false],
    ['aws.*.GetItem', 'aws.dynamodb.GetItem', true],
    ['aws.*.GetItem', 'aws.dynamodb.PutItem', false],
    ['*', 'anything at all', true],
    ['spawn.agent.?onitor', 'spawn.agent.monitor', true],
    ['spawn.agent.?onitor', 'spawn.agent.onitor', false],
    ['a+b(c)[d]', 'a+b(c)[d]', true],
    ['a+b*', 'aab', false],
    ['us-*-1', 'us-east-1', true],
    ['*Item', 'aws.dynamodb.GetItem', true],
    ['é?', 'é😀', true],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(compileGlob(pattern)(value)).toBe(expected);
  });
});
