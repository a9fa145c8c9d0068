import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { RandomHexSource } from '@spawn/tracing-core';
import { describe, expect, it } from 'vitest';
import { EPOCH, EPOCH_HEX, remoteParent, testTracer } from '../test/spans.js';
import { SegmentValidator } from '../test/validate-segment.js';
import { emptyEncoderCounters } from './counters.js';
import { DEFAULT_INDEXED_ATTRIBUTES } from './exporter-options.js';
import { fitDocument } from './fit-document.js';
import { SegmentTranslator, type TranslatorSettings } from './segment-translator.js';

const EC2_RESOURCE = {
  'service.name': 'spored',
  'service.version': '1.4.2',
  'cloud.provider': 'aws',
  'cloud.platform': 'aws_ec2',
  'cloud.account.id': '123456789012',
  'cloud.availability_zone': 'us-east-1a',
  'host.id': 'i-0abc123def4567890',
  'host.type': 'c7g.large',
  'host.image.id': 'ami-0123456789abcdef0',
  'spawn.instance_id': 'i-0abc123def4567890',
  'spawn.provider': 'ec2',
  'spawn.job_array_id': 'ja-abc123',
};

function setup(settings: Partial<TranslatorSettings> = {}) {
  const counters = emptyEncoderCounters();
  // Per setup: test tracers restart their id counters, so trace ids repeat across tests.
  const validator = new SegmentValidator();
  const overflow: string[] = [];
  const translator = new SegmentTranslator({
    indexed: new Set(DEFAULT_INDEXED_ATTRIBUTES),
    indexAll: false,
    random: new RandomHexSource(),
    counters,
    onAnnotationOverflow: (_trace, key) => overflow.push(key),
    ...settings,
  });
  /** Translates, serialises and validates against X-Ray's rules. */
  const toDoc = (span: ReadableSpan) => {
    const doc = translator.translate(span);
    if (doc === undefined) throw new Error('span not translated');
    const { json } = fitDocument(doc);
    if (json === undefined) throw new Error('document dropped');
    return validator.check(json);
  };
  return { translator, counters, overflow, toDoc };
}

const hexId = expect.stringMatching(/^[0-9a-f]{16}$/);

