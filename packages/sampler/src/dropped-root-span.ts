import {
  type Exception,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanAttributeValue,
  type SpanContext,
  type SpanStatus,
  type TimeInput,
  TraceFlags,
  type TraceState,
} from '@opentelemetry/api';
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

  setAttribute(_key: string, _value: SpanAttributeValue): this {
    return this;
  }

  setAttributes(_attributes: SpanAttributes): this {
    return this;
  }

  addEvent(_name: string, _attributesOrTime?: SpanAttributes | TimeInput, _time?: TimeInput): this {
    return this;
  }

  addLink(_link: Link): this {
    return this;
  }

  addLinks(_links: Link[]): this {
    return this;
  }

  setStatus(_status: SpanStatus): this {
    return this;
  }

  updateName(_name: string): this {
    return this;
  }

  end(_endTime?: TimeInput): void {}

  isRecording(): boolean {
    return false;
  }

  recordException(_exception: Exception, _time?: TimeInput): void {}
}
