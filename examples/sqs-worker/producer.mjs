// Sends work to SQS. With the register hook, SendMessage carries the trace context in message
// attributes by itself (never more than SQS's 10 attributes, never mutating your input).
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { trace } from '@opentelemetry/api';
import { withSpan } from '@spawn/tracing-core';

const sqs = new SQSClient({});
await withSpan(trace.getTracer('producer'), 'spawn.enqueue', async () => {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: process.env.QUEUE ?? 'spawn-work' }),
  );
  for (const task of ['a', 'b']) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: task }));
});
