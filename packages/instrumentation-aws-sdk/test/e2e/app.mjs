// An ES module application that knows nothing about tracing.
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({
  endpoint: process.env.DDB_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  maxAttempts: 1,
});
const tracer = globalThis[Symbol.for('spawn-e2e-tracer')];
await tracer.startActiveSpan('app.main', async (span) => {
  await client.send(
    new CreateTableCommand({
      TableName: 'esm-jobs',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await client.send(new PutItemCommand({ TableName: 'esm-jobs', Item: { id: { S: '1' } } }));
  await client.send(new GetItemCommand({ TableName: 'esm-jobs', Key: { id: { S: '1' } } }));
  await client
    .send(new GetItemCommand({ TableName: 'esm-jobs', Key: { bad: { S: '1' } } }))
    .catch(() => undefined);
  span.end();
});
client.destroy();
