// The AWS SDK instrumentation and what it brings (@opentelemetry/instrumentation, require-in-the-middle,
// the propagators): its own bundle, loaded when it is needed, not with the rest of the set-up.
import type { TracerProvider } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsSdkInstrumentation } from '@spawn/tracing-instrumentation-aws-sdk';

/** Enables one AWS SDK instrumentation on `tracerProvider`; returns the function that disables it. */
export function enableAwsSdkInstrumentation(tracerProvider: TracerProvider): () => void {
  return registerInstrumentations({ tracerProvider, instrumentations: [new AwsSdkInstrumentation()] });
}
