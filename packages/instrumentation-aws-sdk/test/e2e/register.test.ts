import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type LocalDynamoDb, startDynamoDb } from '@spawn/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

interface ExportedSpan {
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  traceId: string;
  parentSpanId?: string;
}

let ddb: LocalDynamoDb;
beforeAll(async () => {
  for (const entry of ['index.cjs', 'index.js']) {
    if (!existsSync(join(here, '../../dist', entry))) {
      throw new Error(
        `dist/${entry} is missing: run \`pnpm --filter @spawn/tracing-instrumentation-aws-sdk build\` first`,
      );
    }
  }
  ddb = await startDynamoDb();
});
afterAll(() => ddb.close());

async function spansOf(
  flag: '--require' | '--import',
  register: string,
  app: string,
): Promise<ExportedSpan[]> {
  const { stdout } = await run(process.execPath, [flag, join(here, register), join(here, app)], {
    cwd: here,
    env: {
      ...process.env,
      DDB_ENDPOINT: ddb.endpoint,
      NODE_OPTIONS: '',
      AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
    },
    timeout: 20_000,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('SPANS '));
  if (!line) throw new Error(`no SPANS line in the child's output:\n${stdout}`);
  return JSON.parse(line.slice('SPANS '.length)) as ExportedSpan[];
}

describe.each([
  ['CommonJS', '--require', 'register.cjs', 'app.cjs'],
  ['ES module', '--import', 'register.mjs', 'app.mjs'],
] as const)('a %s application started with the register flag', (_kind, flag, register, app) => {
  it('gets one span per AWS call, children of its own span, with no code change', async () => {
    const spans = await spansOf(flag, register, app);
    const root = spans.find((s) => s.name === 'app.main');
    const aws = spans.filter((s) => s.name.startsWith('aws.'));
    expect(aws.map((s) => s.name)).toEqual([
      'aws.dynamodb.CreateTable',
      'aws.dynamodb.PutItem',
      'aws.dynamodb.GetItem',
      'aws.dynamodb.GetItem',
    ]);
    for (const span of aws) {
      expect(span.traceId).toBe(root?.traceId);
      expect(span.attributes['aws.region']).toBe('us-east-1');
      expect(span.attributes['aws.request_id']).toEqual(expect.any(String));
    }
    expect(aws[2]?.attributes).toMatchObject({ error: false, 'http.status_code': 200 });
    expect(aws[3]?.attributes).toMatchObject({
      error: true,
      'error.type': 'ValidationException',
      'http.status_code': 400,
    });
  });
});
