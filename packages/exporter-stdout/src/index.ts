export {
  buildTraces,
  filterTraces,
  parseDurationMs,
  type Trace,
  type TraceFilter,
  type TraceNode,
  type WalkStep,
  walkTrace,
} from './build-traces.js';
export { type Destination, parseDestination } from './destination.js';
export { hrTimeToIso, isoToHrTime } from './iso-time.js';
export { decodeValue, encodeValue, type JsonValue } from './json-value.js';
export {
  type LineProblem,
  parseSpanLines,
  type ReadResult,
  readSpanLines,
  type SpanRecord,
} from './read-span-lines.js';
export { type HtmlOptions, renderHtml } from './render-html.js';
export { renderTraces, renderWaterfall, type WaterfallOptions } from './render-waterfall.js';
export {
  formatSpanLine,
  type SpanKindName,
  type SpanLine,
  type SpanLineEvent,
  type SpanLineLink,
  type StatusName,
  toSpanLine,
} from './span-line.js';
export { StdoutSpanExporter, type StdoutSpanExporterOptions } from './stdout-span-exporter.js';
