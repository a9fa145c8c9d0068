import { context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyWrittenBy, suppressed, withSpan } from './context-layer.js';

const JOB = createContextKey('job');
const OTHER = createContextKey('other');
const tracer = new BasicTracerProvider().getTracer('test');

describe('context layers', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
  });
  afterAll(() => {
    context.disable();
  });

  it('suppress tracing over the parent and leave the parent as it was', () => {
    const parent = ROOT_CONTEXT.setValue(JOB, 'job-1');
    const layer = suppressed(parent);
    expect(isTracingSuppressed(layer)).toBe(true);
    expect(layer.getValue(JOB)).toBe('job-1');
    expect(isTracingSuppressed(parent)).toBe(false);
  });

  it('make a span current as trace.setSpan does, and trace.getSpan finds it under a suppression layer', () => {
    const outer = tracer.startSpan('outer');
    const inner = tracer.startSpan('inner');
    const parent = trace.setSpan(ROOT_CONTEXT, outer);
    const layer = withSpan(suppressed(parent), inner);
    expect(trace.getSpan(layer)).toBe(inner);
    expect(isTracingSuppressed(layer)).toBe(true);
    expect(trace.getSpan(parent)).toBe(outer);
    expect(trace.getSpan(withSpan(ROOT_CONTEXT, outer))).toBe(outer);
  });

  it('set and delete values as any context does, each returning a new context', () => {
    const base = suppressed(ROOT_CONTEXT.setValue(JOB, 'job-1'));
    const set = base.setValue(OTHER, 42);
    const deleted = set.deleteValue(JOB);
    expect(set.getValue(OTHER)).toBe(42);
    expect(set.getValue(JOB)).toBe('job-1');
    expect(deleted.getValue(JOB)).toBeUndefined();
    expect(deleted.getValue(OTHER)).toBe(42);
    expect(base.getValue(OTHER)).toBeUndefined();
    expect(isTracingSuppressed(deleted)).toBe(true);
  });

  it('are what context.active() returns inside context.with, across awaits', async () => {
    const span = tracer.startSpan('call');
    const layer = withSpan(suppressed(ROOT_CONTEXT), span);
    const seen = await context.with(layer, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return context.active();
    });
    expect(seen).toBe(layer);
    expect(trace.getActiveSpan()).toBeUndefined();
    // The API's own functions work on a layer as a parent.
    expect(trace.getSpan(trace.setSpan(layer, span))).toBe(span);
  });
});

describe('keyWrittenBy', () => {
  it("learns the API's own key from what a function writes", () => {
    const key = keyWrittenBy((into) => suppressTracing(into));
    expect(key).toBeTypeOf('symbol');
    expect(isTracingSuppressed(ROOT_CONTEXT.setValue(key as symbol, true))).toBe(true);
  });

  it('gives up (the API functions are used as they are) on no write, two writes or a throw', () => {
    expect(keyWrittenBy(() => undefined)).toBeUndefined();
    expect(keyWrittenBy((into) => into.setValue(JOB, 1).setValue(OTHER, 2))).toBeUndefined();
    expect(
      keyWrittenBy(() => {
        throw new Error('changed API');
      }),
    ).toBeUndefined();
  });
});
