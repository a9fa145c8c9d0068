import { createRequire } from 'node:module';
import { type LocalDynamoDb, startDynamoDb } from '@spawn/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { local, setupTracing } from '../test/harness.js';

// Four copies of the SDK in one process, across the 2026 move of smithy's `Client` into `@smithy/core`:
// 3.600 (`@smithy/smithy-client` 3 defines it), 3.1045 (last to import `@smithy/smithy-client`, a re-export
// by then), 3.1046 (first to import `@smithy/core/client`) and the catalog's current version.
const h = setupTracing();
const require = createRequire(import.meta.url);
const versions = [
  '@aws-sdk/client-dynamodb-v3-600',
  '@aws-sdk/client-dynamodb-v3-1045',
  '@aws-sdk/client-dynamodb-v3-1046',
  '@aws-sdk/client-dynamodb',
] as const;

type Sdk = typeof import('@aws-sdk/client-dynamodb');
const sdks = await Promise.all(versions.map(async (name) => [name, (await import(name)) as Sdk] as const));

function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

let ddb: LocalDynamoDb;
beforeAll(async () => {
  ddb = await startDynamoDb();
});
afterAll(() => ddb.close());
beforeEach(() => h.reset());

describe('every SDK copy in the tree', () => {
  it('really is a different version and client class', () => {
    expect(versions.map(versionOf)).toEqual([
      '3.600.0',
      '3.1045.0',
      '3.1046.0',
      expect.stringMatching(/^3\.\d+\.\d+$/),
    ]);
    const bases = new Set(sdks.map(([, sdk]) => Object.getPrototypeOf(sdk.DynamoDBClient.prototype)));
    expect(bases.size).toBeGreaterThanOrEqual(2);
  });

  it.each(sdks.map(([name, sdk], i) => [name, sdk, i] as const))(
    '%s: one span per call, with its request id',
    async (_name, sdk, i) => {
      const client = new sdk.DynamoDBClient(local(ddb.clientConfig));
      const table = `table${i}`;
      await client.send(
        new sdk.CreateTableCommand({
          TableName: table,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await client.send(new sdk.PutItemCommand({ TableName: table, Item: { id: { S: 'x' } } }));
      const out = await client.send(new sdk.GetItemCommand({ TableName: table, Key: { id: { S: 'x' } } }));
      let failed: { name: string; $metadata: { requestId?: string } } | undefined;
      try {
        await client.send(new sdk.GetItemCommand({ TableName: table, Key: { nope: { S: 'x' } } }));
      } catch (err) {
        failed = err as typeof failed;
      }
      const spans = h.awsSpans();
      expect(spans.map((s) => s.name)).toEqual([
        'aws.dynamodb.CreateTable',
        'aws.dynamodb.PutItem',
        'aws.dynamodb.GetItem',
        'aws.dynamodb.GetItem',
      ]);
      expect(spans[2]?.attributes).toMatchObject({
        'aws.region': 'us-east-1',
        'aws.request_id': out.$metadata.requestId,
        'http.status_code': 200,
        'aws.attempts': 1,
        error: false,
      });
      expect(failed?.name).toBe('ValidationException');
      expect(spans[3]?.attributes).toMatchObject({
        error: true,
        'error.type': 'ValidationException',
        'aws.request_id': failed?.$metadata.requestId,
        'http.status_code': 400,
      });
      client.destroy();
    },
  );
});
