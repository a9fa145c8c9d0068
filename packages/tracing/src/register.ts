// `node --require @spawn/tracing/register` (this file's CommonJS build) and
// `node --import @spawn/tracing/register` (its ESM build) start tracing before the application.
// When nothing can turn tracing on (the default), this is all that loads. Otherwise the set-up is
// loaded synchronously inside `try`, so not even a broken install can stop the application.
import { createRequire } from 'node:module';
import { mayBeEnabled } from '@spawn/tracing-core/presence';

if (mayBeEnabled()) {
  try {
    const setup = createRequire(import.meta.url)(
      './register-start.cjs',
    ) as typeof import('./register-start.js');
    setup.startFromEnvironment();
  } catch (err) {
    process.emitWarning(
      `@spawn/tracing: tracing not started: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
