import { describe, expect, it } from 'vitest';
import { shallowCopy } from './shallow-copy.js';

describe('shallowCopy', () => {
  it('copies own enumerable keys one level deep and leaves the original alone', () => {
    const nested = { S: 'x' };
    const original = Object.freeze({ a: nested, b: 1 });
    const copy = shallowCopy(original) as Record<string, unknown>;
    copy['c'] = 2;
    expect(copy).toEqual({ a: nested, b: 1, c: 2 });
    expect(copy['a']).toBe(nested);
    expect(original).toEqual({ a: nested, b: 1 });
    expect(Object.isFrozen(copy)).toBe(false);
  });
});
