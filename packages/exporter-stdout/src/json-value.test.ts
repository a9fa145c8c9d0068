import { describe, expect, it } from 'vitest';
import { decodeValue, encodeRecord, encodeValue } from './json-value.js';

describe('encodeValue', () => {
  it('writes values JSON cannot hold in their documented tagged forms', () => {
    expect(encodeValue(12n)).toEqual({ $bigint: '12' });
    expect(encodeValue(-(2n ** 64n))).toEqual({ $bigint: '-18446744073709551616' });
    expect(encodeValue(Number.NaN)).toEqual({ $number: 'NaN' });
    expect(encodeValue(Number.POSITIVE_INFINITY)).toEqual({ $number: 'Infinity' });
    expect(encodeValue(Number.NEGATIVE_INFINITY)).toEqual({ $number: '-Infinity' });
    expect(encodeValue(new Uint8Array([1, 2, 3]))).toEqual({ $base64: 'AQID' });
    expect(encodeValue(Buffer.from('hi'))).toEqual({ $base64: 'aGk=' });
    expect(encodeValue(new Uint8Array([9, 1, 2, 3]).subarray(1))).toEqual({ $base64: 'AQID' });
    expect(encodeValue(new Uint16Array([1]).buffer)).toEqual({ $base64: 'AQA=' });
    expect(encodeValue(new Map([['a', 1n]]))).toEqual({ $map: [['a', { $bigint: '1' }]] });
    expect(encodeValue(new Set([1, Number.NaN]))).toEqual({ $set: [1, { $number: 'NaN' }] });
    expect(encodeValue(() => 1)).toEqual({ $unsupported: 'function' });
    expect(encodeValue(Symbol('s'))).toEqual({ $unsupported: 'symbol' });
    expect(encodeValue([undefined, 1])).toEqual([null, 1]);
    expect(encodeValue({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(encodeValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  it('names the ancestor a circular reference points back to', () => {
    const a: Record<string, unknown> = { list: [] };
    (a.list as unknown[]).push({ up: a });
    const shared = { x: 1 };
    expect(encodeValue(a)).toEqual({ list: [{ up: { $circular: '$' } }] });
    // The same object twice, not nested in itself, is not circular.
    expect(encodeValue([shared, shared])).toEqual([{ x: 1 }, { x: 1 }]);
  });

  it('survives toJSON and getters that throw, and cuts very deep nesting', () => {
    const bad = {
      toJSON() {
        throw new Error('no');
      },
    };
    const getter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(encodeValue(bad)).toEqual({ $unsupported: 'object' });
    expect(encodeValue(getter)).toEqual({ x: { $unsupported: 'getter' } });
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(JSON.stringify(encodeValue(deep))).toContain('{"$truncated":"depth"}');
  });
});

describe('encodeRecord', () => {
  it('returns plain attribute records as they are, without a copy', () => {
    const record = { a: 'x', b: 1, c: true, d: ['x', null], e: [1, 2] };
    expect(encodeRecord(record)).toBe(record);
  });

  it('copies a record that holds anything else', () => {
    const record = { a: 'x', b: [1, Number.NaN] };
    expect(encodeRecord(record)).toEqual({ a: 'x', b: [1, { $number: 'NaN' }] });
    expect(record.b[1]).toBeNaN();
  });
});

describe('decodeValue', () => {
  it('turns the exact tagged forms back into values', () => {
    const value = {
      big: 2n ** 70n,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      bin: new Uint8Array([0, 255]),
      n: [1, 'x'],
    };
    const decoded = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as typeof value;
    expect(decoded.big).toBe(2n ** 70n);
    expect(decoded.nan).toBeNaN();
    expect(decoded.inf).toBe(Number.POSITIVE_INFINITY);
    expect(decoded.bin).toEqual(new Uint8Array([0, 255]));
    expect(decoded.n).toEqual([1, 'x']);
  });

  it('leaves look-alikes that are not exact tags alone', () => {
    expect(decodeValue({ $bigint: 'x1' })).toEqual({ $bigint: 'x1' });
    expect(decodeValue({ $number: '3' })).toEqual({ $number: '3' });
    expect(decodeValue({ $bigint: '1', other: 2 })).toEqual({ $bigint: '1', other: 2 });
  });
});
