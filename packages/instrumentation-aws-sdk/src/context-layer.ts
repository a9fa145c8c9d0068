import { type Context, INVALID_SPAN_CONTEXT, type Span, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

/**
 * One value over a parent context, without copying it. The API's own context copies its whole map on
 * every `setValue`, and a traced call needs two (tracing suppressed, the span active): a few µs per
 * call once the SDK's work between two calls has pushed that code and data out of the CPU's caches.
 * Any `Context` can be the parent; lookups walk up the layers, which stay few (a call adds one or two).
 */
class ContextLayer implements Context {
  constructor(
    private readonly parent: Context,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    return key === this.key ? this.value : this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new ContextLayer(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return new ContextLayer(this, key, undefined);
  }
}

/**
 * The key an API function writes, learned by handing it a context that records the write: the keys are
 * the API's own (shared across its copies through `Symbol.for`), and none of its internals are read.
 * Undefined if the function wrote some other way; the API's functions are then used as they are.
 */
export function keyWrittenBy(write: (into: Context) => unknown): symbol | undefined {
  const keys: symbol[] = [];
  const recorder: Context = {
    getValue: () => undefined,
    setValue(key) {
      keys.push(key);
      return recorder;
    },
    deleteValue: () => recorder,
  };
  try {
    write(recorder);
  } catch {
    return undefined;
  }
  return keys.length === 1 ? keys[0] : undefined;
}

const SUPPRESS_KEY = keyWrittenBy((into) => suppressTracing(into));
const SPAN_KEY = keyWrittenBy((into) => trace.setSpan(into, trace.wrapSpanContext(INVALID_SPAN_CONTEXT)));

/** `suppressTracing(parent)`. */
export function suppressed(parent: Context): Context {
  return SUPPRESS_KEY === undefined ? suppressTracing(parent) : new ContextLayer(parent, SUPPRESS_KEY, true);
}

/** `trace.setSpan(parent, span)`. */
export function withSpan(parent: Context, span: Span): Context {
  return SPAN_KEY === undefined ? trace.setSpan(parent, span) : new ContextLayer(parent, SPAN_KEY, span);
}
