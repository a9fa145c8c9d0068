// The launcher of a job array (an ES module, started with `node --import @spawn/tracing/register`):
// writes the array's record to DynamoDB with the trace context in it, and enqueues one message per
// task. The AWS SDK calls are traced automatically; SendMessage carries the context by itself.
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { trace } from '@opentelemetry/api';
import { withSpan } from '@spawn/tracing-core';
import { injectPutItem } from '@spawn/tracing-propagator-dynamodb';

const { SPAWN_JOB_ARRAY_ID: arrayId, DEMO_TABLE: table, DEMO_QUEUE: queue, DEMO_TASKS: tasks } = process.env;
const dynamodb = new DynamoDBClient({});
const sqs = new SQSClient({});
const tracer = trace.getTracer('spawn-demo');

await withSpan(tracer, 'spawn.launch', async (span) => {
  span.setAttribute('spawn.job_array_id', arrayId);
  // A secret that leaks into an attribute, as command lines do: the sanitizer must redact it.
  span.setAttribute(
    'spawn.command',
    `spawn launch --array ${tasks} --api-key sk_live_51HqLyjWDarjtT1zdp7dcXYZ`,
  );
  await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queue }));
  // The record carries `traceparent`: every instance that reads it continues this trace.
  await dynamodb.send(
    new PutItemCommand(
      injectPutItem({
        TableName: table,
        Item: {
          id: { S: arrayId },
          size: { N: tasks },
          queue_url: { S: QueueUrl },
          status: { S: 'launched' },
        },
      }),
    ),
  );
  for (let task = 0; task < Number(tasks); task++) {
    const body = JSON.stringify({ task, fail: task === Number(tasks) - 1 });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  }
  console.log(`launcher: array ${arrayId} launched, trace ${span.spanContext().traceId}`);
});
