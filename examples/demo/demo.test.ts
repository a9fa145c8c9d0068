import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

interface Line {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  kind: string;
  status: string;
  attributes: Record<string, unknown>;
  resource?: Record<string, unknown>;
}

it('runs the demo: one trace across every process, correct parents, the error, no secret', async () => {
  const out = mkdtempSync(join(tmpdir(), 'spawn-demo-'));
  const { stdout } = await promisify(execFile)(process.execPath, ['demo.mjs', '--json', '--out', out], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    timeout: 120_000,
  });
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    files: string[];
    html: string;
    traces: number;
  };
  const byFile = summary.files.map((f) =>
    readFileSync(f, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line),
  );
  const all = byFile.flat();
  const ids = new Map(all.map((s) => [s.span_id, s]));

  // One trace id across the launcher and all three workers.
  expect(byFile).toHaveLength(4);
  expect(new Set(all.map((s) => s.trace_id)).size).toBe(1);
  expect(summary.traces).toBe(1);

  // Parent links: one root (the launch); every other span's parent exists; workers hang under the launch.
  const roots = all.filter((s) => !s.parent_span_id);
  expect(roots.map((s) => s.name)).toEqual(['spawn.launch']);
  for (const span of all) if (span.parent_span_id) expect(ids.has(span.parent_span_id), span.name).toBe(true);
  const runs = all.filter((s) => s.name === 'spawn.worker.run');
  expect(runs).toHaveLength(3);
  for (const run of runs) expect(ids.get(run.parent_span_id!)?.name).toBe('spawn.launch');
  const tasks = all.filter((s) => s.kind === 'CONSUMER' && s.attributes['spawn.task'] !== undefined);
  expect(tasks).toHaveLength(6);
  for (const task of tasks) expect(ids.get(task.parent_span_id!)?.name).toBe('aws.sqs.SendMessage');

  // The failing task: the DynamoDB call's span and the task span both carry the error.
  const failed = all.find((s) => s.name === 'aws.dynamodb.UpdateItem');
  expect(failed?.status).toBe('ERROR');
  expect(failed?.attributes.error).toBe(true);
  expect(failed?.attributes['aws.request_id']).toBeTruthy();
  expect(ids.get(failed!.parent_span_id!)?.status).toBe('ERROR');

  // The secret in the launch span's command line is redacted everywhere.
  const everything = byFile.map((_, i) => readFileSync(summary.files[i]!, 'utf8')).join('\n');
  expect(everything).not.toContain('sk_live_51HqLyjWDarjtT1zdp7dcXYZ');
  expect(String(roots[0]!.attributes['spawn.command'])).toMatch(
    /^spawn launch --array 6 --api-key \S*REDACTED/,
  );

  expect(existsSync(summary.html)).toBe(true);
  expect(readFileSync(summary.html, 'utf8')).toContain('spawn.launch');
}, 150_000);
