/**
 * Values JSON cannot hold, written in a stable tagged form so every line stays valid JSON:
 *
 * | value                              | written as                          |
 * | ---------------------------------- | ----------------------------------- |
 * | `123n` (BigInt)                    | `{"$bigint":"123"}`                 |
 * | `NaN`, `Infinity`, `-Infinity`     | `{"$number":"NaN"}` (and so on)     |
 * | `Uint8Array`, `Buffer`, other views, `ArrayBuffer` | `{"$base64":"AQID"}` (the bytes)   |
 * | a reference back to an ancestor    | `{"$circular":"$.a.b"}` (the ancestor's path) |
 * | `Map`, `Set`                       | `{"$map":[[k,v],…]}`, `{"$set":[…]}` |
 * | function, symbol                   | `{"$unsupported":"function"}`       |
 * | `undefined`                        | dropped from objects, `null` in arrays |
 * | anything whose `toJSON` throws     | `{"$unsupported":"object"}`         |
 *
 * Nesting deeper than 64 levels is cut with `{"$truncated":"depth"}`.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 64;

/** Whether `value` is already plain JSON (the common case: primitive attributes), so it needs no copy. */
function isPlain(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (!Array.isArray(value)) return false;
      for (const item of value) {
        // Arrays of primitives are what OpenTelemetry attributes allow; `null` items are allowed too.
        if (item === null) continue;
        const t = typeof item;
        if (t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(item))) continue;
        return false;
      }
      return true;
    default:
      return false;
  }
}

/** A record of values with everything JSON cannot hold replaced by its tagged form (the input if already plain). */
export function encodeRecord(record: Readonly<Record<string, unknown>>): Record<string, JsonValue> {
  for (const key in record) {
    if (!isPlain(record[key])) return encodeObject(record, '$', [], 0);
  }
  return record as Record<string, JsonValue>;
}

/** One value in its JSON-safe form. */
export function encodeValue(value: unknown): JsonValue | undefined {
  return encode(value, '$', [], 0);
}

function encode(
  value: unknown,
  path: string,
  ancestors: { value: object; path: string }[],
  depth: number,
): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { $number: String(value) };
    case 'bigint':
      return { $bigint: value.toString() };
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
      return { $unsupported: typeof value };
  }
  if (value === null) return null;
  const object = value as object;
  if (ArrayBuffer.isView(object)) {
    return { $base64: Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('base64') };
  }
  if (object instanceof ArrayBuffer) return { $base64: Buffer.from(object).toString('base64') };
  const seen = ancestors.find((a) => a.value === object);
  if (seen) return { $circular: seen.path };
  if (depth >= MAX_DEPTH) return { $truncated: 'depth' };
  ancestors.push({ value: object, path });
  try {
    if (Array.isArray(object)) {
      return object.map((item, i) => encode(item, `${path}[${i}]`, ancestors, depth + 1) ?? null);
    }
    if (object instanceof Map) {
      return {
        $map: [...object].map(([k, v], i) => [
          encode(k, `${path}.$map[${i}][0]`, ancestors, depth + 1) ?? null,
          encode(v, `${path}.$map[${i}][1]`, ancestors, depth + 1) ?? null,
        ]),
      };
    }
    if (object instanceof Set) {
      return {
        $set: [...object].map((item, i) => encode(item, `${path}.$set[${i}]`, ancestors, depth + 1) ?? null),
      };
    }
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      let converted: unknown;
      try {
        converted = toJSON.call(object);
      } catch {
        return { $unsupported: 'object' };
      }
      if (converted !== object) return encode(converted, path, ancestors, depth + 1) ?? null;
    }
    return encodeObject(object as Record<string, unknown>, path, ancestors, depth);
  } finally {
    ancestors.pop();
  }
}

function encodeObject(
  object: Readonly<Record<string, unknown>>,
  path: string,
  ancestors: { value: object; path: string }[],
  depth: number,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  let keys: string[];
  try {
    keys = Object.keys(object);
  } catch {
    return { $unsupported: 'object' };
  }
  for (const key of keys) {
    let item: unknown;
    try {
      item = object[key];
    } catch {
      item = { $unsupported: 'getter' };
    }
    const encoded = encode(item, `${path}.${key}`, ancestors, depth + 1);
    if (encoded !== undefined) out[key] = encoded;
  }
  return out;
}

/**
 * The reverse of the tagged forms that have an exact value: `$bigint` → BigInt, `$number` → NaN or
 * ±Infinity, `$base64` → Uint8Array. Other tags (`$circular`, `$map`, …) stay as they were written.
 */
export function decodeValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const tag = record[keys[0]!];
    if (typeof tag === 'string') {
      if (keys[0] === '$bigint' && /^-?\d+$/.test(tag)) return BigInt(tag);
      if (keys[0] === '$number' && (tag === 'NaN' || tag === 'Infinity' || tag === '-Infinity'))
        return Number(tag);
      if (keys[0] === '$base64') return new Uint8Array(Buffer.from(tag, 'base64'));
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = decodeValue(record[key]);
  return out;
}
