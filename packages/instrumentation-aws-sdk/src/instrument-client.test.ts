// The SDK loads before any instrumentation exists, as in a bundle where module hooks see nothing.
import { DynamoDBClient, GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalDynamoDb, startDynamoDb } from '@spawn/test-support';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { local, setupTracing } from '../test/harness.js';
import { instrumentClient } from './index.js';

const h = setupTracing();
let ddb: LocalDynamoDb;
beforeAll(async () => {
  ddb = await startDynamoDb();
});
afterAll(() => ddb.close());
beforeEach(() => h.reset());

it('module hooks did not see an SDK loaded first, so a plain client makes no span', async () => {
  const plain = new DynamoDBClient(local(ddb.clientConfig));
  await plain.send(new ListTablesCommand({}));
  expect(h.awsSpans()).toHaveLength(0);
  plain.destroy();
});

it('instrumentClient traces that one client, once however often it is called', async () => {
  const client = instrumentClient(instrumentClient(new DynamoDBClient(local(ddb.clientConfig))));
  instrumentClient(client);
  await client.send(new ListTablesCommand({}));
  expect(h.awsSpans().map((s) => s.name)).toEqual(['aws.dynamodb.ListTables']);
  client.destroy();
});

it('a document client over an instrumented client makes one span per call', async () => {
  const client = instrumentClient(new DynamoDBClient(local(ddb.clientConfig)));
  const doc = DynamoDBDocumentClient.from(client);
  instrumentClient(doc);
  await expect(doc.send(new GetCommand({ TableName: 'missing', Key: { id: 'x' } }))).rejects.toThrow();
  await expect(
    client.send(new GetItemCommand({ TableName: 'missing', Key: { id: { S: 'x' } } })),
  ).rejects.toThrow();
  const spans = h.awsSpans();
  expect(spans.map((s) => s.name)).toEqual(['aws.dynamodb.GetItem', 'aws.dynamodb.GetItem']);
  expect(spans[0]?.attributes['error.type']).toBe('ResourceNotFoundException');
  client.destroy();
});

it('leaves anything that is not a client alone', () => {
  const notAClient = { send: 1 };
  expect(instrumentClient(notAClient)).toBe(notAClient);
});