describe('SegmentTranslator: golden documents', () => {
  it('a server-side root on EC2 becomes a segment named after the service, with origin and EC2 details', () => {
    const t = testTracer(EC2_RESOURCE);
    const span = t.end(
      t.start('spawn.agent.monitor', {
        kind: SpanKind.SERVER,
        attributes: {
          'spawn.job_array_index': 5,
          'http.request.method': 'POST',
          'url.full': 'https://api.spawn.dev/jobs?token=secret',
          'http.response.status_code': 200,
          'user_agent.original': 'spawn-cli/2.0',
        },
      }),
      1.5,
    );
    expect(setup().toDoc(span)).toEqual({
      name: 'spored',
      id: '0000000000000001',
      trace_id: `1-${EPOCH_HEX}-000000000000000000000001`,
      start_time: EPOCH + 1,
      end_time: EPOCH + 2.5,
      origin: 'AWS::EC2::Instance',
      service: { version: '1.4.2' },
      aws: {
        account_id: '123456789012',
        ec2: {
          instance_id: 'i-0abc123def4567890',
          availability_zone: 'us-east-1a',
          instance_size: 'c7g.large',
          ami_id: 'ami-0123456789abcdef0',
        },
      },
      http: {
        request: { method: 'POST', url: 'https://api.spawn.dev/jobs', user_agent: 'spawn-cli/2.0' },
        response: { status: 200 },
      },
      annotations: {
        spawn_instance_id: 'i-0abc123def4567890',
        spawn_provider: 'ec2',
        spawn_job_array_id: 'ja-abc123',
        spawn_job_array_index: 5,
      },
      metadata: {
        spawn: {
          instance_id: 'i-0abc123def4567890',
          provider: 'ec2',
          job_array_id: 'ja-abc123',
          job_array_index: 5,
        },
        span: { name: 'spawn.agent.monitor' },
      },
    });
  });

  it('a DynamoDB call (our attribute names) becomes an aws subsegment of its parent', () => {
    const t = testTracer();
    const root = t.start('spawn.launch');
    const span = t.end(
      t.start(
        'aws.dynamodb.GetItem',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'aws.service': 'dynamodb',
            'aws.operation': 'GetItem',
            'aws.region': 'us-east-1',
            'aws.request_id': 'REQ123',
            'http.status_code': 200,
            'aws.dynamodb.table_names': ['spawn-jobs'],
            error: false,
          },
        },
        root,
      ),
    );
    expect(setup().toDoc(span)).toEqual({
      type: 'subsegment',
      name: 'DynamoDB',
      namespace: 'aws',
      id: '0000000000000002',
      parent_id: '0000000000000001',
      trace_id: `1-${EPOCH_HEX}-000000000000000000000001`,
      start_time: EPOCH + 1,
      end_time: EPOCH + 1.25,
      aws: { operation: 'GetItem', region: 'us-east-1', request_id: 'REQ123', table_name: 'spawn-jobs' },
      http: { response: { status: 200 } },
      annotations: { aws_operation: 'GetItem' },
      metadata: { default: { error: false } },
    });
  });

  it('OpenTelemetry semantic-convention names work the same (rpc.system=aws-api, several tables)', () => {
    const t = testTracer();
    const root = t.start('spawn.launch');
    const span = t.end(
      t.start(
        'DynamoDB.BatchGetItem',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'rpc.system': 'aws-api',
            'rpc.service': 'DynamoDB',
            'rpc.method': 'BatchGetItem',
            'cloud.region': 'eu-west-1',
            'aws.request.id': 'R2',
            'aws.dynamodb.table_names': ['a', 'b'],
            'http.response.status_code': 200,
          },
        },
        root,
      ),
    );
    const doc = setup().toDoc(span);
    expect(doc.name).toBe('DynamoDB');
    expect(doc.namespace).toBe('aws');
    expect(doc.aws).toEqual({
      operation: 'BatchGetItem',
      region: 'eu-west-1',
      request_id: 'R2',
      table_names: ['a', 'b'],
    });
    expect(doc.annotations).toEqual({ aws_operation: 'BatchGetItem' });
    expect(doc.metadata).toBeUndefined();
  });

  it('an SQS send carries the queue URL; an EC2 call its operation and retries', () => {
    const t = testTracer();
    const root = t.start('spawn.launch');
    const sqs = setup().toDoc(
      t.end(
        t.start(
          'aws.sqs.SendMessage',
          {
            kind: SpanKind.PRODUCER,
            attributes: {
              'aws.service': 'sqs',
              'aws.operation': 'SendMessage',
              'messaging.url': 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
              'aws.region': 'us-east-1',
            },
          },
          root,
        ),
      ),
    );
    expect(sqs).toMatchObject({
      name: 'SQS',
      namespace: 'aws',
      aws: { operation: 'SendMessage', queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' },
    });
    const ec2 = setup().toDoc(
      t.end(
        t.start(
          'aws.ec2.RunInstances',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'aws.service': 'ec2',
              'aws.operation': 'RunInstances',
              'aws.region': 'us-west-2',
              'aws.retries': 2,
              'http.status_code': 200,
            },
          },
          root,
        ),
      ),
    );
    expect(ec2).toMatchObject({
      name: 'EC2',
      namespace: 'aws',
      aws: { operation: 'RunInstances', region: 'us-west-2', retries: 2 },
    });
    const s3 = setup().toDoc(
      t.end(
        t.start(
          'S3.PutObject',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'rpc.system': 'aws-api',
              'rpc.service': 'S3',
              'rpc.method': 'PutObject',
              'aws.s3.bucket': 'logs',
            },
          },
          root,
        ),
      ),
    );
    expect(s3).toMatchObject({ name: 'S3', aws: { operation: 'PutObject', bucket_name: 'logs' } });
    const lambda = setup().toDoc(
      t.end(
        t.start(
          'Lambda.Invoke',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'rpc.system': 'aws-api',
              'rpc.service': 'Lambda',
              'rpc.method': 'Invoke',
              'faas.invoked_name': 'resize',
            },
          },
          root,
        ),
      ),
    );
    expect(lambda).toMatchObject({ name: 'Lambda', aws: { function_name: 'resize' } });
  });

  it('an error with a stack: fault, cause with parsed V8 frames, remote for a client call', () => {
    const t = testTracer();
    const root = t.start('spawn.launch');
    const span = t.start(
      'http.get',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'http.method': 'GET', 'http.url': 'http://10.0.0.1:8080/status#x' },
      },
      root,
    );
    const error = new TypeError('connection reset');
    error.stack = [
      'TypeError: connection reset',
      '    at Socket.onEnd (/app/node_modules/undici/lib/client.js:101:22)',
      '    at async Promise.all (index 0)',
      '    at /app/dist/index.js:7:3',
    ].join('\n');
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
    const doc = setup().toDoc(t.end(span));
    expect(doc).toMatchObject({
      name: 'http.get',
      namespace: 'remote',
      fault: true,
      http: { request: { method: 'GET', url: 'http://10.0.0.1:8080/status' } },
    });
    expect(doc.error).toBeUndefined();
    expect(doc.cause).toEqual({
      exceptions: [
        {
          id: hexId,
          type: 'TypeError',
          message: 'connection reset',
          remote: true,
          stack: [
            { path: '/app/node_modules/undici/lib/client.js', line: 101, label: 'Socket.onEnd' },
            { label: 'async Promise.all (index 0)' },
            { path: '/app/dist/index.js', line: 7 },
          ],
        },
      ],
    });
  });

  it('a throttled call: 429 sets error and throttle; a 400 throttling exception too, never fault', () => {
    const t = testTracer();
    const root = t.start('spawn.launch');
    const http429 = setup().toDoc(
      t.end(
        t.start(
          'aws.ec2.DescribeInstances',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'aws.service': 'ec2',
              'aws.operation': 'DescribeInstances',
              'http.status_code': 429,
            },
          },
          root,
        ),
      ),
    );
    expect(http429).toMatchObject({ error: true, throttle: true });
    expect(http429.fault).toBeUndefined();

    const span = t.start(
      'aws.dynamodb.PutItem',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'aws.service': 'dynamodb', 'aws.operation': 'PutItem', 'http.status_code': 400 },
      },
      root,
    );
    const err = Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
      name: 'ProvisionedThroughputExceededException',
    });
    span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    const ddb = setup().toDoc(t.end(span));
    expect(ddb).toMatchObject({
      error: true,
      throttle: true,
      cause: { exceptions: [{ type: 'ProvisionedThroughputExceededException', remote: true }] },
    });
    expect(ddb.fault).toBeUndefined();

    const server5xx = setup().toDoc(
      t.end(t.start('x', { kind: SpanKind.CLIENT, attributes: { 'http.response.status_code': 503 } }, root)),
    );
    expect(server5xx).toMatchObject({ fault: true });
    expect(server5xx.error).toBeUndefined();
  });

  it('status ERROR without a code is a fault, with the status message as the cause', () => {
    const t = testTracer();
    const span = t.start('spawn.job.run');
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'exit code 3' });
    const doc = setup().toDoc(t.end(span));
    expect(doc).toMatchObject({
      fault: true,
      cause: { exceptions: [{ id: hexId, message: 'exit code 3' }] },
    });
  });

  it('links become links entries; an invalid link is dropped alone and counted', () => {
    const t = testTracer();
    const producer = t.start('spawn.queue.send');
    const { traceId, spanId } = producer.spanContext();
    const span = t.start('spawn.job.receive', {
      kind: SpanKind.CONSUMER,
      links: [
        { context: { traceId, spanId, traceFlags: 1 }, attributes: { 'messaging.message.id': 'm-1' } },
        { context: { traceId: 'not-a-trace', spanId, traceFlags: 1 } },
        { context: { traceId: '0'.repeat(32), spanId, traceFlags: 1 } },
      ],
    });
    const { toDoc, counters } = setup();
    const doc = toDoc(t.end(span));
    expect(doc.links).toEqual([
      {
        trace_id: `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`,
        id: spanId,
        attributes: { 'messaging.message.id': 'm-1' },
      },
    ]);
    expect(counters.linksDropped).toBe(2);
  });
});

