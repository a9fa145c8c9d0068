import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssignmentRule } from './assignments.js';
import { Marker } from './marker.js';
import { piiRules } from './pii-rules.js';
import { Sanitizer } from './sanitizer.js';
import { SecretKeys } from './secret-keys.js';
import { TOKEN_RULES } from './secret-rules.js';
import { F_AWS_KEY_ID, F_JWT, F_PEM, F_TERM, scanText, WordTable } from './text-scan.js';
import type { Redact } from './value-rule.js';

const FRAGMENTS = [
  'password',
  'token',
  'api_key',
  'X-Amz-Signature',
  'Authorization',
  'Cookie',
  'db.',
  'Bearer ',
  'basic ',
  'auth',
  '=',
  ':',
  ': ',
  '"',
  "'",
  ' ',
  '-',
  '--',
  '.',
  '/',
  '?',
  '&',
  ';',
  ',',
  '@',
  '://',
  '\n',
  '\\"',
  '{',
  '}',
  '_',
  'AKIA',
  'IOSFODNN7EXAMPLE',
  'ASIA',
  'eyJhbGciOi',
  'eyJzdWIiOi',
  'ghp_',
  'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6',
  'xoxb-',
  '1234567890',
  'sk_live_',
  'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
  '-----BEGIN PRIVATE KEY-----',
  '-----END PRIVATE KEY-----',
  'secret access key ',
  'SecretKey',
  'key',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'x',
  'Y',
  'pg',
  '4111 1111 1111 1111',
  '203.0.113.42',
  'fe80::1',
  'user@example.com',
  '(555) 123-4567',
  '123-45-6789',
  '+442079460958',
  'hooks.slack.com/services/',
  'T000/B000/XXXXXXXX',
  'IQoJb3JpZ2lu',
  'npm_',
  'ABCDEFGHIJKLMNOP',
];

describe('scanText', () => {
  const words = new WordTable([
    ['password', F_TERM],
    ['key', F_TERM],
  ]);

  it('flags a secret name only where a value could follow it', () => {
    expect(scanText('db.password=x', words) & F_TERM).toBe(F_TERM);
    expect(scanText('"apiKey": 1', words) & F_TERM).toBe(F_TERM);
    expect(scanText('password_policy', words) & F_TERM).toBe(0);
    expect(scanText('password', words) & F_TERM).toBe(0);
  });

  it('flags token prefixes only at the start of an alphanumeric run', () => {
    expect(scanText('id AKIAXXXXXXXXXXXXXXXX', words) & F_AWS_KEY_ID).toBe(F_AWS_KEY_ID);
    expect(scanText('7Q2AKIAXXXXXXXXXXXXXXXX', words) & F_AWS_KEY_ID).toBe(0);
    expect(scanText('t=eyJabc', words) & F_JWT).toBe(F_JWT);
    expect(scanText('-----BEGIN', words) & F_PEM).toBe(F_PEM);
    expect(scanText('----', words) & F_PEM).toBe(0);
  });

  it('is a superset test: skipping rules by its flags never changes the result', () => {
    // Every rule run on every string, without the pre-check, must give the same output.
    const marker = new Marker();
    const keys = new SecretKeys();
    const rules = [...TOKEN_RULES, new AssignmentRule(keys, marker), ...piiRules(true)];
    const redact: Redact = (_, secret) => (marker.marks(secret) ? secret : marker.text);
    const unguarded = (text: string) => rules.reduce((out, rule) => rule.apply(out, redact), text);
    const sanitizer = new Sanitizer({ pii: true });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(sanitizer.text(text)).toBe(text.length < 3 ? text : unguarded(text));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('cleaning secrets is idempotent: a second pass finds nothing', () => {
    // (Not with PII on: two PII values glued together, `+442079460958(555) 123-4567`, are found one per pass.)
    const sanitizer = new Sanitizer();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }), (parts) => {
        const once = sanitizer.text(parts.join(''));
        expect(sanitizer.text(once)).toBe(once);
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});
