import { DEFAULT_BATCH_CONFIG } from '@spawn/tracing-core';
import { describe, expect, it } from 'vitest';
import { ScriptedExporter } from '../test/scripted-exporter.js';
import {
  DEFAULT_RETRY_BASE_DELAY_MILLIS,
  DEFAULT_RETRY_MAX_DELAY_MILLIS,
  resolveBatchOptions,
} from './batch-options.js';
import { RetryingBatchSpanProcessor } from './retrying-batch-span-processor.js';

describe('resolveBatchOptions', () => {
  it("defaults to the specification's values", () => {
    expect(resolveBatchOptions({}, {})).toEqual({
      maxExportBatchSize: 100,
      scheduledDelayMillis: 5_000,
      maxQueueSize: 2_048,
      exportTimeoutMillis: 30_000,
      maxRetries: 3,
      retryBaseDelayMillis: DEFAULT_RETRY_BASE_DELAY_MILLIS,
      retryMaxDelayMillis: DEFAULT_RETRY_MAX_DELAY_MILLIS,
    });
  });

  it('takes OTEL_BSP_* for what code leaves unset, and code over env', () => {
    const env = {
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50',
      OTEL_BSP_SCHEDULE_DELAY: ' 1000 ',
      OTEL_BSP_MAX_QUEUE_SIZE: '500',
      OTEL_BSP_EXPORT_TIMEOUT: '',
    };
    expect(resolveBatchOptions({ maxQueueSize: 4_096 }, env)).toMatchObject({
      maxExportBatchSize: 50,
      scheduledDelayMillis: 1_000,
      maxQueueSize: 4_096,
      exportTimeoutMillis: 30_000,
    });
  });

  it("accepts @spawn/tracing's resolved BatchConfig as is", () => {
    const config = { ...DEFAULT_BATCH_CONFIG, maxRetries: 0 };
    expect(resolveBatchOptions(config, { OTEL_BSP_MAX_QUEUE_SIZE: '1' })).toMatchObject(config);
  });

  it.each([
    [{ maxQueueSize: -1 }, 'maxQueueSize must be an integer >= 1, got -1'],
    [{ maxExportBatchSize: Number.NaN }, 'maxExportBatchSize must be an integer >= 1, got NaN'],
    [{ maxExportBatchSize: 2.5 }, 'maxExportBatchSize must be an integer >= 1, got 2.5'],
    [{ scheduledDelayMillis: -5 }, 'scheduledDelayMillis must be a number in [0, 2147483647], got -5'],
    [
      { exportTimeoutMillis: Number.POSITIVE_INFINITY },
      'exportTimeoutMillis must be a number in [1, 2147483647], got Infinity',
    ],
    [{ maxRetries: -1 }, 'maxRetries must be an integer in [0, 100], got -1'],
    [{ maxQueueSize: '100' as unknown as number }, 'maxQueueSize must be an integer >= 1, got "100"'],
    [{ maxExportBatchSize: 4_096 }, 'maxExportBatchSize (4096) must not exceed maxQueueSize (2048)'],
    [
      { retryBaseDelayMillis: 500, retryMaxDelayMillis: 100 },
      'retryMaxDelayMillis (100) must not be below retryBaseDelayMillis (500)',
    ],
  ])('rejects %o naming the key and value', (options, message) => {
    expect(() => resolveBatchOptions(options, {})).toThrow(message);
  });

  it('rejects a bad OTEL_BSP_* value naming the variable and its text', () => {
    expect(() => resolveBatchOptions({}, { OTEL_BSP_MAX_QUEUE_SIZE: 'lots' })).toThrow(
      'OTEL_BSP_MAX_QUEUE_SIZE must be an integer >= 1, got "lots"',
    );
    expect(() => resolveBatchOptions({}, { OTEL_BSP_MAX_QUEUE_SIZE: '10' })).toThrow(
      'maxExportBatchSize (100) must not exceed maxQueueSize (10)',
    );
  });

  it('makes the processor constructor throw, and the processor expose what it resolved', () => {
    expect(() => new RetryingBatchSpanProcessor(new ScriptedExporter(), { maxQueueSize: 0 })).toThrow(
      RangeError,
    );
    expect(new RetryingBatchSpanProcessor(new ScriptedExporter(), { maxRetries: 5 }).config.maxRetries).toBe(
      5,
    );
  });
});
