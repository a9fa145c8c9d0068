import { type Attributes, context, type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
} from '@opentelemetry/sdk-trace-base';
import { exportFailure } from '@spawn/tracing-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { unaccounted } from '../test/accounting.js';
import { type Call, ScriptedExporter, type Step } from '../test/scripted-exporter.js';
import type { BatchProcessorOptions } from './batch-options.js';
import { RetryingBatchSpanProcessor } from './retrying-batch-span-processor.js';

const FAST_RETRY = { retryBaseDelayMillis: 100, retryMaxDelayMillis: 1_000 };
/** Longer than any backoff above: one step of this lets exactly one retry happen. */
const AFTER_BACKOFF = 1_000;

function setup(
  script: Step[],
  then?: ConstructorParameters<typeof ScriptedExporter>[1],
  options: BatchProcessorOptions = {},
) {
  const exporter = new ScriptedExporter(script, then);
  const processor = new RetryingBatchSpanProcessor(exporter, {
    maxExportBatchSize: 5,
    ...FAST_RETRY,
    ...options,
  });
  const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('test');
  const end = (prefix: string, count: number, attributes?: Attributes): string[] => {
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `${prefix}${i}`;
      tracer.startSpan(name, { attributes }).end();
      names.push(name);
    }
    return names;
  };
  return { exporter, processor, end };
}

/** Every queued span is exported, dropped for a counted reason, or still held. */
function expectAccounted(processor: RetryingBatchSpanProcessor) {
  expect(unaccounted(processor.getCounters())).toBe(0);
}

const ok = { code: ExportResultCode.SUCCESS };
const names = (calls: Call[]) => calls.map((c) => c.names.join(','));

let logged: string[];
const logger: DiagLogger = {
  error: (m) => logged.push(`error ${m}`),
  warn: (m) => logged.push(`warn ${m}`),
  info: (m) => logged.push(`info ${m}`),
  debug: () => {},
  verbose: () => {},
};

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
beforeEach(() => {
  vi.useFakeTimers();
  logged = [];
  diag.setLogger(logger, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });
});
afterEach(() => {
  vi.useRealTimers();
  diag.disable();
});

