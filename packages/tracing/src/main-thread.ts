import { createRequire } from 'node:module';

/**
 * Whether this is the process's main thread, without loading `node:worker_threads` for it (about
 * 1 MiB and 2 ms of start-up, measured in bench/startup). Node documents that worker threads cannot
 * `process.chdir()` (ERR_WORKER_UNSUPPORTED_OPERATION); asked with an invalid argument, the main
 * thread refuses it as such (ERR_INVALID_ARG_TYPE) before changing anything. Any other answer (a
 * patched `chdir`) falls back to `isMainThread`.
 */
export function isMainThread(): boolean {
  try {
    process.chdir(undefined as unknown as string);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_INVALID_ARG_TYPE') return true;
    if (code === 'ERR_WORKER_UNSUPPORTED_OPERATION') return false;
  }
  const workers = createRequire(import.meta.url)(
    'node:worker_threads',
  ) as typeof import('node:worker_threads');
  return workers.isMainThread;
}
