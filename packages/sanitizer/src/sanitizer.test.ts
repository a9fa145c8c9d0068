import { isConfigError } from '@spawn/tracing-core';
import { describe, expect, it } from 'vitest';
import { BENIGN, SECRET_CASES } from '../test/corpus.js';
import { Sanitizer, sanitizeAttributes, sanitizeText } from './sanitizer.js';

describe('corpus', () => {
  it('has at least 60 secret and PII cases and 40 benign look-alikes', () => {
    expect(SECRET_CASES.length).toBeGreaterThanOrEqual(60);
    expect(BENIGN.length).toBeGreaterThanOrEqual(40);
  });

  it.each(SECRET_CASES.map((c) => [c.text.slice(0, 60), c] as const))('redacts %s', (_, c) => {
    const sanitizer = new Sanitizer(c.pii ? { pii: true } : {});
    const out = sanitizer.text(c.text);
    for (const secret of c.secrets) expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
    for (const kept of c.keep ?? []) expect(out).toContain(kept);
    expect(sanitizer.counts()[c.category]).toBeGreaterThan(0);
    // Cleaning is idempotent: a second pass finds nothing more.
    const again = new Sanitizer(c.pii ? { pii: true } : {});
    expect(again.text(out)).toBe(out);
    expect(again.counts()).toEqual({});
  });

  it.each(SECRET_CASES.filter((c) => c.pii).map((c) => [c.text, c] as const))(
    'leaves PII alone by default: %s',
    (_, c) => {
      expect(new Sanitizer().text(c.text)).toBe(c.text);
    },
  );

  it.each(BENIGN.map((b) => [b]))('leaves %s unchanged', (text) => {
    expect(new Sanitizer().text(text)).toBe(text);
  });

  it.each(BENIGN.filter((b) => !b.includes('@')).map((b) => [b]))(
    'leaves %s unchanged with every PII rule on',
    (text) => {
      expect(new Sanitizer({ pii: true }).text(text)).toBe(text);
    },
  );
});

describe('attribute keys', () => {
  const secretKeys = [
    'db.password',
    'http.request.header.authorization',
    'http.request.header.x-api-key',
    'http.response.header.set-cookie',
    'client_secret',
    'AWS_SECRET_ACCESS_KEY',
    'aws_session_token',
    'spawn.github_token',
    'apiKey',
    'SecretAccessKey',
    'refreshToken',
    'private_key',
    'auth',
    'credentials',
    'passwd',
    'pwd',
  ];
  const plainKeys = [
    'token_count',
    'aws.operation',
    'aws.request_id',
    'secret_arn',
    'aws.secretsmanager.secret_id',
    'max_tokens',
    'keyboard',
    'author',
    'tokenizer',
    'password_policy',
    'token_type',
    'spawn.instance_id',
    'exception.message',
  ];

  it.each(secretKeys.map((k) => [k]))('replaces the value of %s', (key) => {
    const s = new Sanitizer();
    expect(s.attributes({ [key]: 'plain looking value' })).toEqual({ [key]: '[REDACTED]' });
    expect(s.counts()).toEqual({ key: 1 });
  });

  it.each(plainKeys.map((k) => [k]))('keeps the value of %s', (key) => {
    const attrs = { [key]: 'plain looking value' };
    expect(new Sanitizer().attributes(attrs)).toBe(attrs);
  });

  it('replaces numbers and each element of arrays under a secret key, keeps booleans', () => {
    const s = new Sanitizer();
    expect(s.attributes({ 'db.password': 123456, api_key: ['a', 'b'], 'auth.enabled': true })).toEqual({
      'db.password': '[REDACTED]',
      api_key: ['[REDACTED]', '[REDACTED]'],
      'auth.enabled': true,
    });
  });

  it('cleans strings inside string arrays and never mutates the input', () => {
    const attrs = { 'process.command_args': ['spawn', '--password', 'hunter2x', 'launch'], n: 3 };
    const out = sanitizeAttributes(attrs);
    expect(out).not.toBe(attrs);
    expect(attrs['process.command_args'][2]).toBe('hunter2x');
    expect(out['process.command_args']).toEqual(['spawn', '--password', '[REDACTED]', 'launch']);
    const joined = sanitizeAttributes({ 'process.command_line': 'spawn --password hunter2x launch' });
    expect(joined['process.command_line']).toBe('spawn --password [REDACTED] launch');
  });
});

