import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sanitizer } from './sanitizer.js';

/**
 * Every built-in pattern must run in linear time. Each case is a 100 KB string built to make a
 * backtracking pattern go quadratic or worse; a quadratic pattern takes tens of seconds on these (an
 * unanchored JWT pattern took 21 s on the `eyJ` case when this test was written), a linear one a few
 * milliseconds. The per-test timeout is the bound, with a margin of several hundred times.
 */
const N = 100_000;
const fill = (unit: string, tail = '') => unit.repeat(Math.ceil(N / unit.length)).slice(0, N) + tail;

const ADVERSARIAL: Array<[string, string]> = [
  ['letters', fill('a')],
  ['upper case', fill('A')],
  ['digits', fill('7')],
  ['dashes', fill('-')],
  ['spaces', fill(' ')],
  ['newlines', fill('\n')],
  ['jwt heads', fill('eyJ')],
  ['jwt heads after underscores', fill('_eyJ')],
  ['jwt segments without a third', fill('eyJabcde.')],
  ['one long jwt segment', `eyJ${fill('a')}`],
  ['key id prefixes', fill('AKIA')],
  ['key id prefixes after dashes', fill('-AKIA')],
  ['session token prefixes', fill('IQoJb3JpZ2lu')],
  ['github prefixes', fill('ghp_')],
  ['slack prefixes', fill('xoxb-')],
  ['stripe prefixes', fill('sk_live_')],
  ['google prefixes', fill('AIza')],
  ['assignments', fill('password=')],
  ['colons after names', fill('password:')],
  ['open quotes', fill('password: "')],
  ['escaped quotes', fill('"password":\\"')],
  ['flags', fill('--password ')],
  ['name then spaces', `password${fill(' ')}`],
  ['name then a long value', `token=${fill('x')}`],
  ['long name', `${fill('a')}=1`],
  ['dotted names', fill('a.password.')],
  ['line values', fill('Authorization: ')],
  ['schemes', fill('a://')],
  ['schemes with user', fill('a://b:')],
  ['url without at', `http://u:${fill('p')}`],
  ['pem headers', fill('-----BEGIN ')],
  ['pem blocks without end', fill('-----BEGIN PRIVATE KEY-----x')],
  ['bearer words', fill('bearer ')],
  ['bearer then a long token', `Bearer ${fill('a')}===`],
  ['secret key phrases', fill('secret access key ')],
  ['at signs', fill('a@')],
  ['email local parts', `${fill('a.')}@`],
  ['email domains', `a@${fill('b.')}`],
  ['digit groups', fill('1 ')],
  ['dashed digits', fill('111-')],
  ['phone-ish', fill('(555) ')],
  ['plus digits', fill('+1')],
  ['dotted digits', fill('1.')],
  ['ipv4-ish', fill('1.1.1.')],
  ['colons', fill(':')],
  ['hex groups', fill('ff:')],
  ['double colons', fill('::')],
  ['slack webhooks', fill('hooks.slack.com/services/')],
  ['quotes', fill('"')],
  ['backslashes', fill('\\')],
];

describe('linear time on 100 KB adversarial strings', () => {
  const sanitizer = new Sanitizer({ pii: true, extraKeys: ['pin'] });

  it.each(ADVERSARIAL)('%s', { timeout: 2_000 }, (_, text) => {
    expect(typeof sanitizer.text(text)).toBe('string');
    expect(sanitizer.attributes({ 'exception.stacktrace': text, password: text })).toBeDefined();
  });

  it('random strings over the characters the rules care about', { timeout: 10_000 }, () => {
    const alphabet = 'aAeyJ0179-_.:=@/ "\'\\\n+%KIQoghpxsk[]{}()'.split('');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 64 }),
        fc.integer({ min: 0, max: 1 }),
        (unit, salt) => {
          const text = fill(unit.join(''), salt ? 'password=x' : '');
          return typeof sanitizer.text(text) === 'string';
        },
      ),
      { numRuns: 30, seed: 20260101 },
    );
  });
});
