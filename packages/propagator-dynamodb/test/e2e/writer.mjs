// Process A (instance A): starts a span and writes job items carrying its context.
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { trace } from '@opentelemetry/api';
import { printSpans } from '@spawn/test-support/fixtures/tracing.mjs';
import { injectPutItem, injectUpdateItem } from '@spawn/tracing-propagator-dynamodb';

const { DYNAMODB_ENDPOINT, TABLE } = process.env;
const client = new DynamoDBClient({
  endpoint: DYNAMODB_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
});
const doc = DynamoDBDocumentClient.from(client);
await trace.getTracer('writer').startActiveSpan('spawn.launch', async (span) => {
  await doc.send(
    new PutCommand(injectPutItem({ TableName: TABLE, Item: { pk: 'job-1', sk: 'job', state: 'queued' } })),
  );
  await client.send(
    new UpdateItemCommand(
      injectUpdateItem({
        TableName: TABLE,
        Key: { pk: { S: 'job-2' }, sk: { S: 'job' } },
        UpdateExpression: 'SET #state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':state': { S: 'queued' } },
      }),
    ),
  );
  span.end();
});
client.destroy();
printSpans();
