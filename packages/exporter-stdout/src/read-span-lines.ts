import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { HrTime } from '@opentelemetry/api';
import { isoToHrTime } from './iso-time.js';
import { KIND_NAMES, type SpanLine, STATUS_NAMES } from './span-line.js';

/** A span line read back, with its times parsed and where it came from. */
export interface SpanRecord extends SpanLine {
  startTime: HrTime;
  endTime: HrTime;
  /** The file name (or `-` for stdin) it was read from. */
  source: string;
  /** 1-based line number in `source`. */
  line: number;
}

/** A line that is not a span line; it was skipped. */
export interface LineProblem {
  source: string;
  line: number;
  message: string;
}

export interface ReadResult {
  spans: SpanRecord[];
  problems: LineProblem[];
}

/** Reads span lines from text or a stream (a file, stdin), line by line; bad lines become `problems`. */
export async function readSpanLines(input: string | Readable, source = '-'): Promise<ReadResult> {
  if (typeof input === 'string') return parseSpanLines(input, source);
  const result: ReadResult = { spans: [], problems: [] };
  const decoder = new StringDecoder('utf8');
  let number = 0;
  let rest = '';
  // Split chunks by hand: several times faster than `readline` on files of many short lines.
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let from = 0;
    for (let to = text.indexOf('\n', rest.length); to !== -1; to = text.indexOf('\n', from)) {
      addLine(result, stripCr(text.slice(from, to)), source, ++number);
      from = to + 1;
    }
    rest = text.slice(from);
  }
  rest += decoder.end();
  if (rest !== '') addLine(result, stripCr(rest), source, ++number);
  return result;
}

/** `readSpanLines` for text already in memory. */
export function parseSpanLines(text: string, source = '-'): ReadResult {
  const result: ReadResult = { spans: [], problems: [] };
  let number = 0;
  let from = 0;
  while (from <= text.length) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    addLine(result, stripCr(text.slice(from, to)), source, ++number);
    from = to + 1;
  }
  return result;
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

function addLine(result: ReadResult, text: string, source: string, line: number): void {
  if (text.trim() === '') return;
  const parsed = parseSpanRecord(text, source, line);
  if (typeof parsed === 'string') result.problems.push({ source, line, message: parsed });
  else result.spans.push(parsed);
}

/** One line as a span record, or why it is not one. */
function parseSpanRecord(text: string, source: string, line: number): SpanRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message}): ${preview(text)}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `not a JSON object: ${preview(text)}`;
  const raw = value as Record<string, unknown>;
  for (const key of ['trace_id', 'span_id', 'name', 'start', 'end'] as const) {
    if (typeof raw[key] !== 'string' || raw[key] === '') return `missing or empty "${key}"`;
  }
  if (raw.parent_span_id !== undefined && typeof raw.parent_span_id !== 'string')
    return '"parent_span_id" is not a string';
  const startTime = isoToHrTime(raw.start as string);
  if (!startTime) return `"start" is not an ISO 8601 time: ${preview(String(raw.start))}`;
  const endTime = isoToHrTime(raw.end as string);
  if (!endTime) return `"end" is not an ISO 8601 time: ${preview(String(raw.end))}`;
  // Completed in place: copying a parsed object costs more than parsing it.
  const record = raw as unknown as SpanRecord;
  record.startTime = startTime;
  record.endTime = endTime;
  record.source = source;
  record.line = line;
  if (!KIND_NAMES.includes(record.kind)) record.kind = 'INTERNAL';
  if (!STATUS_NAMES.includes(record.status)) record.status = 'UNSET';
  if (
    typeof record.attributes !== 'object' ||
    record.attributes === null ||
    Array.isArray(record.attributes)
  ) {
    record.attributes = {};
  }
  if (record.parent_span_id === '') delete record.parent_span_id;
  if (record.resource !== undefined && (typeof record.resource !== 'object' || record.resource === null)) {
    delete record.resource;
  }
  if (!Array.isArray(record.events)) delete record.events;
  if (!Array.isArray(record.links)) delete record.links;
  return record;
}

function preview(text: string): string {
  return text.length > 60 ? `${JSON.stringify(text.slice(0, 60))}…` : JSON.stringify(text);
}
