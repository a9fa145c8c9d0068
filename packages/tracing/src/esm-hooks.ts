import * as nodeModule from 'node:module';
import { diag } from '@opentelemetry/api';
import { globalSlot } from '@spawn/tracing-core';
import { INSTRUMENTED_MODULES } from '@spawn/tracing-instrumentation-aws-sdk';

type SyncHooks = { supportsSyncHooks(): boolean; register(options: { include: string[] }): void };

/**
 * Registers import-in-the-middle's loader, with an include list of just the modules the AWS SDK
 * instrumentation hooks, so clients of an ES-module build of the SDK are traced too. Once per process.
 *
 * Where Node runs loader hooks in-thread (22.22.3+, 24.11.1+) that is cheap and always done. Older
 * Nodes need a loader thread (about 90 ms and 14 MiB at start-up, measured in bench/startup), which
 * every released AWS SDK v3 does not need: its packages resolve to CommonJS under Node and are seen
 * by the require hook. There it is opt-in: `SPAWN_TRACING_ESM_HOOKS=true`.
 */
export function registerEsmHooks(env: NodeJS.ProcessEnv = process.env): void {
  const state = globalSlot('esm-hooks', () => ({ registered: false }));
  const wanted = env.SPAWN_TRACING_ESM_HOOKS?.trim().toLowerCase();
  if (state.registered || wanted === 'false') return;
  const include = [...INSTRUMENTED_MODULES];
  // Resolved from this package, where import-in-the-middle is a dependency (tsdown shims
  // import.meta.url in the CommonJS build).
  const load = nodeModule.createRequire(import.meta.url);
  // Without `module.registerHooks` there are no in-thread hooks: loading import-in-the-middle just
  // to be told so costs about 15 ms at start-up (Node 20 has require(esm), so it would load).
  if (typeof (nodeModule as { registerHooks?: unknown }).registerHooks === 'function') {
    try {
      // Import-free: says whether this Node's registerHooks is usable before the loader graph loads.
      const { supportsSyncHooks } = load('import-in-the-middle/supports-sync-hooks.mjs') as Pick<
        SyncHooks,
        'supportsSyncHooks'
      >;
      if (supportsSyncHooks()) {
        (load('import-in-the-middle/register-hooks.mjs') as SyncHooks).register({ include });
        state.registered = true;
        return;
      }
    } catch {
      // No require(esm) here: fall through to the loader thread, if asked for.
    }
  }
  if (wanted !== 'true' || typeof nodeModule.register !== 'function') {
    diag.debug(
      '@spawn/tracing: no in-thread ES module hooks on this Node; AWS SDK v3 loads through require and is traced (SPAWN_TRACING_ESM_HOOKS=true adds a loader thread)',
    );
    return;
  }
  try {
    nodeModule.register('import-in-the-middle/hook.mjs', import.meta.url, { data: { include } });
    state.registered = true;
  } catch (err) {
    diag.warn(`@spawn/tracing: ES module hooks not registered (${String(err)})`);
  }
}
