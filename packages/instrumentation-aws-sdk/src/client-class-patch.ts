import { activeSlot } from './active-instrumentation.js';
import { isAwsClient } from './client-middleware.js';
import { type Send, traceSend } from './traced-send.js';

/** On the prototype that owns `send`: shared by every copy of this package, so each class is patched once. */
const PATCHED = Symbol.for('@spawn/tracing:aws-sdk-send');

type SendOwner = { send: Send } & Record<symbol, unknown>;

/**
 * Wraps `send` on the prototype that defines it (smithy's `Client`, wherever it lives this year): every
 * call of every client of that SDK copy is traced there. The wrapper stays when the instrumentation is
 * disabled and then only forwards: re-enabling needs no re-patching of every SDK copy.
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
  const send = function send(this: unknown, command: unknown, optionsOrCb?: unknown, cb?: unknown): unknown {
    const tracer = activeSlot.current;
    if (tracer === undefined || typeof command !== 'object' || command === null || !isAwsClient(this)) {
      return original.call(this, command, optionsOrCb, cb);
    }
    return traceSend(tracer, this, original, command, optionsOrCb, cb);
  };
  Object.defineProperty(owner, PATCHED, { value: original, configurable: true });
  owner.send = send;
  return true;
}

/** Whether the class of this client has its `send` patched (then every call is traced without a middleware). */
export function isSendPatched(client: object): boolean {
  return (client as Record<symbol, unknown>)[PATCHED] !== undefined;
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
