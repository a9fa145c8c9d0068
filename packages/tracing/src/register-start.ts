import { createRequire } from 'node:module';
import { diag } from '@opentelemetry/api';
import { globalSlot, resolveConfigSync, type YamlParser } from '@spawn/tracing-core';
import { installDiagLogger } from './diag-logger.js';
import { registerEsmHooks } from './esm-hooks.js';
import { isMainThread } from './main-thread.js';
import { flushOnExit } from './shutdown-hooks.js';
import { startWithConfig, type TracingHandle } from './start-tracing.js';

interface RegisterState {
  handle?: TracingHandle;
  attempted: boolean;
}

/**
 * The register hook's whole job: once per process (both flags together start once, across the ESM
 * and CJS builds), on the main thread only, never throwing: the application always starts.
 */
export function startFromEnvironment(): TracingHandle | undefined {
  const state = globalSlot<RegisterState>('register', () => ({ attempted: false }));
  if (state.attempted || !isMainThread()) return state.handle;
  state.attempted = true;
  try {
    installDiagLogger();
    const config = resolveConfigSync({ loadYaml: loadBundledYaml });
    if (!config.enabled) {
      diag.debug('@spawn/tracing: disabled by configuration; nothing installed');
      return undefined;
    }
    registerEsmHooks();
    const handle = startWithConfig(config, { instrumentAwsSdk: 'when-loaded' });
    if (handle.active) {
      flushOnExit(() => handle.shutdown());
      state.handle = handle;
    }
    return handle;
  } catch (err) {
    diag.error(`@spawn/tracing: tracing not started: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** `yaml` bundled into one file beside this one: a spawn file costs 1 file to parse, not 77. */
function loadBundledYaml(): YamlParser {
  return createRequire(import.meta.url)('./yaml.cjs') as YamlParser;
}
