import type { Context } from '@opentelemetry/api';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { RateLimitedDiag, type SanitizerConfig } from '@spawn/tracing-core';
import type { RedactionCategory } from './redaction-category.js';
import { Sanitizer } from './sanitizer.js';

/** The span attribute that says what was redacted: `category:count,…` (e.g. `assignment:1,jwt:2`). */
export const ATTR_SANITIZER_REDACTIONS = 'spawn.sanitizer.redactions';

export interface SanitizingSpanProcessorOptions extends SanitizerConfig {
  /** The processor that receives every span after it is clean (see {@link sanitize}). */
  next?: SpanProcessor;
  /** An existing engine to share (its configuration wins over the fields above). */
  sanitizer?: Sanitizer;
}

export interface SanitizerCounters {
  /** Spans looked at. */
  spans: number;
  /** Spans with at least one redaction. */
  spansRedacted: number;
  /** Redactions per category, including the resource's (counted once). */
  redactions: Partial<Record<RedactionCategory, number>>;
  /** Spans whose cleaning failed and were blanked instead (fail closed). */
  failures: number;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type MutableSpan = Writable<ReadableSpan>;

/**
 * Removes secrets (and PII, if configured) from every span before any exporter sees it: attributes,
 * event and link attributes, the name, the status message and the resource.
 *
 * It cleans in `onEnding`, which sdk-trace-base 2.x calls on every processor before the span is frozen
 * and before any `onEnd`: so exporters behind any processor of the same provider see clean spans,
 * whatever the registration order. Providers that never call `onEnding` get the span cleaned in `onEnd`
 * instead, where the order matters: register this processor first, or wrap with {@link sanitize}.
 */
export class SanitizingSpanProcessor implements SpanProcessor {
  readonly sanitizer: Sanitizer;
  private readonly next: SpanProcessor | undefined;
  private readonly diag = new RateLimitedDiag('@spawn/tracing-sanitizer');
  private readonly resources = new WeakMap<Resource, Resource>();
  private lastResource: Resource | undefined;
  private lastClean: Resource | undefined;
  private lastCleaned: ReadableSpan | undefined;
  private spans = 0;
  private spansRedacted = 0;
  private failures = 0;

  constructor(options: SanitizingSpanProcessorOptions = {}) {
    const { next, sanitizer, ...config } = options;
    this.sanitizer = sanitizer ?? new Sanitizer(config);
    this.next = next;
  }

  onStart(span: Span, parentContext: Context): void {
    this.next?.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    this.clean(span);
    this.lastCleaned = span;
    this.next?.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    if (span !== this.lastCleaned) this.clean(span);
    this.lastCleaned = undefined;
    this.next?.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next?.forceFlush() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.diag.flush();
    return this.next?.shutdown() ?? Promise.resolve();
  }

  counters(): SanitizerCounters {
    return {
      spans: this.spans,
      spansRedacted: this.spansRedacted,
      redactions: this.sanitizer.counts(),
      failures: this.failures,
    };
  }

  private clean(readable: ReadableSpan): void {
    const span = readable as MutableSpan;
    const s = this.sanitizer;
    this.spans++;
    try {
      s.dropTally();
      const name = s.text(span.name);
      if (name !== span.name) span.name = name;
      s.attributesInPlace(span.attributes, ATTR_SANITIZER_REDACTIONS);
      for (const event of span.events) {
        const eventName = s.text(event.name);
        if (eventName !== event.name) event.name = eventName;
        if (event.attributes) s.attributesInPlace(event.attributes);
      }
      for (const link of span.links) if (link.attributes) s.attributesInPlace(link.attributes);
      const message = span.status.message;
      if (message !== undefined) {
        const clean = s.text(message);
        if (clean !== message) span.status = { ...span.status, message: clean };
      }
      const summary = s.takeTally();
      if (summary !== undefined) {
        this.spansRedacted++;
        span.attributes[ATTR_SANITIZER_REDACTIONS] = summary;
      }
      this.cleanResource(span);
    } catch (err) {
      this.failClosed(span, err);
    }
  }

  /** Resources are shared by all spans of a provider and immutable: clean each once and reuse it. */
  private cleanResource(span: MutableSpan): void {
    const resource = span.resource;
    if (resource === this.lastResource) {
      if (this.lastClean !== resource) span.resource = this.lastClean as Resource;
      return;
    }
    // Attributes still being detected cannot be read yet; check again on the next span.
    if (resource === undefined || resource.asyncAttributesPending) return;
    let clean = this.resources.get(resource);
    if (clean === undefined) {
      const attributes = this.sanitizer.attributes(resource.attributes);
      this.sanitizer.dropTally();
      clean =
        attributes === resource.attributes
          ? resource
          : resourceFromAttributes(
              attributes,
              resource.schemaUrl === undefined ? {} : { schemaUrl: resource.schemaUrl },
            );
      this.resources.set(resource, clean);
    }
    this.lastResource = resource;
    this.lastClean = clean;
    if (clean !== resource) span.resource = clean;
  }

  /** Cleaning threw (a bug): blank every string rather than let a secret through, and say so. */
  private failClosed(span: MutableSpan, err: unknown): void {
    this.failures++;
    this.sanitizer.dropTally();
    const marker = this.sanitizer.marker.text;
    const blank = (attributes: Record<string, unknown> | undefined) => {
      if (!attributes) return;
      for (const key in attributes) {
        const t = typeof attributes[key];
        if (t !== 'boolean' && t !== 'number') attributes[key] = marker;
      }
    };
    // Each part on its own: whatever broke the cleaning may break one of them too.
    const parts = [
      () => blank(span.attributes),
      () => {
        if (span.status.message !== undefined) span.status = { ...span.status, message: marker };
      },
      () => {
        for (const event of span.events) blank(event.attributes);
      },
      () => {
        for (const link of span.links) blank(link.attributes);
      },
    ];
    for (const part of parts) {
      try {
        part();
      } catch {
        // Nothing more can be done here without throwing into the application.
      }
    }
    this.diag.report(
      'error',
      'span blanked because cleaning failed',
      err instanceof Error ? err.message : String(err),
    );
  }
}

/**
 * Wraps `next` so every span reaches it only after cleaning: `new BasicTracerProvider({ spanProcessors:
 * [sanitize(new BatchSpanProcessor(exporter))] })`. The order cannot be got wrong.
 */
export function sanitize(next: SpanProcessor, options: SanitizerConfig = {}): SanitizingSpanProcessor {
  return new SanitizingSpanProcessor({ ...options, next });
}
