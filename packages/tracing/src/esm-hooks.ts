import * as nodeModule from 'node:module';
import { diag } from '@opentelemetry/api';
import { globalSlot } from '@spawn/tracing-core';
import { INSTRUMENTED_MODULES } from '@spawn/tracing-instrumentation-aws-sdk';

/**
 * Registers import-in-the-middle's loader so AWS SDK clients imported as ES modules are
 * instrumented too. Only the modules the instrumentation hooks are wrapped (an include list), and
 * only once per process whichever register entry ran first.
 */
export function registerEsmHooks(): void {
  const state = globalSlot('esm-hooks', () => ({ registered: false }));
  if (state.registered || typeof nodeModule.register !== 'function') return;
  state.registered = true;
  try {
    // Resolved from this package, where import-in-the-middle is a dependency (tsdown shims
    // import.meta.url in the CommonJS build).
    nodeModule.register('import-in-the-middle/hook.mjs', import.meta.url, {
      data: { include: [...INSTRUMENTED_MODULES] },
    });
  } catch (err) {
    diag.warn(
      `@spawn/tracing: ES module hooks not registered (${String(err)}); only CommonJS AWS SDK loads are traced`,
    );
  }
}
