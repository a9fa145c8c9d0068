import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  SendMessageCommand,
  type SendMessageCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { captureDiag, type LocalSqs, setUpTracing, startSqs } from '@spawn/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractFromMessage } from './extract-from-message.js';
import { injectSendMessage, injectSendMessageBatch } from './inject-send-message.js';
import { COMPONENT } from './message-attributes.js';
import { withTraceAttributeNames } from './receive-message-input.js';

const { tracer } = setUpTracing();
let sqs: LocalSqs;
let client: SQSClient;
let queueUrl: string;

beforeAll(async () => {
  sqs = await startSqs();
  client = new SQSClient(sqs.clientConfig);
  ({ QueueUrl: queueUrl = '' } = await client.send(new CreateQueueCommand({ QueueName: 'jobs' })));
});
afterAll(async () => {
  client.destroy();
  await sqs.close();
});

let diagLines: ReturnType<typeof captureDiag>;
beforeEach(() => {
  diagLines = captureDiag(COMPONENT);
});

const spanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};
const withState = { ...spanContext, traceState: new TraceState('spawn=1,other=abc') };
const ctxOf = (sc: typeof spanContext) => trace.setSpanContext(ROOT_CONTEXT, sc);

function attributes(n: number) {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: `v${i}` }]),
  );
}

async function receiveOne(MessageAttributeNames?: string[]) {
  const out = await client.send(
    new ReceiveMessageCommand(
      withTraceAttributeNames({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 1,
        MessageAttributeNames,
      }),
    ),
  );
  expect(out.Messages).toHaveLength(1);
  return out.Messages![0]!;
}

