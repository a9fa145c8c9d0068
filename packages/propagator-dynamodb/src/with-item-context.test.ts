import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { setUpTracing } from '@spawn/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { withItemContext } from './with-item-context.js';

const { exporter, tracer } = setUpTracing();
afterEach(() => exporter.reset());

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const item = { pk: { S: 'job-1' }, traceparent: { S: `00-${TRACE}-${SPAN}-01` } };

describe('withItemContext', () => {
  it('runs fn in a child span of the writer and returns its value', () => {
    expect(withItemContext(item, () => 'ok', { tracer, table: 'spawn-jobs' })).toBe('ok');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('spawn-jobs process');
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.spanContext().traceId).toBe(TRACE);
    expect(span?.parentSpanContext?.spanId).toBe(SPAN);
    expect(span?.attributes['aws.dynamodb.table_names']).toEqual(['spawn-jobs']);
  });

  it('links instead when asked, and records failures', async () => {
    const parent = tracer.startSpan('scan', {}, ROOT_CONTEXT);
    await expect(
      context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
        withItemContext(
          item,
          async () => {
            throw new Error('bad job');
          },
          { tracer, link: true, name: 'spawn.agent.run', kind: SpanKind.INTERNAL },
        ),
      ),
    ).rejects.toThrow('bad job');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('spawn.agent.run');
    expect(span?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span?.links.map((l) => l.context.spanId)).toEqual([SPAN]);
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad job' });
  });

  it('starts a root span for an item without context', () => {
    withItemContext({ pk: 'x' }, () => undefined, { tracer });
    expect(exporter.getFinishedSpans()[0]?.parentSpanContext).toBeUndefined();
    expect(exporter.getFinishedSpans()[0]?.name).toBe('dynamodb process');
  });
});
