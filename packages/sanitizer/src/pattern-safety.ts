/**
 * Why a user pattern could backtrack catastrophically, or `undefined` when it looks safe: a quantified
 * group that itself contains a quantifier (`(a+)+`, `(\w*x)*`) or a back-reference. A conservative
 * syntactic check, not a proof; the built-in patterns are proven by the ReDoS tests instead.
 */
export function backtrackingRisk(source: string): string | undefined {
  // Per open group: whether something inside it is quantified.
  const groups: boolean[] = [];
  let lastGroupHadQuantifier = false;
  let afterGroup = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) return 'uses a back-reference';
      i++;
      afterGroup = false;
      continue;
    }
    if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      afterGroup = false;
      continue;
    }
    if (c === '(') {
      groups.push(false);
      afterGroup = false;
      continue;
    }
    if (c === ')') {
      lastGroupHadQuantifier = groups.pop() ?? false;
      afterGroup = true;
      continue;
    }
    const quantifier = c === '*' || c === '+' || (c === '{' && /^\{\d+,\d*\}/.test(source.slice(i)));
    if (quantifier || c === '?' || c === '{') {
      if (quantifier && afterGroup && lastGroupHadQuantifier)
        return 'has a quantified group that contains a quantifier';
      if (quantifier && groups.length > 0) groups[groups.length - 1] = true;
      if (c === '{') i = source.indexOf('}', i) < 0 ? i : source.indexOf('}', i);
      afterGroup = false;
      continue;
    }
    afterGroup = false;
  }
  return undefined;
}
