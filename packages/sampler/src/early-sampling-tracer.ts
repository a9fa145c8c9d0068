import {
  type Context,
  context as contextApi,
  type Span,
  SpanKind,
  type SpanOptions,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { IdGenerator, Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { DroppedRootSpan } from './dropped-root-span.js';
import { NOT_SAMPLED } from './sampling-result.js';

/** A root decision made before the SDK's tracer runs, handed to it through the wrapped sampler and ids. */
export interface Handoff {
  readonly traceId: string;
  readonly result: SamplingResult;
  idTaken: boolean;
  decided: boolean;
}

/** What the tracers of one `createEarlySampling` share: the real sampler and ids, the handoff slot, counts. */
export interface EarlySamplingState {
  readonly sampler: Sampler;
  readonly ids: IdGenerator;
  pending: Handoff | undefined;
  /** Set when the provider turned out not to use the wrapped sampler and ids: every span takes the SDK path. */
  bypass: boolean;
  sampledOut: number;
  onMismatch(reason: string): void;
  /** Reports a sampler that threw (the trace is dropped). */
  failed(err: unknown): void;
}

type Callback<F> = (span: Span) => F;

/**
 * A tracer that decides new traces itself and, for a dropped one, returns a non-recording span at
 * once: the SDK's tracer would otherwise sanitize attributes, map links, record span metrics and log
 * before reaching the same answer. Children and sampled roots go to the SDK's tracer unchanged,
 * a sampled root with its trace id and decision handed over so the decision is made only once.
 */
export class EarlySamplingTracer implements Tracer {
  constructor(
    private readonly inner: Tracer,
    private readonly state: EarlySamplingState,
  ) {}

  startSpan(name: string, options?: SpanOptions, context: Context = contextApi.active()): Span {
    const state = this.state;
    const root = options?.root === true;
    if (state.bypass || (!root && trace.getSpan(context) !== undefined) || isTracingSuppressed(context)) {
      return this.inner.startSpan(name, options, context);
    }
    const traceId = state.ids.generateTraceId();
    let result: SamplingResult;
    try {
      result = state.sampler.shouldSample(
        root ? trace.deleteSpan(context) : context,
        traceId,
        name,
        options?.kind ?? SpanKind.INTERNAL,
        options?.attributes ?? {},
        options?.links ?? [],
      );
    } catch (err) {
      // The SDK's tracer would let this throw into the application; a trace nobody could decide is dropped.
      state.failed(err);
      result = NOT_SAMPLED;
    }
    if (result.decision === SamplingDecision.NOT_RECORD) {
      state.sampledOut++;
      return new DroppedRootSpan(traceId, result.traceState, state.ids);
    }
    const handoff: Handoff = { traceId, result, idTaken: false, decided: false };
    state.pending = handoff;
    let span: Span;
    try {
      span = this.inner.startSpan(name, options, context);
    } finally {
      state.pending = undefined;
    }
    if (!handoff.idTaken || span.spanContext().traceId !== traceId) {
      state.onMismatch('the provider does not use the idGenerator from createEarlySampling()');
    } else if (!handoff.decided) {
      state.onMismatch('the provider does not use the sampler from createEarlySampling()');
    }
    return span;
  }

  startActiveSpan<F extends Callback<unknown>>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends Callback<unknown>>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends Callback<unknown>>(
    name: string,
    options: SpanOptions,
    context: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends Callback<unknown>>(
    name: string,
    a?: SpanOptions | F,
    b?: Context | F,
    c?: F,
  ): ReturnType<F> | undefined {
    let options: SpanOptions | undefined;
    let parent: Context | undefined;
    let fn: F | undefined;
    if (typeof a === 'function') fn = a;
    else if (typeof b === 'function') {
      options = a;
      fn = b;
    } else {
      options = a;
      parent = b;
      fn = c;
    }
    if (typeof fn !== 'function') return undefined;
    const ctx = parent ?? contextApi.active();
    const span = this.startSpan(name, options, ctx);
    const callback = fn as Callback<ReturnType<F>>;
    return contextApi.with(trace.setSpan(ctx, span), callback, undefined, span);
  }
}
