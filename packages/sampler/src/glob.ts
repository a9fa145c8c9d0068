/** A compiled glob: `*` matches any run of characters (dots included), `?` exactly one. */
export type GlobMatcher = (value: string) => boolean;

const ANY: GlobMatcher = () => true;

export function compileGlob(pattern: string): GlobMatcher {
  if (pattern === '*') return ANY;
  if (!/[*?]/.test(pattern)) return (value) => value === pattern;
  const star = pattern.indexOf('*');
  // `aws.dynamodb.*`, the common shape, needs no regular expression.
  if (star === pattern.length - 1 && !pattern.includes('?')) {
    const prefix = pattern.slice(0, -1);
    return (value) => value.startsWith(prefix);
  }
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, 'su');
  return (value) => re.test(value);
}
