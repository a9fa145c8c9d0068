import { context } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, isTracingSuppressed } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * What the exporter does with one `export()` call: answer OK or FAILED at once, answer in a
 * microtask, hold the callback (hang until the test answers), throw, answer twice, or give a result.
 */
export type Step = 'ok' | 'fail' | 'microtask' | 'hold' | 'throw' | 'twice' | ExportResult;

export interface Call {
  names: string[];
  suppressed: boolean;
  answer: (result: ExportResult) => void;
}

/** A real `SpanExporter` that follows a script, one step per call, then `then` for every later call. */
export class ScriptedExporter implements SpanExporter {
  readonly calls: Call[] = [];
  /** Names of spans in calls that answered SUCCESS (first answer only), in order. */
  readonly exported: string[] = [];
  readonly events: string[] = [];

  constructor(
    private readonly script: (Step | ((spans: ReadableSpan[]) => Step))[] = [],
    private readonly then: Step | ((spans: ReadableSpan[]) => Step) = 'ok',
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const index = this.calls.length;
    const planned = index < this.script.length ? this.script[index]! : this.then;
    const step = typeof planned === 'function' ? planned(spans) : planned;
    let answered = false;
    const names = spans.map((s) => s.name);
    const answer = (result: ExportResult) => {
      if (!answered && result.code === ExportResultCode.SUCCESS) this.exported.push(...names);
      answered = true;
      resultCallback(result);
    };
    this.calls.push({ names, suppressed: isTracingSuppressed(context.active()), answer });
    this.events.push(`export ${names.length}`);
    const ok = { code: ExportResultCode.SUCCESS };
    if (step === 'hold') return;
    if (step === 'throw') throw new Error('exporter bug');
    if (step === 'microtask') {
      queueMicrotask(() => answer(ok));
    } else if (step === 'twice') {
      answer(ok);
      answer(ok);
    } else if (step === 'ok') {
      answer(ok);
    } else if (step === 'fail') {
      answer({ code: ExportResultCode.FAILED, error: new Error('backend unavailable') });
    } else {
      answer(step);
    }
  }

  forceFlushCalls = 0;
  forceFlush(): Promise<void> {
    this.forceFlushCalls++;
    this.events.push('forceFlush');
    return Promise.resolve();
  }

  shutdownCalls = 0;
  shutdown(): Promise<void> {
    this.shutdownCalls++;
    this.events.push('shutdown');
    return Promise.resolve();
  }
}
