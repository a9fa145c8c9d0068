import { context, type Span, type SpanOptions, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';

/**
 * The specification's span lifecycle in one call: `fn` runs inside an active span; a throw or rejection
 * records the exception, sets status ERROR with its message and is rethrown; success sets status OK;
 * the span always ends. Works for sync and async functions and keeps the return type.
 */
export function withSpan<T>(tracer: Tracer, name: string, fn: (span: Span) => T, options?: SpanOptions): T {
  const span = options ? tracer.startSpan(name, options) : tracer.startSpan(name);
  const ctx = trace.setSpan(context.active(), span);
  let result: T;
  try {
    result = context.with(ctx, fn, undefined, span);
  } catch (err) {
    fail(span, err);
    span.end();
    throw err;
  }
  if (isPromiseLike(result)) {
    return result.then(
      (value) => {
        if (span.isRecording()) span.setStatus({ code: SpanStatusCode.OK });
        span.end();
        return value;
      },
      (err: unknown) => {
        fail(span, err);
        span.end();
        throw err;
      },
    ) as T;
  }
  // A non-recording span ignores status; skipping the call saves the object literal.
  if (span.isRecording()) span.setStatus({ code: SpanStatusCode.OK });
  span.end();
  return result;
}

/** Records `err` on the span and marks it failed, as the specification's "Recording Errors" shows. */
export function recordFailure(span: Span, err: unknown): void {
  fail(span, err);
}

function fail(span: Span, err: unknown): void {
  if (!span.isRecording()) return;
  const error = err instanceof Error ? err : new Error(String(err));
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
