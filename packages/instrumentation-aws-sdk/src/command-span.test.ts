import { context, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { type LocalDynamoDb, startDynamoDb } from '@spawn/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { local, setupTracing } from '../test/harness.js';

// The instrumentation is enabled before the SDK loads, as the register hook does it.
const h = setupTracing();
const { DynamoDBClient, CreateTableCommand, GetItemCommand, PutItemCommand, QueryCommand } = await import(
  '@aws-sdk/client-dynamodb'
);

let ddb: LocalDynamoDb;
let client: InstanceType<typeof DynamoDBClient>;

beforeAll(async () => {
  ddb = await startDynamoDb();
  client = new DynamoDBClient(local(ddb.clientConfig));
  await client.send(
    new CreateTableCommand({
      TableName: 'jobs',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await client.send(
    new PutItemCommand({ TableName: 'jobs', Item: { id: { S: 'a' }, state: { S: 'done' } } }),
  );
});

afterAll(async () => {
  client.destroy();
  await ddb.close();
});

beforeEach(() => {
  h.instrumentation.enable();
  h.instrumentation.setConfig({});
  h.reset();
});

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown> & Error;
  }
  throw new Error('expected the call to fail');
}

describe('a successful call', () => {
  it('makes one CLIENT span named aws.dynamodb.GetItem with the specification attributes', async () => {
    const out = await client.send(
      new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } }, ConsistentRead: true }),
    );
    expect(out.Item?.['state']?.S).toBe('done');
    const [span, ...rest] = h.awsSpans();
    expect(rest).toHaveLength(0);
    expect(span?.name).toBe('aws.dynamodb.GetItem');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toMatchObject({
      'aws.service': 'dynamodb',
      'aws.operation': 'GetItem',
      'aws.region': 'us-east-1',
      'aws.request_id': out.$metadata.requestId,
      'http.status_code': 200,
      error: false,
      'aws.attempts': 1,
      'aws.total_retry_delay_ms': 0,
      'rpc.system': 'aws-api',
      'rpc.service': 'DynamoDB',
      'rpc.method': 'GetItem',
      'cloud.region': 'us-east-1',
      'aws.dynamodb.table_names': ['jobs'],
      'aws.dynamodb.consistent_read': true,
    });
    expect(typeof out.$metadata.requestId).toBe('string');
  });

  it('records Query counts, zero included', async () => {
    await client.send(
      new QueryCommand({
        TableName: 'jobs',
        KeyConditionExpression: 'id = :id',
        ExpressionAttributeValues: { ':id': { S: 'missing' } },
        Limit: 5,
      }),
    );
    const [span] = h.awsSpans();
    expect(span?.attributes).toMatchObject({
      'aws.dynamodb.count': 0,
      'aws.dynamodb.scanned_count': 0,
      'aws.dynamodb.limit': 5,
    });
  });

  it('leaves the semantic-convention names out when asked', async () => {
    h.instrumentation.setConfig({ semanticConventions: false });
    await client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
    const [span] = h.awsSpans();
    expect(span?.attributes['aws.service']).toBe('dynamodb');
    expect(span?.attributes['rpc.system']).toBeUndefined();
    expect(span?.attributes['cloud.region']).toBeUndefined();
  });

  it('is a child of the active span and runs the SDK stack with tracing suppressed', async () => {
    const seen: { suppressed?: boolean; spanId?: string; headers?: Record<string, string> } = {};
    const probe = new DynamoDBClient(local(ddb.clientConfig));
    probe.middlewareStack.add(
      (next) => async (args) => {
        seen.suppressed = isTracingSuppressed(context.active());
        seen.spanId = trace.getSpan(context.active())?.spanContext().spanId;
        seen.headers = { ...(args.request as { headers: Record<string, string> }).headers };
        return next(args);
      },
      { step: 'deserialize', name: 'probe' },
    );
    const tracer = h.provider.getTracer('test');
    await tracer.startActiveSpan('spawn.launch', async (parent) => {
      await probe.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
      parent.end();
    });
    const [span] = h.awsSpans();
    const parent = h.exporter.getFinishedSpans().find((s) => s.name === 'spawn.launch');
    expect(span?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(span?.spanContext().traceId).toBe(parent?.spanContext().traceId);
    expect(seen.suppressed).toBe(true);
    expect(seen.spanId).toBe(span?.spanContext().spanId);
    const names = Object.keys(seen.headers ?? {}).map((n) => n.toLowerCase());
    expect(names).toContain('authorization');
    expect(names).not.toContain('traceparent');
    expect(names).not.toContain('tracestate');
    expect(names).not.toContain('baggage');
    probe.destroy();
  });

  it('passes the context down unsuppressed when HTTP spans are wanted', async () => {
    h.instrumentation.setConfig({ suppressHttpSpans: false });
    let suppressed: boolean | undefined;
    const probe = new DynamoDBClient(local(ddb.clientConfig));
    probe.middlewareStack.add(
      (next) => async (args) => {
        suppressed = isTracingSuppressed(context.active());
        return next(args);
      },
      { step: 'finalizeRequest', name: 'probe' },
    );
    await probe.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
    expect(suppressed).toBe(false);
    expect(h.awsSpans()).toHaveLength(1);
    probe.destroy();
  });
});

