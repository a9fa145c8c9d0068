import type { RedactionCategory } from './redaction-category.js';

/** Replaces one secret found in a string; returns the replacement text. */
export type Redact = (category: RedactionCategory, secret: string) => string;

/**
 * One way of finding secrets inside a string. It runs only when the pre-check flags include every bit
 * of `all` and, if `any` is not 0, at least one bit of `any`.
 */
export interface ValueRule {
  readonly category: RedactionCategory;
  readonly all: number;
  readonly any: number;
  apply(text: string, redact: Redact): string;
}

/**
 * A rule from a global regular expression with exactly two groups: the context to keep, then the
 * secret. `valid` can veto a match (Luhn, base64 shape). Every pattern must run in linear time: each
 * unbounded run is anchored by a look-behind that excludes its own characters, so it starts once per run.
 */
export function regexRule(
  category: RedactionCategory,
  pattern: RegExp,
  gate: { all?: number; any?: number },
  valid?: (secret: string) => boolean,
): ValueRule {
  return {
    category,
    all: gate.all ?? 0,
    any: gate.any ?? 0,
    apply(text, redact) {
      return text.replace(pattern, (match: string, keep: string, secret: string) =>
        valid !== undefined && !valid(secret) ? match : keep + redact(category, secret),
      );
    },
  };
}
