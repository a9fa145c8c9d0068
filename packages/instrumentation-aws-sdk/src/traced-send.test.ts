import { SpanStatusCode } from '@opentelemetry/api';
import { type LocalDynamoDb, type LocalSqs, startDynamoDb, startSqs } from '@spawn/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { local, setupTracing } from '../test/harness.js';
import { instrumentClient } from './index.js';

// Enabled before the SDK loads, as the register hook does it: the patched `send` does the tracing.
const h = setupTracing({ dynamodb: { injectContext: ['docs'] } });
const ddbSdk = await import('@aws-sdk/client-dynamodb');
const docSdk = await import('@aws-sdk/lib-dynamodb');
const sqsSdk = await import('@aws-sdk/client-sqs');

let ddb: LocalDynamoDb;
let sqs: LocalSqs;
let db: InstanceType<typeof ddbSdk.DynamoDBClient>;
let queue: InstanceType<typeof sqsSdk.SQSClient>;

beforeAll(async () => {
  [ddb, sqs] = await Promise.all([startDynamoDb(), startSqs()]);
  db = new ddbSdk.DynamoDBClient(local(ddb.clientConfig));
  queue = new sqsSdk.SQSClient(local(sqs.clientConfig));
  await db.send(
    new ddbSdk.CreateTableCommand({
      TableName: 'docs',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});
afterAll(async () => {
  db.destroy();
  queue.destroy();
  await Promise.all([ddb.close(), sqs.close()]);
});
beforeEach(() => {
  h.instrumentation.enable();
  h.reset();
});

const middlewareNames = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().map((entry) => entry.split(' ')[0] ?? entry);

describe('the patched send', () => {
  it('adds nothing to the client middleware stack (the SDK rebuilds the chain from it on every call)', async () => {
    const before = middlewareNames(db);
    await db.send(new ddbSdk.ListTablesCommand({}));
    expect(h.awsSpans().map((s) => s.name)).toEqual(['aws.dynamodb.ListTables']);
    expect(middlewareNames(db)).toEqual(before);
    expect(before.some((name) => name.startsWith('spawnTracing'))).toBe(false);
  });

  it('traces the callback forms, and the callback gets what the SDK gives it', async () => {
    const ok = await new Promise<unknown[]>((resolve) => {
      db.send(new ddbSdk.ListTablesCommand({}), (...args: unknown[]) => resolve(args));
    });
    const bad = await new Promise<unknown[]>((resolve) => {
      db.send(
        new ddbSdk.GetItemCommand({ TableName: 'docs', Key: { wrong: { S: 'a' } } }),
        {},
        (...args: unknown[]) => resolve(args),
      );
    });
    expect(ok[0]).toBeNull();
    expect((ok[1] as { TableNames: string[] }).TableNames).toContain('docs');
    expect((bad[0] as Error).name).toBe('ValidationException');
    const spans = h.awsSpans();
    expect(spans.map((s) => [s.name, s.attributes['error']])).toEqual([
      ['aws.dynamodb.ListTables', false],
      ['aws.dynamodb.GetItem', true],
    ]);
    expect(spans[1]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a callback that throws reaches neither the span nor an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await new Promise<void>((resolve) => {
        db.send(new ddbSdk.ListTablesCommand({}), () => {
          resolve();
          throw new Error('callback bug');
        });
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(h.awsSpans()[0]?.attributes['error']).toBe(false);
  });

  it('names the span from the operation schema, whatever the command class is called (minified bundles)', async () => {
    class Renamed extends ddbSdk.ListTablesCommand {}
    await db.send(new Renamed({}));
    expect(h.awsSpans().map((s) => s.name)).toEqual(['aws.dynamodb.ListTables']);
  });

  it('traces a document client as the service call it makes, injecting into document items', async () => {
    const doc = docSdk.DynamoDBDocumentClient.from(db);
    const item = { id: 'job-1', state: 'running' };
    const snapshot = structuredClone(item);
    await doc.send(new docSdk.PutCommand({ TableName: 'docs', Item: item }));
    const got = await doc.send(new docSdk.GetCommand({ TableName: 'docs', Key: { id: 'job-1' } }));
    const [put, get] = h.awsSpans();
    expect([put?.name, get?.name]).toEqual(['aws.dynamodb.PutItem', 'aws.dynamodb.GetItem']);
    expect(item).toEqual(snapshot);
    const sc = put!.spanContext();
    expect(got.Item?.['traceparent']).toBe(`00-${sc.traceId}-${sc.spanId}-01`);
    expect(got.Item?.['state']).toBe('running');
  });

  it('sends the copy with the trace context only on the traced call: the command stays the caller’s', async () => {
    const { QueueUrl } = await queue.send(new sqsSdk.CreateQueueCommand({ QueueName: 'reused' }));
    const command = new sqsSdk.SendMessageCommand({ QueueUrl, MessageBody: 'again' });
    const input = command.input;
    await queue.send(command);
    h.instrumentation.disable();
    await queue.send(command);
    expect(command.input).toBe(input);
    expect(input.MessageAttributes).toBeUndefined();
    const out = await queue.send(
      new sqsSdk.ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    const carried = (out.Messages ?? []).map((m) => m.MessageAttributes?.['traceparent'] !== undefined);
    expect(carried.sort()).toEqual([false, true]);
  });

  it('a command of an unexpected shape goes through untraced, never broken', async () => {
    const odd = new ddbSdk.ListTablesCommand({});
    Object.defineProperty(odd, 'clientCommand', {
      get() {
        throw new Error('hostile getter');
      },
    });
    const out = await db.send(odd);
    expect(out.TableNames).toContain('docs');
    expect(h.awsSpans()).toHaveLength(0);
  });

  it('instrumentClient on a client whose class is patched adds no middleware and no second span', async () => {
    const client = instrumentClient(new ddbSdk.DynamoDBClient(local(ddb.clientConfig)));
    await client.send(new ddbSdk.ListTablesCommand({}));
    expect(middlewareNames(client).some((name) => name.startsWith('spawnTracing'))).toBe(false);
    expect(h.awsSpans()).toHaveLength(1);
    client.destroy();
  });
});
