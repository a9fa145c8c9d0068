import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { type LocalDynamoDb, type LocalSqs, startDynamoDb, startSqs } from '@spawn/test-support';
import { RateLimitedDiag } from '@spawn/tracing-core';
import { extractFromItem } from '@spawn/tracing-propagator-dynamodb';
import { processMessage } from '@spawn/tracing-propagator-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { local, setupTracing } from '../test/harness.js';
import { resolveConfig } from './config.js';
import { prepareInput } from './propagation.js';

const h = setupTracing({ dynamodb: { injectContext: ['jobs'] } });
const sqsSdk = await import('@aws-sdk/client-sqs');
const ddbSdk = await import('@aws-sdk/client-dynamodb');

let sqs: LocalSqs;
let ddb: LocalDynamoDb;
let queue: InstanceType<typeof sqsSdk.SQSClient>;
let db: InstanceType<typeof ddbSdk.DynamoDBClient>;
let queueUrl: string;

beforeAll(async () => {
  [sqs, ddb] = await Promise.all([startSqs(), startDynamoDb()]);
  queue = new sqsSdk.SQSClient(local(sqs.clientConfig));
  db = new ddbSdk.DynamoDBClient(local(ddb.clientConfig));
  for (const TableName of ['jobs', 'other']) {
    await db.send(
      new ddbSdk.CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
});
afterAll(async () => {
  queue.destroy();
  db.destroy();
  await Promise.all([sqs.close(), ddb.close()]);
});

let n = 0;
beforeEach(async () => {
  const created = await queue.send(new sqsSdk.CreateQueueCommand({ QueueName: `spawn-jobs-${n++}` }));
  queueUrl = created.QueueUrl!;
  h.reset();
});

async function receiveAll(max = 10) {
  const out = await queue.send(
    new sqsSdk.ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      MessageAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

function traceparentOf(span: { spanContext(): { traceId: string; spanId: string } } | undefined): string {
  const sc = span!.spanContext();
  return `00-${sc.traceId}-${sc.spanId}-01`;
}

describe('SQS', () => {
  it('SendMessage carries the send span context without touching the caller input', async () => {
    const input = {
      QueueUrl: queueUrl,
      MessageBody: 'launch',
      MessageAttributes: { job: { DataType: 'String', StringValue: 'ja-1' } },
    };
    const snapshot = structuredClone(input);
    const attributes = input.MessageAttributes;
    const out = await queue.send(new sqsSdk.SendMessageCommand(input));
    expect(input).toEqual(snapshot);
    expect(input.MessageAttributes).toBe(attributes);
    const [send] = h.awsSpans();
    expect(send?.name).toBe('aws.sqs.SendMessage');
    expect(send?.attributes).toMatchObject({
      'aws.sqs.queue_url': queueUrl,
      'aws.sqs.queue_name': queueUrl.split('/').at(-1),
      'aws.sqs.message_id': out.MessageId,
      'messaging.system': 'aws_sqs',
      'messaging.operation.type': 'send',
      'messaging.message.id': out.MessageId,
    });
    const [message] = await receiveAll();
    expect(message?.MessageAttributes?.['traceparent']?.StringValue).toBe(traceparentOf(send));
    expect(message?.MessageAttributes?.['job']?.StringValue).toBe('ja-1');
  });

  it('a sampled-out SendMessage carries its unsampled context, so the consumer follows the decision', async () => {
    h.instrumentation.setTracerProvider(new BasicTracerProvider({ sampler: new AlwaysOffSampler() }));
    try {
      await queue.send(new sqsSdk.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'launch' }));
    } finally {
      h.instrumentation.setTracerProvider(h.provider);
    }
    expect(h.awsSpans()).toHaveLength(0);
    const [message] = await receiveAll();
    expect(message?.MessageAttributes?.['traceparent']?.StringValue).toMatch(
      /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/,
    );
  });

  it('never pushes a message over the 10-attribute limit', async () => {
    const MessageAttributes = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: String(i) }]),
    );
    await queue.send(
      new sqsSdk.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'full', MessageAttributes }),
    );
    const [send] = h.awsSpans();
    expect(send?.attributes['error']).toBe(false);
    const [message] = await receiveAll();
    expect(Object.keys(message?.MessageAttributes ?? {}).sort()).toEqual(
      Object.keys(MessageAttributes).sort(),
    );
  });

  it('SendMessageBatch carries the context into every entry and records the message ids', async () => {
    const input = {
      QueueUrl: queueUrl,
      Entries: [
        { Id: '1', MessageBody: 'one' },
        { Id: '2', MessageBody: 'two' },
      ],
    };
    const snapshot = structuredClone(input);
    const out = await queue.send(new sqsSdk.SendMessageBatchCommand(input));
    expect(input).toEqual(snapshot);
    const [send] = h.awsSpans();
    expect(send?.attributes['aws.sqs.message_ids']).toEqual(out.Successful?.map((s) => s.MessageId));
    expect(send?.attributes['messaging.batch.message_count']).toBe(2);
    const messages = await receiveAll();
    expect(messages.map((m) => m.MessageAttributes?.['traceparent']?.StringValue)).toEqual([
      traceparentOf(send),
      traceparentOf(send),
    ]);
  });

  it('ReceiveMessage asks for the trace attributes and links to each producer', async () => {
    const tracer = h.provider.getTracer('test');
    await tracer.startActiveSpan('producer.a', async (span) => {
      await queue.send(new sqsSdk.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a' }));
      span.end();
    });
    await tracer.startActiveSpan('producer.b', async (span) => {
      await queue.send(new sqsSdk.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'b' }));
      span.end();
    });
    // The caller asks for no message attributes at all.
    const out = await queue.send(
      new sqsSdk.ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    const spans = h.awsSpans();
    const sends = spans.filter((s) => s.name === 'aws.sqs.SendMessage');
    const receive = spans.find((s) => s.name === 'aws.sqs.ReceiveMessage');
    expect(out.Messages).toHaveLength(2);
    expect(out.Messages?.every((m) => m.MessageAttributes?.['traceparent'] !== undefined)).toBe(true);
    expect(receive?.links.map((l) => l.context.spanId).sort()).toEqual(
      sends.map((s) => s.spanContext().spanId).sort(),
    );
    expect(receive?.attributes).toMatchObject({
      'messaging.operation.type': 'receive',
      'messaging.batch.message_count': 2,
      'aws.sqs.message_ids': out.Messages?.map((m) => m.MessageId),
    });

    // Processing one message continues the producer's trace in a CONSUMER span.
    const first = out.Messages![0]!;
    const producer = sends.find(
      (s) => traceparentOf(s) === first.MessageAttributes?.['traceparent']?.StringValue,
    );
    const processed = processMessage(first, (span) => span.spanContext(), { tracer, queue: queueUrl });
    const consumer = h.exporter.getFinishedSpans().find((s) => s.spanContext().spanId === processed.spanId);
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(consumer?.spanContext().traceId).toBe(producer?.spanContext().traceId);
  });

  it('counts zero received messages', async () => {
    await queue.send(new sqsSdk.ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    const [receive] = h.awsSpans();
    expect(receive?.attributes['messaging.batch.message_count']).toBe(0);
    expect(receive?.links).toHaveLength(0);
  });

  it('leaves the input alone when injection is off', async () => {
    h.instrumentation.setConfig({ sqs: { inject: false } });
    await queue.send(new sqsSdk.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'plain' }));
    h.instrumentation.setConfig({ dynamodb: { injectContext: ['jobs'] } });
    const [message] = await receiveAll();
    expect(message?.MessageAttributes).toBeUndefined();
  });
});

