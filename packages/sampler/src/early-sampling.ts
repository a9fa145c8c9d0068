import {
  type Attributes,
  type Context,
  diag,
  type Link,
  type SpanKind,
  type Tracer,
  type TracerOptions,
  type TracerProvider,
} from '@opentelemetry/api';
import type { IdGenerator, Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { RateLimitedDiag } from '@spawn/tracing-core';
import { type EarlySamplingState, EarlySamplingTracer } from './early-sampling-tracer.js';

export interface EarlySamplingOptions {
  /** The head sampler, normally `createSampler(…)`; any SDK sampler works. */
  sampler: Sampler;
  /** The id generator, normally `new FastIdGenerator()` (or X-Ray's); any SDK id generator works. */
  idGenerator: IdGenerator;
}

/**
 * Give these to the SDK's provider (`new BasicTracerProvider({ sampler, idGenerator, … })`) and
 * register `wrap(provider)` as the global tracer provider: new traces are then decided before the
 * SDK's tracer runs, and a dropped one costs a fraction of what it costs through the SDK.
 */
export interface EarlySampling {
  /** `options.sampler`, taking over decisions already made by the wrapped provider's tracers. */
  readonly sampler: Sampler;
  /** `options.idGenerator`, taking over trace ids already drawn by the wrapped provider's tracers. */
  readonly idGenerator: IdGenerator;
  /** A tracer provider whose tracers drop sampled-out new traces early and pass the rest to `provider`. */
  wrap(provider: TracerProvider): TracerProvider;
  /** How many new traces were dropped early (the SDK's span metrics do not see these). */
  readonly sampledOut: number;
}

/**
 * Early head sampling for an OpenTelemetry SDK provider. A sampled-out root span through the SDK's
 * tracer still has its attributes sanitized, its links mapped, span metrics recorded and a debug
 * line logged; decided here first, it is just ids and a non-recording span. Children (which follow
 * their parent) and sampled roots take the SDK's path, so processors, limits and metrics see every
 * recorded span as before, and each trace is decided exactly once.
 *
 * If the provider turns out not to use `sampler` and `idGenerator` from here, the mismatch is
 * reported through `diag` once and every span takes the SDK's path from then on.
 */
export function createEarlySampling(options: EarlySamplingOptions): EarlySampling {
  const { sampler, idGenerator } = options ?? ({} as Partial<EarlySamplingOptions>);
  if (typeof sampler?.shouldSample !== 'function') {
    throw new TypeError(`createEarlySampling: options.sampler = ${String(sampler)}: must be a Sampler`);
  }
  if (
    typeof idGenerator?.generateTraceId !== 'function' ||
    typeof idGenerator.generateSpanId !== 'function'
  ) {
    throw new TypeError(
      `createEarlySampling: options.idGenerator = ${String(idGenerator)}: must be an IdGenerator`,
    );
  }
  const reports = new RateLimitedDiag('@spawn/tracing-sampler');
  const state: EarlySamplingState = {
    sampler,
    ids: idGenerator,
    pending: undefined,
    bypass: false,
    sampledOut: 0,
    onMismatch(reason) {
      if (state.bypass) return;
      state.bypass = true;
      diag.warn(`@spawn/tracing-sampler: early sampling turned off: ${reason}`);
    },
    failed(err) {
      reports.report('warn', 'sampler failed; new trace dropped', String(err));
    },
  };
  return {
    sampler: new HandoffSampler(state),
    idGenerator: {
      generateTraceId() {
        const handoff = state.pending;
        if (handoff === undefined || handoff.idTaken) return idGenerator.generateTraceId();
        handoff.idTaken = true;
        return handoff.traceId;
      },
      generateSpanId: () => idGenerator.generateSpanId(),
    },
    wrap: (provider) => new EarlySamplingTracerProvider(provider, state),
    get sampledOut() {
      return state.sampledOut;
    },
  };
}

/** The sampler the SDK's tracers call: a root decided early gets that decision back, all else is asked. */
class HandoffSampler implements Sampler {
  constructor(private readonly state: EarlySamplingState) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const handoff = this.state.pending;
    if (handoff !== undefined && !handoff.decided && handoff.traceId === traceId) {
      handoff.decided = true;
      return handoff.result;
    }
    return this.state.sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `EarlySampling{${this.state.sampler.toString()}}`;
  }
}

class EarlySamplingTracerProvider implements TracerProvider {
  private readonly tracers = new Map<string, Tracer>();

  constructor(
    private readonly inner: TracerProvider,
    private readonly state: EarlySamplingState,
  ) {}

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const key = `${name}@${version ?? ''}:${options?.schemaUrl ?? ''}`;
    let tracer = this.tracers.get(key);
    if (tracer === undefined) {
      tracer = new EarlySamplingTracer(this.inner.getTracer(name, version, options), this.state);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }
}
