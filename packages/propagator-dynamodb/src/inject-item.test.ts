import {
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { captureDiag, setUpTracing } from '@spawn/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ctx, key, sc, startTable, TABLE, TP } from '../test/dynamodb.js';
import { extractFromItem } from './extract-from-item.js';
import {
  injectBatchWriteItem,
  injectIntoItem,
  injectIntoItemInPlace,
  injectPutItem,
  injectTransactWriteItems,
} from './inject-item.js';
import { COMPONENT } from './item-carrier.js';

const { tracer } = setUpTracing();
let db: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  db = await startTable();
});
afterAll(() => db.close());
let diagLines: ReturnType<typeof captureDiag>;
beforeEach(() => {
  diagLines = captureDiag(COMPONENT);
});

const spanOf = (item: Record<string, unknown> | undefined) =>
  trace.getSpanContext(extractFromItem(item, { context: ROOT_CONTEXT }));

describe('injectPutItem', () => {
  it('writes S attributes through a real PutItem that a real GetItem reads back', async () => {
    const sent = tracer.startActiveSpan('instance A', (span) => {
      const input: PutItemCommandInput = { TableName: TABLE, Item: { ...key('a'), state: { S: 'queued' } } };
      const out = injectPutItem(input);
      expect(input.Item).not.toHaveProperty('traceparent');
      span.end();
      return { out, spanContext: span.spanContext() };
    });
    await db.client.send(new PutItemCommand(sent.out));
    const { Item } = await db.client.send(
      new GetItemCommand({ TableName: TABLE, Key: key('a'), ConsistentRead: true }),
    );
    expect(Item?.['traceparent']).toEqual({ S: expect.stringMatching(/^00-/) });
    expect(Item).not.toHaveProperty('tracestate');
    expect(spanOf(Item)).toMatchObject({
      traceId: sent.spanContext.traceId,
      spanId: sent.spanContext.spanId,
    });
  });

  it('writes plain strings into lib-dynamodb document items', async () => {
    const input: PutCommandInput = {
      TableName: TABLE,
      Item: { pk: 'doc', sk: 'job', n: 1, tags: new Set(['x']) },
    };
    const out = injectPutItem(input, { context: ctx });
    expect(out.Item).toMatchObject({ traceparent: TP, tracestate: 'spawn=1' });
    await db.doc.send(new PutCommand(out));
    const { Item } = await db.doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'doc', sk: 'job' } }));
    expect(Item?.['traceparent']).toBe(TP);
    expect(spanOf(Item)?.traceState?.get('spawn')).toBe('1');
  });

  it('skips injection with a warning rather than make a write fail on the 400 KB limit', async () => {
    // Names and values: pk 2+3, sk 2+3, blob 4+409,540 = 409,554 bytes; traceparent needs 11+55 more.
    const big = { ...key('big'), blob: { S: 'x'.repeat(409_540) } };
    const out = injectPutItem({ TableName: TABLE, Item: big }, { context: ctx });
    expect(out.Item).not.toHaveProperty('traceparent');
    expect(diagLines.some((l) => l.level === 'warn' && l.message.includes('item size limit'))).toBe(true);
    await expect(db.client.send(new PutItemCommand(out))).resolves.toBeDefined();
    // The control: with the attributes forced in, dynalite refuses the item.
    const forced = injectPutItem({ TableName: TABLE, Item: big }, { context: ctx, maxItemBytes: 1e9 });
    await expect(db.client.send(new PutItemCommand(forced))).rejects.toThrow(/size/i);
  });

  it('keeps what fits: traceparent before tracestate', () => {
    // 409,530 bytes: room for traceparent (66) but not then tracestate (10+7).
    const item = { ...key('edge'), blob: { S: 'x'.repeat(409_516) } };
    const out = injectIntoItem(item, { context: ctx });
    expect(out).toHaveProperty('traceparent');
    expect(out).not.toHaveProperty('tracestate');
  });

  it('returns a copy and does nothing without a valid context', () => {
    const input = { TableName: TABLE, Item: key('none') };
    const out = injectPutItem(input, { context: ROOT_CONTEXT });
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
  });
});