describe('DynamoDB (opt-in, per table)', () => {
  it('writes the PutItem span context into items of the chosen tables only', async () => {
    const item = { id: { S: 'job-1' }, state: { S: 'queued' } };
    const snapshot = structuredClone(item);
    await db.send(new ddbSdk.PutItemCommand({ TableName: 'jobs', Item: item }));
    await db.send(new ddbSdk.PutItemCommand({ TableName: 'other', Item: item }));
    expect(item).toEqual(snapshot);
    const [put] = h.awsSpans();
    const stored = await db.send(
      new ddbSdk.GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'job-1' } } }),
    );
    const untouched = await db.send(
      new ddbSdk.GetItemCommand({ TableName: 'other', Key: { id: { S: 'job-1' } } }),
    );
    expect(stored.Item?.['traceparent']?.S).toBe(traceparentOf(put));
    expect(untouched.Item?.['traceparent']).toBeUndefined();
    // Instance B: the item's context is the writer's span.
    const remote = trace.getSpanContext(extractFromItem(stored.Item));
    expect(remote?.spanId).toBe(put?.spanContext().spanId);
  });

  // dynalite has no TransactWriteItems; BatchWriteItem takes the same per-table path.
  it('UpdateItem and BatchWriteItem carry the context too', async () => {
    await db.send(
      new ddbSdk.UpdateItemCommand({
        TableName: 'jobs',
        Key: { id: { S: 'job-2' } },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':s': { S: 'running' } },
      }),
    );
    await db.send(
      new ddbSdk.BatchWriteItemCommand({
        RequestItems: {
          jobs: [{ PutRequest: { Item: { id: { S: 'job-3' } } } }],
          other: [{ PutRequest: { Item: { id: { S: 'job-3' } } } }],
        },
      }),
    );
    const [update, batch] = h.awsSpans();
    const read = async (TableName: string, id: string) =>
      (await db.send(new ddbSdk.GetItemCommand({ TableName, Key: { id: { S: id } } }))).Item;
    expect((await read('jobs', 'job-2'))?.['traceparent']?.S).toBe(traceparentOf(update));
    expect((await read('jobs', 'job-3'))?.['traceparent']?.S).toBe(traceparentOf(batch));
    expect((await read('other', 'job-3'))?.['traceparent']).toBeUndefined();
    expect(batch?.attributes['aws.dynamodb.table_names']).toEqual(['jobs', 'other']);
  });
});

