import { type Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  type IdGenerator,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** 2026-01-01T00:00:00Z: the fixed clock of the golden files. */
export const T0 = 1_767_225_600;
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

class SequentialIds implements IdGenerator {
  private next: number;
  constructor(first: number) {
    this.next = first;
  }
  generateTraceId(): string {
    return TRACE_ID;
  }
  generateSpanId(): string {
    return (this.next++).toString(16).padStart(16, '0');
  }
}

function process(identity: Record<string, string | number>, firstSpanId: number) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ ...identity, 'host.name': 'noise-not-written' }),
    idGenerator: new SequentialIds(firstSpanId),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer('known-trace'), exporter };
}

/** `[seconds, nanos]` after T0. */
const at = (ms: number): [number, number] => {
  const nanos = Math.round(ms * 1e6);
  return [T0 + Math.floor(nanos / 1e9), nanos % 1e9];
};

/**
 * A known trace written by two processes with real SDK spans at fixed times: `spawn` launches a job
 * (a DynamoDB write and a failing SQS send), `spored` on the instance handles the message under a
 * remote parent, and one span names a parent that no file holds (an orphan).
 */
export function knownTrace(): { spawn: ReadableSpan[]; spored: ReadableSpan[] } {
  const a = process({ 'service.name': 'spawn', 'spawn.provider': 'local' }, 0x100);
  const root = a.tracer.startSpan('spawn launch', {
    kind: SpanKind.INTERNAL,
    startTime: at(0),
    attributes: { 'spawn.job_array_id': 'ja-42', count: 2 },
  });
  const inRoot: Context = trace.setSpan(ROOT_CONTEXT, root);
  const put = a.tracer.startSpan(
    'DynamoDB.PutItem',
    {
      kind: SpanKind.CLIENT,
      startTime: at(12.5),
      attributes: {
        'aws.service': 'DynamoDB',
        'aws.operation': 'PutItem',
        'aws.region': 'us-east-1',
        'http.status_code': 200,
        tags: ['a', 'b'],
      },
    },
    inRoot,
  );
  put.end(at(25));
  const send = a.tracer.startSpan(
    'SQS.SendMessage',
    { kind: SpanKind.PRODUCER, startTime: at(100), attributes: { 'aws.service': 'SQS', error: true } },
    inRoot,
  );
  send.addEvent(
    'exception',
    { 'exception.type': 'QueueDoesNotExist', 'exception.message': 'The specified queue does not exist.' },
    at(100.2),
  );
  send.setStatus({ code: SpanStatusCode.ERROR, message: 'QueueDoesNotExist' });
  send.end(at(100.25));
  root.setStatus({ code: SpanStatusCode.OK });
  root.end(at(1500));

  const b = process(
    {
      'service.name': 'spored',
      'spawn.instance_id': 'i-0123456789abcdef0',
      'spawn.provider': 'ec2',
      'spawn.job_array_id': 'ja-42',
      'spawn.job_array_index': 3,
    },
    0x200,
  );
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: send.spanContext().spanId,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  const job = b.tracer.startSpan(
    'spored job',
    {
      kind: SpanKind.CONSUMER,
      startTime: at(300),
      links: [{ context: put.spanContext(), attributes: { reason: 'wrote the job record' } }],
    },
    remote,
  );
  job.addEvent('started', at(300.000001));
  job.end(at(1200.123456));
  const lost = b.tracer.startSpan(
    'upload results',
    { startTime: at(1300) },
    trace.setSpanContext(ROOT_CONTEXT, {
      traceId: TRACE_ID,
      spanId: 'ffffffffffffffff',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    }),
  );
  lost.end(at(1450));
  return { spawn: a.exporter.getFinishedSpans(), spored: b.exporter.getFinishedSpans() };
}
