import { TraceState } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { parseOtValue, serializeOtValue, withOtMember } from './ot-trace-state.js';

describe('ot member parsing', () => {
  it('reads th and rv and keeps other sub-keys', () => {
    expect(parseOtValue('th:e666;rv:6e6d1a75832a2f;p:8')).toEqual({
      th: 'e666',
      thInvalid: false,
      rv: '6e6d1a75832a2f',
      rest: ['p:8'],
    });
  });

  it('flags a th that is not 1-14 hex digits, and keeps an invalid rv as an opaque sub-key', () => {
    expect(parseOtValue('th:xyz')).toMatchObject({ th: undefined, thInvalid: true });
    expect(parseOtValue('th:123456789012345')).toMatchObject({ th: undefined, thInvalid: true });
    expect(parseOtValue('th:')).toMatchObject({ th: undefined, thInvalid: true });
    expect(parseOtValue('rv:6E6D1A75832A2F')).toMatchObject({ rv: undefined, rest: ['rv:6E6D1A75832A2F'] });
    expect(parseOtValue('rv:abc')).toMatchObject({ rv: undefined, rest: ['rv:abc'] });
  });

  it.each([
    ['no colon', 'th'],
    ['empty member', 'th:8;;rv:6e6d1a75832a2f'],
    ['upper-case key', 'TH:8'],
    ['key starting with a digit', '1k:8'],
    ['bad value character', 'th:8;k:a b'],
    ['duplicate key', 'th:8;th:c'],
    ['over 256 characters', `th:8;k:${'a'.repeat(260)}`],
  ])('refuses a malformed value (%s)', (_, value) => {
    expect(parseOtValue(value)).toBeUndefined();
  });

  it('accepts exactly 256 characters', () => {
    const value = `k:${'a'.repeat(254)}`;
    expect(value).toHaveLength(256);
    expect(parseOtValue(value)).toBeDefined();
  });

  it('serializes th first, then rv, then the rest, and nothing when empty', () => {
    const ot = parseOtValue('p:8;rv:6e6d1a75832a2f;th:c')!;
    expect(serializeOtValue(ot, 'e666')).toBe('th:e666;rv:6e6d1a75832a2f;p:8');
    expect(serializeOtValue(parseOtValue('th:c')!, undefined)).toBeUndefined();
  });
});

describe('ot member in a W3C tracestate', () => {
  it('adds ot on the left and keeps other vendors', () => {
    const ts = withOtMember(new TraceState('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'), 'th:e666');
    expect(ts.serialize()).toBe('ot=th:e666,congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
  });

  it('moves an updated ot member to the left', () => {
    const ts = withOtMember(new TraceState('congo=t61rcWkgMzE,ot=th:c,rojo=00f067aa0ba902b7'), 'th:e666');
    expect(ts.serialize()).toBe('ot=th:e666,congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
  });

  it('removes the ot member', () => {
    const ts = withOtMember(new TraceState('congo=t61rcWkgMzE,ot=th:c'), undefined);
    expect(ts.serialize()).toBe('congo=t61rcWkgMzE');
  });

  it('keeps at most 32 members, dropping the rightmost vendor', () => {
    const members = Array.from({ length: 32 }, (_, i) => `v${i}=x${i}`);
    const ts = withOtMember(new TraceState(members.join(',')), 'th:8');
    const out = ts.serialize().split(',');
    expect(out).toHaveLength(32);
    expect(out[0]).toBe('ot=th:8');
    expect(out[1]).toBe('v0=x0');
    expect(out.at(-1)).toBe('v30=x30');
  });

  it('makes room under 512 characters, dropping members over 128 characters first', () => {
    const long = `big=${'b'.repeat(200)}`;
    const filler = Array.from({ length: 5 }, (_, i) => `f${i}=${'c'.repeat(55)}`);
    const raw = [long, ...filler].join(',');
    expect(raw.length).toBeGreaterThan(480);
    const ts = withOtMember(new TraceState(raw), `th:8;k:${'d'.repeat(40)}`);
    const serialized = ts.serialize();
    expect(serialized.length).toBeLessThanOrEqual(512);
    expect(serialized.startsWith('ot=th:8;k:')).toBe(true);
    expect(ts.get('big')).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(ts.get(`f${i}`)).toBeDefined();
  });

  it('creates a tracestate when there is none', () => {
    expect(withOtMember(undefined, 'th:0').serialize()).toBe('ot=th:0');
  });
});
