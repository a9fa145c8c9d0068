import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { ConfigError, type SanitizerConfig } from '@spawn/tracing-core';
import { AssignmentRule } from './assignments.js';
import { Marker } from './marker.js';
import { piiRules } from './pii-rules.js';
import { REDACTION_CATEGORIES, type RedactionCategory } from './redaction-category.js';
import { validateSanitizerConfig } from './sanitizer-options.js';
import { KeyKind, SecretKeys } from './secret-keys.js';
import { TOKEN_RULES } from './secret-rules.js';
import { F_HTTP_AUTH, F_KEY_WORD, F_TERM, scanText, WordTable } from './text-scan.js';
import { regexRule, type ValueRule } from './value-rule.js';

/** Strings shorter than this hold no secret any rule can recognise (`::1` is the shortest). */
const MIN_LENGTH = 3;

/**
 * The redaction engine: secret keys, secret values inside strings and (when configured) PII. Use it
 * directly over attributes or strings; `SanitizingSpanProcessor` uses it on every span.
 */
export class Sanitizer {
  readonly marker: Marker;
  private readonly keys: SecretKeys;
  private readonly words: WordTable;
  private readonly rules: readonly ValueRule[];
  /** Custom patterns have no pre-check: with any configured, every string runs through them. */
  private readonly ungated: boolean;
  private readonly totals = new Float64Array(REDACTION_CATEGORIES.length);
  private readonly index = new Map<RedactionCategory, number>(REDACTION_CATEGORIES.map((c, i) => [c, i]));
  /** Redactions since the last {@link Sanitizer.takeTally} (per category), for per-span summaries. */
  private readonly tally = new Uint32Array(REDACTION_CATEGORIES.length);
  private tallied = 0;
  private readonly redact = (category: RedactionCategory, secret: string): string => {
    // Already a replacement (a second pass, or two rules on one secret): leave it and count nothing.
    if (this.marker.marks(secret)) return secret;
    const i = this.index.get(category) ?? 0;
    this.tally[i] = (this.tally[i] ?? 0) + 1;
    this.totals[i] = (this.totals[i] ?? 0) + 1;
    this.tallied++;
    return this.marker.for(secret);
  };

  constructor(config: SanitizerConfig = {}) {
    validateSanitizerConfig(config);
    this.marker = new Marker(config.marker, config.hashKey);
    this.keys = new SecretKeys(config.extraKeys, config.allowKeys);
    this.words = new WordTable([
      ...this.keys.lastWords.map((w) => [w, F_TERM] as const),
      ['key', F_KEY_WORD],
      ['bearer', F_HTTP_AUTH],
      ['basic', F_HTTP_AUTH],
    ]);
    const custom = (config.extraPatterns ?? []).map((source) =>
      regexRule('custom', new RegExp(`()(${source})`, 'gu'), {}),
    );
    this.ungated = custom.length > 0;
    this.rules = [
      ...TOKEN_RULES,
      new AssignmentRule(this.keys, this.marker),
      ...piiRules(config.pii),
      ...custom,
    ];
    if (this.text(this.marker.text) !== this.marker.text) {
      throw new ConfigError(
        'code',
        'sanitizer.marker',
        config.marker,
        'would itself be redacted; pick a marker no rule matches',
      );
    }
    this.takeTally();
    this.totals.fill(0);
  }

  /** `value` with every secret (and enabled PII) replaced; the same string when nothing matched. */
  text(value: string): string {
    if (value.length < MIN_LENGTH && !this.ungated) return value;
    const flags = scanText(value, this.words);
    if (flags === 0 && !this.ungated) return value;
    let out = value;
    for (const rule of this.rules) {
      if ((flags & rule.all) === rule.all && (rule.any === 0 || (flags & rule.any) !== 0)) {
        out = rule.apply(out, this.redact);
      }
    }
    return out;
  }

