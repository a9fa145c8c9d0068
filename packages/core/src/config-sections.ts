import type { BatchConfig, PiiConfig, SamplingRule, SanitizerConfig } from './config-types.js';
import {
  invalid,
  parseBoolean,
  parseInteger,
  parseMapping,
  parseNumberAtLeast,
  parseRate,
  parseString,
  parseStringList,
  type ValueOrigin,
} from './config-values.js';

/** How a source spells nested keys: code uses the camelCase of the types, the YAML file snake_case. */
export type KeyStyle = 'camel' | 'snake';

function spell(camel: string, style: KeyStyle): string {
  return style === 'camel' ? camel : camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function child(at: ValueOrigin, key: string): ValueOrigin {
  return { ...at, key: `${at.key}.${key}` };
}

/** Reads the known keys of a mapping; an unknown key is an error, since a typo would silently change behaviour. */
function fields<K extends string>(
  raw: unknown,
  at: ValueOrigin,
  style: KeyStyle,
  known: readonly K[],
): { get(key: K): [unknown, ValueOrigin] | undefined } {
  const map = parseMapping(raw, at);
  const spelled = new Map(known.map((k) => [spell(k, style), k]));
  for (const key of Object.keys(map)) {
    if (!spelled.has(key)) {
      throw invalid(
        child(at, key),
        map[key],
        `unknown key (expected one of ${[...spelled.keys()].join(', ')})`,
      );
    }
  }
  return {
    get(key) {
      const name = spell(key, style);
      const value = map[name];
      return value === undefined || value === null ? undefined : [value, child(at, name)];
    },
  };
}

const RULE_KEYS = ['name', 'attributes', 'rate', 'rateLimit', 'burst'] as const;

export function parseSamplingRules(raw: unknown, at: ValueOrigin, style: KeyStyle): SamplingRule[] {
  if (!Array.isArray(raw)) throw invalid(at, raw, 'must be a list of rules');
  return raw.map((item, i) => {
    const ruleAt = { ...at, key: `${at.key}[${i}]` };
    const f = fields(item, ruleAt, style, RULE_KEYS);
    const rule: SamplingRule = {};
    const name = f.get('name');
    if (name) rule.name = parseString(name[0], name[1], { nonEmpty: true });
    const attributes = f.get('attributes');
    if (attributes) {
      const map = parseMapping(attributes[0], attributes[1]);
      rule.attributes = {};
      for (const [k, v] of Object.entries(map)) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
          throw invalid(child(attributes[1], k), v, 'must be a string, number or boolean');
        }
        rule.attributes[k] = String(v);
      }
    }
    const rate = f.get('rate');
    if (rate) rule.rate = parseRate(rate[0], rate[1]);
    const rateLimit = f.get('rateLimit');
    if (rateLimit) rule.rateLimit = parseNumberAtLeast(rateLimit[0], rateLimit[1], 0);
    const burst = f.get('burst');
    if (burst) rule.burst = parseNumberAtLeast(burst[0], burst[1], 1);
    if (rule.rate === undefined && rule.rateLimit === undefined) {
      throw invalid(ruleAt, item, `needs ${spell('rate', style)} or ${spell('rateLimit', style)}`);
    }
    return rule;
  });
}

const SANITIZER_KEYS = ['extraKeys', 'extraPatterns', 'allowKeys', 'marker', 'hashKey', 'pii'] as const;
const PII_KEYS = ['email', 'phone', 'creditCard', 'ip', 'ssn'] as const;

/**
 * `extraPatterns` are regular-expression sources; each must compile with the `u` flag (the sanitizer
 * adds `g`), and one that does not is an error naming it.
 */
export function parseSanitizer(raw: unknown, at: ValueOrigin, style: KeyStyle): SanitizerConfig {
  const f = fields(raw, at, style, SANITIZER_KEYS);
  const out: SanitizerConfig = {};
  const extraKeys = f.get('extraKeys');
  if (extraKeys) out.extraKeys = parseStringList(extraKeys[0], extraKeys[1]);
  const extraPatterns = f.get('extraPatterns');
  if (extraPatterns) {
    out.extraPatterns = parseStringList(extraPatterns[0], extraPatterns[1]).map((source, i) => {
      try {
        new RegExp(source, 'gu');
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw invalid(
          { ...extraPatterns[1], key: `${extraPatterns[1].key}[${i}]` },
          source,
          `is not a valid regular expression (${reason})`,
        );
      }
      return source;
    });
  }
  const allowKeys = f.get('allowKeys');
  if (allowKeys) out.allowKeys = parseStringList(allowKeys[0], allowKeys[1]);
  const marker = f.get('marker');
  if (marker) out.marker = parseString(marker[0], marker[1], { nonEmpty: true });
  const hashKey = f.get('hashKey');
  if (hashKey) out.hashKey = parseString(hashKey[0], hashKey[1], { nonEmpty: true });
  const pii = f.get('pii');
  if (pii) {
    const [value, piiAt] = pii;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const p = fields(value, piiAt, style, PII_KEYS);
      const categories: PiiConfig = {};
      for (const key of PII_KEYS) {
        const v = p.get(key);
        if (v) categories[key] = parseBoolean(v[0], v[1]);
      }
      out.pii = categories;
    } else {
      out.pii = parseBoolean(value, piiAt);
    }
  }
  return out;
}

const BATCH_KEYS = [
  'maxExportBatchSize',
  'scheduledDelayMillis',
  'maxQueueSize',
  'exportTimeoutMillis',
  'maxRetries',
] as const;

/** Minimum of each batch setting: sizes at least 1; delays, timeouts and retries at least 0. */
export const BATCH_MINIMUM: Readonly<Record<keyof BatchConfig, number>> = {
  maxExportBatchSize: 1,
  scheduledDelayMillis: 0,
  maxQueueSize: 1,
  exportTimeoutMillis: 0,
  maxRetries: 0,
};

export function parseBatch(raw: unknown, at: ValueOrigin, style: KeyStyle): Partial<BatchConfig> {
  const f = fields(raw, at, style, BATCH_KEYS);
  const out: Partial<BatchConfig> = {};
  for (const key of BATCH_KEYS) {
    const v = f.get(key);
    if (v) out[key] = parseInteger(v[0], v[1], BATCH_MINIMUM[key]);
  }
  return out;
}