describe('configuration', () => {
  it('adds extra keys, matched per segment like the built-in ones', () => {
    const s = new Sanitizer({ extraKeys: ['pin', 'otp_code'] });
    expect(s.attributes({ 'card.pin': '1234', 'user.otp_code': '998877', pin_count: 3 })).toEqual({
      'card.pin': '[REDACTED]',
      'user.otp_code': '[REDACTED]',
      pin_count: 3,
    });
    expect(s.text('login pin=4321 ok')).toBe('login pin=[REDACTED] ok');
    expect(s.text('retry otp_code: 123456')).toBe('retry otp_code: [REDACTED]');
  });

  it('adds extra value patterns (Unicode mode) counted as custom', () => {
    const s = new Sanitizer({ extraPatterns: ['spawn_[a-z0-9]{12}'] });
    expect(s.text('job key spawn_abcdef123456 used')).toBe('job key [REDACTED] used');
    expect(s.counts()).toEqual({ custom: 1 });
    // Text with nothing the built-in pre-check looks for still meets the custom patterns.
    expect(new Sanitizer({ extraPatterns: ['zz[a-z]{4}'] }).text('zzabcd')).toBe('[REDACTED]');
  });

  it('never touches allow-listed keys', () => {
    const s = new Sanitizer({ allowKeys: ['auth', 'debug.raw'] });
    const attrs = { auth: 'iam-role', 'debug.raw': 'password=shown-on-purpose' };
    expect(s.attributes(attrs)).toBe(attrs);
  });

  it('uses a custom marker', () => {
    expect(new Sanitizer({ marker: '***' }).text('password=abc123')).toBe('password=***');
  });

  it('hashes with a key: equal secrets give equal markers, different ones differ', () => {
    const s = new Sanitizer({ hashKey: 'k1' });
    const a = s.text('password=alpha123 token=alpha123 pwd=beta456');
    const [m1, m2, m3] = a.match(/\[REDACTED:[0-9a-f]{8}\]/g) ?? [];
    expect(m1).toBe(m2);
    expect(m3).not.toBe(m1);
    expect(new Sanitizer({ hashKey: 'k2' }).text('password=alpha123')).not.toContain(m1 as string);
  });

  it('switches PII categories one by one', () => {
    const text = 'mail a.b@example.com from 198.51.100.7';
    expect(new Sanitizer({ pii: { email: true } }).text(text)).toBe('mail [REDACTED] from 198.51.100.7');
    expect(new Sanitizer({ pii: { ip: true } }).text(text)).toBe('mail a.b@example.com from [REDACTED]');
    expect(new Sanitizer({ pii: false }).text(text)).toBe(text);
  });

  const bad: Array<[string, unknown, string]> = [
    ['sanitizer.marker', { marker: '' }, '""'],
    ['sanitizer.marker', { marker: 'password=x' }, '"password=x"'],
    ['sanitizer.hashKey', { hashKey: 42 }, '42'],
    ['sanitizer.extraKeys[1]', { extraKeys: ['ok', ''] }, '""'],
    ['sanitizer.allowKeys', { allowKeys: 'auth' }, '"auth"'],
    ['sanitizer.extraPatterns[0]', { extraPatterns: ['(unclosed'] }, '"(unclosed"'],
    ['sanitizer.extraPatterns[0]', { extraPatterns: ['(a+)+$'] }, '"(a+)+$"'],
    ['sanitizer.extraPatterns[0]', { extraPatterns: ['(\\w)\\1'] }, '"(\\\\w)\\\\1"'],
    ['sanitizer.extraPatterns[0]', { extraPatterns: ['x*'] }, '"x*"'],
    ['sanitizer.pii.fax', { pii: { fax: true } }, 'true'],
    ['sanitizer.pii.email', { pii: { email: 'yes' } }, '"yes"'],
    ['sanitizer.pii', { pii: 'all' }, '"all"'],
    ['sanitizer.markers', { markers: 'x' }, '"x"'],
  ];
  it.each(bad)('throws naming %s', (key, config, shown) => {
    let error: unknown;
    try {
      new Sanitizer(config as never);
    } catch (err) {
      error = err;
    }
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toContain(key);
    expect((error as Error).message).toContain(shown);
  });
});

describe('sanitizeText', () => {
  it('works with the default configuration and with one given', () => {
    expect(sanitizeText('Authorization: Bearer abcdef0123456789')).toBe('Authorization: Bearer [REDACTED]');
    expect(sanitizeText('ops@spawn.dev', { pii: true })).toBe('[REDACTED]');
  });
});
