import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type LocalDynamoDb, startDynamoDb } from '@spawn/test-support';

export const TABLE = 'spawn-jobs';

/** dynalite with a `spawn-jobs` table keyed by `pk` (string) and `sk` (string), and both kinds of client. */
export async function startTable() {
  const server: LocalDynamoDb = await startDynamoDb();
  const client = new DynamoDBClient(server.clientConfig);
  const doc = DynamoDBDocumentClient.from(client);
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return {
    server,
    client,
    doc,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