describe('TransactWriteItems (dynalite lacks it: the input the SDK would send)', () => {
  const spanContext = trace.setSpan(
    ROOT_CONTEXT,
    trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    }),
  );
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const input = {
    TransactItems: [
      { Put: { TableName: 'jobs', Item: { id: { S: '1' } } } },
      { Put: { TableName: 'other', Item: { id: { S: '1' } } } },
      {
        Update: {
          TableName: 'jobs',
          Key: { id: { S: '2' } },
          UpdateExpression: 'SET #s = :s',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':s': { S: 'done' } },
        },
      },
    ],
  };
  const diagnostics = new RateLimitedDiag('test');

  it('injects only into the chosen tables, into a copy', () => {
    const snapshot = structuredClone(input);
    const resolved = resolveConfig({ dynamodb: { injectContext: ['jobs'] } });
    const out = prepareInput(
      resolved,
      'dynamodb',
      'TransactWriteItems',
      input,
      spanContext,
      diagnostics,
    ) as typeof input;
    expect(input).toEqual(snapshot);
    expect(out.TransactItems[0]?.Put?.Item).toMatchObject({ traceparent: { S: traceparent } });
    expect(out.TransactItems[1]?.Put?.Item).toEqual({ id: { S: '1' } });
    expect(JSON.stringify(out.TransactItems[2]?.Update)).toContain(traceparent);
  });

  it('injects into every table with true, and into none by default', () => {
    const all = prepareInput(
      resolveConfig({ dynamodb: { injectContext: true } }),
      'dynamodb',
      'TransactWriteItems',
      input,
      spanContext,
      diagnostics,
    ) as typeof input;
    expect(all.TransactItems[1]?.Put?.Item).toMatchObject({ traceparent: { S: traceparent } });
    expect(
      prepareInput(resolveConfig({}), 'dynamodb', 'TransactWriteItems', input, spanContext, diagnostics),
    ).toBe(input);
  });
});
