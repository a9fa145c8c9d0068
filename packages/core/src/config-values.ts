import { ConfigError, type ConfigErrorSource } from './config-error.js';
import { FALSE_WORDS, TRUE_WORDS } from './config-presence.js';
import { EXPORTER_NAMES, type ExporterName } from './config-types.js';

/** Where a raw value was found, for the error that names it. */
export interface ValueOrigin {
  source: ConfigErrorSource;
  key: string;
  path?: string | undefined;
}

export function invalid(at: ValueOrigin, value: unknown, reason: string): ConfigError {
  return new ConfigError(at.source, at.key, value, reason, at.path ? { path: at.path } : undefined);
}

/** `true`/`false`/`1`/`0`/`yes`/`no`/`on`/`off`, any case; booleans and 0/1 as they are. */
export function parseBoolean(raw: unknown, at: ValueOrigin): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 0 || raw === 1) return raw === 1;
  if (typeof raw === 'string') {
    const s = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(s)) return true;
    if (FALSE_WORDS.has(s)) return false;
  }
  throw invalid(at, raw, 'must be a boolean (true/false, 1/0, yes/no)');
}

function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && raw.trim() !== '') return Number(raw.trim());
  return Number.NaN;
}

/** A probability in [0, 1]. */
export function parseRate(raw: unknown, at: ValueOrigin): number {
  const n = toNumber(raw);
  if (!(n >= 0 && n <= 1)) throw invalid(at, raw, 'must be a number between 0 and 1');
  return n;
}

/** A finite number >= `min`. */
export function parseNumberAtLeast(raw: unknown, at: ValueOrigin, min: number): number {
  const n = toNumber(raw);
  if (!(Number.isFinite(n) && n >= min)) throw invalid(at, raw, `must be a number >= ${min}`);
  return n;
}

/** An integer >= `min` (queue sizes, milliseconds, retries). */
export function parseInteger(raw: unknown, at: ValueOrigin, min: number): number {
  const n = toNumber(raw);
  if (!(Number.isSafeInteger(n) && n >= min)) throw invalid(at, raw, `must be an integer >= ${min}`);
  return n;
}

export function parseExporter(raw: unknown, at: ValueOrigin): ExporterName {
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  const name = EXPORTER_NAMES.find((e) => e === s);
  if (!name) throw invalid(at, raw, `must be one of ${EXPORTER_NAMES.join(', ')}`);
  return name;
}

export function parseString(raw: unknown, at: ValueOrigin, { nonEmpty = false } = {}): string {
  if (typeof raw !== 'string') throw invalid(at, raw, 'must be a string');
  const s = raw.trim();
  if (nonEmpty && s === '') throw invalid(at, raw, 'must not be empty');
  return s;
}

export function parseStringList(raw: unknown, at: ValueOrigin): string[] {
  if (!Array.isArray(raw)) throw invalid(at, raw, 'must be a list of strings');
  return raw.map((item, i) => parseString(item, { ...at, key: `${at.key}[${i}]` }, { nonEmpty: true }));
}

/** A plain object (a YAML mapping), or an error naming what it is instead. */
export function parseMapping(raw: unknown, at: ValueOrigin): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid(at, raw, 'must be a mapping');
  return raw as Record<string, unknown>;
}