describe('injectIntoItem / injectIntoItemInPlace', () => {
  it('copies or writes in place, with renamed attributes and an explicit format', () => {
    const item = Object.freeze({ pk: { S: 'x' } });
    const copy = injectIntoItem(item, { context: ctx, attributeNames: { traceparent: 'trace_parent' } });
    expect(copy).toEqual({ pk: { S: 'x' }, trace_parent: { S: TP }, tracestate: { S: 'spawn=1' } });
    const owned: Record<string, unknown> = {};
    expect(injectIntoItemInPlace(owned, { context: ctx, format: 'document' })).toBe(owned);
    expect(owned).toEqual({ traceparent: TP, tracestate: 'spawn=1' });
  });

  it('writes baggage when the propagator carries it', () => {
    const withBaggage = propagation.setBaggage(ctx, propagation.createBaggage({ job: { value: '7' } }));
    expect(injectIntoItem({ pk: 'x' }, { context: withBaggage })).toMatchObject({ baggage: 'job=7' });
  });
});

describe('injectTransactWriteItems and injectBatchWriteItem', () => {
  it('injects every Put and Update of TransactWriteItems, each a valid request on its own', async () => {
    await db.client.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key('t2'), status: { S: 'old' } } }),
    );
    const input: TransactWriteItemsCommandInput = {
      TransactItems: [
        { Put: { TableName: TABLE, Item: key('t1') } },
        {
          Update: {
            TableName: TABLE,
            Key: key('t2'),
            UpdateExpression: 'SET #status = :s',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':s': { S: 'running' } },
          },
        },
        { ConditionCheck: { TableName: TABLE, Key: key('t2'), ConditionExpression: 'attribute_exists(pk)' } },
      ],
    };
    const snapshot = structuredClone(input);
    const out = injectTransactWriteItems(input, { context: ctx });
    expect(input).toEqual(snapshot);
    expect(out.TransactItems![2]).toBe(input.TransactItems![2]);
    // dynalite has no transactions: each entry goes through the single-item call with the same shape.
    await db.client.send(new PutItemCommand(out.TransactItems![0]!.Put!));
    await db.client.send(new UpdateItemCommand(out.TransactItems![1]!.Update!));
    for (const pk of ['t1', 't2']) {
      const { Item } = await db.client.send(new GetItemCommand({ TableName: TABLE, Key: key(pk) }));
      expect(spanOf(Item)?.spanId).toBe(sc.spanId);
    }
  });

  it('injects every PutRequest of a real BatchWriteItem', async () => {
    const out = injectBatchWriteItem(
      {
        RequestItems: {
          [TABLE]: [{ PutRequest: { Item: key('b1') } }, { DeleteRequest: { Key: key('nothing') } }],
        },
      },
      { context: ctx },
    );
    await db.client.send(new BatchWriteItemCommand(out));
    const { Item } = await db.client.send(new GetItemCommand({ TableName: TABLE, Key: key('b1') }));
    expect(spanOf(Item)?.spanId).toBe(sc.spanId);
  });
});

describe('hostile input', () => {
  it('never throws: a frozen item written in place, a proxy with throwing traps', () => {
    const frozen = Object.freeze({ pk: { S: 'x' } });
    expect(injectIntoItemInPlace(frozen, { context: ctx })).toBe(frozen);
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(injectIntoItem(hostile, { context: ctx })).toBe(hostile);
    expect(injectPutItem(hostile, { context: ctx })).toBe(hostile);
    expect(injectPutItem({ TableName: TABLE, Item: hostile }, { context: ctx }).Item).toBe(hostile);
    expect(injectTransactWriteItems(hostile, { context: ctx })).toBe(hostile);
    expect(injectBatchWriteItem(hostile, { context: ctx })).toBe(hostile);
    expect(
      diagLines.some((l) => l.level === 'warn' && l.message.includes('trace context not injected')),
    ).toBe(true);
  });
});
