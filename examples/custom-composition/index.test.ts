import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('writes the monitor span, sanitized, and samples out the health check', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['index.mjs'], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.name)).toEqual(['spawn.agent.monitor']);
  expect(lines[0].attributes['spawn.instance_id']).toBe('i-0abc1234567890def');
  expect(lines[0].attributes['db.password']).not.toContain('hunter2');
  expect(stdout).not.toContain('hunter2');
});
