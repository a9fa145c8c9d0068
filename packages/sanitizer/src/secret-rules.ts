import {
  F_AT,
  F_AWS_KEY_ID,
  F_AWS_STS,
  F_COLON,
  F_GITHUB,
  F_GOOGLE,
  F_HTTP_AUTH,
  F_JWT,
  F_KEY_WORD,
  F_NPM,
  F_PEM,
  F_SLACK,
  F_STRIPE,
} from './text-scan.js';
import { type Redact, regexRule, type ValueRule } from './value-rule.js';

// AWS unique-identifier prefixes (IAM User Guide, "Understanding unique ID prefixes"): 20 characters.
const awsKeyId = regexRule(
  'aws-access-key-id',
  /(?<![A-Za-z0-9])()((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA|A3T[A-Z0-9])[A-Z0-9]{16})(?![A-Za-z0-9])/g,
  { all: F_AWS_KEY_ID },
);

// A 40-character secret access key right after its name, with or without an assignment sign.
const awsSecretKey = regexRule(
  'aws-secret-access-key',
  /(?<![A-Za-z0-9])((?:aws[ _-]?)?secret[ _-]?(?:access[ _-]?)?key["']?[^A-Za-z0-9/+\r\n_-][^A-Za-z0-9/+\r\n]{0,7})([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
  { all: F_KEY_WORD },
);

// STS session tokens start with a protobuf header whose base64 is stable; `%` for URL-encoded ones.
const awsSessionToken = regexRule(
  'aws-session-token',
  /(?<![A-Za-z0-9+/%])()((?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|AgoJb3JpZ2lu)[A-Za-z0-9+/%]{16,}={0,2})/g,
  { all: F_AWS_STS },
);

const jwt = regexRule(
  'jwt',
  /(?<![A-Za-z0-9_-])()(eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*)/g,
  { all: F_JWT },
);

const HTTP_AUTH =
  /(?<![A-Za-z0-9_-])((bearer|basic)[ \t]{1,8})([A-Za-z0-9._~+/-]{8,}={0,2})(?![A-Za-z0-9._~+/=-])/gi;

/**
 * `Bearer …` and `Basic …` credentials. Prose such as "Bearer authentication" is no credential: a
 * bearer token has a digit or is long; a Basic credential decodes to `user:password`.
 */
const httpAuth: ValueRule = {
  category: 'http-auth',
  all: F_HTTP_AUTH,
  any: 0,
  apply(text: string, redact: Redact): string {
    return text.replace(HTTP_AUTH, (match: string, keep: string, scheme: string, token: string) => {
      const basic = scheme.length === 5;
      if (basic ? !Buffer.from(token, 'base64').toString('latin1').includes(':') : !isBearerToken(token)) {
        return match;
      }
      return keep + redact('http-auth', token);
    });
  },
};

function isBearerToken(token: string): boolean {
  return token.length >= 20 || /[0-9]/.test(token);
}

const urlPassword = regexRule(
  'url-password',
  /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s:/?#@"'<>]{0,256}:)([^\s/?#@"'<>]{1,256})(?=@)/g,
  { all: F_AT | F_COLON },
);

const github = regexRule(
  'github-token',
  /(?<![A-Za-z0-9_])()(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  { all: F_GITHUB },
);

const slackToken = regexRule(
  'slack-token',
  /(?<![A-Za-z0-9_-])()((?:xox[aboprse]|xapp)-[A-Za-z0-9-]{10,})/g,
  { all: F_SLACK },
);

const slackWebhook = regexRule(
  'slack-token',
  /(?<![A-Za-z0-9_-])(hooks\.slack\.com\/services\/)([A-Za-z0-9_/-]{8,})/g,
  { all: F_SLACK },
);

const stripe = regexRule(
  'stripe-key',
  /(?<![A-Za-z0-9_])()((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9+/=]{16,})/g,
  { all: F_STRIPE },
);

const google = regexRule('google-api-key', /(?<![A-Za-z0-9_-])()(AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/g, {
  all: F_GOOGLE,
});

const npm = regexRule('npm-token', /(?<![A-Za-z0-9_])()(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/g, {
  all: F_NPM,
});

/**
 * PEM private key blocks (`-----BEGIN … PRIVATE KEY-----`): the armour lines stay, the body goes. A block
 * cut short (attribute length limits) is redacted to the end of the string. Plain `indexOf`, no regex.
 */
const privateKey: ValueRule = {
  category: 'private-key',
  all: F_PEM,
  any: 0,
  apply(text: string, redact: Redact): string {
    let out = '';
    let from = 0;
    let at = text.indexOf('-----BEGIN ', from);
    while (at >= 0) {
      const headerEnd = text.indexOf('-----', at + 11);
      if (headerEnd < 0) break;
      const label = text.slice(at + 11, headerEnd);
      const bodyStart = headerEnd + 5;
      if (label.length > 48 || !(label.endsWith('PRIVATE KEY') || label.endsWith('PRIVATE KEY BLOCK'))) {
        at = text.indexOf('-----BEGIN ', at + 11);
        continue;
      }
      let bodyEnd = text.indexOf('-----END ', bodyStart);
      if (bodyEnd < 0) bodyEnd = text.length;
      out += text.slice(from, bodyStart) + redact('private-key', text.slice(bodyStart, bodyEnd));
      from = bodyEnd;
      const footerEnd = bodyEnd < text.length ? text.indexOf('-----', bodyEnd + 9) : -1;
      if (footerEnd >= 0) {
        out += text.slice(from, footerEnd + 5);
        from = footerEnd + 5;
      }
      at = text.indexOf('-----BEGIN ', from);
    }
    return from === 0 ? text : out + text.slice(from);
  },
};

/** Built-in secret rules in the order they run (after private keys, before assignments). */
export const TOKEN_RULES: readonly ValueRule[] = [
  privateKey,
  awsKeyId,
  awsSessionToken,
  jwt,
  github,
  slackToken,
  slackWebhook,
  stripe,
  google,
  npm,
  urlPassword,
  httpAuth,
  awsSecretKey,
];
