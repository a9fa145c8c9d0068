import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, type LocalDynamoDb, readJsonLines, startDynamoDb } from '@spawn/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These run the BUILT register entries (`pnpm test` builds first) in child processes.
const pkg = fileURLToPath(new URL('../..', import.meta.url));
const requireEntry = join(pkg, 'dist/register.cjs');
const importEntry = join(pkg, 'dist/register.js');
const fixture = (name: string) => join(pkg, 'test/e2e/fixtures', name);

interface SpanLine {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  status: string;
  attributes: Record<string, unknown>;
  resource?: Record<string, unknown>;
}

interface AppRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  spans: SpanLine[];
}

let dynamo: LocalDynamoDb;
let dir: string;
let runs = 0;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  dir = mkdtempSync(join(tmpdir(), 'spawn-register-'));
});
afterAll(() => dynamo.close());

function runApp(
  args: string[],
  env: Record<string, string> = {},
  options: { enabled?: boolean; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<AppRun> {
  const output = join(dir, `run-${++runs}.jsonl`);
  const child = spawn(process.execPath, args, {
    cwd: pkg,
    env: childEnv(
      { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100', ...env },
      options.enabled === false ? undefined : output,
    ),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    options.onStdout?.(stdout, child);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal, stdout, stderr, spans: readJsonLines<SpanLine>(output) });
    });
  });
}

function expectTracedApp(run: AppRun) {
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('app ran');
  const main = run.spans.find((s) => s.name === 'app.main');
  const aws = run.spans.find((s) => s.name === 'aws.dynamodb.ListTables');
  expect(main).toBeDefined();
  expect(aws).toBeDefined();
  expect(aws?.trace_id).toBe(main?.trace_id);
  expect(aws?.parent_span_id).toBe(main?.span_id);
  expect(aws?.attributes['aws.service']).toBe('dynamodb');
  expect(aws?.attributes['http.status_code']).toBe(200);
  // Every span is written exactly once.
  expect(new Set(run.spans.map((s) => s.span_id)).size).toBe(run.spans.length);
}

