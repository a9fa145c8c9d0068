import { Bench } from 'tinybench';

const quick = process.env.BENCH_QUICK === '1';

/**
 * Runs `tasks` in one tinybench run (interleaved warm-up, same process) and returns rows with the
 * ratio of each task's time per operation to the first task's. The first task is the baseline,
 * normally the official OpenTelemetry package.
 */
export async function compare(title, tasks, { time = quick ? 100 : 1000, batch = 1 } = {}) {
  const bench = new Bench({ name: title, time, warmupTime: quick ? 20 : 200 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  const rows = bench.tasks.map((t) => {
    const mean = t.result?.latency?.mean ?? Number.NaN; // milliseconds per call
    return { task: t.name, nsPerOp: (mean * 1e6) / batch, opsPerSec: (1000 / mean) * batch };
  });
  const base = rows[0]?.nsPerOp ?? Number.NaN;
  for (const row of rows) row.ratio = row.nsPerOp / base;
  return { title, rows };
}

/** Heap bytes retained by what `build()` returns, after a forced GC before and after. */
export function retainedBytes(build) {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const held = build();
  globalThis.gc();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  return { bytes: after - before, held };
}

export function formatTable({ title, rows }) {
  const lines = [
    `\n## ${title}\n`,
    '| task | time/op | ops/s | ratio to first |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.task} | ${formatNs(r.nsPerOp)} | ${Math.round(r.opsPerSec).toLocaleString('en-US')} | ${r.ratio.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

export function formatNs(ns) {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${(ns / 1e6).toFixed(2)} ms`;
}
