import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { requireBuilt } from './built.js';

const here = dirname(fileURLToPath(import.meta.url));

it('fails exports with a clear error when stdout is a broken pipe, and never crashes', async () => {
  requireBuilt();
  const child = spawn(process.execPath, [join(here, 'fixtures/epipe-child.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Close the read end of the child's stdout, then let it write.
  child.stdout.destroy();
  child.stdin.end('go');
  expect(await exited).toBe(0);
  const results = JSON.parse(stderr.trim().split('\n').at(-1)!) as {
    code: number;
    message: string;
    retryable: boolean;
  }[];
  expect(results).toHaveLength(5);
  for (const result of results) {
    expect(result.code).toBe(1);
    expect(result.message).toMatch(/writing 100 spans to stdout failed \(EPIPE/);
    expect(result.retryable).toBe(false);
  }
});
