import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDynamoDb } from '@spawn/test-support';
import { expect, it } from 'vitest';

it('continues the launcher trace in every instance process', async () => {
  const dynamo = await startDynamoDb();
  const dir = mkdtempSync(join(tmpdir(), 'job-array-'));
  try {
    await promisify(execFile)(process.execPath, ['--import', '@spawn/tracing/register', 'launch.mjs'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        SPAWN_CONFIG: '/dev/null',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        SPAWN_IMDS_DISABLED: 'true',
        SPAWN_TRACING_ENABLED: 'true',
        SPAWN_TRACING_EXPORTER: 'stdout',
        SPAWN_TRACING_SAMPLING_RATE: '1',
        SPAWN_TRACING_ENDPOINT: join(dir, 'launcher.jsonl'),
        ARRAY_SIZE: '2',
      },
    });
    const read = (f: string) =>
      readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const launch = read('launcher.jsonl').find((s) => s.name === 'spawn.launch');
    for (const index of [0, 1]) {
      const run = read(`launcher-${index}.jsonl`).find((s) => s.name === 'spawn.instance.run');
      expect(run.trace_id).toBe(launch.trace_id);
      expect(run.parent_span_id).toBe(launch.span_id);
      expect(run.attributes['spawn.job_array_index']).toBe(index);
    }
  } finally {
    await dynamo.close();
  }
});
