import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { formatDuration, SPAWN_IDENTITY_KEYS } from '@spawn/tracing-core';
import { hrTimeToIso } from './iso-time.js';
import { encodeRecord, type JsonValue } from './json-value.js';

export type SpanKindName = 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
export type StatusName = 'UNSET' | 'OK' | 'ERROR';

/** One event of a span as written: exceptions carry `exception.type` / `exception.message` attributes. */
export interface SpanLineEvent {
  name: string;
  time: string;
  attributes?: Record<string, JsonValue>;
}

export interface SpanLineLink {
  trace_id: string;
  span_id: string;
  attributes?: Record<string, JsonValue>;
}

/**
 * One line of the exporter's output. Empty parts (`parent_span_id` of a root, no events, no links,
 * no status message, no identity) are left out.
 */
export interface SpanLine {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  kind: SpanKindName;
  /** ISO 8601 UTC with the precision the span has (up to nanoseconds). */
  start: string;
  end: string;
  /** Human form from `formatDuration`: `1s`, `1.5ms`, `250µs`. */
  duration: string;
  status: StatusName;
  status_message?: string;
  attributes: Record<string, JsonValue>;
  events?: SpanLineEvent[];
  links?: SpanLineLink[];
  /** The resource's `service.name` and spawn identity (`spawn.instance_id`, …): which process wrote the span. */
  resource?: Record<string, JsonValue>;
}

export const KIND_NAMES: readonly SpanKindName[] = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
export const STATUS_NAMES: readonly StatusName[] = ['UNSET', 'OK', 'ERROR'];

const RESOURCE_KEYS: readonly string[] = ['service.name', ...SPAWN_IDENTITY_KEYS];

// Resources are shared by every span of a process: pick their identity once per resource object.
const identityCache = new WeakMap<object, Record<string, JsonValue> | undefined>();

function identityOf(span: ReadableSpan): Record<string, JsonValue> | undefined {
  const resource = span.resource as object | undefined;
  if (!resource) return undefined;
  if (identityCache.has(resource)) return identityCache.get(resource);
  let identity: Record<string, JsonValue> | undefined;
  const attributes: Attributes = span.resource.attributes ?? {};
  for (const key of RESOURCE_KEYS) {
    const value = attributes[key];
    if (value === undefined) continue;
    identity ??= {};
    identity[key] = value as JsonValue;
  }
  identity = identity && encodeRecord(identity);
  // Attributes of async detectors (the instance id from IMDS) may still arrive: cache only settled resources.
  if (!span.resource.asyncAttributesPending) identityCache.set(resource, identity);
  return identity;
}

/** The output line for one finished span, as an object (see `SpanLine`). */
export function toSpanLine(span: ReadableSpan): SpanLine {
  const context = span.spanContext();
  // Built key by key so the JSON reads in this order and empty parts never appear.
  const line = { trace_id: context.traceId, span_id: context.spanId } as SpanLine;
  const parent = span.parentSpanContext?.spanId;
  if (parent) line.parent_span_id = parent;
  line.name = span.name;
  line.kind = KIND_NAMES[span.kind] ?? 'INTERNAL';
  line.start = hrTimeToIso(span.startTime);
  line.end = hrTimeToIso(span.endTime);
  line.duration = formatDuration(span.duration);
  line.status = STATUS_NAMES[span.status.code] ?? 'UNSET';
  if (span.status.message) line.status_message = span.status.message;
  line.attributes = encodeRecord(span.attributes);
  if (span.events.length > 0) {
    line.events = span.events.map((event) => {
      const out: SpanLineEvent = { name: event.name, time: hrTimeToIso(event.time) };
      if (event.attributes && Object.keys(event.attributes).length > 0)
        out.attributes = encodeRecord(event.attributes);
      return out;
    });
  }
  if (span.links.length > 0) {
    line.links = span.links.map((link) => {
      const out: SpanLineLink = { trace_id: link.context.traceId, span_id: link.context.spanId };
      if (link.attributes && Object.keys(link.attributes).length > 0)
        out.attributes = encodeRecord(link.attributes);
      return out;
    });
  }
  const identity = identityOf(span);
  if (identity) line.resource = identity;
  return line;
}

/** The output line for one span as JSON text (no newline). */
export function formatSpanLine(span: ReadableSpan): string {
  return JSON.stringify(toSpanLine(span));
}
