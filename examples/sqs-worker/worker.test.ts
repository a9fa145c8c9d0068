import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSqs } from '@spawn/test-support';
import { expect, it } from 'vitest';

it('makes each processing span a child of the SendMessage span in the other process', async () => {
  const sqs = await startSqs();
  const dir = mkdtempSync(join(tmpdir(), 'sqs-worker-'));
  const run = (script: string) =>
    promisify(execFile)(process.execPath, ['--import', '@spawn/tracing/register', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_SQS: sqs.endpoint,
        SPAWN_CONFIG: '/dev/null',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        SPAWN_IMDS_DISABLED: 'true',
        SPAWN_TRACING_ENABLED: 'true',
        SPAWN_TRACING_EXPORTER: 'stdout',
        SPAWN_TRACING_SAMPLING_RATE: '1',
        SPAWN_TRACING_ENDPOINT: join(dir, `${script}.jsonl`),
      },
    });
  try {
    await run('producer.mjs');
    const { stdout } = await run('worker.mjs');
    expect(stdout).toContain('processed 2 message(s)');
    const read = (f: string) =>
      readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const sends = read('producer.mjs.jsonl').filter((s) => s.name === 'aws.sqs.SendMessage');
    const processed = read('worker.mjs.jsonl').filter((s) => s.kind === 'CONSUMER' && s.attributes.task);
    expect(sends).toHaveLength(2);
    expect(processed).toHaveLength(2);
    for (const span of processed) {
      const send = sends.find((s) => s.span_id === span.parent_span_id);
      expect(send, `parent of ${span.name}`).toBeDefined();
      expect(span.trace_id).toBe(send.trace_id);
    }
  } finally {
    await sqs.close();
  }
});
