import { type Span, type SpanContext, TraceFlags, type TraceState } from '@opentelemetry/api';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';

/**
 * The span of a new trace that was sampled out: records nothing, like the API's non-recording span,
 * but draws its span id only when something reads its context (a child, a propagator). Most dropped
 * spans are started and ended and never asked, so they cost a trace id and no span id.
 */
export class DroppedRootSpan implements Span {
  private context: SpanContext | undefined;

  constructor(
    private readonly traceId: string,
    private readonly traceState: TraceState | undefined,
    private readonly ids: IdGenerator,
  ) {}

  spanContext(): SpanContext {
    if (this.context === undefined) {
      this.context = {
        traceId: this.traceId,
        spanId: this.ids.generateSpanId(),
        traceFlags: TraceFlags.NONE,
        traceState: this.traceState,
      };
    }
    return this.context;
  }

  setAttribute(): this {
    return this;
  }

  setAttributes(): this {
    return this;
  }

  addEvent(): this {
    return this;
  }

  addLink(): this {
    return this;
  }

  addLinks(): this {
    return this;
  }

  setStatus(): this {
    return this;
  }

  updateName(): this {
    return this;
  }

  end(): void {}

  isRecording(): boolean {
    return false;
  }

  recordException(): void {}
}
