// Process A: starts a span and sends a message carrying its context.
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { trace } from '@opentelemetry/api';
import { printSpans } from '@spawn/test-support/fixtures/tracing.mjs';
import { injectSendMessage, injectSendMessageBatch } from '@spawn/tracing-propagator-sqs';

const { SQS_ENDPOINT, QUEUE_URL } = process.env;
const client = new SQSClient({
  endpoint: SQS_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
});
await trace.getTracer('producer').startActiveSpan('spawn.launch', async (span) => {
  await client.send(new SendMessageCommand(injectSendMessage({ QueueUrl: QUEUE_URL, MessageBody: 'job 0' })));
  const entries = [1, 2].map((i) => ({ Id: String(i), MessageBody: `job ${i}` }));
  await client.send(
    new SendMessageBatchCommand(injectSendMessageBatch({ QueueUrl: QUEUE_URL, Entries: entries })),
  );
  span.end();
});
client.destroy();
printSpans();
