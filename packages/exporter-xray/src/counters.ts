/** What the encoder cut from documents or dropped. */
export interface EncoderCounters {
  /** Documents still over 64 KB after shrinking: dropped, never sent. */
  segmentsDroppedTooLarge: number;
  /** Spans with an invalid trace id, or an epoch outside X-Ray's window (with `checkTraceIdEpoch`). */
  segmentsDroppedInvalidId: number;
  /** Documents that needed shrinking to fit 64 KB. */
  documentsShrunk: number;
  /** What shrinking cut, in its order: metadata entries, annotations, stack frames, long strings. */
  metadataEntriesCut: number;
  annotationsCut: number;
  stackFramesCut: number;
  stringsCut: number;
  /** Annotations over the 50-per-trace limit, written to metadata instead. */
  annotationsMovedToMetadata: number;
  /** Span links with an invalid trace or span id: left out of their document. */
  linksDropped: number;
}

/** What happened to every span handed to the exporter, and to the documents made from them. */
export interface XRayExporterCounters extends EncoderCounters {
  /** Spans passed to `export()`. */
  spansReceived: number;
  /** Documents X-Ray accepted (API) or written to the daemon (UDP). */
  segmentsSent: number;
  /** Documents X-Ray rejected as invalid (validation codes, `InvalidRequestException`): dropped. */
  segmentsRejected: number;
  /** Documents handed back to the span processor for a retry. */
  segmentsRetried: number;
  /** Documents in calls that failed (throttled, 5xx, network) and were reported as retryable. */
  segmentsFailed: number;
  /** Spans passed to `export()` after `shutdown()`. */
  segmentsDroppedAfterShutdown: number;
  /** `PutTraceSegments` calls made, throttled, and failed (any error). */
  apiCalls: number;
  apiCallsThrottled: number;
  apiCallsFailed: number;
  /** Telemetry records sent, and telemetry calls that failed. */
  telemetryRecordsSent: number;
  telemetryFailures: number;
}

export function emptyEncoderCounters(): EncoderCounters {
  return {
    segmentsDroppedTooLarge: 0,
    segmentsDroppedInvalidId: 0,
    documentsShrunk: 0,
    metadataEntriesCut: 0,
    annotationsCut: 0,
    stackFramesCut: 0,
    stringsCut: 0,
    annotationsMovedToMetadata: 0,
    linksDropped: 0,
  };
}

/** The exporter's own counters (the encoder's are merged in when read). */
export type DeliveryCounters = Omit<XRayExporterCounters, keyof EncoderCounters>;

export function emptyDeliveryCounters(): DeliveryCounters {
  return {
    spansReceived: 0,
    segmentsSent: 0,
    segmentsRejected: 0,
    segmentsRetried: 0,
    segmentsFailed: 0,
    segmentsDroppedAfterShutdown: 0,
    apiCalls: 0,
    apiCallsThrottled: 0,
    apiCallsFailed: 0,
    telemetryRecordsSent: 0,
    telemetryFailures: 0,
  };
}
