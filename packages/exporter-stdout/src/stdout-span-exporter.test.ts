import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { DiagLogLevel, diag, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { golden } from '../test/golden.js';
import { knownTrace } from '../test/known-trace.js';
import { StdoutSpanExporter } from './stdout-span-exporter.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'exporter-stdout-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function exportSpans(exporter: StdoutSpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('StdoutSpanExporter', () => {
  it('writes the golden JSON lines for the known trace, appending to a file', async () => {
    const { spawn, spored } = knownTrace();
    const path = join(dir, 'spans.jsonl');
    const exporter = new StdoutSpanExporter({ destination: `file://${path}` });
    expect((await exportSpans(exporter, spawn)).code).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();
    const second = new StdoutSpanExporter({ destination: path });
    expect((await exportSpans(second, spored)).code).toBe(ExportResultCode.SUCCESS);
    await second.shutdown();
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(golden('known-trace.jsonl', text));
    for (const line of text.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('draws each finished trace as a waterfall in pretty mode', async () => {
    const { spawn, spored } = knownTrace();
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const exporter = new StdoutSpanExporter({ destination: out, format: 'pretty', width: 110 });
    // The children arrive before their root: nothing is drawn until the root has ended.
    await exportSpans(exporter, spawn.slice(0, 2));
    expect(chunks.join('')).toBe('');
    await exportSpans(exporter, spawn.slice(2));
    const first = chunks.join('');
    expect(first).toContain('trace 4bf92f3577b34da6a3ce929d0e0e4736  3 spans  1.5s  1 error');
    expect(first).toContain('├─ DynamoDB.PutItem');
    expect(first).toContain('└─ SQS.SendMessage ✗');
    expect(first).not.toContain('\u001b[');
    chunks.length = 0;
    // Spans from another process of a trace already drawn are drawn at once.
    await exportSpans(exporter, spored);
    expect(chunks.join('')).toContain('spored job');
    await exporter.shutdown();
  });

  it('draws traces whose root never ended on shutdown, so nothing is lost', async () => {
    const { spawn } = knownTrace();
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const exporter = new StdoutSpanExporter({ destination: out, format: 'pretty', color: true });
    await exportSpans(exporter, spawn.slice(0, 2));
    expect(text).toBe('');
    await exporter.shutdown();
    expect(text).toContain('DynamoDB.PutItem');
    expect(text).toContain('orphan');
    expect(text).toContain('\u001b[31m');
  });

  it('draws the oldest open trace early when more spans wait than maxPendingSpans', async () => {
    const memory = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] }).getTracer(
      't',
    );
    const child = (root: string, name: string) => {
      const parent = tracer.startSpan(root);
      tracer.startSpan(name, {}, trace.setSpan(ROOT_CONTEXT, parent)).end();
      // The roots never end: only the limit can get these traces drawn before shutdown.
    };
    child('root a', 'child a1');
    child('root b', 'child b1');
    child('root c', 'child c1');
    const [a, b, c] = memory.getFinishedSpans();
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const exporter = new StdoutSpanExporter({ destination: out, format: 'pretty', maxPendingSpans: 2 });
    await exportSpans(exporter, [a!, b!]);
    expect(text).toBe('');
    await exportSpans(exporter, [c!]);
    expect(text).toContain('child a1');
    expect(text).not.toContain('child b1');
    await exporter.shutdown();
    expect(text).toContain('child b1');
    expect(text).toContain('child c1');
  });

  it('waits for drain when the stream asks for it and keeps the order of batches', async () => {
    const { spawn } = knownTrace();
    const written: string[] = [];
    const pending: (() => void)[] = [];
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        pending.push(callback);
      },
    });
    const exporter = new StdoutSpanExporter({ destination: slow });
    const first = exportSpans(exporter, spawn.slice(0, 1));
    const second = exportSpans(exporter, spawn.slice(1, 2));
    await new Promise((resolve) => setImmediate(resolve));
    // One chunk handed to the stream; the second batch waits while the first is unflushed.
    expect(written).toHaveLength(1);
    expect(slow.writableNeedDrain).toBe(true);
    pending.shift()!();
    expect((await first).code).toBe(ExportResultCode.SUCCESS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(2);
    pending.shift()!();
    expect((await second).code).toBe(ExportResultCode.SUCCESS);
    expect(JSON.parse(written[0]!).name).toBe('DynamoDB.PutItem');
    expect(JSON.parse(written[1]!).name).toBe('SQS.SendMessage');
  });

  it('fails the export with a clear, retryable error on a full disk (/dev/full) and keeps running', async () => {
    const { spawn } = knownTrace();
    const logged: string[] = [];
    diag.setLogger(
      { error: (m) => logged.push(m), warn: (m) => logged.push(m), info() {}, debug() {}, verbose() {} },
      DiagLogLevel.WARN,
    );
    const exporter = new StdoutSpanExporter({ destination: '/dev/full' });
    const result = await exportSpans(exporter, spawn);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/writing 3 spans to \/dev\/full failed \(ENOSPC/);
    expect((result.error as { retryable?: boolean }).retryable).toBe(true);
    // The file is reopened for the next export; it fails the same way, still without a crash.
    expect((await exportSpans(exporter, spawn)).code).toBe(ExportResultCode.FAILED);
    await exporter.shutdown();
    diag.disable();
    // Reported through diag, rate-limited: the first failure at once, the rest counted at shutdown.
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(
      /^@spawn\/tracing-exporter-stdout: spans not written \(3 since last report\): .*ENOSPC/,
    );
    expect(logged[1]).toMatch(/spans not written \(3 since last report\)/);
  });

  it('fails the export when the file cannot be opened', async () => {
    const { spawn } = knownTrace();
    const exporter = new StdoutSpanExporter({ destination: join(dir, 'missing-dir', 'spans.jsonl') });
    const result = await exportSpans(exporter, spawn);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain('ENOENT');
    expect((result.error as { retryable?: boolean }).retryable).toBe(false);
    await exporter.shutdown();
  });

  it('has written every line when shutdown resolves, and fails exports after it', async () => {
    const { spawn } = knownTrace();
    const path = join(dir, 'many.jsonl');
    const exporter = new StdoutSpanExporter({ destination: path });
    const results: Promise<ExportResult>[] = [];
    for (let i = 0; i < 2000; i++) results.push(exportSpans(exporter, spawn));
    await exporter.shutdown();
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(6000);
    for (const result of await Promise.all(results)) expect(result.code).toBe(ExportResultCode.SUCCESS);
    const late = await exportSpans(exporter, spawn);
    expect(late.code).toBe(ExportResultCode.FAILED);
    expect(late.error?.message).toContain('shut down');
  });

  it('keeps the line valid JSON for values JSON cannot hold', async () => {
    const [span] = knownTrace().spawn;
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    // A processor may put anything on a span after the SDK checked it; the line must survive.
    Object.assign(span!.attributes, {
      big: 2n ** 70n,
      nan: Number.NaN,
      inf: -Infinity,
      bin: Buffer.from([0, 255]),
      circular,
    });
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const exporter = new StdoutSpanExporter({ destination: out });
    expect((await exportSpans(exporter, [span!])).code).toBe(ExportResultCode.SUCCESS);
    expect(JSON.parse(text).attributes).toMatchObject({
      big: { $bigint: '1180591620717411303424' },
      nan: { $number: 'NaN' },
      inf: { $number: '-Infinity' },
      bin: { $base64: 'AP8=' },
      circular: { name: 'loop', self: { $circular: '$.circular' } },
    });
  });

  it('rejects bad configuration at construction, naming the key and the value', () => {
    expect(() => new StdoutSpanExporter({ destination: 'relative/spans.jsonl' })).toThrow(
      /destination: .*"relative\/spans.jsonl"/,
    );
    expect(() => new StdoutSpanExporter({ format: 'yaml' as 'json' })).toThrow(/format: .*"yaml"/);
    expect(() => new StdoutSpanExporter({ width: -1 })).toThrow(/width: .*-1/);
    expect(() => new StdoutSpanExporter({ maxPendingSpans: 0 })).toThrow(/maxPendingSpans: .*0/);
  });
});
