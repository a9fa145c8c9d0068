/**
 * The cheap pre-check: one pass over a string that records which rules could possibly match, so a
 * string with no candidate text never reaches a regular expression. Every flag is a necessary
 * condition of the rules it gates (a superset test): a false alarm costs one regex run, never a leak.
 */

/** A field name ending in a secret term's last word, followed by a separator (`:`, `=`, quote, space, `.`). */
export const F_TERM = 1 << 0;
/** The word `bearer` or `basic` followed by a separator. */
export const F_HTTP_AUTH = 1 << 1;
/** Five or more dashes in a row (PEM armour). */
export const F_PEM = 1 << 2;
export const F_AT = 1 << 3;
export const F_COLON = 1 << 4;
export const F_EQ = 1 << 5;
export const F_SPACE = 1 << 6;
export const F_DOT = 1 << 7;
export const F_DIGIT = 1 << 8;
/** Three or more digits in a row. */
export const F_DIGITS3 = 1 << 9;
export const F_PLUS = 1 << 10;
/** Token prefixes, seen at the start of an alphanumeric run. */
export const F_AWS_KEY_ID = 1 << 11;
export const F_AWS_STS = 1 << 12;
export const F_JWT = 1 << 13;
export const F_GITHUB = 1 << 14;
export const F_SLACK = 1 << 15;
export const F_STRIPE = 1 << 16;
export const F_GOOGLE = 1 << 17;
export const F_NPM = 1 << 18;
/** The word `key` followed by a separator (an AWS secret key may follow). */
export const F_KEY_WORD = 1 << 19;

const LETTER = 1;
const DIGIT = 2;
/** Characters that continue a word inside a name (`token_count`, `x-api`, `oauth2`): no check there. */
const JOIN = 4;
const PREFIX_START = 8;

const CHAR = new Uint8Array(128);
const SPECIAL = new Uint32Array(128);
for (let c = 65; c <= 90; c++) CHAR[c] = LETTER;
for (let c = 97; c <= 122; c++) CHAR[c] = LETTER;
for (let c = 48; c <= 57; c++) CHAR[c] = DIGIT | JOIN;
CHAR[95] = JOIN; // _
CHAR[45] = JOIN; // -
SPECIAL[64] = F_AT;
SPECIAL[58] = F_COLON;
SPECIAL[61] = F_EQ;
SPECIAL[32] = F_SPACE;
SPECIAL[9] = F_SPACE;
SPECIAL[10] = F_SPACE;
SPECIAL[13] = F_SPACE;
SPECIAL[46] = F_DOT;
SPECIAL[43] = F_PLUS;

/** Literal prefixes of token formats, checked where an alphanumeric run starts (case-sensitive). */
export const TOKEN_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ...[
    'AKIA',
    'ASIA',
    'ABIA',
    'ACCA',
    'AGPA',
    'AIDA',
    'AIPA',
    'ANPA',
    'ANVA',
    'AROA',
    'APKA',
    'ASCA',
    'A3T',
  ].map((p) => [p, F_AWS_KEY_ID] as const),
  ...['IQoJb3JpZ2lu', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz', 'AgoJb3JpZ2lu'].map((p) => [p, F_AWS_STS] as const),
  ['eyJ', F_JWT],
  ...['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'].map((p) => [p, F_GITHUB] as const),
  ...['xoxa-', 'xoxb-', 'xoxe-', 'xoxo-', 'xoxp-', 'xoxr-', 'xoxs-', 'xapp-', 'hooks.slack.com'].map(
    (p) => [p, F_SLACK] as const,
  ),
  ...['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'].map((p) => [p, F_STRIPE] as const),
  ['AIza', F_GOOGLE],
  ['npm_', F_NPM],
];

// Two-character index into the prefix list: the first two characters pick a short candidate list.
const PAIR_INDEX = new Uint8Array(128 * 128);
const PAIR_LISTS: Array<ReadonlyArray<readonly [string, number]>> = [[]];
for (const entry of TOKEN_PREFIXES) {
  const [p] = entry;
  const a = p.charCodeAt(0);
  const slot = (a << 7) | p.charCodeAt(1);
  CHAR[a] = (CHAR[a] ?? 0) | PREFIX_START;
  let index = PAIR_INDEX[slot] ?? 0;
  if (index === 0) {
    index = PAIR_LISTS.length;
    PAIR_INDEX[slot] = index;
    PAIR_LISTS.push([]);
  }
  (PAIR_LISTS[index] as Array<readonly [string, number]>).push(entry);
}

function prefixFlags(s: string, i: number, c: number): number {
  const next = s.charCodeAt(i + 1);
  if (!(next < 128)) return 0;
  const index = PAIR_INDEX[(c << 7) | next] ?? 0;
  if (index === 0) return 0;
  let flags = 0;
  for (const [p, flag] of PAIR_LISTS[index] ?? []) if (s.startsWith(p, i)) flags |= flag;
  return flags;
}

/** Words (lower-case letters) whose appearance at the end of a letter run before a separator sets a flag. */
export class WordTable {
  private readonly byLast: Array<Array<readonly [string, number]> | undefined> = [];
  /** A word with digits or symbols cannot be found letter-run by letter-run: always set `F_TERM`. */
  readonly always: number;

  constructor(words: ReadonlyArray<readonly [string, number]>) {
    let always = 0;
    for (const [word, flag] of words) {
      if (!/^[a-z]+$/.test(word)) {
        always |= flag;
        continue;
      }
      const last = word.charCodeAt(word.length - 1);
      const list = this.byLast[last] ?? [];
      list.push([word, flag]);
      this.byLast[last] = list;
    }
    this.always = always;
  }

  /** Flags for the letter run `s[start, end)`: the words it ends with (ASCII case-insensitive). */
  endFlags(s: string, start: number, end: number): number {
    const list = this.byLast[s.charCodeAt(end - 1) | 0x20];
    if (list === undefined) return 0;
    let flags = 0;
    for (const [word, flag] of list) {
      const n = word.length;
      if (end - start < n) continue;
      let j = 2;
      while (j <= n && (s.charCodeAt(end - j) | 0x20) === word.charCodeAt(n - j)) j++;
      if (j > n) flags |= flag;
    }
    return flags;
  }
}

/** One pass over `s`; returns the union of flags. Non-ASCII characters count as separators. */
export function scanText(s: string, words: WordTable): number {
  let flags = words.always;
  let inRun = false;
  let digits = 0;
  let dashes = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (((c | 32) - 97) >>> 0 < 26) {
      // A letter run, consumed in a tight loop: most of any text is letters.
      const start = i;
      if (!inRun) {
        inRun = true;
        if ((CHAR[c] as number) & PREFIX_START) flags |= prefixFlags(s, i, c);
      }
      for (i++; i < n; i++) {
        c = s.charCodeAt(i);
        if (((c | 32) - 97) >>> 0 >= 26) break;
      }
      digits = 0;
      dashes = 0;
      if (i < n && !(c < 128 && (CHAR[c] as number) & JOIN)) flags |= words.endFlags(s, start, i);
      continue;
    }
    i++;
    if (c >= 48 && c <= 57) {
      inRun = true;
      flags |= ++digits >= 3 ? F_DIGIT | F_DIGITS3 : F_DIGIT;
      dashes = 0;
      continue;
    }
    inRun = false;
    digits = 0;
    if (c === 45) {
      if (++dashes >= 5) flags |= F_PEM;
    } else {
      dashes = 0;
      if (c < 128) flags |= SPECIAL[c] as number;
    }
  }
  return flags;
}
