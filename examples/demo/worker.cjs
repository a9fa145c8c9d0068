// One instance of the job array (CommonJS, started with `node --require @spawn/tracing/register`):
// reads the array's record, continues its trace, and processes task messages from SQS. The last
// task fails on purpose with a real DynamoDB ValidationException, recorded on its spans.
const { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } = require('@aws-sdk/client-sqs');
const { DynamoDBClient, GetItemCommand, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');
const { context, trace } = require('@opentelemetry/api');
const { suppressTracing } = require('@opentelemetry/core');
const { withItemContext } = require('@spawn/tracing-propagator-dynamodb');
const { processMessage, withTraceAttributeNames } = require('@spawn/tracing-propagator-sqs');

const { SPAWN_JOB_ARRAY_ID: arrayId, JOB_ARRAY_INDEX: index, DEMO_TABLE: table } = process.env;
const dynamodb = new DynamoDBClient({});
const sqs = new SQSClient({});
const tracer = trace.getTracer('spawn-demo');

async function main() {
  // The record is what tells this instance which trace it belongs to, so reading it belongs to no
  // trace yet: untraced, rather than a stray one-span trace of its own.
  const { Item } = await context.with(suppressTracing(context.active()), () =>
    dynamodb.send(new GetItemCommand({ TableName: table, Key: { id: { S: arrayId } } })),
  );
  const queueUrl = Item.queue_url.S;
  await withItemContext(
    Item,
    async (span) => {
      span.setAttribute('spawn.job_array_index', Number(index));
      let done = 0;
      for (let empty = 0; empty < 2; ) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand(
            withTraceAttributeNames({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
          ),
        );
        empty = Messages.length === 0 ? empty + 1 : 0;
        for (const message of Messages) {
          await processMessage(message, (taskSpan) => runTask(JSON.parse(message.Body), taskSpan), {
            tracer,
            queue: queueUrl,
          }).catch((err) => console.log(`worker ${index}: task failed: ${err.name}`));
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
          done++;
        }
      }
      console.log(`worker ${index}: processed ${done} task(s)`);
    },
    { tracer, table, name: 'spawn.worker.run' },
  );
}

async function runTask(task, span) {
  span.setAttribute('spawn.task', task.task);
  await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
  if (task.fail) {
    // An empty key attribute value is rejected by DynamoDB itself: a real service error.
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { id: { S: '' } },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'failed' } },
      }),
    );
  }
}

main().catch((err) => {
  console.error(`worker ${index}: ${err.stack}`);
  process.exitCode = 1;
});
