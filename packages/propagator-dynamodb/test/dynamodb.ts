import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
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

/** A sampled remote parent with tracestate `spawn=1`, as the injection tests put into items. */
export const sc = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};
export const ctx = trace.setSpanContext(ROOT_CONTEXT, { ...sc, traceState: new TraceState('spawn=1') });
/** `sc` as a traceparent. */
export const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
export const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 'job' } });
