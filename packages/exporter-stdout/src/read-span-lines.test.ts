import { Readable } from 'node:stream';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { knownTrace } from '../test/known-trace.js';
import { decodeValue } from './json-value.js';
import { parseSpanLines, readSpanLines } from './read-span-lines.js';
import { formatSpanLine, KIND_NAMES, STATUS_NAMES } from './span-line.js';

const text = (spans: readonly ReadableSpan[]) => spans.map((span) => `${formatSpanLine(span)}\n`).join('');

describe('readSpanLines', () => {
  it('round-trips every field of every span', async () => {
    const { spawn, spored } = knownTrace();
    // Values the SDK itself refuses, set the way a processor could: they must come back exactly.
    Object.assign(spawn[0]!.attributes, { big: 2n ** 64n, nan: Number.NaN, bin: new Uint8Array([1, 2]) });
    const spans = [...spawn, ...spored];
    const { spans: records, problems } = await readSpanLines(Readable.from([text(spans)]), 'known.jsonl');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(spans.length);
    records.forEach((record, i) => {
      const span = spans[i]!;
      expect(record.source).toBe('known.jsonl');
      expect(record.line).toBe(i + 1);
      expect(record.trace_id).toBe(span.spanContext().traceId);
      expect(record.span_id).toBe(span.spanContext().spanId);
      expect(record.parent_span_id).toBe(span.parentSpanContext?.spanId);
      expect(record.name).toBe(span.name);
      expect(record.kind).toBe(KIND_NAMES[span.kind]);
      expect(record.startTime).toEqual(span.startTime);
      expect(record.endTime).toEqual(span.endTime);
      expect(record.status).toBe(STATUS_NAMES[span.status.code]);
      expect(record.status_message).toBe(span.status.message);
      expect(decodeValue(record.attributes)).toEqual(span.attributes);
      expect((record.events ?? []).map((e) => ({ ...e, attributes: e.attributes ?? {} }))).toEqual(
        span.events.map((e) => ({
          name: e.name,
          time: record.events?.find((r) => r.name === e.name)?.time,
          attributes: e.attributes ?? {},
        })),
      );
      expect(record.links ?? []).toEqual(
        span.links.map((l) => ({
          trace_id: l.context.traceId,
          span_id: l.context.spanId,
          attributes: l.attributes,
        })),
      );
      const identity = Object.fromEntries(
        Object.entries(span.resource.attributes).filter(
          ([k]) => k === 'service.name' || k.startsWith('spawn.'),
        ),
      );
      expect(record.resource).toEqual(identity);
    });
    // Event times too, to the nanosecond.
    const job = records.find((r) => r.name === 'spored job')!;
    expect(job.events?.[0]?.time).toBe('2026-01-01T00:00:00.300000001Z');
  });

  it('reports invalid lines with their line number and skips them', () => {
    const { spawn } = knownTrace();
    const good = formatSpanLine(spawn[0]!);
    const input = [
      good,
      'Server started on :8080',
      '',
      '[1, 2]',
      '{"trace_id":"abc","span_id":"def","name":"x","start":"yesterday","end":"2026-01-01T00:00:00Z"}',
      '{"span_id":"def","name":"x"}',
      `${good}\r`,
      '{"trace_id":"abc", "span_id":',
    ].join('\n');
    const { spans, problems } = parseSpanLines(input, 'mixed.log');
    expect(spans.map((s) => s.line)).toEqual([1, 7]);
    expect(problems.map((p) => [p.line, p.message.split(/[(:]/)[0]!.trim()])).toEqual([
      [2, 'not JSON'],
      [4, 'not a JSON object'],
      [5, '"start" is not an ISO 8601 time'],
      [6, 'missing or empty "trace_id"'],
      [8, 'not JSON'],
    ]);
    expect(problems[0]).toMatchObject({ source: 'mixed.log', line: 2 });
    expect(problems[0]!.message).toContain('"Server started on :8080"');
  });

  it('reads streams whose chunks split lines and characters anywhere', async () => {
    const { spawn } = knownTrace();
    const names = ['ünïcödé ✓ span', 'second'];
    const lines = spawn.slice(0, 2).map((span, i) => formatSpanLine(span).replace(span.name, names[i]!));
    const bytes = Buffer.from(`${lines[0]}\r\n${lines[1]}`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
    const { spans, problems } = await readSpanLines(Readable.from(chunks), 'chunked');
    expect(problems).toEqual([]);
    expect(spans.map((s) => [s.line, s.name])).toEqual([
      [1, names[0]],
      [2, names[1]],
    ]);
  });

  it('gives unknown kinds and statuses their defaults rather than dropping the span', () => {
    const line =
      '{"trace_id":"a","span_id":"b","name":"x","kind":"WEIRD","status":"??","start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:00:01Z","attributes":7}';
    const [record] = parseSpanLines(line).spans;
    expect(record).toMatchObject({ kind: 'INTERNAL', status: 'UNSET', attributes: {} });
  });
});
