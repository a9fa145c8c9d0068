import { diag } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { exportFailure } from '@spawn/tracing-core';

/**
 * A SpanExporter that loads the real one at the first export, so start-up never pays for an
 * exporter's module graph (the AWS SDK above all). Spans wait in the batch processor meanwhile.
 */
export class LazySpanExporter implements SpanExporter {
  private exporter: SpanExporter | undefined;
  private loading: Promise<SpanExporter> | undefined;
  private failed: Error | undefined;

  constructor(
    private readonly name: string,
    private readonly load: () => Promise<SpanExporter>,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.exporter) {
      this.exporter.export(spans, resultCallback);
      return;
    }
    this.get().then(
      (exporter) => exporter.export(spans, resultCallback),
      (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }),
    );
  }

  async forceFlush(): Promise<void> {
    await this.exporter?.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    // Nothing was ever exported: nothing to load just to shut it down.
    if (!this.loading) return;
    const exporter = await this.loading.catch(() => undefined);
    await exporter?.shutdown();
  }

  private get(): Promise<SpanExporter> {
    if (this.failed) return Promise.reject(this.failed);
    this.loading ??= this.load().then(
      (exporter) => {
        this.exporter = exporter;
        return exporter;
      },
      (cause: unknown) => {
        // A missing module cannot heal by retrying: tell the processor not to retry.
        this.failed = exportFailure(`could not load the ${this.name} exporter: ${String(cause)}`, {
          retryable: false,
          cause,
        });
        diag.error(this.failed.message);
        throw this.failed;
      },
    );
    return this.loading;
  }
}
