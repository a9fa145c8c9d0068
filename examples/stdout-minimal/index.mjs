// One AWS SDK call, traced, written as JSON lines to stdout. Point it at real AWS (credentials and
// region from the usual chain) or at a local endpoint with AWS_ENDPOINT_URL_DYNAMODB.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { instrumentClient, startTracing } from '@spawn/tracing';

const tracing = await startTracing({ enabled: true, exporter: 'stdout', samplingRate: 1 });
// The SDK was imported before tracing started, so hand the client over (the register hook needs no such step).
const dynamodb = instrumentClient(new DynamoDBClient({}));
const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
console.error(`tables: ${TableNames.join(', ') || '(none)'}`);
await tracing.shutdown(); // flushes the span of the ListTables call to stdout
