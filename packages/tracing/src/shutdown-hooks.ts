import { diag } from '@opentelemetry/api';

/**
 * Flushes on SIGTERM, SIGINT and normal exit within `deadlineMs`. A signal listener would keep the
 * process alive, so when ours is the only one we re-raise the signal after flushing, as Node would
 * have exited without us. Returns a function that removes the hooks.
 */
export function flushOnExit(flush: () => Promise<void>, deadlineMs = 5_000): () => void {
  let flushing: Promise<void> | undefined;
  const flushOnce = () => {
    flushing ??= withDeadline(flush(), deadlineMs).catch((err: unknown) =>
      diag.warn(`@spawn/tracing: flush at exit failed: ${String(err)}`),
    );
    return flushing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const alone = process.listenerCount(signal) === 1;
    void flushOnce().then(() => {
      remove();
      if (alone) process.kill(process.pid, signal);
    });
  };
  const onBeforeExit = () => void flushOnce();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.once('beforeExit', onBeforeExit);
  const remove = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('beforeExit', onBeforeExit);
  };
  return remove;
}

function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      diag.warn(`@spawn/tracing: flush did not finish within ${ms} ms; spans still queued are lost`);
      resolve();
    }, ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
