import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { childEnv, readJsonLines, startDynamoDb } from '@spawn/test-support';
import { expect, it } from 'vitest';

interface SpanLine {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  attributes: Record<string, unknown>;
}

it('continues the launcher trace in every instance process', async () => {
  const dynamo = await startDynamoDb();
  const dir = mkdtempSync(join(tmpdir(), 'job-array-'));
  try {
    await promisify(execFile)(process.execPath, ['--import', '@spawn/tracing/register', 'launch.mjs'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: childEnv(
        { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, ARRAY_SIZE: '2' },
        join(dir, 'launcher.jsonl'),
      ),
    });
    const read = (f: string) => readJsonLines<SpanLine>(join(dir, f));
    const launch = read('launcher.jsonl').find((s) => s.name === 'spawn.launch');
    for (const index of [0, 1]) {
      const run = read(`launcher-${index}.jsonl`).find((s) => s.name === 'spawn.instance.run');
      expect(run?.trace_id).toBe(launch?.trace_id);
      expect(run?.parent_span_id).toBe(launch?.span_id);
      expect(run?.attributes['spawn.job_array_index']).toBe(index);
    }
  } finally {
    await dynamo.close();
  }
});
