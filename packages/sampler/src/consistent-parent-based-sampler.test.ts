import {
  type DiagLogger,
  defaultTextMapGetter,
  defaultTextMapSetter,
  diag,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  type Sampler,
  SamplingDecision,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ConsistentParentBasedSampler } from './consistent-parent-based-sampler.js';
import { ConsistentProbabilitySampler } from './consistent-probability-sampler.js';
import { FastIdGenerator } from './fast-id-generator.js';

const propagator = new W3CTraceContextPropagator();

const collect = (warnings: string[]): DiagLogger => {
  const ignore = () => {};
  return {
    warn: (m: string) => void warnings.push(m),
    error: ignore,
    info: ignore,
    debug: ignore,
    verbose: ignore,
  };
};

function service(root: Sampler) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    sampler: new ConsistentParentBasedSampler(root),
    idGenerator: new FastIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer('test'), exporter };
}

/** What crosses a process boundary: traceparent and tracestate headers. */
function carry(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier;
}

function receive(carrier: Record<string, string>) {
  return propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

const remoteParent = (flags: TraceFlags, traceState?: string, traceId = '4bf92f3577b34da6a3ce929d0e0e4736') =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: '00f067aa0ba902b7',
    traceFlags: flags,
    isRemote: true,
    traceState: traceState === undefined ? undefined : new TraceState(traceState),
  });

