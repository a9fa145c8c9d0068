import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { RandomHexSource, RateLimitedDiag } from '@spawn/tracing-core';
import { type EncoderCounters, emptyEncoderCounters } from './counters.js';
import { resolveEncoderOptions } from './exporter-options.js';
import { fitDocument, MAX_DOCUMENT_BYTES } from './fit-document.js';
import { SegmentTranslator } from './segment-translator.js';
import { hasAcceptableEpoch } from './trace-id.js';

export interface SegmentEncoderOptions {
  /** Attribute keys written as X-Ray annotations. Default: spawn identity + `aws.operation`. */
  indexedAttributes?: readonly string[];
  /** Every string, number and boolean attribute becomes an annotation (within 50 per trace). */
  indexAllAttributes?: boolean;
  /** Segment name; default: the resource's `service.name`. */
  serviceName?: string;
  /** Drop spans whose trace id's epoch is older than 28 days or over 5 minutes ahead. Default off. */
  checkTraceIdEpoch?: boolean;
  /** Largest serialised document; default 65 536 bytes (X-Ray's limit). */
  maxDocumentBytes?: number;
}

/** One span as a serialised X-Ray document. */
export interface EncodedSegment {
  json: string;
  /** Document id (the span id). */
  id: string;
  /** X-Ray trace id. */
  traceId: string;
  /** The EC2 instance the segment reports, if any (for telemetry). */
  ec2InstanceId?: string;
}

/**
 * Spans to X-Ray segment documents that X-Ray accepts: the translation and the 64 KB rules of the
 * exporter, without delivery (for a custom transport, a file, or a test).
 */
export class SegmentEncoder {
  private readonly stats = emptyEncoderCounters();
  private readonly translator: SegmentTranslator;
  private readonly checkEpoch: boolean;
  private readonly maxBytes: number;

  constructor(
    options: SegmentEncoderOptions = {},
    private readonly diag = new RateLimitedDiag('@spawn/tracing-exporter-xray'),
  ) {
    const resolved = resolveEncoderOptions(options);
    this.checkEpoch = resolved.checkTraceIdEpoch;
    this.maxBytes = options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
    this.translator = new SegmentTranslator({
      indexed: resolved.indexed,
      indexAll: resolved.indexAll,
      ...(resolved.serviceName === undefined ? {} : { serviceName: resolved.serviceName }),
      random: new RandomHexSource(),
      counters: this.stats,
      onAnnotationOverflow: (traceId, key) =>
        this.diag.report(
          'warn',
          'annotation over the 50-per-trace limit moved to metadata',
          `trace ${traceId}, key ${key}`,
        ),
    });
  }

  /** What the encoder cut or dropped so far. */
  get counters(): Readonly<EncoderCounters> {
    return { ...this.stats };
  }

  /** The serialised document, or `undefined` when the span is dropped (counted and reported through `diag`). */
  encode(span: ReadableSpan): EncodedSegment | undefined {
    try {
      const traceId = span.spanContext().traceId;
      if (this.checkEpoch && !hasAcceptableEpoch(traceId, Date.now())) {
        this.stats.segmentsDroppedInvalidId++;
        this.diag.report('warn', 'span dropped: trace id epoch outside the X-Ray window', `trace ${traceId}`);
        return undefined;
      }
      const doc = this.translator.translate(span);
      if (doc === undefined) {
        this.stats.segmentsDroppedInvalidId++;
        this.diag.report('warn', 'span dropped: invalid trace or span id', `trace ${traceId}`);
        return undefined;
      }
      const { json, cuts } = fitDocument(doc, this.maxBytes);
      if (cuts !== undefined) {
        this.stats.documentsShrunk++;
        this.stats.metadataEntriesCut += cuts.metadataEntries;
        this.stats.annotationsCut += cuts.annotations;
        this.stats.stackFramesCut += cuts.stackFrames;
        this.stats.stringsCut += cuts.strings;
        this.diag.report(
          'warn',
          'document over the size limit shrunk',
          `trace ${doc.trace_id} segment ${doc.id}`,
        );
      }
      if (json === undefined) {
        this.stats.segmentsDroppedTooLarge++;
        this.diag.report(
          'warn',
          'span dropped: document over the size limit',
          `trace ${doc.trace_id} segment ${doc.id}`,
        );
        return undefined;
      }
      const encoded: EncodedSegment = { json, id: doc.id, traceId: doc.trace_id };
      const instanceId = doc.aws?.ec2?.instance_id;
      if (instanceId !== undefined) encoded.ec2InstanceId = instanceId;
      return encoded;
    } catch (error) {
      // Unreachable for spans the SDK builds; a hand-made ReadableSpan could still be malformed.
      this.stats.segmentsDroppedInvalidId++;
      this.diag.report('error', 'span dropped: translation failed', String(error));
      return undefined;
    }
  }
}
