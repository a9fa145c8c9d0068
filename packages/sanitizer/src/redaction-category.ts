/** What a redaction was for: counted per span (one attribute) and in the sanitizer's counters. */
export type RedactionCategory =
  /** The attribute's key names a secret; the whole value was replaced. */
  | 'key'
  /** A secret-named field inside a string: `password=…`, `"token": "…"`, `--api-key …`. */
  | 'assignment'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'aws-session-token'
  | 'jwt'
  /** `Bearer …` and `Basic …` credentials. */
  | 'http-auth'
  | 'private-key'
  /** The password of `scheme://user:password@host`. */
  | 'url-password'
  | 'github-token'
  | 'slack-token'
  | 'stripe-key'
  | 'google-api-key'
  | 'npm-token'
  | 'email'
  | 'phone'
  | 'credit-card'
  | 'ip'
  | 'ssn'
  /** A match of one of the configured `extraPatterns`. */
  | 'custom';

export const REDACTION_CATEGORIES: readonly RedactionCategory[] = [
  'key',
  'assignment',
  'aws-access-key-id',
  'aws-secret-access-key',
  'aws-session-token',
  'jwt',
  'http-auth',
  'private-key',
  'url-password',
  'github-token',
  'slack-token',
  'stripe-key',
  'google-api-key',
  'npm-token',
  'email',
  'phone',
  'credit-card',
  'ip',
  'ssn',
  'custom',
];
