import type { AttributeValue } from '@opentelemetry/api';

/** X-Ray indexes at most this many annotations per trace. */
export const MAX_ANNOTATIONS_PER_TRACE = 50;
export const MAX_ANNOTATION_STRING = 1_000;
const MAX_KEY_LENGTH = 500;
const OUTSIDE_KEY_ALPHABET = /[^A-Za-z0-9_]/g;

/** An attribute key rewritten to X-Ray's annotation alphabet `[A-Za-z0-9_]`, at most 500 characters. */
export function annotationKey(key: string): string {
  let rewritten = keyCache.get(key);
  if (rewritten === undefined) {
    rewritten = key.replace(OUTSIDE_KEY_ALPHABET, '_').slice(0, MAX_KEY_LENGTH);
    // Attribute keys repeat endlessly; a bounded cache keeps the rewrite off the hot path.
    if (keyCache.size >= 1_024) keyCache.clear();
    keyCache.set(key, rewritten);
  }
  return rewritten;
}

const keyCache = new Map<string, string>();

/** The value as an annotation (string cut at 1 000 characters, finite number, boolean), else `undefined`. */
export function annotationValue(value: AttributeValue | undefined): string | number | boolean | undefined {
  switch (typeof value) {
    case 'string':
      return cutString(value, MAX_ANNOTATION_STRING);
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return value;
    default:
      return undefined;
  }
}

/** `value` cut to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutString(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * Remembers which annotation keys each recent trace already uses, so a trace never gets more than
 * 50 distinct keys. Bounded: the oldest traces are forgotten first.
 */
export class AnnotationBudget {
  private readonly traces = new Map<string, Set<string>>();

  constructor(private readonly maxTraces = 4_096) {}

  admit(traceId: string, key: string): boolean {
    let keys = this.traces.get(traceId);
    if (keys === undefined) {
      if (this.traces.size >= this.maxTraces) {
        const oldest = this.traces.keys().next().value;
        if (oldest !== undefined) this.traces.delete(oldest);
      }
      keys = new Set();
      this.traces.set(traceId, keys);
    }
    if (keys.has(key)) return true;
    if (keys.size >= MAX_ANNOTATIONS_PER_TRACE) return false;
    keys.add(key);
    return true;
  }
}
