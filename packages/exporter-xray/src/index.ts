export { SUPPRESS_INSTRUMENTATION } from './api-transport.js';
export type { EncoderCounters, XRayExporterCounters } from './counters.js';
export { DEFAULT_INDEXED_ATTRIBUTES, type XRayExporterOptions } from './exporter-options.js';
export { MAX_DOCUMENT_BYTES } from './fit-document.js';
export { XRayIdGenerator } from './id-generator.js';
export type {
  SegmentAws,
  SegmentDocument,
  SegmentException,
  SegmentHttp,
  SegmentLink,
  SegmentStackFrame,
} from './segment-document.js';
export { type EncodedSegment, SegmentEncoder, type SegmentEncoderOptions } from './segment-encoder.js';
export { toXRayTraceId } from './trace-id.js';
export { XRaySpanExporter } from './xray-exporter.js';
