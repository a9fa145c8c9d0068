import { activeSlot } from './active-instrumentation.js';
import { type AwsClientLike, installTracing, isAwsClient } from './client-middleware.js';

/** On the prototype that owns `send`: shared by every copy of this package, so each class is patched once. */
const PATCHED = Symbol.for('@spawn/tracing:aws-sdk-send');

type SendOwner = { send: (...args: unknown[]) => unknown } & Record<symbol, unknown>;

/**
 * Wraps `send` on the prototype that defines it (smithy's `Client`, wherever it lives this year), so the
 * first call of each client adds the tracing middleware to its stack. The wrapper stays when the
 * instrumentation is disabled and then only forwards: re-enabling needs no re-patching of every SDK copy.
 */
export function patchClientClass(candidate: unknown): boolean {
  if (typeof candidate !== 'function') return false;
  let proto: unknown = (candidate as { prototype?: unknown }).prototype;
  if (typeof proto !== 'object' || proto === null) return false;
  while (proto !== null && proto !== Object.prototype) {
    if (Object.hasOwn(proto as object, 'send')) break;
    proto = Object.getPrototypeOf(proto);
  }
  if (proto === null || proto === Object.prototype) return false;
  const owner = proto as SendOwner;
  if (owner[PATCHED] !== undefined) return true;
  const original = owner.send;
  if (typeof original !== 'function') return false;
  const send = function send(this: unknown, ...args: unknown[]): unknown {
    const active = activeSlot.current;
    if (active !== undefined && isAwsClient(this)) {
      try {
        installTracing(this as AwsClientLike);
      } catch (err) {
        active.diagnostics.report('warn', 'AWS SDK client not instrumented', String(err));
      }
    }
    return original.apply(this, args);
  };
  Object.defineProperty(owner, PATCHED, { value: original, configurable: true });
  owner.send = send;
  return true;
}

/**
 * Patches every client class a module exports (`DynamoDBClient`, smithy's `Client`, …), found by shape —
 * a constructor whose instances have `send` — never by file path. Returns how many were found.
 */
export function patchModuleExports(moduleExports: unknown): number {
  if (moduleExports === null || (typeof moduleExports !== 'object' && typeof moduleExports !== 'function'))
    return 0;
  let found = 0;
  const seen = new Set<unknown>();
  const visit = (bag: object) => {
    for (const key of Object.keys(bag)) {
      if (key !== 'Client' && !key.endsWith('Client')) continue;
      let value: unknown;
      try {
        value = (bag as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      if (seen.has(value)) continue;
      seen.add(value);
      if (patchClientClass(value)) found++;
    }
  };
  visit(moduleExports);
  const fallback = (moduleExports as { default?: unknown }).default;
  if (typeof fallback === 'object' && fallback !== null && fallback !== moduleExports) visit(fallback);
  return found;
}
