import type { ReceiveMessageCommandInput } from '@aws-sdk/client-sqs';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { setUpTracing } from '@spawn/test-support';
import { describe, expect, it } from 'vitest';
import { withTraceAttributeNames } from './receive-message-input.js';

setUpTracing();

describe('withTraceAttributeNames', () => {
  it('asks for the propagator fields and AWSTraceHeader, merged with the caller names, without mutating', () => {
    const input: ReceiveMessageCommandInput = Object.freeze({
      QueueUrl: 'q',
      MessageAttributeNames: Object.freeze(['kind', 'traceparent']) as string[],
      MessageSystemAttributeNames: Object.freeze([
        'SentTimestamp',
      ]) as ReceiveMessageCommandInput['MessageSystemAttributeNames'],
    });
    expect(withTraceAttributeNames(input)).toEqual({
      QueueUrl: 'q',
      MessageAttributeNames: ['kind', 'traceparent', 'tracestate', 'baggage'],
      MessageSystemAttributeNames: ['SentTimestamp', 'AWSTraceHeader'],
    });
  });

  it('leaves All alone and follows renamed attributes and the given propagator', () => {
    expect(
      withTraceAttributeNames({ MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    ).toEqual({
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    });
    expect(
      withTraceAttributeNames(
        { AttributeNames: ['All'] },
        {
          propagator: new W3CTraceContextPropagator(),
          attributeNames: { traceparent: 'tp' },
          xrayHeader: true,
        },
      ),
    ).toEqual({ AttributeNames: ['All'], MessageAttributeNames: ['tp', 'tracestate'] });
    expect(withTraceAttributeNames({}, { xrayHeader: false })).toEqual({
      MessageAttributeNames: ['traceparent', 'tracestate', 'baggage'],
    });
  });
});

describe('withTraceAttributeNames without a propagator', () => {
  it('adds no empty name list when the propagator has no fields', () => {
    const none = { inject: () => undefined, extract: (c: never) => c, fields: () => [] };
    expect(withTraceAttributeNames({ QueueUrl: 'q' }, { propagator: none, xrayHeader: false })).toEqual({
      QueueUrl: 'q',
    });
  });
});
