import { describe, expect, it } from 'vitest';
import { knownTrace } from '../test/known-trace.js';
import { buildTraces, filterTraces, parseDurationMs, walkTrace } from './build-traces.js';
import { parseSpanLines } from './read-span-lines.js';
import { formatSpanLine } from './span-line.js';

function records() {
  const { spawn, spored } = knownTrace();
  // Two processes, two files: the viewer sees them only as separate inputs.
  return [
    ...parseSpanLines(spored.map(formatSpanLine).join('\n'), 'spored.jsonl').spans,
    ...parseSpanLines(spawn.map(formatSpanLine).join('\n'), 'spawn.jsonl').spans,
  ];
}

const line = (
  traceId: string,
  spanId: string,
  parent: string | undefined,
  startMs: number,
  endMs: number,
  status = 'UNSET',
) =>
  JSON.stringify({
    trace_id: traceId,
    span_id: spanId,
    ...(parent ? { parent_span_id: parent } : {}),
    name: `span ${spanId}`,
    start: new Date(Date.UTC(2026, 0, 1) + startMs).toISOString(),
    end: new Date(Date.UTC(2026, 0, 1) + endMs).toISOString(),
    status,
  });

describe('buildTraces', () => {
  it('stitches spans of many processes into one tree, orphans at the top level', () => {
    const [trace, ...rest] = buildTraces(records());
    expect(rest).toEqual([]);
    expect(trace).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanCount: 5,
      errorCount: 1,
      orphanCount: 1,
    });
    expect(trace!.durationMs).toBe(1500);
    const shape = [...walkTrace(trace!)].map(
      ({ node, depth }) => `${'  '.repeat(depth)}${node.span.name}${node.orphan ? ' (orphan)' : ''}`,
    );
    expect(shape).toEqual([
      'spawn launch',
      '  DynamoDB.PutItem',
      '  SQS.SendMessage',
      '    spored job',
      'upload results (orphan)',
    ]);
  });

  it('keeps a span read twice once and orders traces by start', () => {
    const input = [
      line('b', '1', undefined, 50, 60),
      line('a', '2', undefined, 0, 10),
      line('a', '2', undefined, 0, 10),
    ].join('\n');
    const traces = buildTraces(parseSpanLines(input).spans);
    expect(traces.map((t) => [t.traceId, t.spanCount])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('breaks parent cycles instead of losing or looping over their spans', () => {
    const input = [line('c', '1', '2', 0, 10), line('c', '2', '1', 5, 10), line('c', '3', '3', 6, 7)].join(
      '\n',
    );
    const [trace] = buildTraces(parseSpanLines(input).spans);
    const seen = [...walkTrace(trace!)].map(({ node }) => node.span.span_id).sort();
    expect(seen).toEqual(['1', '2', '3']);
    expect(trace!.roots.every((root) => root.orphan)).toBe(true);
  });
});

describe('filterTraces', () => {
  const traces = buildTraces(
    parseSpanLines(
      [
        line('aaa1', '1', undefined, 0, 5),
        line('bbb2', '2', undefined, 0, 500),
        line('ccc3', '3', undefined, 0, 50, 'ERROR'),
      ].join('\n'),
    ).spans,
  );
  it('filters by trace id prefix, by error and by minimum duration', () => {
    expect(filterTraces(traces, { traceIds: ['BBB'] }).map((t) => t.traceId)).toEqual(['bbb2']);
    expect(filterTraces(traces, { errorsOnly: true }).map((t) => t.traceId)).toEqual(['ccc3']);
    expect(filterTraces(traces, { minDurationMs: 50 }).map((t) => t.traceId)).toEqual(['bbb2', 'ccc3']);
    expect(filterTraces(traces, { minDurationMs: 50, errorsOnly: true, traceIds: ['aaa'] })).toEqual([]);
    expect(filterTraces(traces, {})).toHaveLength(3);
  });
});

describe('parseDurationMs', () => {
  it('reads the duration forms the filters take', () => {
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('250µs')).toBe(0.25);
    expect(parseDurationMs('250us')).toBe(0.25);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('40')).toBe(40);
    expect(parseDurationMs('fast')).toBeUndefined();
    expect(parseDurationMs('-1s')).toBeUndefined();
  });
});
