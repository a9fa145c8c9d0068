import { existsSync } from 'node:fs';

/** How a boolean setting may be spelled (any case); shared with the full configuration parser. */
export const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on']);
export const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'off']);

/**
 * A cheap first look, for start-up paths that must cost nothing when tracing is off (the register
 * hook): `false` only when no source read synchronously can turn tracing on, so that nothing else
 * (not even the configuration code) needs loading. `true` means "resolve the configuration to know".
 * Dependency-free on purpose, and its own entry (`@spawn/tracing-core/presence`).
 */
export function mayBeEnabled(
  env: Readonly<Record<string, string | undefined>> = process.env,
  defaultPath = DEFAULT_SPAWN_CONFIG_PATH,
): boolean {
  const set = (name: string) => {
    const v = env[name]?.trim();
    return v ? v.toLowerCase() : undefined;
  };
  if (set('OTEL_SDK_DISABLED') === 'true') return false;
  const enabled = set('SPAWN_TRACING_ENABLED');
  // A value the full resolution will reject must reach it, so its error is reported.
  if (enabled !== undefined) return !FALSE_WORDS.has(enabled);
  // A named file is checked (and its errors reported) by the full resolution.
  if (set('SPAWN_CONFIG') !== undefined) return true;
  return existsSync(defaultPath);
}

/** Where spawn keeps its local configuration unless `SPAWN_CONFIG` names another file. */
export const DEFAULT_SPAWN_CONFIG_PATH = '/etc/spawn/local.yaml';
