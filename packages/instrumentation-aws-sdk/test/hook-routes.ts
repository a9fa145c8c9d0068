import { createRequire } from 'node:module';
import type { InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { type LocalDynamoDb, startDynamoDb } from '@spawn/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AwsSdkInstrumentation } from '../src/index.js';
import { local, setupTracing } from './harness.js';

/**
 * Proves one hook route on its own: an instrumentation that keeps only the module definitions `keep`
 * selects must still trace every SDK version across the 2026 move of smithy's `Client`.
 */
export function hookRouteSuite(keep: (name: string) => boolean): void {
  class OneRoute extends AwsSdkInstrumentation {
    protected override init(): InstrumentationModuleDefinition[] {
      return super.init().filter((d) => keep(d.name));
    }
  }
  const h = setupTracing();
  h.instrumentation.disable();
  const only = new OneRoute();
  only.setTracerProvider(h.provider);

  let ddb: LocalDynamoDb;
  beforeAll(async () => {
    ddb = await startDynamoDb();
  });
  afterAll(() => ddb.close());

  it.each([
    '@aws-sdk/client-dynamodb-v3-600',
    '@aws-sdk/client-dynamodb-v3-1046',
    '@aws-sdk/client-dynamodb',
  ])('%s is traced', async (name) => {
    h.reset();
    // `require`, as a CommonJS application loads it (an ES module import of a service package is seen
    // only with import-in-the-middle's loader; the smithy route sees the SDK's own requires either way).
    const sdk = createRequire(import.meta.url)(name) as typeof import('@aws-sdk/client-dynamodb');
    const client = new sdk.DynamoDBClient(local(ddb.clientConfig));
    await client.send(new sdk.ListTablesCommand({}));
    expect(h.awsSpans().map((s) => s.name)).toEqual(['aws.dynamodb.ListTables']);
    client.destroy();
  });
}