describe('a failed call', () => {
  it('records a service error with its request id and code, and rethrows the same error', async () => {
    const err = await failure(
      client.send(new GetItemCommand({ TableName: 'jobs', Key: { wrong: { S: 'a' } } })),
    );
    expect(err.name).toBe('ValidationException');
    const [span] = h.awsSpans();
    const metadata = err['$metadata'] as { requestId?: string; httpStatusCode?: number };
    expect(metadata.requestId).toEqual(expect.any(String));
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: err.message });
    expect(span?.attributes).toMatchObject({
      error: true,
      'error.type': 'ValidationException',
      'aws.request_id': metadata.requestId,
      'http.status_code': 400,
      'aws.attempts': 1,
      'aws.operation': 'GetItem',
    });
    const exception = span?.events.find((e) => e.name === 'exception');
    expect(exception?.attributes?.['exception.message']).toBe(err.message);
  });

  it('gives the application the error it would get without tracing', async () => {
    const call = () => client.send(new GetItemCommand({ TableName: 'jobs', Key: { wrong: { S: 'a' } } }));
    const traced = await failure(call());
    h.instrumentation.disable();
    const plain = await failure(call());
    expect(h.awsSpans()).toHaveLength(1);
    expect(Object.getPrototypeOf(traced)).toBe(Object.getPrototypeOf(plain));
    expect(Object.keys(traced).sort()).toEqual(Object.keys(plain).sort());
    expect(traced.message).toBe(plain.message);
    expect(traced['$fault']).toBe(plain['$fault']);
    expect((traced['$metadata'] as Record<string, unknown>)['httpStatusCode']).toBe(400);
  });

  it('keeps every retry of a network error inside one span', async () => {
    const closed = new DynamoDBClient(
      local(ddb.clientConfig, { endpoint: 'http://127.0.0.1:1', maxAttempts: 3 }),
    );
    const err = await failure(
      closed.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } })),
    );
    const spans = h.awsSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes).toMatchObject({
      error: true,
      'error.type': 'ECONNREFUSED',
      'aws.attempts': 3,
      'aws.region': 'us-east-1',
    });
    expect(spans[0]?.attributes['aws.total_retry_delay_ms']).toBe(
      (err['$metadata'] as { totalRetryDelay: number }).totalRetryDelay,
    );
    expect(spans[0]?.attributes['http.status_code']).toBeUndefined();
    closed.destroy();
  });
});

describe('hooks', () => {
  it('run with the span active and can add attributes', async () => {
    const active: (string | undefined)[] = [];
    h.instrumentation.setConfig({
      requestHook: (span, info) => {
        active.push(trace.getSpan(context.active())?.spanContext().spanId);
        span.setAttribute('test.request', `${info.service}.${info.operation}`);
      },
      responseHook: (span, info) => {
        span.setAttribute('test.has_item', info.output['Item'] !== undefined);
      },
      errorHook: (span, error) => {
        span.setAttribute('test.error', (error as Error).name);
      },
    });
    await client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
    await failure(client.send(new GetItemCommand({ TableName: 'jobs', Key: { wrong: { S: 'a' } } })));
    const [ok, bad] = h.awsSpans();
    expect(active[0]).toBe(ok?.spanContext().spanId);
    expect(ok?.attributes).toMatchObject({ 'test.request': 'dynamodb.GetItem', 'test.has_item': true });
    expect(bad?.attributes).toMatchObject({ 'test.error': 'ValidationException' });
  });

  it('that throw break neither the call nor the span', async () => {
    const boom = () => {
      throw new Error('hook bug');
    };
    h.instrumentation.setConfig({ requestHook: boom, responseHook: boom, errorHook: boom });
    const out = await client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
    expect(out.Item?.['id']?.S).toBe('a');
    const err = await failure(
      client.send(new GetItemCommand({ TableName: 'jobs', Key: { wrong: { S: 'a' } } })),
    );
    expect(err.name).toBe('ValidationException');
    expect(h.awsSpans().map((s) => s.attributes['error'])).toEqual([false, true]);
  });
});

