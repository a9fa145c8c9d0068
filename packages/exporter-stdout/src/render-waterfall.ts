import { hrTimeDuration } from '@opentelemetry/core';
import { formatDuration } from '@spawn/tracing-core';
import { type Trace, type TraceNode, walkTrace } from './build-traces.js';
import { hrDiffMs } from './iso-time.js';
import type { SpanRecord } from './read-span-lines.js';

export interface WaterfallOptions {
  /** Total line width to aim for (the bar takes what the name and duration leave); default 100. */
  width?: number;
  /** ANSI colour (errors red, orphans yellow, bars cyan); default false. */
  color?: boolean;
}

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};
type Paint = (style: keyof typeof ANSI, text: string) => string;

/** Every trace's waterfall, separated by blank lines. */
export function renderTraces(traces: readonly Trace[], options: WaterfallOptions = {}): string {
  return traces.map((trace) => renderWaterfall(trace, options)).join('\n');
}

/**
 * One trace as a tree with a time waterfall: each span's name (indented under its parent),
 * duration and a bar on the trace's shared time axis. Errors are marked `✗` with their status
 * message, orphans (parent not found) are listed at the top level and marked, and a span is
 * tagged with its process (`service.name`, spawn instance and job index) where that changes.
 * Ends with a newline.
 */
export function renderWaterfall(trace: Trace, options: WaterfallOptions = {}): string {
  const width = Math.max(40, Math.floor(options.width ?? 100));
  const paint: Paint = options.color
    ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}`
    : (_style, text) => text;
  const rows = [...walkTrace(trace)].map(({ node, parent, prefix, depth, last }) => {
    let guide = '';
    for (let i = 1; i < prefix.length; i++) guide += prefix[i] ? '│  ' : '   ';
    if (depth > 0) guide += last ? '└─ ' : '├─ ';
    const error = node.span.status === 'ERROR';
    return { node, parent, guide, name: error ? `${node.span.name} ✗` : node.span.name };
  });
  const longest = rows.reduce((max, row) => Math.max(max, row.guide.length + row.name.length), 0);
  const labelWidth = Math.min(longest, Math.max(16, Math.floor(width * 0.4)));
  const barWidth = Math.max(10, width - labelWidth - 14);
  const total = trace.durationMs;

  const head = [
    `${paint('bold', `trace ${trace.traceId}`)}`,
    `${trace.spanCount} span${trace.spanCount === 1 ? '' : 's'}`,
    formatDuration(hrTimeDuration(trace.start, trace.end)),
  ];
  if (trace.errorCount > 0)
    head.push(paint('red', `${trace.errorCount} error${trace.errorCount === 1 ? '' : 's'}`));
  if (trace.orphanCount > 0)
    head.push(paint('yellow', `${trace.orphanCount} orphan${trace.orphanCount === 1 ? '' : 's'}`));
  const totalText = formatDuration(hrTimeDuration(trace.start, trace.end));
  const axis = `0${' '.repeat(Math.max(1, barWidth - 1 - totalText.length))}${totalText}`;
  const lines = [head.join('  '), paint('dim', `${' '.repeat(labelWidth + 13)}${axis}`)];

  for (const { node, parent, guide, name } of rows) {
    const { span } = node;
    let label = guide + name;
    if (label.length > labelWidth) label = `${label.slice(0, Math.max(0, labelWidth - 1))}…`;
    const styledLabel =
      paint('dim', label.slice(0, guide.length)) + styleName(label.slice(guide.length), span, node, paint);
    const padding = ' '.repeat(labelWidth - label.length);
    const duration = formatDuration(hrTimeDuration(span.startTime, span.endTime)).padStart(9);
    const bar = drawBar(
      hrDiffMs(trace.start, span.startTime),
      hrDiffMs(trace.start, span.endTime),
      total,
      barWidth,
    );
    const barStyle = span.status === 'ERROR' ? 'red' : node.orphan ? 'yellow' : 'cyan';
    let line = `${styledLabel}${padding}  ${paint('dim', duration)} │${paint(barStyle, bar)}│`;
    const notes: string[] = [];
    const where = processChange(node, parent);
    if (where) notes.push(paint('dim', `[${where}]`));
    if (node.orphan) notes.push(paint('yellow', orphanNote(span)));
    if (span.status === 'ERROR') notes.push(paint('red', errorNote(span)));
    if (notes.length > 0) line += ` ${notes.join(' ')}`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

function styleName(text: string, span: SpanRecord, node: TraceNode, paint: Paint): string {
  if (span.status === 'ERROR') return paint('red', text);
  if (node.orphan) return paint('yellow', text);
  return text;
}

function drawBar(fromMs: number, toMs: number, totalMs: number, width: number): string {
  let start = totalMs > 0 ? Math.floor((fromMs / totalMs) * width) : 0;
  let end = totalMs > 0 ? Math.ceil((toMs / totalMs) * width) : width;
  start = Math.min(Math.max(start, 0), width - 1);
  end = Math.min(Math.max(end, start + 1), width);
  return ' '.repeat(start) + '█'.repeat(end - start) + ' '.repeat(width - end);
}

function orphanNote(span: SpanRecord): string {
  return span.parent_span_id && span.parent_span_id !== span.span_id
    ? `orphan: parent ${span.parent_span_id} not found`
    : 'orphan: parent cycle';
}

/** The error's status message, else the first exception event's message. */
export function errorMessage(span: SpanRecord): string | undefined {
  if (span.status_message) return span.status_message;
  for (const event of span.events ?? []) {
    const message = event.attributes?.['exception.message'];
    if (event.name === 'exception' && typeof message === 'string') return message;
  }
  return undefined;
}

function errorNote(span: SpanRecord): string {
  const message = errorMessage(span);
  return message ? `ERROR: ${message.replace(/\s+/g, ' ')}` : 'ERROR';
}

/** `service instance #index` of the process that wrote a span, from its resource identity. */
export function processLabel(span: SpanRecord): string {
  const resource = span.resource ?? {};
  const parts: string[] = [];
  for (const key of ['service.name', 'spawn.instance_id'] as const) {
    const value = resource[key];
    if (typeof value === 'string' && value !== '') parts.push(value);
  }
  const index = resource['spawn.job_array_index'];
  if (typeof index === 'number' || typeof index === 'string') parts.push(`#${index}`);
  return parts.join(' ');
}

function processChange(node: TraceNode, parent: TraceNode | undefined): string | undefined {
  const here = processLabel(node.span);
  if (here === '') return undefined;
  return parent && processLabel(parent.span) === here ? undefined : here;
}
