/**
 * Process-wide state that must stay unique even when both the ESM and the CJS build of a package load
 * (the dual-package hazard): it lives on `globalThis` under a `Symbol.for` key, as `@opentelemetry/api` does.
 */
export function globalSlot<T>(name: string, create: () => T): T {
  const key = Symbol.for(`@spawn/tracing:${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  let value = store[key];
  if (value === undefined) {
    value = create();
    store[key] = value;
  }
  return value;
}
