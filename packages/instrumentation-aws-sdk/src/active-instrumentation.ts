import type { Tracer } from '@opentelemetry/api';
import { globalSlot, type RateLimitedDiag } from '@spawn/tracing-core';
import type { ResolvedConfig } from './config.js';

/**
 * What the middleware on every client reads at call time. Only the enabled instrumentation is here, so
 * patches and middleware installed once stay put while instrumentations are enabled, disabled or
 * replaced; duck-typed because the ESM and CJS builds (or two versions) may each install some.
 */
export interface CommandTracer {
  readonly tracer: Tracer;
  readonly resolved: ResolvedConfig;
  readonly diagnostics: RateLimitedDiag;
}

export interface ActiveSlot {
  current: CommandTracer | undefined;
}

export const activeSlot: ActiveSlot = globalSlot<ActiveSlot>('aws-sdk-instrumentation', () => ({
  current: undefined,
}));
