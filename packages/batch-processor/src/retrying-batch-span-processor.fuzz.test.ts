import { ExportResultCode } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { exportFailure } from '@spawn/tracing-core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unaccounted } from '../test/accounting.js';
import { ScriptedExporter, type Step } from '../test/scripted-exporter.js';
import { RetryingBatchSpanProcessor } from './retrying-batch-span-processor.js';

const MAX_QUEUE = 20;
const BATCH = 5;

type Behaviour = Step | ((spans: ReadableSpan[]) => Step);

const notRetryable: Step = {
  code: ExportResultCode.FAILED,
  error: exportFailure('malformed', { retryable: false }),
};
const partial = (spans: ReadableSpan[]): Step => ({
  code: ExportResultCode.FAILED,
  error: exportFailure('partial', { retrySpans: spans.slice(0, 2), droppedSpans: spans.length > 2 ? 1 : 0 }),
});

const behaviour = fc.constantFrom<Behaviour>(
  'ok',
  'fail',
  'hold',
  'throw',
  'twice',
  'microtask',
  notRetryable,
  partial,
);

const operation = fc.oneof(
  fc.record({ kind: fc.constant('end' as const), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
  fc.record({ kind: fc.constant('answer' as const), ok: fc.boolean() }),
  fc.record({ kind: fc.constant('flush' as const) }),
);

afterEach(() => {
  vi.useRealTimers();
});

describe('RetryingBatchSpanProcessor under random exporter behaviour', () => {
  it('accounts for every span, never holds more than maxQueueSize, and ends holding nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(behaviour, { maxLength: 30 }),
        fc.array(operation, { minLength: 1, maxLength: 30 }),
        async (script, ops) => {
          vi.useFakeTimers();
          const exporter = new ScriptedExporter(script, 'ok');
          const processor = new RetryingBatchSpanProcessor(exporter, {
            maxExportBatchSize: BATCH,
            maxQueueSize: MAX_QUEUE,
            scheduledDelayMillis: 500,
            exportTimeoutMillis: 1_000,
            retryBaseDelayMillis: 100,
            retryMaxDelayMillis: 400,
          });
          const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('fuzz');
          let answered = 0;
          for (const op of ops) {
            if (op.kind === 'end') {
              for (let i = 0; i < op.count; i++) tracer.startSpan('s').end();
            } else if (op.kind === 'advance') {
              await vi.advanceTimersByTimeAsync(op.ms);
            } else if (op.kind === 'answer') {
              // Answers the oldest call not answered by the test yet: on time, late, or a second time.
              const call = exporter.calls[answered++];
              call?.answer(op.ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED });
            } else {
              const flushed = processor.forceFlush();
              await vi.advanceTimersByTimeAsync(1_000);
              await flushed;
            }
            expect(unaccounted(processor.getCounters())).toBe(0);
            expect(processor.getCounters().held).toBeLessThanOrEqual(MAX_QUEUE);
            expect(exporter.calls.every((c) => c.names.length <= BATCH)).toBe(true);
          }
          const closed = processor.shutdown();
          await vi.advanceTimersByTimeAsync(1_000);
          await closed;
          expect(processor.getCounters().held).toBe(0);
          expect(unaccounted(processor.getCounters())).toBe(0);
          expect(exporter.shutdownCalls).toBe(1);
          vi.useRealTimers();
        },
      ),
      { numRuns: 150 },
    );
  });
});