describe('batching', () => {
  it('exports a full batch at once, without waiting for the timer', () => {
    const { exporter, end } = setup([]);
    const batch = end('s', 5);
    expect(names(exporter.calls)).toEqual([batch.join(',')]);
  });

  it('exports a partial batch after scheduledDelayMillis', async () => {
    const { exporter, processor, end } = setup([], 'ok', { scheduledDelayMillis: 5_000 });
    end('s', 3);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(exporter.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(exporter.exported).toEqual(['s0', 's1', 's2']);
    expect(processor.getCounters()).toMatchObject({ queued: 3, exported: 3, held: 0 });
  });

  it('exports only spans with the sampled flag', async () => {
    const exporter = new ScriptedExporter();
    const processor = new RetryingBatchSpanProcessor(exporter);
    const recordOnly: Sampler = {
      shouldSample: () => ({ decision: SamplingDecision.RECORD }),
      toString: () => 'record',
    };
    const tracer = new BasicTracerProvider({ sampler: recordOnly, spanProcessors: [processor] }).getTracer(
      't',
    );
    const span = tracer.startSpan('recorded-not-sampled');
    expect(span.isRecording()).toBe(true);
    span.end();
    await processor.forceFlush();
    expect(exporter.calls).toHaveLength(0);
    expect(processor.getCounters().queued).toBe(0);
  });

  it('waits for resource attributes still being detected before exporting', async () => {
    const exporter = new ScriptedExporter();
    const processor = new RetryingBatchSpanProcessor(exporter, { maxExportBatchSize: 2 });
    let detected: (id: string) => void = () => {};
    const resource = resourceFromAttributes({
      'host.id': new Promise<string>((resolve) => (detected = resolve)),
    });
    const tracer = new BasicTracerProvider({ resource, spanProcessors: [processor] }).getTracer('t');
    tracer.startSpan('a').end();
    tracer.startSpan('b').end();
    await vi.advanceTimersByTimeAsync(10);
    expect(exporter.calls).toHaveLength(0);
    detected('i-0abc');
    await vi.advanceTimersByTimeAsync(0);
    expect(exporter.exported).toEqual(['a', 'b']);
    expect(resource.attributes['host.id']).toBe('i-0abc');
  });

  it('runs exports with tracing suppressed', () => {
    const { exporter, end } = setup([]);
    end('s', 5);
    expect(exporter.calls[0]?.suppressed).toBe(true);
  });

  it('takes a burst of 100 000 spans through a synchronous exporter without losing one', () => {
    const { exporter, processor, end } = setup([], 'ok', { maxExportBatchSize: 100 });
    end('s', 100_000);
    expect(exporter.exported).toHaveLength(100_000);
    expect(new Set(exporter.exported).size).toBe(100_000);
    expect(processor.getCounters()).toMatchObject({
      queued: 100_000,
      exported: 100_000,
      droppedQueueFull: 0,
      held: 0,
    });
  });

  it('takes a burst of 100 000 spans through an asynchronous exporter without losing one', async () => {
    vi.useRealTimers();
    const { exporter, processor, end } = setup([], 'microtask', { maxExportBatchSize: 100 });
    for (let chunk = 0; chunk < 100; chunk++) {
      end(`c${chunk}-`, 1_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await processor.forceFlush();
    expect(exporter.exported).toHaveLength(100_000);
    expect(processor.getCounters()).toMatchObject({
      queued: 100_000,
      exported: 100_000,
      droppedQueueFull: 0,
      held: 0,
    });
  });
});

describe('retries', () => {
  it.each([1, 2, 3])('loses nothing when the exporter fails %i time(s), then succeeds', async (k) => {
    const { exporter, processor, end } = setup(Array<Step>(k).fill('fail'));
    const batch = end('s', 5);
    for (let i = 0; i < k; i++) await vi.advanceTimersByTimeAsync(AFTER_BACKOFF);
    expect(exporter.calls).toHaveLength(k + 1);
    expect(exporter.exported).toEqual(batch);
    expect(processor.getCounters()).toMatchObject({
      exported: 5,
      retried: 5 * k,
      droppedAfterRetries: 0,
      held: 0,
    });
    expectAccounted(processor);
  });

  it('drops exactly the batch that fails a fourth time, and counts it', async () => {
    const { exporter, processor, end } = setup([], (spans) =>
      spans[0]?.name.startsWith('a') ? 'fail' : 'ok',
    );
    end('a', 5);
    const newer = end('b', 5);
    for (let i = 0; i < 4; i++) await vi.advanceTimersByTimeAsync(AFTER_BACKOFF);
    expect(exporter.calls.filter((c) => c.names[0]?.startsWith('a'))).toHaveLength(4);
    expect(exporter.exported).toEqual(newer);
    expect(processor.getCounters()).toMatchObject({
      exported: 5,
      retried: 15,
      droppedAfterRetries: 5,
      held: 0,
    });
    expectAccounted(processor);
    expect(logged.some((l) => l.includes('after 3 retries'))).toBe(true);
  });

  it('waits with growing, jittered backoff between attempts', async () => {
    const { exporter, end } = setup(['fail', 'fail', 'fail'], 'ok', {
      retryBaseDelayMillis: 1_000,
      retryMaxDelayMillis: 60_000,
    });
    end('s', 5);
    const times: number[] = [];
    const start = Date.now();
    while (exporter.calls.length < 4) {
      const before = exporter.calls.length;
      await vi.advanceTimersByTimeAsync(50);
      if (exporter.calls.length > before) times.push(Date.now() - start);
    }
    // Attempt n waits between half and all of 1 s * 2^(n-1).
    const gaps = times.map((t, i) => t - (i === 0 ? 0 : times[i - 1]!));
    expect(gaps[0]).toBeGreaterThanOrEqual(500);
    expect(gaps[0]).toBeLessThanOrEqual(1_050);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_000);
    expect(gaps[1]).toBeLessThanOrEqual(2_050);
    expect(gaps[2]).toBeGreaterThanOrEqual(2_000);
    expect(gaps[2]).toBeLessThanOrEqual(4_050);
  });

  it('never holds newer spans behind a batch waiting for a retry', async () => {
    const { exporter, end } = setup(['fail']);
    const older = end('a', 5);
    const newer = end('b', 5);
    expect(exporter.exported).toEqual(newer);
    await vi.advanceTimersByTimeAsync(AFTER_BACKOFF);
    expect(exporter.exported).toEqual([...newer, ...older]);
  });

  it('drops a batch marked not retryable at once', async () => {
    const rejected = {
      code: ExportResultCode.FAILED,
      error: exportFailure('malformed', { retryable: false }),
    };
    const { exporter, processor, end } = setup([rejected]);
    end('s', 5);
    await vi.advanceTimersByTimeAsync(10 * AFTER_BACKOFF);
    expect(exporter.calls).toHaveLength(1);
    expect(processor.getCounters()).toMatchObject({ droppedNotRetryable: 5, retried: 0, held: 0 });
    expectAccounted(processor);
    expect(logged.some((l) => l.includes('not retryable') && l.includes('malformed'))).toBe(true);
  });

  it('retries only the spans the exporter names, counting those it dropped itself', async () => {
    const partial = (spans: ReadableSpan[]): Step => ({
      code: ExportResultCode.FAILED,
      error: exportFailure('2 throttled, 1 invalid', { retrySpans: [spans[1]!, spans[3]!], droppedSpans: 1 }),
    });
    const { exporter, processor, end } = setup([], (spans) => (spans.length === 5 ? partial(spans) : 'ok'));
    end('s', 5);
    await vi.advanceTimersByTimeAsync(AFTER_BACKOFF);
    expect(names(exporter.calls)).toEqual(['s0,s1,s2,s3,s4', 's1,s3']);
    expect(processor.getCounters()).toMatchObject({ exported: 4, droppedByExporter: 1, retried: 2, held: 0 });
    expectAccounted(processor);
  });
});

describe('misbehaving exporters', () => {
  it('cuts off an exporter that hangs, counts the batch as failed and sends the next', async () => {
    const { exporter, processor, end } = setup(['hold'], 'ok', { exportTimeoutMillis: 1_000 });
    const first = end('a', 5);
    const second = end('b', 5);
    await vi.advanceTimersByTimeAsync(999);
    expect(exporter.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(names(exporter.calls)[1]).toBe(second.join(','));
    await vi.advanceTimersByTimeAsync(AFTER_BACKOFF);
    expect(exporter.exported).toEqual([...second, ...first]);
    // The hung call answering late changes nothing.
    exporter.calls[0]!.answer(ok);
    expect(processor.getCounters()).toMatchObject({ exported: 10, retried: 5, held: 0 });
    expect(logged.some((l) => l.includes('timed out'))).toBe(true);
    expect(logged.some((l) => l.includes('after the export timeout; ignored'))).toBe(true);
  });

  it('gives every export its full timeout, however the previous one ended', async () => {
    const { exporter, end } = setup(['hold', 'hold'], 'ok', { exportTimeoutMillis: 1_000 });
    end('a', 5);
    end('b', 5);
    await vi.advanceTimersByTimeAsync(600);
    exporter.calls[0]!.answer(ok);
    expect(exporter.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(logged.some((l) => l.includes('timed out'))).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(logged.some((l) => l.includes('timed out'))).toBe(true);
  });

  it('treats a synchronous throw as a failed export', async () => {
    const { exporter, processor, end } = setup(['throw']);
    const batch = end('s', 5);
    const next = end('t', 5);
    await vi.advanceTimersByTimeAsync(AFTER_BACKOFF);
    expect(exporter.exported).toEqual([...next, ...batch]);
    expect(processor.getCounters()).toMatchObject({ exported: 10, retried: 5, held: 0 });
    expect(logged.some((l) => l.includes('exporter bug'))).toBe(true);
  });

  it('counts a batch once when the exporter calls back twice', async () => {
    const { exporter, processor, end } = setup(['twice']);
    end('s', 5);
    end('t', 5);
    await processor.forceFlush();
    expect(exporter.calls).toHaveLength(2);
    expect(processor.getCounters()).toMatchObject({ queued: 10, exported: 10, held: 0 });
    expect(logged.some((l) => l.includes('answered twice'))).toBe(true);
  });

  it('survives an exporter whose shutdown rejects', async () => {
    const exporter = new ScriptedExporter();
    exporter.shutdown = () => Promise.reject(new Error('socket gone'));
    const processor = new RetryingBatchSpanProcessor(exporter);
    await expect(processor.shutdown()).resolves.toBeUndefined();
    expect(logged.some((l) => l.includes('socket gone'))).toBe(true);
  });
});

describe('queue bound', () => {
  it('drops the oldest queued spans when full behind a slow exporter, counting each', () => {
    const { exporter, processor, end } = setup(['hold'], 'ok', { maxQueueSize: 10 });
    end('s', 20);
    // s0..s4 are in flight; of s5..s19 only the newest five fit.
    expect(processor.getCounters()).toMatchObject({ queued: 20, droppedQueueFull: 10, held: 10 });
    exporter.calls[0]!.answer(ok);
    expect(exporter.exported).toEqual(['s0', 's1', 's2', 's3', 's4', 's15', 's16', 's17', 's18', 's19']);
    expect(processor.getCounters()).toMatchObject({ exported: 10, droppedQueueFull: 10, held: 0 });
    expectAccounted(processor);
  });

  it('counts spans waiting for a retry against the bound, and drops them first as the oldest', async () => {
    const { exporter, processor, end } = setup(['fail', 'hold'], 'ok', { maxQueueSize: 10 });
    end('a', 5); // fails: waits for a retry
    end('b', 5); // in flight, held
    expect(processor.getCounters().held).toBe(10);
    const newest = end('c', 5);
    expect(processor.getCounters()).toMatchObject({ droppedQueueFull: 5, held: 10 });
    exporter.calls[1]!.answer(ok);
    await vi.advanceTimersByTimeAsync(10 * AFTER_BACKOFF);
    expect(exporter.exported).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', ...newest]);
    expect(processor.getCounters()).toMatchObject({ exported: 10, retried: 5, droppedQueueFull: 5, held: 0 });
    expectAccounted(processor);
  });

  it('reports drops through diag with counts, not once per span', async () => {
    const { exporter, processor, end } = setup(['hold'], 'ok', { maxQueueSize: 10 });
    end('s', 1_010);
    exporter.calls[0]!.answer(ok);
    await processor.shutdown();
    const lines = logged.filter((l) => l.includes('queue full (oldest first)'));
    expect(lines.length).toBeLessThanOrEqual(2);
    const total = lines.reduce((sum, l) => sum + Number(/\((\d+) since last report\)/.exec(l)?.[1]), 0);
    expect(total).toBe(1_000);
    expect(
      logged.some((l) => l.includes('shut down; queued 1010, exported 10') && l.includes('queue full 1000')),
    ).toBe(true);
  });
});

describe('forceFlush and shutdown', () => {
  it('forceFlush exports everything, spans waiting for a retry included, without waiting out the backoff', async () => {
    const { exporter, processor, end } = setup(['fail'], 'ok', {
      retryBaseDelayMillis: 60_000,
      retryMaxDelayMillis: 60_000,
    });
    const retried = end('a', 5);
    const partial = end('b', 3);
    let done = false;
    const flushed = processor.forceFlush().then(() => {
      done = true;
    });
    await Promise.resolve();
    await flushed;
    expect(done).toBe(true);
    expect(exporter.exported.sort()).toEqual([...retried, ...partial].sort());
    expect(exporter.forceFlushCalls).toBe(1);
    expect(processor.getCounters()).toMatchObject({ exported: 8, held: 0 });
  });

  it('forceFlush resolves at its deadline when the exporter hangs', async () => {
    const { processor, end } = setup([], 'hold', { exportTimeoutMillis: 1_000 });
    end('s', 3);
    let done = false;
    void processor.forceFlush(2_500).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(2_499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(processor.getCounters().held).toBe(3);
    expectAccounted(processor);
  });

  it('shutdown flushes pending retries, then shuts the exporter down; later spans are counted as dropped', async () => {
    const { exporter, processor, end } = setup(['fail'], 'ok', {
      retryBaseDelayMillis: 60_000,
      retryMaxDelayMillis: 60_000,
    });
    const batch = end('a', 5);
    await processor.shutdown();
    expect(exporter.exported).toEqual(batch);
    expect(exporter.events).toEqual(['export 5', 'export 5', 'shutdown']);
    end('late', 2);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(exporter.calls).toHaveLength(2);
    expect(processor.getCounters()).toMatchObject({
      queued: 5,
      exported: 5,
      droppedAfterShutdown: 2,
      held: 0,
    });
    expect(await processor.shutdown()).toBeUndefined();
    expect(exporter.shutdownCalls).toBe(1);
  });

  it('shutdown gives up at its deadline, counting what is still held', async () => {
    const { exporter, processor, end } = setup([], 'hold', { exportTimeoutMillis: 10_000 });
    end('s', 8);
    const closed = processor.shutdown(3_000);
    await vi.advanceTimersByTimeAsync(3_000);
    await closed;
    expect(exporter.shutdownCalls).toBe(1);
    expect(processor.getCounters()).toMatchObject({ queued: 8, droppedAtShutdown: 8, held: 0 });
    expectAccounted(processor);
    exporter.calls[0]!.answer(ok);
    expect(processor.getCounters().exported).toBe(0);
  });

  it('forceFlush after shutdown returns the shutdown promise', async () => {
    const { processor } = setup([]);
    const closing = processor.shutdown();
    expect(processor.forceFlush()).toBe(closing);
    await closing;
  });
});
