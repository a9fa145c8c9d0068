// Process B: receives the messages and processes each in a span continuing the producer's trace.
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { printSpans } from '@spawn/test-support/fixtures/tracing.mjs';
import { processMessage, withTraceAttributeNames } from '@spawn/tracing-propagator-sqs';

const { SQS_ENDPOINT, QUEUE_URL } = process.env;
const client = new SQSClient({
  endpoint: SQS_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
});
let processed = 0;
while (processed < 3) {
  const { Messages = [] } = await client.send(
    new ReceiveMessageCommand(
      withTraceAttributeNames({ QueueUrl: QUEUE_URL, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    ),
  );
  for (const message of Messages) {
    await processMessage(
      message,
      async () => {
        await client.send(
          new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: message.ReceiptHandle }),
        );
      },
      { queue: QUEUE_URL, link: process.env.LINK === '1' },
    );
    processed++;
  }
}
client.destroy();
printSpans();
