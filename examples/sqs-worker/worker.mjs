// Receives the work and handles each message inside a CONSUMER span whose parent is the producer's.
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { processMessage, withTraceAttributeNames } from '@spawn/tracing-propagator-sqs';

const sqs = new SQSClient({});
const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: process.env.QUEUE ?? 'spawn-work' }));
const { Messages = [] } = await sqs.send(
  new ReceiveMessageCommand(
    withTraceAttributeNames({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  ),
);
for (const message of Messages) {
  await processMessage(
    message,
    async (span) => {
      span.setAttribute('task', message.Body);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    },
    { queue: QueueUrl },
  );
}
console.log(`worker: processed ${Messages.length} message(s)`);
