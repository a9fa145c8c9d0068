import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  RandomIdGenerator,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { formatSpanLine } from '@spawn/tracing-exporter-stdout';
import { SegmentEncoder, XRayIdGenerator } from '@spawn/tracing-exporter-xray';
import { compare } from './lib.mjs';

const BATCH = 512;

/** Real SDK spans shaped like spawn's: a job segment with DynamoDB/SQS calls, some failing with a stack. */
function makeSpans(count) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'spored',
      'cloud.platform': 'aws_ec2',
      'host.id': 'i-0123456789abcdef0',
      'cloud.availability_zone': 'us-east-1a',
      'spawn.instance_id': 'i-0123456789abcdef0',
      'spawn.provider': 'ec2',
      'spawn.job_array_id': 'ja-42',
      'spawn.job_array_index': 7,
    }),
    idGenerator: new XRayIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('bench');
  const t0 = Date.now();
  const root = tracer.startSpan('spored job', { kind: SpanKind.CONSUMER, startTime: t0 });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const failure = new Error('Rate of requests exceeds the allowed throughput.');
  failure.name = 'ProvisionedThroughputExceededException';
  for (let i = 1; i < count; i++) {
    const ddb = i % 2 === 1;
    const span = tracer.startSpan(
      ddb ? 'DynamoDB.UpdateItem' : 'SQS.ReceiveMessage',
      {
        kind: SpanKind.CLIENT,
        startTime: t0 + i,
        attributes: {
          'aws.service': ddb ? 'dynamodb' : 'sqs',
          'aws.operation': ddb ? 'UpdateItem' : 'ReceiveMessage',
          'aws.region': 'us-east-1',
          'aws.request_id': `R${i}-4KJ2U8MRPG0SSHH5R2T5V5ELG7VV4KQNSO5AEMVJF66Q9ASUAAJG`,
          'http.status_code': 200,
          ...(ddb
            ? { 'aws.dynamodb.table_names': ['spawn-jobs'] }
            : { 'aws.sqs.queue_url': 'https://sqs.us-east-1.amazonaws.com/123456789012/spawn-jobs' }),
        },
      },
      ctx,
    );
    if (i % 50 === 0) {
      span.recordException(failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    }
    span.end(t0 + i + 3);
  }
  root.end(t0 + count + 10);
  return memory.getFinishedSpans();
}

/** The span's own fields, nothing translated: the floor any JSON exporter pays. */
function rawJson(span) {
  return JSON.stringify({
    name: span.name,
    context: span.spanContext(),
    parent: span.parentSpanContext,
    kind: span.kind,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: span.attributes,
    events: span.events,
    links: span.links,
  });
}

export default async function () {
  const spans = makeSpans(BATCH);
  const console = new ConsoleSpanExporter();
  const encoder = new SegmentEncoder();
  const official = new AWSXRayIdGenerator();
  const random = new RandomIdGenerator();
  const ours = new XRayIdGenerator();
  let sink = 0;
  return [
    await compare(
      'exporter-xray: one span converted and serialised (per span, batches of 512)',
      {
        'ConsoleSpanExporter conversion + JSON.stringify (@opentelemetry/sdk-trace-base)': () => {
          for (const span of spans) sink += JSON.stringify(console._exportInfo(span)).length;
        },
        'JSON.stringify of the raw span fields (floor)': () => {
          for (const span of spans) sink += rawJson(span).length;
        },
        'formatSpanLine (@spawn/tracing-exporter-stdout)': () => {
          for (const span of spans) sink += formatSpanLine(span).length;
        },
        'SegmentEncoder.encode: X-Ray document + 64 KB check (@spawn/tracing-exporter-xray)': () => {
          for (const span of spans) sink += encoder.encode(span)?.json.length ?? 0;
        },
      },
      { batch: BATCH },
    ),
    await compare('exporter-xray: X-Ray trace id + span id', {
      'AWSXRayIdGenerator (@opentelemetry/id-generator-aws-xray, Math.random)': () => {
        sink += official.generateTraceId().length + official.generateSpanId().length;
      },
      'RandomIdGenerator (@opentelemetry/sdk-trace-base, not X-Ray epoch ids)': () => {
        sink += random.generateTraceId().length + random.generateSpanId().length;
      },
      'XRayIdGenerator (@spawn/tracing-exporter-xray, crypto random)': () => {
        sink += ours.generateTraceId().length + ours.generateSpanId().length;
      },
    }),
    { title: 'sink', text: sink > 0 ? '' : 'no output' },
  ];
}
