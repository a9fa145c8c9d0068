import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { setUpTracing } from '@spawn/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { processMessage, queueName } from './process-message.js';

const { exporter, tracer } = setUpTracing();
afterEach(() => exporter.reset());

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const message = {
  MessageId: 'm-1',
  MessageAttributes: { traceparent: { DataType: 'String', StringValue: `00-${TRACE}-${SPAN}-01` } },
};

describe('processMessage', () => {
  it('runs fn in a CONSUMER child span of the producer and returns its value', () => {
    const value = processMessage(
      message,
      (span) => {
        expect(trace.getActiveSpan()).toBe(span);
        return 42;
      },
      { tracer, queue: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' },
    );
    expect(value).toBe(42);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('jobs process');
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.spanContext().traceId).toBe(TRACE);
    expect(span?.parentSpanContext?.spanId).toBe(SPAN);
    expect(span?.attributes).toMatchObject({
      'messaging.system': 'aws_sqs',
      'messaging.destination.name': 'jobs',
      'messaging.message.id': 'm-1',
    });
    expect(span?.status.code).toBe(SpanStatusCode.OK);
  });

  it('links instead when asked: the span stays in the current trace', async () => {
    const parent = tracer.startSpan('poll', {}, ROOT_CONTEXT);
    await context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
      processMessage(message, async () => 'done', { tracer, link: true, name: 'job.run' }),
    );
    parent.end();
    const span = exporter.getFinishedSpans().find((s) => s.name === 'job.run')!;
    expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span.links.map((l) => l.context.spanId)).toEqual([SPAN]);
  });

  it('records a rejection and passes it on', async () => {
    await expect(
      processMessage(
        message,
        async () => {
          throw new Error('job failed');
        },
        { tracer },
      ),
    ).rejects.toThrow('job failed');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('sqs process');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'job failed' });
  });

  it('starts a root span for a message without context, and no link', () => {
    processMessage({ MessageId: 'x' }, () => undefined, { tracer, link: true });
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.links).toEqual([]);
  });

  it('names the span from a Lambda record eventSourceARN', () => {
    processMessage({ ...message, eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:spawn-jobs' }, () => 1, {
      tracer,
    });
    expect(exporter.getFinishedSpans()[0]?.name).toBe('spawn-jobs process');
    expect(queueName('jobs')).toBe('jobs');
    expect(queueName('')).toBeUndefined();
  });
});
