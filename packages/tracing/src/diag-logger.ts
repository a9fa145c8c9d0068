import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';

const LEVELS: Record<string, DiagLogLevel> = {
  NONE: DiagLogLevel.NONE,
  ERROR: DiagLogLevel.ERROR,
  WARN: DiagLogLevel.WARN,
  INFO: DiagLogLevel.INFO,
  DEBUG: DiagLogLevel.DEBUG,
  VERBOSE: DiagLogLevel.VERBOSE,
  ALL: DiagLogLevel.ALL,
};

/**
 * Installs a console diag logger at `OTEL_LOG_LEVEL` (default WARN, so drops and failures are heard)
 * for the register hook, which runs before the application can install its own. Unknown levels fall
 * back to WARN with a warning.
 */
export function installDiagLogger(env: NodeJS.ProcessEnv = process.env): void {
  const raw = env.OTEL_LOG_LEVEL?.trim().toUpperCase();
  const level = raw ? LEVELS[raw] : DiagLogLevel.WARN;
  diag.setLogger(new DiagConsoleLogger(), {
    logLevel: level ?? DiagLogLevel.WARN,
    suppressOverrideMessage: true,
  });
  if (raw && level === undefined)
    diag.warn(`@spawn/tracing: OTEL_LOG_LEVEL = "${env.OTEL_LOG_LEVEL}" is not a level; using WARN`);
}