describe('SegmentTranslator: X-Ray rules', () => {
  it('segments: no parent, a remote parent, SERVER or CONSUMER; local INTERNAL children are subsegments', () => {
    const t = testTracer();
    const { toDoc } = setup();
    const root = t.start('root');
    const child = t.start('child', {}, root);
    const server = t.start('server', { kind: SpanKind.SERVER }, root);
    const remote = t.start(
      'remote-child',
      {},
      remoteParent('5759e988bd862e3fe1be46a994272793', '53995c3f42cd8ad8'),
    );
    expect(toDoc(t.end(root)).type).toBeUndefined();
    expect(toDoc(t.end(child))).toMatchObject({
      type: 'subsegment',
      name: 'child',
      parent_id: root.spanContext().spanId,
    });
    expect(toDoc(t.end(server))).toMatchObject({ name: 'spored', parent_id: root.spanContext().spanId });
    const remoteDoc = toDoc(t.end(remote));
    expect(remoteDoc).toMatchObject({
      name: 'spored',
      trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      parent_id: '53995c3f42cd8ad8',
    });
    expect(remoteDoc.type).toBeUndefined();
  });

  it('names: disallowed characters removed, cut at 200 code points, never empty', () => {
    const t = testTracer({ 'service.name': '<>{}' });
    const { toDoc } = setup();
    const root = t.start('root');
    expect(toDoc(t.end(root)).name).toBe('spawn');
    expect(toDoc(t.end(t.start('job (run) #1 → ok!', {}, root))).name).toBe('job run #1  ok');
    expect([
      ...(toDoc(t.end(t.start('é'.repeat(150) + '𝒜'.repeat(100), {}, root))).name as string),
    ]).toHaveLength(200);
    expect(toDoc(t.end(t.start('***', {}, root))).name).toBe('unknown');
  });

  it('annotations: keys rewritten, strings cut at 1000, only scalars, at most 50 keys per trace', () => {
    const t = testTracer();
    const { toDoc, counters, overflow } = setup({ indexAll: true });
    const root = t.start('root', {
      attributes: { 'user-id': 'u1', long: 'x'.repeat(1500), list: ['a', 'b'], nan: Number.NaN, ok: true },
    });
    const doc = toDoc(t.end(root));
    expect(doc.annotations).toEqual({ user_id: 'u1', long: 'x'.repeat(1000), ok: true });
    expect(doc.metadata).toMatchObject({ default: { list: ['a', 'b'] } });

    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    const child = toDoc(t.end(t.start('child', { attributes: many }, root)));
    expect(Object.keys(child.annotations as object)).toHaveLength(50 - 3);
    expect(Object.keys((child.metadata as { default: object }).default)).toHaveLength(13);
    expect(counters.annotationsMovedToMetadata).toBe(13);
    expect(overflow).toContain('k59');
  });

  it('http: no content_length when unknown; strings at most 250; legacy URL parts joined', () => {
    const t = testTracer();
    const { toDoc } = setup();
    const root = t.start('root');
    const doc = toDoc(
      t.end(
        t.start(
          'GET',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'http.method': 'GET',
              'http.scheme': 'https',
              'http.host': 'example.com',
              'http.target': `/${'p'.repeat(400)}?q=1`,
              'http.status_code': 404,
              'http.response_content_length': 12,
            },
          },
          root,
        ),
      ),
    );
    const http = doc.http as { request: { url: string }; response: object };
    expect(http.request.url).toHaveLength(250);
    expect(http.response).toEqual({ status: 404, content_length: 12 });
    expect(doc.error).toBe(true);
    const noLength = toDoc(t.end(t.start('GET', { attributes: { 'http.response.status_code': 200 } }, root)));
    expect(noLength.http).toEqual({ response: { status: 200 } });
  });

  it('an unfinished span is in_progress without end_time', () => {
    const t = testTracer();
    const doc = setup().toDoc(t.start('still.running'));
    expect(doc.in_progress).toBe(true);
    expect(doc.end_time).toBeUndefined();
  });

  it('refuses trace ids that are not 32 hex digits', () => {
    const t = testTracer();
    const span = t.start('x', {}, remoteParent('5759e988bd862e3fe1be46a994272793', '53995c3f42cd8ad8'));
    const broken = Object.create(span, {
      spanContext: { value: () => ({ ...span.spanContext(), traceId: 'XYZ' }) },
    });
    expect(setup().translator.translate(broken)).toBeUndefined();
  });
});
