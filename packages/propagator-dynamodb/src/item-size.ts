import { type ItemFormat, isAttributeValue } from './item-carrier.js';

/** DynamoDB's item size limit: 400 KB. */
export const MAX_ITEM_BYTES = 409_600;
/** DynamoDB nests at most 32 levels; deeper (or cyclic) input is not followed. */
const MAX_DEPTH = 32;

/**
 * The size DynamoDB counts for an item, per its documented rules (UTF-8 names and strings, numbers by
 * digits, 3 bytes per map or list plus 1 per element). With `exact: false` strings count 3 bytes per
 * UTF-16 unit, an upper bound that needs no encoding: most items are shown to fit without `exact`.
 */
export function itemBytes(item: object, format: ItemFormat, exact: boolean): number {
  let size = 0;
  for (const name of Object.keys(item)) {
    const value = (item as Record<string, unknown>)[name];
    size +=
      text(name, exact) +
      (format === 'document' ? documentBytes(value, exact, 0) : rawBytes(value, exact, 0));
  }
  return size;
}

/** The bytes a string attribute named `name` with value `value` adds. */
export function stringAttributeBytes(name: string, value: string, exact: boolean): number {
  return text(name, exact) + text(value, exact);
}

function text(s: string, exact: boolean): number {
  return exact ? Buffer.byteLength(s) : s.length * 3;
}

function numberBytes(digits: string): number {
  return Math.min(21, Math.ceil(digits.length / 2) + 1);
}

function rawBytes(value: unknown, exact: boolean, depth: number): number {
  if (!isAttributeValue(value) || depth > MAX_DEPTH) return 0;
  const v = value as Record<string, unknown>;
  if (typeof v.S === 'string') return text(v.S, exact);
  if (typeof v.N === 'string') return numberBytes(v.N);
  if ('BOOL' in v || 'NULL' in v) return 1;
  if (v.B !== undefined) return binaryBytes(v.B);
  if (Array.isArray(v.SS))
    return v.SS.reduce((n: number, s) => n + (typeof s === 'string' ? text(s, exact) : 0), 0);
  if (Array.isArray(v.NS))
    return v.NS.reduce((n: number, s) => n + (typeof s === 'string' ? numberBytes(s) : 0), 0);
  if (Array.isArray(v.BS)) return v.BS.reduce((n: number, b) => n + binaryBytes(b), 0);
  if (Array.isArray(v.L)) return v.L.reduce((n: number, e) => n + 1 + rawBytes(e, exact, depth + 1), 3);
  if (v.M !== null && typeof v.M === 'object') {
    let size = 3;
    const m = v.M as Record<string, unknown>;
    for (const key of Object.keys(m)) size += 1 + text(key, exact) + rawBytes(m[key], exact, depth + 1);
    return size;
  }
  return 0;
}

function documentBytes(value: unknown, exact: boolean, depth: number): number {
  if (depth > MAX_DEPTH) return 0;
  switch (typeof value) {
    case 'string':
      return text(value, exact);
    case 'number':
    case 'bigint':
      return numberBytes(String(value));
    case 'boolean':
    case 'undefined':
      return 1;
    case 'object': {
      if (value === null) return 1;
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
      if (value instanceof Set) {
        let size = 0;
        for (const e of value) size += documentBytes(e, exact, depth + 1);
        return size;
      }
      if (Array.isArray(value))
        return value.reduce((n: number, e) => n + 1 + documentBytes(e, exact, depth + 1), 3);
      let size = 3;
      const m = value as Record<string, unknown>;
      for (const key of Object.keys(m))
        size += 1 + text(key, exact) + documentBytes(m[key], exact, depth + 1);
      return size;
    }
    default:
      return 0;
  }
}

function binaryBytes(b: unknown): number {
  if (typeof b === 'string') return Math.ceil((b.length * 3) / 4);
  if (ArrayBuffer.isView(b) || b instanceof ArrayBuffer) return b.byteLength;
  return 0;
}
