import type { Message } from '@aws-sdk/client-sqs';
import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { captureDiag, setUpTracing } from '@spawn/test-support';
import { beforeEach, describe, expect, it } from 'vitest';
import { extractFromMessage } from './extract-from-message.js';
import { COMPONENT } from './message-attributes.js';

setUpTracing();
let diagLines: ReturnType<typeof captureDiag>;
beforeEach(() => {
  diagLines = captureDiag(COMPONENT);
});

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE}-${SPAN}-01`;
const XRAY = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const attr = (StringValue: string) => ({ DataType: 'String', StringValue });
const spanOf = (message: Parameters<typeof extractFromMessage>[0], options = {}) =>
  trace.getSpanContext(extractFromMessage(message, { context: ROOT_CONTEXT, ...options }));

describe('extractFromMessage', () => {
  it('reads traceparent, tracestate and baggage from message attributes', () => {
    const message: Message = {
      MessageId: 'm1',
      MessageAttributes: {
        traceparent: attr(TRACEPARENT),
        tracestate: attr('spawn=1'),
        baggage: attr('job=7'),
      },
    };
    const ctx = extractFromMessage(message, { context: ROOT_CONTEXT });
    expect(trace.getSpanContext(ctx)).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      traceFlags: 1,
      isRemote: true,
    });
    expect(trace.getSpanContext(ctx)?.traceState?.get('spawn')).toBe('1');
    expect(propagation.getBaggage(ctx)?.getEntry('job')?.value).toBe('7');
  });

  it('reads AWSTraceHeader when that is all the message carries (an X-Ray-instrumented producer)', () => {
    expect(spanOf({ Attributes: { AWSTraceHeader: XRAY } })).toMatchObject({
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: '53995c3f42cd8ad8',
      traceFlags: 1,
    });
  });

  it('prefers traceparent when both are present, AWSTraceHeader when configured, keeping the baggage', () => {
    const message: Message = {
      Attributes: { AWSTraceHeader: XRAY },
      MessageAttributes: { traceparent: attr(TRACEPARENT), baggage: attr('job=7') },
    };
    expect(spanOf(message)?.traceId).toBe(TRACE);
    const ctx = extractFromMessage(message, { context: ROOT_CONTEXT, precedence: 'AWSTraceHeader' });
    expect(trace.getSpanContext(ctx)?.traceId).toBe('5759e988bd862e3fe1be46a994272793');
    expect(propagation.getBaggage(ctx)?.getEntry('job')?.value).toBe('7');
  });

  it('falls back to AWSTraceHeader when traceparent is invalid', () => {
    const message: Message = {
      Attributes: { AWSTraceHeader: XRAY },
      MessageAttributes: { traceparent: attr('00-zz-zz-01') },
    };
    expect(spanOf(message)?.traceId).toBe('5759e988bd862e3fe1be46a994272793');
  });

  it('reads Lambda SQS event records (lower-case keys)', () => {
    const record = {
      messageId: 'm1',
      messageAttributes: { traceparent: { stringValue: TRACEPARENT, dataType: 'String' } },
      attributes: { ApproximateReceiveCount: '1' },
    };
    expect(spanOf(record)?.spanId).toBe(SPAN);
  });

  it('extends the active context by default', () => {
    const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ a: { value: 'b' } }));
    const out = trace.getSpanContext(
      extractFromMessage({ MessageAttributes: { traceparent: attr(TRACEPARENT) } }, { context: undefined }),
    );
    expect(out?.spanId).toBe(SPAN);
    expect(propagation.getBaggage(extractFromMessage({}, { context: ctx }))?.getEntry('a')?.value).toBe('b');
  });

  it('uses a given propagator and renamed attributes', () => {
    const message = { MessageAttributes: { tp: attr(TRACEPARENT) } };
    const options = { propagator: new W3CTraceContextPropagator(), attributeNames: { traceparent: 'tp' } };
    expect(spanOf(message, options)?.spanId).toBe(SPAN);
    expect(spanOf(message)).toBeUndefined();
  });

  it.each([
    ['a number value', { traceparent: { DataType: 'String', StringValue: 42 } }],
    ['a missing value', { traceparent: { DataType: 'String' } }],
    ['a string instead of an attribute', { traceparent: TRACEPARENT }],
    ['null', { traceparent: null }],
    ['uppercase hex', { traceparent: attr(TRACEPARENT.toUpperCase()) }],
    ['an all-zero trace id', { traceparent: attr(`00-${'0'.repeat(32)}-${SPAN}-01`) }],
    ['an all-zero span id', { traceparent: attr(`00-${TRACE}-${'0'.repeat(16)}-01`) }],
    ['version ff', { traceparent: attr(`ff-${TRACE}-${SPAN}-01`) }],
    ['version 00 with trailing data', { traceparent: attr(`${TRACEPARENT}-extra`) }],
    ['a 10 MB value', { traceparent: attr(`${TRACEPARENT}${'x'.repeat(10_000_000)}`) }],
  ])('gives no context for %s, and a debug line', (_, attributes) => {
    expect(spanOf({ MessageAttributes: attributes as Message['MessageAttributes'] })).toBeUndefined();
    expect(
      diagLines.some((l) => l.level === 'debug' && l.message.startsWith(`${COMPONENT}: bad carrier`)),
    ).toBe(true);
  });

  it('keeps the valid part of a tracestate with 100 members (the first 32, per W3C)', () => {
    const members = Array.from({ length: 100 }, (_, i) => `k${i}=v${i}`).join(',');
    const state = spanOf({
      MessageAttributes: { traceparent: attr(TRACEPARENT), tracestate: attr(members) },
    })?.traceState;
    expect(state?.get('k0')).toBe('v0');
    expect(state?.get('k31')).toBe('v31');
    expect(state?.get('k32')).toBeUndefined();
  });

  it('survives hostile message objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(spanOf(hostile)).toBeUndefined();
    expect(spanOf({ MessageAttributes: hostile })).toBeUndefined();
    expect(spanOf({ Attributes: { AWSTraceHeader: 7 as unknown as string } })).toBeUndefined();
    expect(spanOf(null as unknown as Message)).toBeUndefined();
    expect(
      spanOf({ MessageAttributes: 'traceparent' as unknown as Message['MessageAttributes'] }),
    ).toBeUndefined();
  });

  it('reports bad carriers at most once per interval per kind, with counts', () => {
    for (let i = 0; i < 5; i++) spanOf({ MessageAttributes: { traceparent: attr('garbage') } });
    const lines = diagLines.filter((l) => l.message.includes('no valid trace context'));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toBe(
      `${COMPONENT}: bad carrier: no valid trace context (1 since last report): traceparent="garbage"`,
    );
  });
});
