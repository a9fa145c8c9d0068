import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTable, TABLE } from '../dynamodb.js';

const run = promisify(execFile);
let db: Awaited<ReturnType<typeof startTable>>;
beforeAll(async () => {
  db = await startTable();
});
afterAll(() => db.close());

interface PrintedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** Runs a fixture of this folder with plain `node` (so the packages' built `dist` is what runs). */
async function fixture(name: string): Promise<PrintedSpan[]> {
  const file = fileURLToPath(new URL(name, import.meta.url));
  const env = { ...process.env, DYNAMODB_ENDPOINT: db.server.endpoint, TABLE };
  const { stdout } = await run(process.execPath, [file], { env, timeout: 20_000 });
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PrintedSpan);
}

describe('one trace across two processes through DynamoDB', () => {
  it("continues instance A's trace on instance B: same trace id, B's spans children of A's span", async () => {
    const [writer] = await fixture('writer.mjs');
    const readers = await fixture('reader.mjs');
    expect(writer?.name).toBe('spawn.launch');
    expect(readers).toHaveLength(2);
    for (const span of readers) {
      expect(span.name).toBe(`${TABLE} process`);
      expect(span.traceId).toBe(writer?.traceId);
      expect(span.parentSpanId).toBe(writer?.spanId);
    }
  });
});
