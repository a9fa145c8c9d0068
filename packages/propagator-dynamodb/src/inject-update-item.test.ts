import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { setUpTracing } from '@spawn/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx, key, startTable, TABLE, TP } from '../test/dynamodb.js';
import { extractFromItem } from './extract-from-item.js';
import { injectUpdateItem } from './inject-update-item.js';

setUpTracing();
let db: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  db = await startTable();
});
afterAll(() => db.close());

async function read(pk: string) {
  const { Item } = await db.client.send(
    new GetItemCommand({ TableName: TABLE, Key: key(pk), ConsistentRead: true }),
  );
  return Item!;
}

describe('injectUpdateItem', () => {
  it('merges into the caller SET clause, alongside REMOVE and ADD, with reserved-word names', async () => {
    await db.client.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key('u1'), size: { N: '1' }, tmp: { S: 'x' } } }),
    );
    const input: UpdateItemCommandInput = {
      TableName: TABLE,
      Key: key('u1'),
      UpdateExpression: 'REMOVE tmp SET #status = :status ADD #size :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status', '#size': 'size' },
      ExpressionAttributeValues: { ':status': { S: 'running' }, ':one': { N: '1' } },
    };
    const snapshot = structuredClone(input);
    const out = injectUpdateItem(input, { context: ctx });
    expect(input).toEqual(snapshot);
    expect(out.UpdateExpression).toBe(
      'REMOVE tmp SET #spawn_tp = :spawn_tp, #spawn_ts = :spawn_ts, #status = :status ADD #size :one',
    );
    await db.client.send(new UpdateItemCommand(out));
    const item = await read('u1');
    expect(item).toMatchObject({ status: { S: 'running' }, size: { N: '2' }, traceparent: { S: TP } });
    expect(item).not.toHaveProperty('tmp');
    expect(
      trace.getSpanContext(extractFromItem(item, { context: ROOT_CONTEXT }))?.traceState?.get('spawn'),
    ).toBe('1');
  });

  it('adds a SET clause to an expression without one, and builds one for input without any', async () => {
    await db.client.send(new PutItemCommand({ TableName: TABLE, Item: { ...key('u2'), tmp: { S: 'x' } } }));
    const removeOnly = injectUpdateItem(
      { TableName: TABLE, Key: key('u2'), UpdateExpression: 'remove tmp' },
      { context: ctx },
    );
    expect(removeOnly.UpdateExpression).toBe('SET #spawn_tp = :spawn_tp, #spawn_ts = :spawn_ts remove tmp');
    await db.client.send(new UpdateItemCommand(removeOnly));
    expect(await read('u2')).toMatchObject({ traceparent: { S: TP } });

    const bareInput: UpdateItemCommandInput = { TableName: TABLE, Key: key('u3') };
    const bare = injectUpdateItem(bareInput, { context: ctx });
    expect(bare.UpdateExpression).toBe('SET #spawn_tp = :spawn_tp, #spawn_ts = :spawn_ts');
    await db.client.send(new UpdateItemCommand(bare));
    expect(await read('u3')).toMatchObject({ traceparent: { S: TP }, tracestate: { S: 'spawn=1' } });
  });

  it('never collides with the caller placeholders, and leaves attributes the caller writes', async () => {
    const input: UpdateItemCommandInput = {
      TableName: TABLE,
      Key: key('u4'),
      UpdateExpression: 'set #spawn_tp = :spawn_tp, tracestate = :mine',
      ExpressionAttributeNames: { '#spawn_tp': 'owner' },
      ExpressionAttributeValues: { ':spawn_tp': { S: 'me' }, ':mine': { S: 'caller=1' } },
    };
    const out = injectUpdateItem(input, { context: ctx });
    expect(out.UpdateExpression).toBe(
      'set #spawn_tp_1 = :spawn_tp_1, #spawn_tp = :spawn_tp, tracestate = :mine',
    );
    await db.client.send(new UpdateItemCommand(out));
    expect(await read('u4')).toMatchObject({
      owner: { S: 'me' },
      traceparent: { S: TP },
      tracestate: { S: 'caller=1' },
    });
    // Injecting twice writes nothing more: the names are already set.
    expect(injectUpdateItem(out, { context: ctx }).UpdateExpression).toBe(out.UpdateExpression);
  });

  it('writes plain values for lib-dynamodb document input', async () => {
    const input: UpdateCommandInput = {
      TableName: TABLE,
      Key: { pk: 'u5', sk: 'job' },
      UpdateExpression: 'SET #count = if_not_exists(#count, :zero)',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':zero': 0 },
    };
    const out = injectUpdateItem(input, { context: ctx });
    expect(out.ExpressionAttributeValues).toEqual({ ':zero': 0, ':spawn_tp': TP, ':spawn_ts': 'spawn=1' });
    await db.doc.send(new UpdateCommand(out));
    const { Item } = await db.doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'u5', sk: 'job' } }));
    expect(Item).toMatchObject({ count: 0, traceparent: TP });
  });

  it('extends legacy AttributeUpdates instead of mixing in an expression', async () => {
    const input: UpdateItemCommandInput = {
      TableName: TABLE,
      Key: key('u6'),
      AttributeUpdates: { state: { Action: 'PUT', Value: { S: 'new' } } },
    };
    const out = injectUpdateItem(input, { context: ctx });
    expect(out.UpdateExpression).toBeUndefined();
    await db.client.send(new UpdateItemCommand(out));
    expect(await read('u6')).toMatchObject({ state: { S: 'new' }, traceparent: { S: TP } });
  });

  it('uses renamed attributes and changes nothing without a context', () => {
    const input: UpdateItemCommandInput = {
      TableName: TABLE,
      Key: key('x'),
      UpdateExpression: 'SET a = :a',
      ExpressionAttributeValues: { ':a': { S: '1' } },
    };
    expect(injectUpdateItem(input, { context: ROOT_CONTEXT })).toEqual(input);
    const out = injectUpdateItem(input, { context: ctx, attributeNames: { traceparent: 'trace-parent' } });
    expect(out.ExpressionAttributeNames).toEqual({
      '#spawn_trace_parent': 'trace-parent',
      '#spawn_ts': 'tracestate',
    });
  });
});
