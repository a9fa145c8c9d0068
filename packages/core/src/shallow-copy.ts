/**
 * A shallow copy that stays fast when keys are added to it afterwards. V8 (seen on Node 20) turns an
 * object made by spread (`{ ...x }`, `{ ...x, newKey }`) slow once it gains a key `x` did not have:
 * about 5 µs per copy instead of 0.1 µs, which made injecting trace attributes 20 times dearer.
 */
export function shallowCopy<T extends object>(value: T): T {
  return Object.assign({}, value);
}
