import { hrTimeDuration } from '@opentelemetry/core';
import { formatDuration } from '@spawn/tracing-core';
import { type Trace, walkTrace } from './build-traces.js';
import { hrDiffMs } from './iso-time.js';
import { errorMessage, processLabel } from './render-waterfall.js';

export interface HtmlOptions {
  /** The page title; default `spawn traces`. */
  title?: string;
}

/** What the page's script draws: one entry per trace, one row per span in display order. */
interface HtmlTrace {
  id: string;
  duration: string;
  spans: number;
  errors: number;
  orphans: number;
  rows: {
    depth: number;
    name: string;
    duration: string;
    /** Bar position and length in percent of the trace's time axis. */
    left: number;
    width: number;
    error?: string;
    orphan?: string;
    process?: string;
    kind: string;
    start: string;
    attributes: string;
  }[];
}

/**
 * One self-contained HTML page (no network, no external files) with the same waterfall as the
 * terminal: the traces are embedded as JSON and drawn by an inline script.
 */
export function renderHtml(traces: readonly Trace[], options: HtmlOptions = {}): string {
  const data: HtmlTrace[] = traces.map((trace) => {
    const total = trace.durationMs;
    const rows: HtmlTrace['rows'] = [];
    for (const { node, parent, depth } of walkTrace(trace)) {
      const { span } = node;
      const from = hrDiffMs(trace.start, span.startTime);
      const to = hrDiffMs(trace.start, span.endTime);
      const row: HtmlTrace['rows'][number] = {
        depth,
        name: span.name,
        duration: formatDuration(hrTimeDuration(span.startTime, span.endTime)),
        left: total > 0 ? round((from / total) * 100) : 0,
        width: total > 0 ? round(((to - from) / total) * 100) : 100,
        kind: span.kind,
        start: span.start,
        attributes: JSON.stringify(span.attributes),
      };
      if (span.status === 'ERROR') row.error = errorMessage(span) ?? 'error';
      if (node.orphan) row.orphan = span.parent_span_id ?? '';
      const here = processLabel(span);
      if (here !== '' && (!parent || processLabel(parent.span) !== here)) row.process = here;
      rows.push(row);
    }
    return {
      id: trace.traceId,
      duration: formatDuration(hrTimeDuration(trace.start, trace.end)),
      spans: trace.spanCount,
      errors: trace.errorCount,
      orphans: trace.orphanCount,
      rows,
    };
  });
  const title = options.title ?? 'spawn traces';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<noscript>This page draws the waterfall with JavaScript; please enable it.</noscript>
<main id="traces"></main>
<script type="application/json" id="trace-data">${jsonForScript(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end its `<script>` element early (`</script>`, `<!--`) or break on line separators. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const STYLE = `
body{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:16px;color:#1d1d1f;background:#fff}
h1{font-size:16px;margin:0 0 12px}
section.trace{margin:0 0 24px;border:1px solid #ddd;border-radius:6px;overflow:hidden}
section.trace>header{padding:6px 10px;background:#f5f5f7;border-bottom:1px solid #ddd}
.meta{color:#666;margin-left:12px}.meta .err{color:#c62828}.meta .orph{color:#b26a00}
.row{display:grid;grid-template-columns:minmax(200px,40%) 90px 1fr;align-items:center;padding:1px 10px;cursor:default}
.row:hover{background:#f0f4ff}
.name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.dur{text-align:right;padding-right:10px;color:#555}
.axis{position:relative;height:14px;background:repeating-linear-gradient(90deg,#fafafa 0,#fafafa 10%,#f0f0f0 10%,#f0f0f0 10.1%)}
.bar{position:absolute;top:2px;bottom:2px;min-width:2px;background:#1e88e5;border-radius:2px}
.row.error .name{color:#c62828}.row.error .bar{background:#e53935}
.row.orphan .name{color:#b26a00}.row.orphan .bar{background:#fb8c00}
.note{color:#888;margin-left:6px}.row.error .note.msg{color:#c62828}
`;

// Plain ES2017 that any browser runs; it only reads the JSON above and builds the DOM with textContent.
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var main = document.getElementById('traces');
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  if (data.length === 0) main.appendChild(el('p', 'empty', 'No spans.'));
  data.forEach(function (trace) {
    var section = el('section', 'trace');
    section.setAttribute('data-trace-id', trace.id);
    var header = el('header');
    header.appendChild(el('strong', '', 'trace ' + trace.id));
    var meta = el('span', 'meta', trace.spans + (trace.spans === 1 ? ' span' : ' spans') + ' \\u00b7 ' + trace.duration);
    if (trace.errors) meta.appendChild(el('span', 'err', ' \\u00b7 ' + trace.errors + (trace.errors === 1 ? ' error' : ' errors')));
    if (trace.orphans) meta.appendChild(el('span', 'orph', ' \\u00b7 ' + trace.orphans + (trace.orphans === 1 ? ' orphan' : ' orphans')));
    header.appendChild(meta);
    section.appendChild(header);
    trace.rows.forEach(function (row) {
      var line = el('div', 'row' + (row.error ? ' error' : '') + (row.orphan !== undefined ? ' orphan' : ''));
      line.title = row.kind + ' ' + row.start + '\\n' + row.attributes;
      var name = el('div', 'name');
      name.style.paddingLeft = row.depth * 16 + 'px';
      name.appendChild(el('span', 'span-name', row.name));
      if (row.error) name.appendChild(el('span', 'note', ' \\u2717'));
      if (row.process) name.appendChild(el('span', 'note', '[' + row.process + ']'));
      if (row.orphan !== undefined) name.appendChild(el('span', 'note', 'orphan: parent ' + (row.orphan || '?') + ' not found'));
      if (row.error) name.appendChild(el('span', 'note msg', row.error));
      line.appendChild(name);
      line.appendChild(el('div', 'dur', row.duration));
      var axis = el('div', 'axis');
      var bar = el('div', 'bar');
      bar.style.left = row.left + '%';
      bar.style.width = row.width + '%';
      axis.appendChild(bar);
      line.appendChild(axis);
      section.appendChild(line);
    });
    main.appendChild(section);
  });
})();
`;
