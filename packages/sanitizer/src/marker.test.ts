import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sanitizer } from './sanitizer.js';

// Secrets in the shapes the rules know, generated from their alphabets.
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.split('');
const word = (chars: string[], min: number, max: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(''));

const templates: Array<[string, fc.Arbitrary<string>, (s: string) => string]> = [
  ['access key id', word(upper, 16, 16).map((s) => `AKIA${s}`), (s) => `denied for ${s} in us-east-1`],
  ['password field', word(alnum, 6, 40), (s) => `{"user":"ci","password":"${s}"}`],
  ['url password', word(alnum, 4, 30), (s) => `postgres://app:${s}@db.internal:5432/spawn`],
  ['query token', word(alnum, 4, 30), (s) => `GET /hook?token=${s}&page=2`],
  ['bearer', word(alnum, 20, 60), (s) => `Authorization: Bearer ${s}`],
  ['secret key', word([...alnum, '/', '+'], 40, 40), (s) => `aws_secret_access_key=${s}`],
  ['github', word(alnum, 36, 36).map((s) => `ghp_${s}`), (s) => `push rejected for ${s}`],
];

describe('the marker never reveals the secret', () => {
  it.each(templates)('%s: the output does not depend on the secret', (_, secrets, render) => {
    const sanitizer = new Sanitizer();
    fc.assert(
      fc.property(secrets, secrets, (a, b) => {
        const outA = sanitizer.text(render(a));
        const outB = sanitizer.text(render(b));
        expect(outA).toBe(outB);
        expect(outA).not.toContain(a);
      }),
      { numRuns: 100, seed: 42 },
    );
  });

  it.each(templates)(
    '%s: with a hash key only equal secrets share a marker, and it holds eight hex digits',
    (_, secrets, render) => {
      const sanitizer = new Sanitizer({ hashKey: 'correlate' });
      fc.assert(
        fc.property(secrets, secrets, (a, b) => {
          const outA = sanitizer.text(render(a));
          expect(outA).not.toContain(a);
          expect(outA).toMatch(/\[REDACTED:[0-9a-f]{8}\]/);
          expect(sanitizer.text(render(a))).toBe(outA);
          if (a !== b) expect(sanitizer.text(render(b))).not.toBe(outA);
        }),
        { numRuns: 100, seed: 7 },
      );
    },
  );

  it('random text around a known secret never lets it through', () => {
    const sanitizer = new Sanitizer();
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        word(alnum, 8, 32),
        fc.string({ maxLength: 40 }),
        (before, secret, after) => {
          const out = sanitizer.text(`${before} password=${secret}\n${after}`);
          expect(out.includes(`password=${secret}`)).toBe(false);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});
