import { GetItemCommand, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand as DocQueryCommand } from '@aws-sdk/lib-dynamodb';
import { propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { captureDiag, setUpTracing } from '@spawn/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTable, TABLE } from '../test/dynamodb.js';
import { extractFromItem, extractFromStreamRecord } from './extract-from-item.js';
import { injectPutItem } from './inject-item.js';
import { COMPONENT } from './item-carrier.js';

setUpTracing();
let db: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  db = await startTable();
  const ctx = trace.setSpanContext(ROOT_CONTEXT, sc);
  for (const sk of ['a', 'b']) {
    await db.client.send(
      new PutItemCommand(
        injectPutItem({ TableName: TABLE, Item: { pk: { S: 'q' }, sk: { S: sk } } }, { context: ctx }),
      ),
    );
  }
});
afterAll(() => db.close());
let diagLines: ReturnType<typeof captureDiag>;
beforeEach(() => {
  diagLines = captureDiag(COMPONENT);
});

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const sc = { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED };
const TP = `00-${TRACE}-${SPAN}-01`;
const spanOf = (item: unknown, options = {}) =>
  trace.getSpanContext(
    extractFromItem(item as Record<string, unknown>, { context: ROOT_CONTEXT, ...options }),
  );

describe('extractFromItem', () => {
  it('reads items from real GetItem, Query and Scan, raw and document', async () => {
    const { Item } = await db.client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'q' }, sk: { S: 'a' } } }),
    );
    expect(spanOf(Item)).toMatchObject({ traceId: TRACE, spanId: SPAN, isRemote: true });
    const query = await db.client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'q' } },
      }),
    );
    const scan = await db.client.send(new ScanCommand({ TableName: TABLE }));
    const docQuery = await db.doc.send(
      new DocQueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'q' },
      }),
    );
    for (const items of [query.Items, scan.Items, docQuery.Items]) {
      expect(items).toHaveLength(2);
      for (const item of items ?? []) expect(spanOf(item)?.spanId).toBe(SPAN);
    }
  });

  it('reads DynamoDB Streams records (NewImage by default, OldImage when asked)', () => {
    const record = {
      eventName: 'MODIFY',
      dynamodb: {
        NewImage: { traceparent: { S: TP } },
        OldImage: { traceparent: { S: `00-${TRACE}-${'1'.repeat(16)}-01` } },
      },
    };
    expect(trace.getSpanContext(extractFromStreamRecord(record, { context: ROOT_CONTEXT }))?.spanId).toBe(
      SPAN,
    );
    expect(
      trace.getSpanContext(extractFromStreamRecord(record, { context: ROOT_CONTEXT, image: 'OldImage' }))
        ?.spanId,
    ).toBe('1'.repeat(16));
    expect(extractFromStreamRecord({ eventName: 'REMOVE', dynamodb: {} }, { context: ROOT_CONTEXT })).toBe(
      ROOT_CONTEXT,
    );
    expect(extractFromStreamRecord(null as never, { context: ROOT_CONTEXT })).toBe(ROOT_CONTEXT);
  });

  it('reads baggage, renamed attributes and other propagators', () => {
    const ctx = extractFromItem({ traceparent: TP, baggage: { S: 'job=7' } }, { context: ROOT_CONTEXT });
    expect(propagation.getBaggage(ctx)?.getEntry('job')?.value).toBe('7');
    expect(
      spanOf(
        { tp: TP },
        { attributeNames: { traceparent: 'tp' }, propagator: new W3CTraceContextPropagator() },
      )?.spanId,
    ).toBe(SPAN);
    const xray = {
      'x-amzn-trace-id': { S: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' },
    };
    expect(spanOf(xray, { propagator: new AWSXRayPropagator() })?.spanId).toBe('53995c3f42cd8ad8');
  });

  it.each([
    ['{ S: 42 }', { traceparent: { S: 42 } }],
    ['{ N: … }', { traceparent: { N: '1' } }],
    ['a number', { traceparent: 42 }],
    ['null', { traceparent: null }],
    ['uppercase hex', { traceparent: TP.toUpperCase() }],
    ['all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-${SPAN}-01` }],
    ['version ff', { traceparent: `ff-${TRACE}-${SPAN}-01` }],
    ['10 MB', { traceparent: { S: `${TP}${' '.repeat(10_000_000)}` } }],
  ])('gives no context for %s, and a debug line', (_, item) => {
    expect(spanOf(item)).toBeUndefined();
    expect(
      diagLines.some((l) => l.level === 'debug' && l.message.startsWith(`${COMPONENT}: bad carrier`)),
    ).toBe(true);
  });

  it('keeps the valid part of a tracestate with 100 members', () => {
    const tracestate = Array.from({ length: 100 }, (_, i) => `k${i}=v${i}`).join(',');
    const state = spanOf({ traceparent: TP, tracestate })?.traceState;
    expect(state?.get('k0')).toBe('v0');
    expect(state?.get('k99')).toBeUndefined();
  });

  it('survives hostile items', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
        getOwnPropertyDescriptor: () => {
          throw new Error('boom');
        },
      },
    );
    expect(spanOf(hostile)).toBeUndefined();
    expect(spanOf(undefined)).toBeUndefined();
    expect(spanOf('traceparent')).toBeUndefined();
  });
});