describe('register hook', () => {
  it('traces an unchanged CommonJS app with --require', async () => {
    expectTracedApp(await runApp(['--require', requireEntry, fixture('app.cjs')]));
  });

  it('traces an unchanged ES module app with --import', async () => {
    expectTracedApp(await runApp(['--import', importEntry, fixture('app.mjs')]));
  });

  it('traces an ES module app with --require', async () => {
    expectTracedApp(await runApp(['--require', requireEntry, fixture('app.mjs')]));
  });

  it('traces an ES module app with the ES module loader thread asked for', async () => {
    expectTracedApp(
      await runApp(['--import', importEntry, fixture('app.mjs')], { SPAWN_TRACING_ESM_HOOKS: 'true' }),
    );
  });

  it('works through NODE_OPTIONS', async () => {
    expectTracedApp(await runApp([fixture('app.cjs')], { NODE_OPTIONS: `--require ${requireEntry}` }));
  });

  it('starts once when both flags are given', async () => {
    const run = await runApp(['--require', requireEntry, '--import', importEntry, fixture('app.mjs')], {
      OTEL_LOG_LEVEL: 'info',
    });
    expectTracedApp(run);
    expect(run.stdout.match(/@spawn\/tracing: started/g) ?? []).toHaveLength(1);
  });

  it('skips worker threads: only the main thread has a provider', async () => {
    const run = await runApp(['--require', requireEntry, fixture('worker-app.cjs')], {
      OTEL_LOG_LEVEL: 'info',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('worker provider NoopTracerProvider');
    expect(run.stdout.match(/@spawn\/tracing: started/g) ?? []).toHaveLength(1);
    expect(run.spans.map((s) => s.name)).toEqual(['app.main']);
  });

  it('leaves a provider the application registered first in place, with a warning', async () => {
    const run = await runApp([
      '--require',
      fixture('own-provider.cjs'),
      '--require',
      requireEntry,
      fixture('app.cjs'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app ran; provider BasicTracerProvider');
    expect(run.stderr).toContain('a TracerProvider is already registered');
    expect(run.spans).toEqual([]);
  });

  it('loads only what one span needs: no instrumentation, X-Ray exporter, crypto or worker_threads', async () => {
    // The start-up target of issue #11 rests on this module graph (bench/startup measures the time).
    const run = await runApp(['--require', requireEntry, fixture('one-span-app.cjs')], { SPAWN_CONFIG: '' });
    expect(run.code).toBe(0);
    expect(run.spans.map((s) => s.name)).toEqual(['app.main']);
    const { files, builtins } = JSON.parse(run.stdout) as { files: string[]; builtins: string[] };
    const ours = files.filter((f) => f.startsWith(join(pkg, 'dist'))).map((f) => f.slice(pkg.length));
    // register, the set-up bundle, its shared chunks and, at the first export, the stdout exporter's.
    expect(ours.length).toBeLessThanOrEqual(6);
    expect(ours.some((f) => /aws-sdk|exporter-xray/.test(f))).toBe(false);
    expect(files.some((f) => f.includes('semantic-conventions'))).toBe(false);
    // Where Node can run loader hooks in-thread (`module.registerHooks`, 22.22.3+), import-in-the-middle's
    // are registered, and they bring worker_threads, file streams and (with piped stdio) net; elsewhere
    // not even its version check may load.
    const inThreadHooks = typeof (nodeModule as { registerHooks?: unknown }).registerHooks === 'function';
    if (!inThreadHooks) expect(files.some((f) => f.includes('import-in-the-middle'))).toBe(false);
    const heavy = [
      'crypto',
      'dgram',
      ...(inThreadHooks ? [] : ['net', 'worker_threads', 'internal/fs/streams']),
    ];
    for (const name of heavy) expect(builtins).not.toContain(name);
  });

  it('reads a spawn file with the YAML parser bundled beside it, not the 77 files of the yaml package', async () => {
    const file = join(dir, 'local.yaml');
    writeFileSync(file, 'observability:\n  tracing:\n    service_name: from-the-file\n');
    const run = await runApp(['--require', requireEntry, fixture('one-span-app.cjs')], {
      SPAWN_CONFIG: file,
    });
    expect(run.code).toBe(0);
    expect(run.spans.map((s) => s.resource?.['service.name'])).toEqual(['from-the-file']);
    const { files } = JSON.parse(run.stdout) as { files: string[] };
    expect(files).toContain(join(pkg, 'dist/yaml.cjs'));
    expect(files.some((f) => f.includes('/node_modules/yaml/'))).toBe(false);
  });

  it('installs nothing when disabled (the default)', async () => {
    const run = await runApp(['--require', requireEntry, fixture('app.cjs')], {}, { enabled: false });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app ran; provider NoopTracerProvider');
    expect(run.stderr).toBe('');
  });

  it('installs nothing with OTEL_SDK_DISABLED=true even when enabled', async () => {
    const run = await runApp(['--require', requireEntry, fixture('app.cjs')], { OTEL_SDK_DISABLED: 'true' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('provider NoopTracerProvider');
    expect(run.spans).toEqual([]);
  });

  it('reports a bad configuration clearly and still runs the application', async () => {
    const run = await runApp(['--require', requireEntry, fixture('app.cjs')], {
      SPAWN_TRACING_SAMPLING_RATE: '1.5',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app ran; provider NoopTracerProvider');
    expect(run.stderr).toContain('tracing not started');
    expect(run.stderr).toContain('SPAWN_TRACING_SAMPLING_RATE');
    expect(run.stderr).toContain('1.5');
  });

  it('flushes on SIGTERM and then exits as Node would', async () => {
    const run = await runApp(
      ['--require', requireEntry, fixture('linger-app.cjs')],
      {},
      {
        onStdout: (text, child) => {
          if (text.includes('app ready')) child.kill('SIGTERM');
        },
      },
    );
    expect(run.signal).toBe('SIGTERM');
    expect(run.spans.map((s) => s.name)).toEqual(['app.main']);
  });
});
