import type { PiiConfig } from '@spawn/tracing-core';
import { F_AT, F_COLON, F_DIGIT, F_DIGITS3, F_DOT, F_PLUS } from './text-scan.js';
import { regexRule, type ValueRule } from './value-rule.js';

const email = regexRule(
  'email',
  /(?<![A-Za-z0-9._%+-])()([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24})(?![A-Za-z0-9-])/g,
  { all: F_AT },
);

// North-American forms (`(555) 123-4567`, `555.123.4567`, `+1 555 123 4567`) and E.164 (`+442079460958`).
const phone = regexRule(
  'phone',
  /(?<![A-Za-z0-9_.+-])()((?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}|\+\d{8,15})(?![A-Za-z0-9_]|[.-]\d)/g,
  { any: F_DIGITS3 | F_PLUS },
);

const creditCard = regexRule(
  'credit-card',
  /(?<![A-Za-z0-9_.-])()([2-6]\d{3}(?:[ -]?\d){9,15})(?![A-Za-z0-9_]|[ .-]\d)/g,
  { all: F_DIGITS3 },
  luhn,
);

const ssn = regexRule(
  'ssn',
  /(?<![A-Za-z0-9_-])()((?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4})(?![A-Za-z0-9_-])/g,
  { all: F_DIGITS3 },
);

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = regexRule(
  'ip',
  new RegExp(`(?<![A-Za-z0-9_.])()((?:${OCTET}\\.){3}${OCTET})(?![A-Za-z0-9_]|\\.\\d)`, 'g'),
  { all: F_DIGIT | F_DOT },
);

const ipv6 = regexRule(
  'ip',
  /(?<![A-Za-z0-9_:.])()([0-9A-Fa-f:]{2,39})(?![A-Za-z0-9_:])/g,
  { all: F_COLON },
  isIpv6,
);

/** The Luhn checksum over the digits of `s` (separators ignored), for 13 to 19 digits. */
export function luhn(s: string): boolean {
  let sum = 0;
  let count = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    sum += count % 2 === 1 ? (c * 2 > 9 ? c * 2 - 9 : c * 2) : c;
    count++;
  }
  return count >= 13 && count <= 19 && sum % 10 === 0;
}

/** A full or `::`-compressed IPv6 address (times like `12:30:45` and MACs have too few groups). */
export function isIpv6(s: string): boolean {
  const double = s.indexOf('::');
  if (double >= 0 && s.indexOf('::', double + 1) >= 0) return false;
  if (!/[0-9A-Fa-f]/.test(s)) return false;
  const groups = s.split(':');
  // `::` yields empty parts at its place (and at either end when it leads or trails).
  const nonEmpty = groups.filter((g) => g.length > 0);
  if (nonEmpty.some((g) => g.length > 4)) return false;
  if (double < 0) return groups.length === 8 && nonEmpty.length === 8;
  const leadingOk = !s.startsWith(':') || s.startsWith('::');
  const trailingOk = !s.endsWith(':') || s.endsWith('::');
  return leadingOk && trailingOk && nonEmpty.length <= 7;
}

/** The PII rules switched on by `pii` (`true` turns all on), in the order they run. */
export function piiRules(pii: boolean | PiiConfig | undefined): ValueRule[] {
  const on = (key: keyof PiiConfig) => pii === true || (typeof pii === 'object' && pii[key] === true);
  const rules: ValueRule[] = [];
  if (on('email')) rules.push(email);
  if (on('creditCard')) rules.push(creditCard);
  if (on('ssn')) rules.push(ssn);
  if (on('phone')) rules.push(phone);
  if (on('ip')) rules.push(ipv4, ipv6);
  return rules;
}
