import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { childEnv, readJsonLines, startSqs } from '@spawn/test-support';
import { expect, it } from 'vitest';

interface SpanLine {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  kind: string;
  attributes: Record<string, unknown>;
}

it('makes each processing span a child of the SendMessage span in the other process', async () => {
  const sqs = await startSqs();
  const dir = mkdtempSync(join(tmpdir(), 'sqs-worker-'));
  const run = (script: string) =>
    promisify(execFile)(process.execPath, ['--import', '@spawn/tracing/register', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: childEnv({ AWS_ENDPOINT_URL_SQS: sqs.endpoint }, join(dir, `${script}.jsonl`)),
    });
  try {
    await run('producer.mjs');
    const { stdout } = await run('worker.mjs');
    expect(stdout).toContain('processed 2 message(s)');
    const read = (f: string) => readJsonLines<SpanLine>(join(dir, f));
    const sends = read('producer.mjs.jsonl').filter((s) => s.name === 'aws.sqs.SendMessage');
    const processed = read('worker.mjs.jsonl').filter((s) => s.kind === 'CONSUMER' && s.attributes.task);
    expect(sends).toHaveLength(2);
    expect(processed).toHaveLength(2);
    for (const span of processed) {
      const send = sends.find((s) => s.span_id === span.parent_span_id);
      expect(send, `parent of ${span.name}`).toBeDefined();
      expect(span.trace_id).toBe(send?.trace_id);
    }
  } finally {
    await sqs.close();
  }
});
