// Instance A → DynamoDB → Instance B: the launcher writes the job array's record with its trace
// context, then starts the array's instances (here: local processes) which continue that trace.
// Tracing comes from the register hook: `node --import @spawn/tracing/register launch.mjs`.
import { execFileSync } from 'node:child_process';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { trace } from '@opentelemetry/api';
import { withSpan } from '@spawn/tracing-core';
import { injectPutItem } from '@spawn/tracing-propagator-dynamodb';

const table = process.env.TABLE ?? 'spawn-job-arrays';
const arrayId = process.env.SPAWN_JOB_ARRAY_ID ?? 'ja-example';
const size = Number(process.env.ARRAY_SIZE ?? 2);
const dynamodb = new DynamoDBClient({});

await withSpan(trace.getTracer('launcher'), 'spawn.launch', async () => {
  await dynamodb
    .send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
    .catch((err) => {
      if (err.name !== 'ResourceInUseException') throw err;
    });
  await dynamodb.send(
    new PutItemCommand(
      injectPutItem({ TableName: table, Item: { id: { S: arrayId }, size: { N: String(size) } } }),
    ),
  );
});
for (let index = 0; index < size; index++) {
  const env = { ...process.env, JOB_ARRAY_INDEX: String(index), TABLE: table, SPAWN_JOB_ARRAY_ID: arrayId };
  if (process.env.SPAWN_TRACING_ENDPOINT)
    env.SPAWN_TRACING_ENDPOINT = process.env.SPAWN_TRACING_ENDPOINT.replace(/(\.jsonl)?$/, `-${index}.jsonl`);
  execFileSync(process.execPath, [...process.execArgv, new URL('instance.mjs', import.meta.url).pathname], {
    env,
    stdio: 'inherit',
  });
}
