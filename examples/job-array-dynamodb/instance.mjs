// One instance of the array: reads the record and runs its work inside a span that continues the
// launcher's trace (a child of the launcher's span, in another process).
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { trace } from '@opentelemetry/api';
import { withItemContext } from '@spawn/tracing-propagator-dynamodb';

const { TABLE: table, SPAWN_JOB_ARRAY_ID: arrayId, JOB_ARRAY_INDEX: index } = process.env;
const { Item } = await new DynamoDBClient({}).send(
  new GetItemCommand({ TableName: table, Key: { id: { S: arrayId } } }),
);
await withItemContext(
  Item,
  async (span) => {
    span.setAttribute('spawn.job_array_index', Number(index));
    console.log(`instance ${index}: continuing trace ${span.spanContext().traceId}`);
  },
  { tracer: trace.getTracer('instance'), table, name: 'spawn.instance.run' },
);
