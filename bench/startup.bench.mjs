// Start-up cost of the register hook, as whole processes: wall time and peak RSS from /usr/bin/time,
// medians over alternating runs of each variant (so machine noise hits all variants alike).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const runs = process.env.BENCH_QUICK === '1' ? 5 : 21;
const program = join(here, 'startup', 'one-span.cjs');
const out = mkdtempSync(join(tmpdir(), 'spawn-startup-'));
// No spawn config file: the disabled variant is a machine where nothing turns tracing on.
const baseEnv = { ...process.env, SPAWN_IMDS_DISABLED: 'true' };
delete baseEnv.SPAWN_CONFIG;
delete baseEnv.NODE_OPTIONS;

const variants = {
  'no tracing (baseline)': { args: [program], env: baseEnv },
  '@spawn/tracing/register, disabled (default)': {
    args: ['--require', require.resolve('@spawn/tracing/register'), program],
    env: baseEnv,
  },
  '@spawn/tracing/register, stdout exporter': {
    args: ['--require', require.resolve('@spawn/tracing/register'), program],
    env: {
      ...baseEnv,
      SPAWN_TRACING_ENABLED: 'true',
      SPAWN_TRACING_EXPORTER: 'stdout',
      SPAWN_TRACING_SAMPLING_RATE: '1',
      SPAWN_TRACING_ENDPOINT: join(out, 'spawn.jsonl'),
    },
  },
  'lean official register (sdk-trace-base + BSP + ALS + W3C + instrumentation-aws-sdk)': {
    args: ['--require', join(here, 'startup', 'lean-official-register.cjs'), program],
    env: { ...baseEnv, LEAN_OUTPUT: join(out, 'lean.jsonl') },
  },
};

// Wall time from the parent's clock (sub-millisecond; /usr/bin/time's is 10 ms steps), peak RSS from
// /usr/bin/time. Both include the same process start overhead for every variant.
function measure({ args, env }) {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const rssKb = Number(r.stderr.trim().split('\n').at(-1));
  return { ms, mib: rssKb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export default async function () {
  if (!existsSync('/usr/bin/time'))
    return [{ text: '\n## start-up\n\n/usr/bin/time is not installed; skipped.' }];
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, { ms: [], mib: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const [name, variant] of Object.entries(variants)) {
      const m = measure(variant);
      samples[name].ms.push(m.ms);
      samples[name].mib.push(m.mib);
    }
  }
  const rows = Object.entries(samples).map(([name, s]) => ({ name, ms: median(s.ms), mib: median(s.mib) }));
  const base = rows[0];
  const lean = rows.at(-1);
  const leanAdded = { ms: lean.ms - base.ms, mib: lean.mib - base.mib };
  const lines = [
    `\n## start-up: one-span program, medians of ${runs} alternating runs (/usr/bin/time)\n`,
    '| variant | wall | added wall | peak RSS | added RSS | added vs lean official (wall / RSS) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const added = { ms: r.ms - base.ms, mib: r.mib - base.mib };
    const ratio =
      r === base ? '' : `${(added.ms / leanAdded.ms).toFixed(2)} / ${(added.mib / leanAdded.mib).toFixed(2)}`;
    lines.push(
      `| ${r.name} | ${r.ms.toFixed(1)} ms | ${added.ms.toFixed(1)} ms | ${r.mib.toFixed(1)} MiB | ${added.mib.toFixed(1)} MiB | ${ratio} |`,
    );
  }
  return [{ text: lines.join('\n') }];
}
