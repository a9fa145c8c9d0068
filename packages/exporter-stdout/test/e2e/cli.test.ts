import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, packageDir, requireBuilt } from './built.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `spawn-trace` as a program (its shebang and mode), optionally feeding stdin. */
function run(args: string[], stdin?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      cli,
      args,
      { env: { ...process.env, NO_COLOR: '', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

const golden = (name: string) => readFileSync(join(packageDir, 'test', 'golden', name), 'utf8');

let dir: string;
let spawnFile: string;
let sporedFile: string;
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'spawn-trace-'));
  // The golden lines as two processes wrote them: spawn's three spans, spored's two.
  const lines = golden('known-trace.jsonl').trimEnd().split('\n');
  spawnFile = join(dir, 'spawn.jsonl');
  sporedFile = join(dir, 'spored.jsonl');
  writeFileSync(spawnFile, `${lines.slice(0, 3).join('\n')}\n`);
  writeFileSync(sporedFile, `${lines.slice(3).join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (traceId: string, name: string, ms: number, status = 'UNSET') =>
  JSON.stringify({
    trace_id: traceId,
    span_id: '1',
    name,
    start: '2026-01-01T00:00:00Z',
    end: new Date(Date.UTC(2026, 0, 1) + ms).toISOString(),
    status,
  });

describe('spawn-trace', () => {
  it('stitches files from two processes into the golden waterfall', async () => {
    const result = await run([sporedFile, spawnFile, '--width', '110']);
    expect(result).toEqual({ code: 0, stdout: golden('known-trace.txt'), stderr: '' });
  });

  it('reads stdin, reports invalid lines with their number and skips them', async () => {
    const input = `${golden('known-trace.jsonl')}not a span\n{"trace_id":"x"}\n`;
    const result = await run(['--width', '110'], input);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(golden('known-trace.txt'));
    // The JSON parser's own words vary between Node versions; the line number and the line do not.
    expect(result.stderr).toMatch(
      /^spawn-trace: <stdin>:6: skipped: not JSON \(.+\): "not a span"\nspawn-trace: <stdin>:7: skipped: missing or empty "span_id"\n$/,
    );
  });

  it('prints at most 20 invalid lines per input, then a count', async () => {
    const result = await run(['-'], 'garbage\n'.repeat(25));
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[19]).toMatch(/^spawn-trace: <stdin>:20: skipped: not JSON/);
    expect(lines[20]).toBe('spawn-trace: <stdin>: 5 more invalid lines skipped');
    expect(result.stdout).toBe('no traces\n');
  });

  it('filters by trace id, error and minimum duration', async () => {
    const input = [
      line('aaaa', 'fast ok', 5),
      line('bbbb', 'slow ok', 900),
      line('cccc', 'failed', 50, 'ERROR'),
    ].join('\n');
    const names = (stdout: string) => [...stdout.matchAll(/^(\S.*?)\s{2,}\S+ │/gm)].map((m) => m[1]);
    expect(names((await run(['--errors'], input)).stdout)).toEqual(['failed ✗']);
    expect(names((await run(['-d', '40ms'], input)).stdout)).toEqual(['slow ok', 'failed ✗']);
    expect(names((await run(['--trace', 'aa', '-t', 'bbbb'], input)).stdout)).toEqual(['fast ok', 'slow ok']);
    expect((await run(['--trace', 'zzzz'], input)).stdout).toBe('no traces\n');
  });

  it('colours only on a terminal or when asked', async () => {
    expect((await run([spawnFile])).stdout).not.toContain('\u001b[');
    expect((await run([spawnFile, '--color'])).stdout).toContain('\u001b[31m');
  });

  it('fails clearly on bad arguments and unreadable files', async () => {
    const unknown = await run(['--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("spawn-trace: Unknown option '--frobnicate'");
    const duration = await run(['--min-duration', 'soon']);
    expect(duration).toMatchObject({
      code: 2,
      stderr: 'spawn-trace: --min-duration: not a duration: soon\n',
    });
    const missing = await run([join(dir, 'nope.jsonl'), spawnFile]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    expect(missing.stdout).toContain('spawn launch');
    expect((await run(['--help'])).stdout).toContain('Usage: spawn-trace');
    const html = await run([spawnFile, '--html', join(dir, 'no-such-dir', 'page.html')]);
    expect(html.code).toBe(1);
    expect(html.stderr).toMatch(/cannot write .*page\.html: ENOENT/);
  });

  it('exits quietly when its output is closed early', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => line(`t${i}`, `span ${i}`, i % 100)).join('\n');
    const child = spawn(cli, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(many);
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