describe('injectSendMessage', () => {
  it('carries the active span through a real SendMessage and ReceiveMessage', async () => {
    const sent = await tracer.startActiveSpan('producer', async (span) => {
      const input: SendMessageCommandInput = { QueueUrl: queueUrl, MessageBody: 'job 1' };
      await client.send(new SendMessageCommand(injectSendMessage(input)));
      span.end();
      return span.spanContext();
    });
    const message = await receiveOne();
    expect(message.MessageAttributes?.['traceparent']?.DataType).toBe('String');
    const received = trace.getSpanContext(extractFromMessage(message, { context: ROOT_CONTEXT }));
    expect(received).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });
  });

  it('never mutates the caller input and returns a new object', () => {
    const input = Object.freeze({
      QueueUrl: queueUrl,
      MessageBody: 'x',
      MessageAttributes: Object.freeze({ kind: Object.freeze({ DataType: 'String', StringValue: 'job' }) }),
    });
    const out = injectSendMessage(input, { context: ctxOf(withState) });
    expect(out).not.toBe(input);
    expect(Object.keys(input.MessageAttributes)).toEqual(['kind']);
    expect(out.MessageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'job' },
      traceparent: {
        DataType: 'String',
        StringValue: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      },
      tracestate: { DataType: 'String', StringValue: 'spawn=1,other=abc' },
    });
  });

  it('adds nothing (and no attribute map) without a valid context', () => {
    const input = { QueueUrl: queueUrl, MessageBody: 'x' };
    const out = injectSendMessage(input, { context: ROOT_CONTEXT });
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
  });

  it('counts only attributes actually added: an empty tracestate takes no slot', () => {
    const out = injectSendMessage(
      { MessageBody: 'x', MessageAttributes: attributes(9) },
      { context: ctxOf(spanContext) },
    );
    expect(Object.keys(out.MessageAttributes!)).toHaveLength(10);
    expect(out.MessageAttributes!['traceparent']).toBeDefined();
    expect(out.MessageAttributes!['tracestate']).toBeUndefined();
    expect(diagLines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('never goes past 10 attributes: skips what does not fit and warns', async () => {
    const input: SendMessageCommandInput = {
      QueueUrl: queueUrl,
      MessageBody: 'x',
      MessageAttributes: attributes(9),
    };
    const out = injectSendMessage(input, { context: ctxOf(withState) });
    expect(Object.keys(out.MessageAttributes!)).toHaveLength(10);
    expect(out.MessageAttributes!['traceparent']).toBeDefined();
    expect(out.MessageAttributes!['tracestate']).toBeUndefined();
    expect(diagLines).toContainEqual({
      level: 'warn',
      message: `${COMPONENT}: trace attributes skipped: message already has 10 attributes (1 since last report): tracestate`,
    });
    await client.send(new SendMessageCommand(out));
    const message = await receiveOne(['All']);
    expect(Object.keys(message.MessageAttributes ?? {}).sort()).toEqual(
      [...Object.keys(attributes(9)), 'traceparent'].sort(),
    );

    const full = injectSendMessage(
      { MessageBody: 'x', MessageAttributes: attributes(10) },
      { context: ctxOf(withState) },
    );
    expect(Object.keys(full.MessageAttributes!)).toHaveLength(10);
    expect(full.MessageAttributes!['traceparent']).toBeUndefined();
  });

  it('replaces an attribute of the same name without counting it twice', () => {
    const existing = { ...attributes(9), traceparent: { DataType: 'String', StringValue: 'stale' } };
    const out = injectSendMessage(
      { MessageBody: 'x', MessageAttributes: existing },
      { context: ctxOf(spanContext) },
    );
    expect(Object.keys(out.MessageAttributes!)).toHaveLength(10);
    expect(out.MessageAttributes!['traceparent']?.StringValue).toMatch(/^00-4bf9/);
  });

  it('writes renamed attributes and refuses names SQS reserves', () => {
    const out = injectSendMessage(
      { MessageBody: 'x' },
      { context: ctxOf(withState), attributeNames: { traceparent: 'tp', tracestate: 'AWS.tracestate' } },
    );
    expect(Object.keys(out.MessageAttributes!)).toEqual(['tp']);
    expect(
      diagLines.some((l) => l.level === 'warn' && l.message.includes('reserved or invalid in SQS')),
    ).toBe(true);
    for (const bad of ['amazon.ts', 'trace state', '.ts', 'ts.', 'a..b', '']) {
      const renamed = injectSendMessage(
        { MessageBody: 'x' },
        { context: ctxOf(spanContext), attributeNames: { traceparent: bad } },
      );
      expect(renamed.MessageAttributes).toBeUndefined();
    }
    const ctx = extractFromMessage(out, { context: ROOT_CONTEXT, attributeNames: { traceparent: 'tp' } });
    expect(trace.getSpanContext(ctx)?.spanId).toBe(spanContext.spanId);
  });

  it('skips the attributes rather than push a message over the queue size limit', async () => {
    const { QueueUrl: small = '' } = await client.send(
      new CreateQueueCommand({ QueueName: 'small', Attributes: { MaximumMessageSize: '262144' } }),
    );
    const body = 'b'.repeat(262_144 - 20);
    const out = injectSendMessage({ QueueUrl: small, MessageBody: body }, { context: ctxOf(spanContext) });
    expect(out.MessageAttributes).toBeUndefined();
    expect(diagLines.some((l) => l.level === 'warn' && l.message.includes('exceed the size limit'))).toBe(
      true,
    );
    await expect(client.send(new SendMessageCommand(out))).resolves.toBeDefined();
    // Forcing the attribute in is what would have failed the send.
    await expect(
      client.send(
        new SendMessageCommand(
          injectSendMessage(out, { context: ctxOf(spanContext), maxMessageBytes: 1_048_576 }),
        ),
      ),
    ).rejects.toThrow(/shorter than 262144/);
  });

  it('keeps injecting into a message that is already past the legacy 256 KiB limit', () => {
    const out = injectSendMessage({ MessageBody: 'é'.repeat(200_000) }, { context: ctxOf(spanContext) });
    expect(out.MessageAttributes?.['traceparent']).toBeDefined();
  });

  it('writes AWSTraceHeader as a system attribute when asked, which the real client serializes', async () => {
    const out = injectSendMessage(
      { QueueUrl: queueUrl, MessageBody: 'x', MessageAttributes: attributes(10) },
      { context: ctxOf(spanContext), xrayHeader: true },
    );
    expect(out.MessageSystemAttributes).toEqual({
      AWSTraceHeader: {
        DataType: 'String',
        StringValue: 'Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=00f067aa0ba902b7;Sampled=1',
      },
    });
    const bodies: string[] = [];
    const capture = new SQSClient(sqs.clientConfig);
    capture.middlewareStack.add(
      (next) => async (args) => {
        bodies.push(new TextDecoder().decode((args.request as { body: Uint8Array }).body));
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    await capture.send(new SendMessageCommand(out));
    capture.destroy();
    expect(JSON.parse(bodies[0]!).MessageSystemAttributes.AWSTraceHeader.StringValue).toMatch(
      /^Root=1-4bf92f35-/,
    );
    await receiveOne();
  });
});

describe('injectSendMessageBatch', () => {
  it('injects into every entry, and the real SendMessageBatch delivers them', async () => {
    const input: SendMessageBatchCommandInput = {
      QueueUrl: queueUrl,
      Entries: [
        { Id: '1', MessageBody: 'one' },
        { Id: '2', MessageBody: 'two', MessageAttributes: attributes(10) },
        { Id: '3', MessageBody: 'three', MessageAttributes: attributes(9) },
      ],
    };
    const snapshot = structuredClone(input);
    const out = await tracer.startActiveSpan('batch', async (span) => {
      const injected = injectSendMessageBatch(input);
      span.end();
      return injected;
    });
    expect(input).toEqual(snapshot);
    expect(out.Entries!.map((e) => Object.keys(e.MessageAttributes ?? {}).length)).toEqual([1, 10, 10]);
    expect(out.Entries![1]!.MessageAttributes!['traceparent']).toBeUndefined();
    const result = await client.send(new SendMessageBatchCommand(out));
    expect(result.Successful).toHaveLength(3);
    const got = await client.send(
      new ReceiveMessageCommand(withTraceAttributeNames({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 })),
    );
    const traced = (got.Messages ?? []).filter((m) => m.MessageAttributes?.['traceparent']);
    expect(traced.map((m) => m.Body).sort()).toEqual(['one', 'three']);
  });

  it('keeps the batch as a whole within the size limit', () => {
    const body = 'b'.repeat(131_072 - 10);
    const input: SendMessageBatchCommandInput = {
      QueueUrl: queueUrl,
      Entries: [
        { Id: '1', MessageBody: body },
        { Id: '2', MessageBody: body },
      ],
    };
    const out = injectSendMessageBatch(input, { context: ctxOf(spanContext) });
    expect(out.Entries!.map((e) => e.MessageAttributes?.['traceparent'] !== undefined)).toEqual([
      false,
      false,
    ]);
  });

  it('returns a copy when there is nothing to inject or no entries', () => {
    const input = { Entries: [{ Id: '1', MessageBody: 'x' }] };
    expect(injectSendMessageBatch(input, { context: ROOT_CONTEXT })).toEqual(input);
    expect(injectSendMessageBatch({} as { Entries?: [] }, { context: ctxOf(spanContext) })).toEqual({});
  });

  it('uses the global propagator by default and a given one when passed', () => {
    const onlyBaggage = propagation.createBaggage({ job: { value: '7' } });
    const ctx = propagation.setBaggage(ctxOf(spanContext), onlyBaggage);
    const out = context.with(ctx, () => injectSendMessage({ MessageBody: 'x' }));
    expect(Object.keys(out.MessageAttributes!)).toEqual(['traceparent', 'baggage']);
    const custom = {
      inject: (_: unknown, carrier: Record<string, string>) => {
        carrier['x-custom'] = 'v';
      },
      extract: (c: never) => c,
      fields: () => ['x-custom'],
    };
    expect(
      injectSendMessage({ MessageBody: 'x' }, { context: ctx, propagator: custom }).MessageAttributes,
    ).toEqual({
      'x-custom': { DataType: 'String', StringValue: 'v' },
    });
  });
});

describe('hostile input', () => {
  it('never throws: the input goes out unchanged and the failure is counted', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(injectSendMessage(hostile, { context: ctxOf(spanContext) })).toBe(hostile);
    expect(injectSendMessageBatch(hostile, { context: ctxOf(spanContext) })).toBe(hostile);
    expect(withTraceAttributeNames(hostile)).toBe(hostile);
    expect(
      diagLines.some((l) => l.level === 'warn' && l.message.includes('trace context not injected')),
    ).toBe(true);
  });
});
