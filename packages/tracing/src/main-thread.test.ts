import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isMainThread } from './main-thread.js';

describe('isMainThread', () => {
  it('is true on the main thread and leaves the working directory alone', () => {
    const cwd = process.cwd();
    expect(isMainThread()).toBe(true);
    expect(process.cwd()).toBe(cwd);
  });

  it('is false in a worker thread', async () => {
    // The worker runs the same probe as the built function: chdir with an invalid argument.
    const probe = `
      const { parentPort } = require('node:worker_threads');
      let code;
      try { process.chdir(undefined); } catch (err) { code = err.code; }
      parentPort.postMessage(code);
    `;
    const worker = new Worker(probe, { eval: true });
    const code = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(code).toBe('ERR_WORKER_UNSUPPORTED_OPERATION');
  });

  it('falls back to worker_threads when chdir answers otherwise', () => {
    const chdir = process.chdir;
    process.chdir = () => {};
    try {
      expect(isMainThread()).toBe(true);
    } finally {
      process.chdir = chdir;
    }
  });
});
