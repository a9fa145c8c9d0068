import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Context, DiagLogLevel, diag, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { StdoutSpanExporter } from '@spawn/tracing-exporter-stdout';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTR_SANITIZER_REDACTIONS, SanitizingSpanProcessor, sanitize } from './sanitizing-span-processor.js';

const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJzcGF3biJ9', 'c2lnbmF0dXJlLXBhcnQ'].join('.');
const KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');

function provider(...spanProcessors: SpanProcessor[]) {
  return new BasicTracerProvider({
    spanProcessors,
    resource: resourceFromAttributes({ 'service.name': 'spawn', 'deploy.token': 'tok-resource-123' }),
  });
}

/** A span carrying a secret in every place the sanitizer looks. */
function leakyTrace(p: BasicTracerProvider) {
  const tracer = p.getTracer('test');
  const linked = tracer.startSpan('linked');
  linked.end();
  const span = tracer.startSpan(`GET /callback?access_token=${JWT}`, {
    attributes: {
      'aws.operation': 'GetItem',
      'db.password': 'hunter2',
      'http.url': `https://x/?token=abc123secret`,
    },
    links: [{ context: linked.spanContext(), attributes: { note: `key ${KEY_ID}` } }],
  });
  span.recordException(new Error(`connect failed: postgres://app:pw-77secret@db:5432/spawn`));
  span.addEvent('retry', { 'request.header': `Authorization: Bearer ${JWT}` });
  span.setStatus({ code: SpanStatusCode.ERROR, message: `denied for ${KEY_ID}` });
  span.end();
}

const SECRETS = [JWT, 'hunter2', 'abc123secret', KEY_ID, 'pw-77secret', 'tok-resource-123'];

function expectClean(span: ReadableSpan) {
  const text = JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    links: span.links.map((l) => l.attributes),
    status: span.status,
    resource: span.resource.attributes,
  });
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('SanitizingSpanProcessor', () => {
  afterEach(() => diag.disable());

  it('cleans name, attributes, events, links, status and resource before an exporter registered earlier', async () => {
    const exporter = new InMemorySpanExporter();
    const sanitizer = new SanitizingSpanProcessor();
    // The exporting processor comes first: onEnding still runs the sanitizer before any onEnd.
    const p = provider(new SimpleSpanProcessor(exporter), sanitizer);
    leakyTrace(p);
    await p.forceFlush();
    const span = exporter.getFinishedSpans().find((s) => s.name.startsWith('GET'));
    expect(span).toBeDefined();
    expectClean(span as ReadableSpan);
    expect(span?.name).toBe('GET /callback?access_token=[REDACTED]');
    expect(span?.attributes['aws.operation']).toBe('GetItem');
    expect(span?.attributes['db.password']).toBe('[REDACTED]');
    expect(span?.attributes[ATTR_SANITIZER_REDACTIONS]).toBe(
      'key:1,assignment:1,aws-access-key-id:2,jwt:2,url-password:2',
    );
    expect(span?.events[0]?.attributes?.['exception.message']).toBe(
      'connect failed: postgres://app:[REDACTED]@db:5432/spawn',
    );
    expect(span?.status.message).toBe('denied for [REDACTED]');
    expect(span?.resource.attributes['service.name']).toBe('spawn');
    expect(span?.resource.attributes['deploy.token']).toBe('[REDACTED]');
    const counters = sanitizer.counters();
    expect(counters.spans).toBe(2);
    expect(counters.spansRedacted).toBe(1);
    expect(counters.redactions).toEqual({
      key: 2,
      assignment: 1,
      'aws-access-key-id': 2,
      jwt: 2,
      'url-password': 2,
    });
    expect(counters.failures).toBe(0);
    // The resource is cleaned once and the clean copy reused.
    const all = exporter.getFinishedSpans();
    expect(all[0]?.resource).toBe(all[1]?.resource);
  });

  it('as a wrapper, hands clean spans to the next processor and forwards its lifecycle', async () => {
    const exporter = new InMemorySpanExporter();
    const calls: string[] = [];
    const inner = new SimpleSpanProcessor(exporter);
    const spy: SpanProcessor = {
      onStart(s: Span, c: Context) {
        calls.push('start');
        inner.onStart(s, c);
      },
      onEnding() {
        calls.push('ending');
      },
      onEnd(s: ReadableSpan) {
        calls.push('end');
        inner.onEnd(s);
      },
      forceFlush() {
        calls.push('flush');
        return inner.forceFlush();
      },
      shutdown() {
        calls.push('shutdown');
        return inner.shutdown();
      },
    };
    const p = provider(sanitize(spy, { marker: '<gone>' }));
    const span = p.getTracer('t').startSpan('op', { attributes: { 'x-api-key': 'k-123' } });
    span.end();
    await p.forceFlush();
    await p.shutdown();
    expect(calls).toEqual(['start', 'ending', 'end', 'flush', 'shutdown']);
    expect(exporter.getFinishedSpans()).toEqual([]); // shut down exporters forget their spans
  });

  it('cleans in onEnd when the provider never calls onEnding (older SDKs)', () => {
    const processor = new SanitizingSpanProcessor();
    const span = {
      name: 'op',
      attributes: { password: 'p4ss' } as Record<string, unknown>,
      events: [{ name: 'e', time: [0, 0], attributes: { 'exception.message': `bad ${KEY_ID}` } }],
      links: [],
      status: { code: 2, message: 'password=p4ss' },
      resource: resourceFromAttributes({}),
    } as unknown as ReadableSpan;
    processor.onEnd(span);
    expect(span.attributes['password']).toBe('[REDACTED]');
    expect(span.events[0]?.attributes?.['exception.message']).toBe('bad [REDACTED]');
    expect(span.status.message).toBe('password=[REDACTED]');
  });

  it('fails closed and reports through diag when cleaning throws', () => {
    const lines: string[] = [];
    diag.setLogger(
      { error: (m) => lines.push(m), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} },
      DiagLogLevel.ERROR,
    );
    const processor = new SanitizingSpanProcessor();
    const span = {
      name: 'op',
      attributes: { note: 'hello', n: 1 },
      get events(): never {
        throw new Error('boom');
      },
      links: [],
      status: { code: 2, message: 'kept?' },
    } as unknown as ReadableSpan;
    expect(() => processor.onEnd(span)).not.toThrow();
    expect(span.attributes).toEqual({ note: '[REDACTED]', n: 1 });
    expect(span.status.message).toBe('[REDACTED]');
    expect(processor.counters().failures).toBe(1);
    expect(lines.join('\n')).toContain('span blanked because cleaning failed');
  });

  it('end to end: the line the stdout exporter writes holds no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanitizer-e2e-'));
    try {
      const file = join(dir, 'spans.jsonl');
      const p = provider(
        new SanitizingSpanProcessor(),
        new SimpleSpanProcessor(new StdoutSpanExporter({ destination: file })),
      );
      leakyTrace(p);
      await p.forceFlush();
      await p.shutdown();
      const written = readFileSync(file, 'utf8');
      const lines = written.trim().split('\n');
      expect(lines).toHaveLength(2);
      for (const secret of SECRETS) expect(written).not.toContain(secret);
      expect(written).toContain('[REDACTED]');
      expect(written).toContain('GetItem');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
