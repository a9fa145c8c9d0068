// Process B (instance B): reads the items and works on each in a span continuing the writer's trace.
// It loads the package's CommonJS build, so both builds are exercised across the two processes.
import { createRequire } from 'node:module';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { printSpans } from '@spawn/test-support/fixtures/tracing.mjs';

const { withItemContext } = createRequire(import.meta.url)('@spawn/tracing-propagator-dynamodb');
const { DYNAMODB_ENDPOINT, TABLE } = process.env;
const client = new DynamoDBClient({
  endpoint: DYNAMODB_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
});
for (const pk of ['job-1', 'job-2']) {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk }, sk: { S: 'job' } }, ConsistentRead: true }),
  );
  await withItemContext(Item, async () => new Promise((resolve) => setTimeout(resolve, 1)), { table: TABLE });
}
client.destroy();
printSpans();
