import { describe, expect, it } from 'vitest';
import { SegmentValidator } from '../test/validate-segment.js';
import { fitDocument, MAX_DOCUMENT_BYTES } from './fit-document.js';
import type { SegmentDocument } from './segment-document.js';

const base = (): SegmentDocument => ({
  name: 'spored',
  id: '53995c3f42cd8ad8',
  trace_id: '1-5759e988-bd862e3fe1be46a994272793',
  start_time: 1_795_564_801,
  end_time: 1_795_564_802,
});
const size = (json: string | undefined) => Buffer.byteLength(json ?? '');

describe('fitDocument', () => {
  const validator = new SegmentValidator();

  it('leaves a small document alone', () => {
    const { json, cuts } = fitDocument(base());
    expect(cuts).toBeUndefined();
    expect(JSON.parse(json as string)).toEqual(base());
  });

  it('cuts metadata first, largest entries first, and keeps everything else', () => {
    const doc: SegmentDocument = {
      ...base(),
      annotations: { job: 'a'.repeat(900) },
      metadata: { default: { big: 'x'.repeat(70_000), small: 'keep' }, spawn: { instance_id: 'i-1' } },
    };
    const { json, cuts } = fitDocument(doc);
    expect(cuts).toEqual({ metadataEntries: 1, annotations: 0, stackFrames: 0, strings: 0 });
    const out = validator.check(json as string);
    expect(out.metadata).toEqual({ default: { small: 'keep' }, spawn: { instance_id: 'i-1' } });
    expect(out.annotations).toEqual({ job: 'a'.repeat(900) });
  });

  it('then annotations, then stack frames (counted in truncated), then long strings', () => {
    const frames = Array.from({ length: 50 }, (_, i) => ({
      path: `/app/${'d/'.repeat(300)}f${i}.js`,
      line: i,
      label: 'fn',
    }));
    const doc: SegmentDocument = {
      ...base(),
      annotations: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`a${i}`, 'v'.repeat(1_000)])),
      cause: { exceptions: [{ id: '0123456789abcdef', message: 'm'.repeat(80_000), stack: frames }] },
      metadata: { default: { k: 'x'.repeat(5_000) } },
    };
    const { json, cuts } = fitDocument(doc);
    expect(cuts).toEqual({ metadataEntries: 1, annotations: 20, stackFrames: 50, strings: 1 });
    const out = validator.check(json as string);
    expect(out.metadata).toBeUndefined();
    expect(out.annotations).toBeUndefined();
    expect(out.cause).toEqual({
      exceptions: [{ id: '0123456789abcdef', message: 'm'.repeat(1_024), truncated: 50 }],
    });
    expect(size(json)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
  });

  it('stops as soon as the document fits', () => {
    const doc: SegmentDocument = {
      ...base(),
      annotations: { a: 'v'.repeat(1_000) },
      metadata: {
        default: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'x'.repeat(1_000)])),
      },
    };
    const { json, cuts } = fitDocument(doc);
    expect(cuts?.annotations).toBe(0);
    expect(cuts?.metadataEntries).toBeGreaterThan(30);
    expect(cuts?.metadataEntries).toBeLessThan(45);
    expect(size(json)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    validator.check(json as string);
  });

  it('returns no JSON when nothing it may cut is enough (the caller drops the document)', () => {
    const links = Array.from({ length: 1_200 }, (_, i) => ({
      trace_id: base().trace_id,
      id: i.toString(16).padStart(16, '0'),
    }));
    const { json } = fitDocument({ ...base(), links });
    expect(json).toBeUndefined();
  });

  it('honours a smaller limit (the UDP datagram)', () => {
    const { json } = fitDocument({ ...base(), metadata: { default: { k: 'x'.repeat(65_500) } } }, 65_476);
    expect(size(json)).toBeLessThanOrEqual(65_476);
  });
});
