import { context, diag, ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { suppressTracing } from '@opentelemetry/core';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  type IdGenerator,
  InMemorySpanExporter,
  type Sampler,
  SamplingDecision,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { captureDiag } from '@spawn/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededTraceIds } from '../test/seeded-ids.js';
import { createSampler } from './create-sampler.js';
import { createEarlySampling, type EarlySampling } from './early-sampling.js';
import { FastIdGenerator } from './fast-id-generator.js';

const NAME = 'aws.sqs.ReceiveMessage';

/** Counts calls, so a test can see that each trace is decided and drawn exactly once. */
function counting<T extends object>(target: T): { target: T; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return value.apply(obj, args);
      };
    },
  });
  return { target: proxy, calls };
}

function setup(sampler: Sampler, ids: IdGenerator = new FastIdGenerator(), wired = true) {
  const exporter = new InMemorySpanExporter();
  const early = createEarlySampling({ sampler, idGenerator: ids });
  const provider = new BasicTracerProvider({
    sampler: wired ? early.sampler : sampler,
    idGenerator: wired ? early.idGenerator : ids,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = early.wrap(provider).getTracer('test');
  return { early, exporter, tracer };
}

describe('createEarlySampling', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    context.disable();
    manager.disable();
  });
  afterEach(() => {
    diag.disable();
  });

  it('drops a sampled-out new trace before the SDK sees it, with a valid context for its children', () => {
    const { early, exporter, tracer } = setup(createSampler({ rate: 0 }));
    const root = tracer.startSpan(NAME, { attributes: { 'aws.region': 'us-east-1' } });
    expect(root.isRecording()).toBe(false);
    root.setAttribute('a', 1).addEvent('e').setStatus({ code: 2 }).updateName('x');
    root.recordException(new Error('ignored'));
    root.end();
    const sc = root.spanContext();
    expect(sc.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(sc.spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
    expect(sc.traceFlags).toBe(TraceFlags.NONE);
    expect(root.spanContext()).toBe(sc);
    // Its children follow it through the SDK's parent-based path: same trace, not recorded.
    const child = tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, root));
    expect(child.isRecording()).toBe(false);
    expect(child.spanContext().traceId).toBe(sc.traceId);
    child.end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(early.sampledOut).toBe(1);
  });

  it('hands a sampled root to the SDK with the trace id and decision it already made', () => {
    const sampler = counting(createSampler({ rate: 1 }));
    const ids = counting<IdGenerator>(new FastIdGenerator());
    const { exporter, tracer } = setup(sampler.target, ids.target);
    const root = tracer.startSpan(NAME, { kind: SpanKind.CONSUMER, attributes: { k: 'v' } });
    expect(root.isRecording()).toBe(true);
    const child = tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, root));
    child.end();
    root.end();
    expect(sampler.calls.get('shouldSample')).toBe(2); // once for the root, once for the child
    expect(ids.calls.get('generateTraceId')).toBe(1);
    const [childSpan, rootSpan] = exporter.getFinishedSpans();
    expect(rootSpan?.spanContext().traceState?.get('ot')).toBe('th:0');
    expect(rootSpan?.kind).toBe(SpanKind.CONSUMER);
    expect(rootSpan?.attributes).toEqual({ k: 'v' });
    expect(childSpan?.parentSpanContext?.spanId).toBe(rootSpan?.spanContext().spanId);
  });

  it('takes a rate limit token once per sampled trace', () => {
    let now = 0;
    const sampler = createSampler({ rate: 0, rules: [{ name: NAME, rateLimit: 1 }], now: () => now });
    const { exporter, tracer } = setup(sampler);
    // One token a second: decided twice per trace, the second ask would find the bucket empty.
    for (let second = 0; second < 5; second++) {
      now = second * 1000;
      tracer.startSpan(NAME).end();
      tracer.startSpan(NAME).end();
    }
    expect(exporter.getFinishedSpans()).toHaveLength(5);
  });

  it('makes the same decision as the sampler itself, trace by trace', () => {
    const reference = createSampler({ rate: 0.1 });
    const draw = seededTraceIds(11);
    const ids: IdGenerator = { generateTraceId: draw, generateSpanId: () => '00f067aa0ba902b7' };
    const { tracer } = setup(createSampler({ rate: 0.1 }), ids);
    let kept = 0;
    for (let i = 0; i < 20_000; i++) {
      const span = tracer.startSpan(NAME);
      const expected =
        reference.shouldSample(ROOT_CONTEXT, span.spanContext().traceId, NAME, SpanKind.INTERNAL, {}, [])
          .decision === SamplingDecision.RECORD_AND_SAMPLED;
      expect(span.isRecording()).toBe(expected);
      if (expected) kept++;
      span.end();
    }
    // 2 000 expected, σ ≈ 42.
    expect(Math.abs(kept - 2000)).toBeLessThan(210);
  });

  it('treats `root: true` as a new trace even under an active span', () => {
    const { tracer } = setup(createSampler({ rate: 1 }));
    const parent = tracer.startSpan('parent');
    const root = tracer.startSpan('root', { root: true }, trace.setSpan(ROOT_CONTEXT, parent));
    expect(root.spanContext().traceId).not.toBe(parent.spanContext().traceId);
    expect(root.isRecording()).toBe(true);
  });

  it('leaves suppressed contexts to the SDK (an invalid, non-recording span)', () => {
    const sampler = counting(createSampler({ rate: 1 }));
    const { tracer } = setup(sampler.target);
    const span = tracer.startSpan(NAME, {}, suppressTracing(ROOT_CONTEXT));
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(false);
    expect(sampler.calls.get('shouldSample')).toBeUndefined();
  });

  it('drops the trace and reports through diag when the sampler throws, never throwing itself', () => {
    const lines = captureDiag('@spawn/tracing-sampler');
    const broken: Sampler = {
      shouldSample: () => {
        throw new Error('rule table corrupt');
      },
    };
    const { early, tracer } = setup(broken);
    const span = tracer.startSpan(NAME);
    expect(span.isRecording()).toBe(false);
    expect(early.sampledOut).toBe(1);
    expect(lines.filter((l) => l.level === 'warn')).toEqual([
      { level: 'warn', message: expect.stringContaining('rule table corrupt') },
    ]);
  });

  it('falls back to the SDK path, once warned, when the provider does not use its sampler or ids', () => {
    for (const missing of ['idGenerator', 'sampler'] as const) {
      const lines = captureDiag('@spawn/tracing-sampler');
      const exporter = new InMemorySpanExporter();
      const ids = new FastIdGenerator();
      const early = createEarlySampling({ sampler: new AlwaysOnSampler(), idGenerator: ids });
      const provider = new BasicTracerProvider({
        sampler: missing === 'sampler' ? new AlwaysOnSampler() : early.sampler,
        idGenerator: missing === 'idGenerator' ? ids : early.idGenerator,
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      const tracer = early.wrap(provider).getTracer('test');
      for (let i = 0; i < 3; i++) tracer.startSpan(NAME).end();
      expect(exporter.getFinishedSpans()).toHaveLength(3);
      expect(lines.filter((l) => l.level === 'warn')).toEqual([
        { level: 'warn', message: expect.stringContaining(`use the ${missing}`) },
      ]);
    }
  });

  it('starts active spans with every overload and returns what the callback returns', () => {
    const { tracer, exporter } = setup(createSampler({ rate: 1 }));
    const seen: boolean[] = [];
    const a = tracer.startActiveSpan('a', (span) => {
      seen.push(trace.getActiveSpan() === span);
      span.end();
      return 1;
    });
    const b = tracer.startActiveSpan('b', { kind: SpanKind.SERVER }, (span) => {
      seen.push(trace.getActiveSpan() === span);
      span.end();
      return 2;
    });
    const c = tracer.startActiveSpan('c', {}, ROOT_CONTEXT, async (span) => {
      seen.push(trace.getActiveSpan() === span);
      span.end();
      return 3;
    });
    expect([a, b]).toEqual([1, 2]);
    return c.then((value) => {
      expect(value).toBe(3);
      expect(seen).toEqual([true, true, true]);
      expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['a', 'b', 'c']);
    });
  });

  it('gives the same tracer for the same name, version and schema', () => {
    const { early } = setup(createSampler({ rate: 1 }));
    const provider = early.wrap(new BasicTracerProvider());
    expect(provider.getTracer('x', '1')).toBe(provider.getTracer('x', '1'));
    expect(provider.getTracer('x', '1')).not.toBe(provider.getTracer('x', '2'));
  });

  it('names the wrong option at construction', () => {
    const ids = new FastIdGenerator();
    expect(() => createEarlySampling({ sampler: undefined as unknown as Sampler, idGenerator: ids })).toThrow(
      'options.sampler = undefined: must be a Sampler',
    );
    expect(() =>
      createEarlySampling({ sampler: new AlwaysOnSampler(), idGenerator: {} as IdGenerator }),
    ).toThrow('options.idGenerator = [object Object]: must be an IdGenerator');
    const early: EarlySampling = createEarlySampling({
      sampler: createSampler({ rate: 0.5 }),
      idGenerator: ids,
    });
    expect(String(early.sampler)).toMatch(/^EarlySampling\{ConsistentParentBased/);
  });
});