  /** The cleaned value of attribute `key`: the marker when the key names a secret, else `text()` over strings. */
  value(key: string, value: AttributeValue): AttributeValue {
    const kind = this.keys.kind(key);
    if (kind === KeyKind.Allowed) return value;
    if (kind !== KeyKind.Plain) return this.wholeValue(value);
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return this.array(value);
    return value;
  }

  /** A cleaned copy of `attributes`, or `attributes` itself when nothing was redacted. Never mutates. */
  attributes(attributes: Attributes): Attributes {
    let out: Attributes | undefined;
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      const clean = this.value(key, value);
      if (clean !== value) {
        out ??= { ...attributes };
        out[key] = clean;
      }
    }
    return out ?? attributes;
  }

  /** Cleans `attributes` in place (span internals the SDK hands over); returns whether anything changed. */
  attributesInPlace(attributes: Attributes, skipKey?: string): boolean {
    let changed = false;
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null || key === skipKey) continue;
      const clean = this.value(key, value);
      if (clean !== value) {
        attributes[key] = clean;
        changed = true;
      }
    }
    return changed;
  }

  /** Redaction counts per category since construction. */
  counts(): Partial<Record<RedactionCategory, number>> {
    const out: Partial<Record<RedactionCategory, number>> = {};
    REDACTION_CATEGORIES.forEach((c, i) => {
      const n = this.totals[i] ?? 0;
      if (n > 0) out[c] = n;
    });
    return out;
  }

  /** `category:count,…` for the redactions since the last call (undefined if none), and resets them. */
  takeTally(): string | undefined {
    if (this.tallied === 0) return undefined;
    const parts: string[] = [];
    for (let i = 0; i < this.tally.length; i++) {
      const n = this.tally[i] ?? 0;
      if (n > 0) parts.push(`${REDACTION_CATEGORIES[i]}:${n}`);
    }
    this.tally.fill(0);
    this.tallied = 0;
    return parts.join(',');
  }

  /** Forgets redactions since the last {@link Sanitizer.takeTally} without reporting them. */
  dropTally(): void {
    if (this.tallied === 0) return;
    this.tally.fill(0);
    this.tallied = 0;
  }

  private isSecretFlag(arg: string): boolean {
    if (arg.charCodeAt(0) !== 45 || arg.length > 130 || arg.includes('=')) return false;
    const kind = this.keys.nameKind(arg.replace(/^-{1,2}/, ''));
    return kind === KeyKind.Secret || kind === KeyKind.SecretLine;
  }

  private wholeValue(value: AttributeValue): AttributeValue {
    if (typeof value === 'string') return this.marker.marks(value) ? value : this.redact('key', value);
    if (typeof value === 'number') return this.redact('key', String(value));
    if (Array.isArray(value)) {
      return value.map((v) =>
        typeof v === 'string'
          ? this.marker.marks(v)
            ? v
            : this.redact('key', v)
          : typeof v === 'number'
            ? this.redact('key', String(v))
            : v,
      ) as AttributeValue;
    }
    return value;
  }

  /** String arrays: each element, and the element after a secret flag (`['--password', 'x']`). */
  private array(value: readonly unknown[]): AttributeValue {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'string') continue;
      const previous = i > 0 ? value[i - 1] : undefined;
      const clean =
        typeof previous === 'string' && this.isSecretFlag(previous)
          ? this.redact('assignment', v)
          : this.text(v);
      if (clean !== v) {
        out ??= value.slice();
        out[i] = clean;
      }
    }
    return (out ?? value) as AttributeValue;
  }
}

let shared: Sanitizer | undefined;

function engine(config: SanitizerConfig | undefined): Sanitizer {
  if (config !== undefined) return new Sanitizer(config);
  shared ??= new Sanitizer();
  return shared;
}

/**
 * `attributes` with secrets removed (default configuration, or `config`): a new object when something was
 * redacted, else the same object.
 */
export function sanitizeAttributes(attributes: Attributes, config?: SanitizerConfig): Attributes {
  return engine(config).attributes(attributes);
}

/** `text` with secrets removed, with the default configuration or `config`. */
export function sanitizeText(text: string, config?: SanitizerConfig): string {
  return engine(config).text(text);
}
