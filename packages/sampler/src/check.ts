/** How a configuration value is shown in an error: strings quoted, numbers as JavaScript prints them. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throws `<key> = <value>: must be a number between 0 and 1` unless `value` is one. */
export function checkRate(key: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${key} = ${show(value)}: must be a number between 0 and 1`);
  }
  return value;
}

/** Throws unless `value` is a finite number no smaller than `min`. */
export function checkAtLeast(key: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${key} = ${show(value)}: must be a finite number of at least ${min}`);
  }
  return value;
}
