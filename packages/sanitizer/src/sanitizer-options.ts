import { ConfigError, type PiiConfig, type SanitizerConfig } from '@spawn/tracing-core';
import { backtrackingRisk } from './pattern-safety.js';

const KEYS = ['extraKeys', 'extraPatterns', 'allowKeys', 'marker', 'hashKey', 'pii'];
const PII_KEYS: ReadonlyArray<keyof PiiConfig> = ['email', 'phone', 'creditCard', 'ip', 'ssn'];

/** Validates a {@link SanitizerConfig} given in code; throws a `ConfigError` naming the key and value. */
export function validateSanitizerConfig(config: SanitizerConfig, at = 'sanitizer'): void {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError('code', at, config, 'must be an object');
  }
  for (const key of Object.keys(config)) {
    if (!KEYS.includes(key))
      throw new ConfigError(
        'code',
        `${at}.${key}`,
        (config as Record<string, unknown>)[key],
        `is not a sanitizer option (one of ${KEYS.join(', ')})`,
      );
  }
  for (const key of ['extraKeys', 'allowKeys'] as const) {
    const list = config[key];
    if (list === undefined) continue;
    if (!Array.isArray(list))
      throw new ConfigError('code', `${at}.${key}`, list, 'must be an array of strings');
    list.forEach((v, i) => {
      if (typeof v !== 'string' || v.trim() === '') {
        throw new ConfigError('code', `${at}.${key}[${i}]`, v, 'must be a non-empty string');
      }
    });
  }
  const patterns = config.extraPatterns;
  if (patterns !== undefined) {
    if (!Array.isArray(patterns))
      throw new ConfigError(
        'code',
        `${at}.extraPatterns`,
        patterns,
        'must be an array of regular-expression sources',
      );
    patterns.forEach((source, i) => {
      const key = `${at}.extraPatterns[${i}]`;
      if (typeof source !== 'string' || source === '')
        throw new ConfigError('code', key, source, 'must be a non-empty string');
      let re: RegExp;
      try {
        re = new RegExp(source, 'gu');
      } catch (err) {
        throw new ConfigError(
          'code',
          key,
          source,
          `is not a valid regular expression (${(err as Error).message})`,
        );
      }
      if (re.test('')) throw new ConfigError('code', key, source, 'matches the empty string');
      const risk = backtrackingRisk(source);
      if (risk) throw new ConfigError('code', key, source, `${risk}, which can take exponential time`);
    });
  }
  for (const key of ['marker', 'hashKey'] as const) {
    const v = config[key];
    if (v !== undefined && (typeof v !== 'string' || v === '' || v.length > 256)) {
      throw new ConfigError(
        'code',
        `${at}.${key}`,
        v,
        'must be a non-empty string of at most 256 characters',
      );
    }
  }
  const pii = config.pii;
  if (pii !== undefined && typeof pii !== 'boolean') {
    if (typeof pii !== 'object' || pii === null || Array.isArray(pii)) {
      throw new ConfigError(
        'code',
        `${at}.pii`,
        pii,
        `must be a boolean or an object with ${PII_KEYS.join(', ')}`,
      );
    }
    for (const [k, v] of Object.entries(pii)) {
      if (!(PII_KEYS as readonly string[]).includes(k))
        throw new ConfigError(
          'code',
          `${at}.pii.${k}`,
          v,
          `is not a PII category (one of ${PII_KEYS.join(', ')})`,
        );
      if (typeof v !== 'boolean') throw new ConfigError('code', `${at}.pii.${k}`, v, 'must be a boolean');
    }
  }
}
