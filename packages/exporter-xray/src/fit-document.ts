import { cutString } from './annotations.js';
import type { SegmentDocument } from './segment-document.js';

/** X-Ray's limit on one serialised segment document. */
export const MAX_DOCUMENT_BYTES = 65_536;

/** What shrinking removed from one document. */
export interface DocumentCuts {
  metadataEntries: number;
  annotations: number;
  stackFrames: number;
  strings: number;
}

/** Strings longer than this are cut first, then those longer than the second step. */
const STRING_STEPS = [1_024, 128];
const ID_FIELDS = new Set(['id', 'trace_id', 'parent_id']);

/**
 * The document serialised within `limit` bytes, shrinking it in this order until it fits:
 * metadata entries (largest first), annotations (largest first), stack frames, then long strings.
 * `json` is `undefined` when even that is not enough: the caller drops the document.
 */
export function fitDocument(
  doc: SegmentDocument,
  limit = MAX_DOCUMENT_BYTES,
): { json: string | undefined; cuts?: DocumentCuts } {
  let json = JSON.stringify(doc);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most documents need no byte count at all.
  if (json.length * 3 <= limit) return { json };
  let size = Buffer.byteLength(json);
  if (size <= limit) return { json };
  const cuts: DocumentCuts = { metadataEntries: 0, annotations: 0, stackFrames: 0, strings: 0 };

  while (size > limit && doc.metadata !== undefined) {
    cuts.metadataEntries += dropLargest(doc.metadata, size - limit);
    for (const ns in doc.metadata)
      if (Object.keys(doc.metadata[ns] as object).length === 0) delete doc.metadata[ns];
    if (Object.keys(doc.metadata).length === 0) delete doc.metadata;
    json = JSON.stringify(doc);
    size = Buffer.byteLength(json);
  }
  while (size > limit && doc.annotations !== undefined) {
    cuts.annotations += dropLargest({ annotations: doc.annotations }, size - limit);
    if (Object.keys(doc.annotations).length === 0) delete doc.annotations;
    json = JSON.stringify(doc);
    size = Buffer.byteLength(json);
  }
  if (size > limit && doc.cause !== undefined) {
    for (const exception of doc.cause.exceptions) {
      if (exception.stack === undefined) continue;
      cuts.stackFrames += exception.stack.length;
      exception.truncated = (exception.truncated ?? 0) + exception.stack.length;
      delete exception.stack;
    }
    json = JSON.stringify(doc);
    size = Buffer.byteLength(json);
  }
  for (const max of STRING_STEPS) {
    if (size <= limit) break;
    cuts.strings += cutStrings(doc as unknown as Record<string, unknown>, max);
    json = JSON.stringify(doc);
    size = Buffer.byteLength(json);
  }
  return { json: size <= limit ? json : undefined, cuts };
}

/** Removes the largest entries of the namespaces until about `excess` bytes are gone; returns how many. */
function dropLargest(namespaces: Record<string, Record<string, unknown>>, excess: number): number {
  const entries: Array<{ ns: Record<string, unknown>; key: string; bytes: number }> = [];
  for (const name in namespaces) {
    const ns = namespaces[name] as Record<string, unknown>;
    for (const key in ns)
      entries.push({ ns, key, bytes: Buffer.byteLength(JSON.stringify(ns[key]) ?? '') + key.length + 4 });
  }
  entries.sort((a, b) => b.bytes - a.bytes);
  let removed = 0;
  for (const entry of entries) {
    if (excess <= 0) break;
    delete entry.ns[entry.key];
    excess -= entry.bytes;
    removed++;
  }
  return removed;
}

/** Cuts every string value longer than `max` (ids excepted); returns how many were cut. */
function cutStrings(node: Record<string, unknown> | unknown[], max: number): number {
  let cut = 0;
  const visit = (value: unknown, set: (v: string) => void, key?: string): void => {
    if (typeof value === 'string') {
      if (value.length > max && (key === undefined || !ID_FIELDS.has(key))) {
        set(cutString(value, max));
        cut++;
      }
    } else if (typeof value === 'object' && value !== null)
      cut += cutStrings(value as Record<string, unknown>, max);
  };
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++)
      visit(node[i], (s) => {
        node[i] = s;
      });
  } else {
    for (const key in node)
      visit(
        node[key],
        (s) => {
          node[key] = s;
        },
        key,
      );
  }
  return cut;
}
