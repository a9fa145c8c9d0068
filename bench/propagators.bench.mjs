import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  extractFromItem,
  injectIntoItem,
  injectPutItem,
  injectUpdateItem,
} from '@spawn/tracing-propagator-dynamodb';
import { extractFromMessage, injectSendMessage } from '@spawn/tracing-propagator-sqs';
import { compare } from './lib.mjs';

// Inject and extract through the item or message shapes, against the plain W3C propagator on a header
// object (the least any carrier can cost). Every task uses the same W3C propagator and the same context.
export default async function () {
  const w3c = new W3CTraceContextPropagator();
  const ctx = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    traceState: new TraceState('spawn=1'),
  });
  const options = { propagator: w3c, context: ctx };
  const extractOptions = { propagator: w3c, context: ROOT_CONTEXT };
  const headers = {};
  w3c.inject(ctx, headers, defaultTextMapSetter);

  const sendInput = {
    QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
    MessageBody: JSON.stringify({ job: 'ja-abc123', index: 5 }),
    MessageAttributes: { kind: { DataType: 'String', StringValue: 'job' } },
  };
  const message = { MessageId: 'm-1', Body: sendInput.MessageBody, ...injectSendMessage(sendInput, options) };
  const xrayMessage = {
    MessageId: 'm-2',
    Attributes: {
      AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    },
  };
  const rawItem = {
    pk: { S: 'ja-abc123' },
    sk: { S: 'job#5' },
    state: { S: 'queued' },
    attempts: { N: '0' },
  };
  const docItem = { pk: 'ja-abc123', sk: 'job#5', state: 'queued', attempts: 0 };
  const update = {
    TableName: 'spawn-jobs',
    Key: { pk: { S: 'ja-abc123' }, sk: { S: 'job#5' } },
    UpdateExpression: 'SET #state = :state',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':state': { S: 'running' } },
  };
  const storedItem = injectIntoItem(rawItem, options);

  return [
    await compare('propagators: inject per call (traceparent + tracestate)', {
      'W3CTraceContextPropagator.inject into a header object (@opentelemetry/core)': () =>
        w3c.inject(ctx, {}, defaultTextMapSetter),
      'injectSendMessage (new input, 1 existing attribute)': () => injectSendMessage(sendInput, options),
      'injectPutItem, raw AttributeValue item': () =>
        injectPutItem({ TableName: 'spawn-jobs', Item: rawItem }, options),
      'injectPutItem, lib-dynamodb document item': () =>
        injectPutItem({ TableName: 'spawn-jobs', Item: docItem }, options),
      'injectUpdateItem, merged into SET': () => injectUpdateItem(update, options),
    }),
    await compare('propagators: extract per call', {
      'W3CTraceContextPropagator.extract from a header object (@opentelemetry/core)': () =>
        w3c.extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
      'extractFromMessage, message attributes': () => extractFromMessage(message, extractOptions),
      'extractFromMessage, AWSTraceHeader only': () => extractFromMessage(xrayMessage, extractOptions),
      'extractFromItem, raw AttributeValue item': () => extractFromItem(storedItem, extractOptions),
    }),
  ];
}
