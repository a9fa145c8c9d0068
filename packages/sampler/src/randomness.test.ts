import { describe, expect, it } from 'vitest';
import { isValidRandomness, randomnessPasses } from './randomness.js';

const id = (low14: string) => `4bf92f3577b34da6a3${low14}`;

describe('randomnessPasses', () => {
  it('compares the trace id low 56 bits with the threshold as numbers: R >= T', () => {
    expect(randomnessPasses(id('e6660000000000'), undefined, 'e6660000000000')).toBe(true);
    expect(randomnessPasses(id('e665ffffffffff'), undefined, 'e6660000000000')).toBe(false);
    expect(randomnessPasses(id('e6660000000001'), undefined, 'e6660000000000')).toBe(true);
    expect(randomnessPasses(id('00000000000000'), undefined, '00000000000000')).toBe(true);
    expect(randomnessPasses(id('fffffffffffffe'), undefined, 'ffffffffffffff')).toBe(false);
  });

  it('ignores the high 72 bits (an X-Ray timestamp lives there)', () => {
    expect(randomnessPasses(`ffffffffffffffffff${'10000000000000'}`, undefined, '80000000000000')).toBe(
      false,
    );
    expect(randomnessPasses(`000000000000000000${'90000000000000'}`, undefined, '80000000000000')).toBe(true);
  });

  it('orders an upper-case id like its lower-case form', () => {
    expect(randomnessPasses(id('E6660000000000'), undefined, 'e6660000000000')).toBe(true);
    expect(randomnessPasses(id('E665FFFFFFFFFF'), undefined, 'e6660000000000')).toBe(false);
  });

  it('uses an explicit rv instead of the trace id', () => {
    expect(randomnessPasses(id('00000000000000'), 'f0000000000000', '80000000000000')).toBe(true);
    expect(randomnessPasses(id('ffffffffffffff'), '10000000000000', '80000000000000')).toBe(false);
  });

  it('never passes an id of the wrong length', () => {
    expect(randomnessPasses('abc', undefined, '00000000000000')).toBe(false);
  });

  it('accepts only 14 lower-case hex digits as rv', () => {
    expect(isValidRandomness('6e6d1a75832a2f')).toBe(true);
    expect(isValidRandomness('6E6D1A75832A2F')).toBe(false);
    expect(isValidRandomness('6e6d1a75832a2')).toBe(false);
  });
});
