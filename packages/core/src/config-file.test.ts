import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readSpawnFile } from './config-file.js';

it('parses an unchanged file once and a changed file again', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'spawn-file-')), 'local.yaml');
  writeFileSync(path, 'observability:\n  tracing:\n    enabled: true\n');
  const first = readSpawnFile({ configPath: path });
  expect(readSpawnFile({ configPath: path })).toBe(first);
  writeFileSync(path, 'observability:\n  tracing:\n    enabled: false\n');
  const changed = readSpawnFile({ configPath: path });
  expect(changed).not.toBe(first);
  expect(changed?.document).toEqual({ observability: { tracing: { enabled: false } } });
});
