/** How the sanitizer treats an attribute key (or a field name found inside a string). */
export enum KeyKind {
  Plain = 0,
  /** The value is a secret: replace it whole. */
  Secret = 1,
  /** A secret whose value runs to the end of the line (`Authorization: Bearer …`, `Cookie: a=1; b=2`). */
  SecretLine = 2,
  /** On the allow-list: never touched. */
  Allowed = 3,
}

/**
 * Built-in secret names, as word sequences. A key segment (the text between dots) names a secret
 * when its words end with one of these, so `db_password` and `x-api-key` match while `token_count`
 * and `secret_arn` do not.
 */
export const SECRET_KEY_TERMS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'api_key',
  'apikey',
  'access_key',
  'accesskey',
  'secret_key',
  'secretkey',
  'private_key',
  'privatekey',
  'signing_key',
  'encryption_key',
  'master_key',
  'ssh_key',
  'authorization',
  'auth',
  'credential',
  'credentials',
  'creds',
  'cookie',
  'signature',
  'sig',
  'jwt',
];

const LINE_TERMS = new Set(['authorization', 'cookie']);
const CACHE_LIMIT = 4096;

/** Splits one key segment into lower-case words: on non-alphanumerics and camelCase humps. */
export function keyWords(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

interface Term {
  words: string[];
  line: boolean;
}

/** Classifies keys against the secret terms and the allow-list, with a bounded cache. */
export class SecretKeys {
  private readonly byLastWord = new Map<string, Term[]>();
  private readonly allowed: ReadonlySet<string>;
  private readonly cache = new Map<string, KeyKind>();
  private readonly nameCache = new Map<string, KeyKind>();
  /** Last words of every term: the text pre-check looks for these before a separator. */
  readonly lastWords: readonly string[];

  constructor(extraKeys: readonly string[] = [], allowKeys: readonly string[] = []) {
    this.allowed = new Set(allowKeys);
    const last = new Set<string>();
    for (const raw of [...SECRET_KEY_TERMS, ...extraKeys]) {
      const words = keyWords(raw);
      const tail = words[words.length - 1];
      if (tail === undefined) continue;
      const list = this.byLastWord.get(tail) ?? [];
      list.push({ words, line: LINE_TERMS.has(tail) });
      this.byLastWord.set(tail, list);
      last.add(tail);
    }
    this.lastWords = [...last];
  }

  kind(key: string): KeyKind {
    let kind = this.cache.get(key);
    if (kind === undefined) {
      kind = this.allowed.has(key) ? KeyKind.Allowed : this.classify(key);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, kind);
    }
    return kind;
  }

  /**
   * For field names inside strings: only the last segment counts (`db.password=…` but not
   * `auth.js:10`), and the allow-list does not apply.
   */
  nameKind(name: string): KeyKind {
    let kind = this.nameCache.get(name);
    if (kind === undefined) {
      kind = this.classify(name.slice(name.lastIndexOf('.') + 1));
      if (this.nameCache.size >= CACHE_LIMIT) this.nameCache.clear();
      this.nameCache.set(name, kind);
    }
    return kind;
  }

  private classify(key: string): KeyKind {
    let found = KeyKind.Plain;
    for (const segment of key.split('.')) {
      // `password_` or `token-` does not end with the word (and the text pre-check agrees).
      if (!/[A-Za-z0-9]$/.test(segment)) continue;
      const words = keyWords(segment);
      const terms = this.byLastWord.get(words[words.length - 1] ?? '');
      if (!terms) continue;
      for (const term of terms) {
        if (endsWith(words, term.words)) {
          if (term.line) return KeyKind.SecretLine;
          found = KeyKind.Secret;
        }
      }
    }
    return found;
  }
}

function endsWith(words: string[], tail: string[]): boolean {
  if (tail.length > words.length) return false;
  const offset = words.length - tail.length;
  for (let i = 0; i < tail.length; i++) if (words[offset + i] !== tail[i]) return false;
  return true;
}
