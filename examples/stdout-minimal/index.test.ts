import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { childEnv, startDynamoDb } from '@spawn/test-support';
import { expect, it } from 'vitest';

it('prints one JSON line for the traced ListTables call', async () => {
  const dynamo = await startDynamoDb();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['index.mjs'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: childEnv({ AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint }),
    });
    expect(stderr).toContain('tables: (none)');
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      name: 'aws.dynamodb.ListTables',
      status: 'UNSET',
      attributes: { 'aws.service': 'dynamodb', 'aws.operation': 'ListTables', 'http.status_code': 200 },
    });
  } finally {
    await dynamo.close();
  }
});
