// Runs every `*.bench.mjs` here (or those named on the command line) and prints Markdown tables.
// Each file exports `default async function ()` returning an array of results from `compare()` or
// `{ title, text }` blocks. Run: `pnpm bench` (builds first), `pnpm bench sampler` for one file.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

if (process.argv.includes('--child')) {
  const file = process.argv[process.argv.indexOf('--child') + 1];
  const mod = await import(join(here, file));
  for (const result of await mod.default()) console.log(result.text ?? formatTable(result));
} else {
  console.log(`# spawn tracing benchmarks\n\nnode ${process.version}, ${new Date().toISOString()}`);
  let failed = 0;
  for (const file of files) {
    // One process per file so one benchmark's heap and JIT state never colour another's.
    const run = spawnSync(process.execPath, ['--expose-gc', join(here, 'run.mjs'), '--child', file], {
      stdio: 'inherit',
      cwd: here,
    });
    if (run.status !== 0) {
      failed++;
      console.error(`${file} failed with exit code ${run.status}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}