describe('a sampled-out call', () => {
  const sampledOut = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });

  function withProbe() {
    const seen: { suppressed: boolean; spanId?: string; sampled?: boolean }[] = [];
    const probe = new DynamoDBClient(local(ddb.clientConfig));
    probe.middlewareStack.add(
      (next) => async (args) => {
        const sc = trace.getSpan(context.active())?.spanContext();
        seen.push({
          suppressed: isTracingSuppressed(context.active()),
          spanId: sc?.spanId,
          sampled: sc === undefined ? undefined : (sc.traceFlags & TraceFlags.SAMPLED) !== 0,
        });
        return next(args);
      },
      { step: 'deserialize', name: 'probe' },
    );
    return { probe, seen };
  }

  it('records nothing, runs no hook, and still runs the SDK stack suppressed', async () => {
    const hooks: string[] = [];
    h.instrumentation.setConfig({
      requestHook: () => hooks.push('request'),
      responseHook: () => hooks.push('response'),
    });
    h.instrumentation.setTracerProvider(sampledOut);
    const { probe, seen } = withProbe();
    try {
      const out = await probe.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
      expect(out.Item?.['state']?.S).toBe('done');
      await probe.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
    } finally {
      h.instrumentation.setTracerProvider(h.provider);
      probe.destroy();
    }
    expect(h.awsSpans()).toHaveLength(0);
    expect(hooks).toEqual([]);
    // A root call sampled out: no span could record anything, so none is made current.
    expect(seen).toEqual([
      { suppressed: true, spanId: undefined, sampled: undefined },
      { suppressed: true, spanId: undefined, sampled: undefined },
    ]);
  });

  it('under a recording parent, a sampled-out call makes its own unsampled span current', async () => {
    // AlwaysOff is not parent-based: the only way a child of a recording span is dropped.
    h.instrumentation.setTracerProvider(sampledOut);
    const { probe, seen } = withProbe();
    let parentId: string | undefined;
    try {
      await h.provider.getTracer('test').startActiveSpan('spawn.launch', async (parent) => {
        parentId = parent.spanContext().spanId;
        await probe.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
        await probe.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
        parent.end();
      });
    } finally {
      h.instrumentation.setTracerProvider(h.provider);
      probe.destroy();
    }
    expect(h.awsSpans()).toHaveLength(0);
    for (const call of seen) expect(call).toMatchObject({ suppressed: true, sampled: false });
    expect(seen[0]?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(seen[0]?.spanId).not.toBe(parentId);
    expect(seen[0]?.spanId).not.toBe(seen[1]?.spanId);
  });

  it('gives the application the error it would get without tracing', async () => {
    h.instrumentation.setTracerProvider(sampledOut);
    let err: Record<string, unknown> & Error;
    try {
      err = await failure(client.send(new GetItemCommand({ TableName: 'jobs', Key: { wrong: { S: 'a' } } })));
    } finally {
      h.instrumentation.setTracerProvider(h.provider);
    }
    expect(err.name).toBe('ValidationException');
    expect((err['$metadata'] as { httpStatusCode?: number }).httpStatusCode).toBe(400);
    expect(h.awsSpans()).toHaveLength(0);
  });

  it('leaves the caller context as it was, sampled or not', async () => {
    const { probe, seen } = withProbe();
    const tracer = h.provider.getTracer('test');
    try {
      await tracer.startActiveSpan('spawn.launch', async (parent) => {
        await probe.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
        // The caller's own context is neither suppressed nor switched to the command's span.
        expect(isTracingSuppressed(context.active())).toBe(false);
        expect(trace.getSpan(context.active())).toBe(parent);
        await probe.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
        parent.end();
      });
    } finally {
      probe.destroy();
    }
    const spans = h.awsSpans();
    expect(spans).toHaveLength(2);
    expect(seen.map((s) => s.spanId)).toEqual(spans.map((s) => s.spanContext().spanId));
    expect(seen.every((s) => s.suppressed)).toBe(true);
  });
});

describe('no span', () => {
  it('for a client marked as the exporter own client', async () => {
    const own = new DynamoDBClient(local(ddb.clientConfig));
    (own as unknown as Record<symbol, boolean>)[Symbol.for('@spawn/tracing:suppress')] = true;
    await own.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
    expect(h.awsSpans()).toHaveLength(0);
    own.destroy();
  });

  it('for calls made with tracing suppressed', async () => {
    await context.with(suppressTracing(context.active()), () =>
      client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } })),
    );
    expect(h.awsSpans()).toHaveLength(0);
  });

  it('while disabled, and spans again once re-enabled', async () => {
    h.instrumentation.disable();
    await client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
    expect(h.awsSpans()).toHaveLength(0);
    h.instrumentation.enable();
    await client.send(new GetItemCommand({ TableName: 'jobs', Key: { id: { S: 'a' } } }));
    expect(h.awsSpans()).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('throws at construction naming the key and the value', async () => {
    const { AwsSdkInstrumentation } = await import('./index.js');
    expect(
      () => new AwsSdkInstrumentation({ suppressHttpSpans: 'yes' as unknown as boolean, enabled: false }),
    ).toThrow('suppressHttpSpans must be a boolean, got "yes"');
    expect(() => new AwsSdkInstrumentation({ dynamodb: { injectContext: [''] }, enabled: false })).toThrow(
      'dynamodb.injectContext must list table names, got [""]',
    );
    expect(() => new AwsSdkInstrumentation({ requestHook: 1 as never, enabled: false })).toThrow(
      'requestHook must be a function, got 1',
    );
  });
});
