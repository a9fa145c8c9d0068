import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type LocalSqs, startSqs } from '@spawn/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let sqs: LocalSqs;
let client: SQSClient;
beforeAll(async () => {
  sqs = await startSqs();
  client = new SQSClient(sqs.clientConfig);
});
afterAll(async () => {
  client.destroy();
  await sqs.close();
});

interface PrintedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  links: number;
}

/** Runs a fixture of this folder with plain `node` (so the packages' built `dist` is what runs). */
async function fixture(name: string, env: Record<string, string>): Promise<PrintedSpan[]> {
  const file = fileURLToPath(new URL(name, import.meta.url));
  const { stdout } = await run(process.execPath, [file], {
    env: { ...process.env, ...env },
    timeout: 20_000,
  });
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PrintedSpan);
}

async function queue(name: string) {
  const { QueueUrl = '' } = await client.send(new CreateQueueCommand({ QueueName: name }));
  return { SQS_ENDPOINT: sqs.endpoint, QUEUE_URL: QueueUrl };
}

describe('one trace across two processes through SQS', () => {
  it("continues process A's trace in process B: same trace id, B's spans children of A's span", async () => {
    const env = await queue('cross-process');
    const [producer] = await fixture('producer.mjs', env);
    const consumers = await fixture('consumer.mjs', env);
    expect(producer?.name).toBe('spawn.launch');
    expect(consumers).toHaveLength(3);
    for (const span of consumers) {
      expect(span.name).toBe('cross-process process');
      expect(span.traceId).toBe(producer?.traceId);
      expect(span.parentSpanId).toBe(producer?.spanId);
    }
  });

  it('links instead for batch consumers', async () => {
    const env = await queue('cross-process-link');
    const [producer] = await fixture('producer.mjs', env);
    const consumers = await fixture('consumer.mjs', { ...env, LINK: '1' });
    for (const span of consumers) {
      expect(span.traceId).not.toBe(producer?.traceId);
      expect(span.parentSpanId).toBeUndefined();
      expect(span.links).toBe(1);
    }
  });
});
