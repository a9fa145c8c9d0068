import { diag } from '@opentelemetry/api';
import { isSendPatched } from './client-class-patch.js';
import { installTracing, isAwsClient } from './client-middleware.js';

/**
 * Traces one client without module hooks, for bundled applications where `require`/`import` hooks never
 * see the SDK: adds the tracing middleware to its stack (once; a document client made from it shares the
 * stack). Where the automatic hook already patched the client's class, it adds nothing. Its spans appear
 * while an `AwsSdkInstrumentation` is enabled. Returns the client.
 */
export function instrumentClient<T extends object>(client: T): T {
  if (!isAwsClient(client)) {
    diag.warn(
      '@spawn/tracing-instrumentation-aws-sdk: instrumentClient() needs an AWS SDK v3 client; left as is',
    );
    return client;
  }
  try {
    if (!isSendPatched(client)) installTracing(client);
  } catch (err) {
    diag.warn(`@spawn/tracing-instrumentation-aws-sdk: client not instrumented (${String(err)})`);
  }
  return client;
}