describe('ConsistentParentBasedSampler', () => {
  it('children follow a local parent whatever the root rate: sampled and not', () => {
    // The root rate is 50 %, but a child of a kept root is always kept and a child of a dropped one never.
    const { tracer, exporter } = service(new ConsistentProbabilitySampler(0.5));
    let keptRoots = 0;
    for (let i = 0; i < 200; i++) {
      const root = tracer.startSpan(`root-${i}`, { root: true }, ROOT_CONTEXT);
      const rootSampled = (root.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
      if (rootSampled) keptRoots++;
      const ctx = trace.setSpan(ROOT_CONTEXT, root);
      for (let j = 0; j < 3; j++) {
        const child = tracer.startSpan('child', {}, ctx);
        expect(child.isRecording()).toBe(rootSampled);
        expect(child.spanContext().traceState?.serialize()).toBe(root.spanContext().traceState?.serialize());
        const grandchild = tracer.startSpan('grandchild', {}, trace.setSpan(ROOT_CONTEXT, child));
        expect(grandchild.isRecording()).toBe(rootSampled);
        grandchild.end();
        child.end();
      }
      root.end();
    }
    expect(keptRoots).toBeGreaterThan(50);
    expect(keptRoots).toBeLessThan(150);
    expect(exporter.getFinishedSpans()).toHaveLength(keptRoots * 7);
  });

  it('children in another process follow the remote parent: a 1 % service keeps what a 100 % one kept', () => {
    const front = service(new ConsistentProbabilitySampler(1));
    const back = service(new ConsistentProbabilitySampler(0.01));
    for (let i = 0; i < 100; i++) {
      const root = front.tracer.startSpan('front', { root: true }, ROOT_CONTEXT);
      const headers = carry(root);
      expect(headers.tracestate).toBe('ot=th:0');
      const child = back.tracer.startSpan('back', { kind: SpanKind.SERVER }, receive(headers));
      expect(child.isRecording()).toBe(true);
      expect(child.spanContext().traceState?.serialize()).toBe('ot=th:0');
      child.end();
      root.end();
    }
    expect(back.exporter.getFinishedSpans()).toHaveLength(100);
  });

  it('children in another process follow a remote parent that was not sampled, even at rate 1', () => {
    const front = service(new AlwaysOffSampler());
    const back = service(new ConsistentProbabilitySampler(1));
    const root = front.tracer.startSpan('front', { root: true }, ROOT_CONTEXT);
    const headers = carry(root);
    expect(headers.traceparent).toMatch(/-00$/);
    const child = back.tracer.startSpan('back', {}, receive(headers));
    expect(child.isRecording()).toBe(false);
    expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
  });

  it.each([
    ['sampled remote', TraceFlags.SAMPLED, true, new AlwaysOffSampler()],
    ['unsampled remote', TraceFlags.NONE, false, new AlwaysOnSampler()],
  ])('%s parent decides, not the root sampler', (_, flags, expected, root) => {
    const sampler = new ConsistentParentBasedSampler(root);
    const ctx = remoteParent(flags);
    const result = sampler.shouldSample(
      ctx,
      '4bf92f3577b34da6a3ce929d0e0e4736',
      'op',
      SpanKind.SERVER,
      {},
      [],
    );
    expect(result.decision === SamplingDecision.RECORD_AND_SAMPLED).toBe(expected);
  });

  it('keeps a consistent inherited threshold and other vendors as they are', () => {
    const sampler = new ConsistentParentBasedSampler(new AlwaysOffSampler());
    // R = last 14 digits = a3ce929d0e0e47… ≥ th 8 → consistent.
    const result = sampler.shouldSample(
      remoteParent(TraceFlags.SAMPLED, 'congo=t61,ot=th:8'),
      '4bf92f3577b34da6a3ce929d0e0e4736',
      'op',
      SpanKind.SERVER,
      {},
      [],
    );
    expect(result).toEqual({ decision: SamplingDecision.RECORD_AND_SAMPLED });
  });

  it('erases a threshold the randomness contradicts (sampled though R < T), keeping rv and vendors', () => {
    const sampler = new ConsistentParentBasedSampler(new AlwaysOffSampler());
    const ctx = remoteParent(TraceFlags.SAMPLED, 'congo=t61,ot=th:f;rv:10000000000000;x:1');
    const result = sampler.shouldSample(
      ctx,
      '4bf92f3577b34da6a3ce929d0e0e4736',
      'op',
      SpanKind.SERVER,
      {},
      [],
    );
    expect(result.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(result.traceState?.serialize()).toBe('ot=rv:10000000000000;x:1,congo=t61');
  });

  it('erases an invalid th and removes an unreadable ot member, warning through diag', () => {
    const warnings: string[] = [];
    diag.setLogger(collect(warnings));
    try {
      const sampler = new ConsistentParentBasedSampler(new AlwaysOffSampler());
      const id = '4bf92f3577b34da6a3ce929d0e0e4736';
      const invalid = sampler.shouldSample(
        remoteParent(TraceFlags.SAMPLED, 'ot=th:zz;p:2'),
        id,
        'op',
        SpanKind.SERVER,
        {},
        [],
      );
      expect(invalid.traceState?.serialize()).toBe('ot=p:2');
      const onlyTh = sampler.shouldSample(
        remoteParent(TraceFlags.SAMPLED, 'a=1,ot=th:123456789012345'),
        id,
        'op',
        SpanKind.SERVER,
        {},
        [],
      );
      expect(onlyTh.traceState?.serialize()).toBe('a=1');
      const broken = sampler.shouldSample(
        remoteParent(TraceFlags.SAMPLED, 'ot=th:8;th:c,b=2'),
        id,
        'op',
        SpanKind.SERVER,
        {},
        [],
      );
      expect(broken.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
      expect(broken.traceState?.serialize()).toBe('b=2');
      // An ot value over 256 characters is dropped by W3C parsing already; the span keeps the rest.
      const oversize = remoteParent(TraceFlags.SAMPLED, `ot=th:8;k:${'a'.repeat(250)},c=3`);
      expect(trace.getSpanContext(oversize)?.traceState?.serialize()).toBe('c=3');
      expect(sampler.shouldSample(oversize, id, 'op', SpanKind.SERVER, {}, [])).toEqual({
        decision: SamplingDecision.RECORD_AND_SAMPLED,
      });
      expect(warnings.some((w) => w.includes('unreadable ot tracestate member removed'))).toBe(true);
    } finally {
      diag.disable();
    }
  });

  it('a root sampler that throws never reaches the application: the span is dropped and reported', () => {
    const warnings: string[] = [];
    diag.setLogger(collect(warnings));
    try {
      const sampler = new ConsistentParentBasedSampler({
        shouldSample: () => {
          throw new Error('boom');
        },
        toString: () => 'Broken',
      });
      const result = sampler.shouldSample(
        ROOT_CONTEXT,
        '4bf92f3577b34da6a3ce929d0e0e4736',
        'op',
        SpanKind.INTERNAL,
        {},
        [],
      );
      expect(result.decision).toBe(SamplingDecision.NOT_RECORD);
      expect(warnings.join('\n')).toMatch(/root sampler failed.*boom/);
    } finally {
      diag.disable();
    }
  });

  it('an invalid remote parent starts a new trace through the root sampler', () => {
    const sampler = new ConsistentParentBasedSampler(new AlwaysOnSampler());
    const ctx = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '0000000000000000',
      traceFlags: TraceFlags.NONE,
      isRemote: true,
    });
    expect(
      sampler.shouldSample(ctx, '4bf92f3577b34da6a3ce929d0e0e4736', 'op', SpanKind.INTERNAL, {}, []).decision,
    ).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('describes itself', () => {
    expect(new ConsistentParentBasedSampler(new ConsistentProbabilitySampler(0.1)).toString()).toBe(
      'ConsistentParentBased{root=ConsistentProbability{rate=0.1, th=e666}}',
    );
  });
});
