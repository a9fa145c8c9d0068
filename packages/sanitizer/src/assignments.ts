import type { Marker } from './marker.js';
import { KeyKind, type SecretKeys } from './secret-keys.js';
import { F_COLON, F_EQ, F_SPACE, F_TERM } from './text-scan.js';
import type { Redact, ValueRule } from './value-rule.js';

// `name: value`, `name=value`, `"name": "value"`, `\"name\":\"value\"`, `name => value`. The name is
// anchored at the start of its run and bounded, so each run is tried once: linear time. A name right
// after `:` or `/` is part of an ARN or a path (`…:secret:prod/db`, `/app/auth.js:10`), not a field.
const ASSIGNMENT =
  /(?<![A-Za-z0-9_.:/-])-{0,2}([A-Za-z_][A-Za-z0-9_.-]{0,127})(?:\\{0,3}["'])?[ \t]{0,8}[:=][ \t]{0,8}/g;
// Command-line flags: `--password hunter2`, `-token abc`.
const FLAG = /(?<![A-Za-z0-9_.:/-])--?([A-Za-z_][A-Za-z0-9_.-]{0,127})[ \t]{1,8}(?=[^\s-])/g;

const NOT_SECRET = new Set(['null', 'true', 'false', 'undefined', 'none', 'nil', '']);

// Where an unquoted value ends: whitespace, quotes and the delimiters of URLs, JSON and connection strings.
const STOP = new Uint8Array(128);
for (const ch of ' \t\r\n"\'`&;,}])<>\\') STOP[ch.charCodeAt(0)] = 1;

/**
 * Fields inside a string whose name names a secret (the same test as attribute keys): only the value is
 * replaced, so `connect failed: Password=hunter2;Host=db` keeps `Host=db`.
 */
export class AssignmentRule implements ValueRule {
  readonly category = 'assignment' as const;
  readonly all = F_TERM;
  readonly any = F_COLON | F_EQ | F_SPACE;

  constructor(
    private readonly keys: SecretKeys,
    private readonly marker: Marker,
  ) {}

  apply(text: string, redact: Redact): string {
    text = this.pass(text, ASSIGNMENT, redact);
    return text.includes('-') ? this.pass(text, FLAG, redact) : text;
  }

  /** Already a replacement, possibly after an auth scheme (`Bearer [REDACTED]`): leave it. */
  private redacted(value: string): boolean {
    if (this.marker.marks(value)) return true;
    const space = value.indexOf(' ');
    return (
      space > 0 &&
      space < 32 &&
      this.marker.marks(value.slice(space + 1).trimStart()) &&
      !/[ ;,]/.test(value.slice(space + 1).trimStart())
    );
  }

  private pass(text: string, pattern: RegExp, redact: Redact): string {
    let out = '';
    let from = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const kind = this.keys.nameKind(m[1] as string);
      if (kind !== KeyKind.Secret && kind !== KeyKind.SecretLine) continue;
      // A header line inside a quoted string (`-H "Authorization: Basic …"`) ends at that quote.
      const before = text.charCodeAt(m.index - 1);
      const enclosing = before === 34 || before === 39 ? before : -1;
      const [start, end, resume] = valueSpan(text, pattern.lastIndex, kind === KeyKind.SecretLine, enclosing);
      const value = text.slice(start, end);
      // A nested object or list: its own fields are matched one by one.
      if (
        value.startsWith('{') ||
        value.startsWith('[') ||
        NOT_SECRET.has(value.toLowerCase()) ||
        this.redacted(value) ||
        /^\*+$/.test(value)
      ) {
        pattern.lastIndex = Math.max(resume, pattern.lastIndex);
        continue;
      }
      out += text.slice(from, start) + redact('assignment', value);
      from = end;
      pattern.lastIndex = Math.max(resume, pattern.lastIndex);
    }
    pattern.lastIndex = 0;
    return from === 0 ? text : out + text.slice(from);
  }
}

/** `[start, end)` of the value starting at `at`, and where scanning resumes. Linear, no regex. */
function valueSpan(s: string, at: number, toLineEnd: boolean, enclosing: number): [number, number, number] {
  const n = s.length;
  let i = at;
  if (s.charCodeAt(i) === 62 /* > of => */) {
    i++;
    while (s.charCodeAt(i) === 32) i++;
  }
  let slashes = 0;
  while (slashes < 3 && s.charCodeAt(i + slashes) === 92) slashes++;
  const q = s.charCodeAt(i + slashes);
  if (q === 34 || q === 39 || q === 96) {
    const open = i + slashes + 1;
    if (slashes === 0) {
      let j = open;
      for (; j < n; j++) {
        const c = s.charCodeAt(j);
        if (c === 92) j++;
        else if (c === q || c === 10 || c === 13) break;
      }
      const end = Math.min(j, n);
      return [open, end, end + 1];
    }
    const close = s.indexOf(s.slice(i, open), open);
    const end = close < 0 ? lineEnd(s, open) : close;
    return [open, end, end + open - i];
  }
  if (toLineEnd) {
    let end = lineEnd(s, i);
    if (enclosing > 0) {
      const close = s.indexOf(String.fromCharCode(enclosing), i);
      if (close >= 0 && close < end) end = close;
    }
    while (end > i && s.charCodeAt(end - 1) === 32) end--;
    return [i, end, end];
  }
  let j = i;
  for (; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 128 && STOP[c] === 1) break;
  }
  return [i, j, j];
}

function lineEnd(s: string, from: number): number {
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 10 || c === 13) return j;
  }
  return s.length;
}
