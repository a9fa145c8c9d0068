import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { EPOCH, testTracer } from '../test/spans.js';
import { SegmentValidator } from '../test/validate-segment.js';
import { SegmentEncoder } from './segment-encoder.js';

const logged: string[] = [];
const logger: DiagLogger = {
  error: (m) => logged.push(m),
  warn: (m) => logged.push(m),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};

afterEach(() => {
  diag.disable();
  logged.length = 0;
});

describe('SegmentEncoder', () => {
  it('shrinks an oversized document to fit, counting what it cut', () => {
    const t = testTracer();
    const encoder = new SegmentEncoder({ indexAllAttributes: true });
    const attributes = Object.fromEntries(
      Array.from({ length: 70 }, (_, i) => [`blob${i}`, 'x'.repeat(3_000)]),
    );
    const encoded = encoder.encode(t.end(t.start('spawn.upload', { attributes })));
    expect(encoded).toBeDefined();
    const doc = new SegmentValidator().check(encoded?.json as string);
    expect(Buffer.byteLength(encoded?.json as string)).toBeLessThanOrEqual(65_536);
    expect(doc.annotations).toBeDefined();
    const counters = encoder.counters;
    expect(counters.documentsShrunk).toBe(1);
    // 50 annotations (cut at 1 000 characters) fit; of the 20 moved to metadata, just enough are cut.
    expect(Object.keys(doc.annotations as object)).toHaveLength(50);
    expect(counters.annotationsMovedToMetadata).toBe(20);
    expect(counters.metadataEntriesCut).toBeGreaterThan(0);
    expect(counters.metadataEntriesCut).toBeLessThan(20);
    expect(counters.annotationsCut).toBe(0);
  });

  it('drops a document that cannot fit, counts it and says so through diag', () => {
    diag.setLogger(logger, DiagLogLevel.WARN);
    const t = testTracer();
    const root = t.start('root');
    // The SDK keeps 128 links by default; a processor or hand-built span can carry more.
    const span = t.end(t.start('fan-in', {}, root));
    const links = Array.from({ length: 1_500 }, () => ({ context: root.spanContext() }));
    const encoder = new SegmentEncoder();
    expect(encoder.encode(Object.create(span, { links: { value: links } }))).toBeUndefined();
    expect(encoder.counters.segmentsDroppedTooLarge).toBe(1);
    expect(logged.join('\n')).toMatch(/dropped: document over the size limit/);
  });

  it('with checkTraceIdEpoch, drops spans whose trace id is outside the X-Ray window', () => {
    const t = testTracer();
    const span = t.end(t.start('x'));
    const nowMs = Date.now();
    const inWindow = Math.abs(nowMs / 1000 - EPOCH) <= 28 * 86_400;
    const encoder = new SegmentEncoder({ checkTraceIdEpoch: true });
    expect(encoder.encode(span) !== undefined).toBe(inWindow);
    const old = t.end(t.start('old'));
    const stale = Object.create(old, {
      spanContext: { value: () => ({ ...old.spanContext(), traceId: `00000001${'0'.repeat(23)}1` }) },
    });
    expect(encoder.encode(stale)).toBeUndefined();
    expect(encoder.counters.segmentsDroppedInvalidId).toBe(inWindow ? 1 : 2);
    expect(new SegmentEncoder().encode(stale)).toBeDefined();
  });

  it('rejects a bad maxDocumentBytes at construction', () => {
    expect(() => new SegmentEncoder({ maxDocumentBytes: 100_000 })).toThrow(/maxDocumentBytes=100000/);
  });
});
