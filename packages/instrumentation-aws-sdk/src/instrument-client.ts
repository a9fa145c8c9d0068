import { diag } from '@opentelemetry/api';
import { installTracing, isAwsClient } from './client-middleware.js';

/**
 * Traces one client without module hooks, for bundled applications where `require`/`import` hooks never
 * see the SDK: adds the tracing middleware to its stack (once; a second call or the automatic hook adds
 * nothing). Its spans appear while an `AwsSdkInstrumentation` is enabled. Returns the client.
 */
export function instrumentClient<T extends object>(client: T): T {
  if (!isAwsClient(client)) {
    diag.warn(
      '@spawn/tracing-instrumentation-aws-sdk: instrumentClient() needs an AWS SDK v3 client; left as is',
    );
    return client;
  }
  try {
    installTracing(client);
  } catch (err) {
    diag.warn(`@spawn/tracing-instrumentation-aws-sdk: client not instrumented (${String(err)})`);
  }
  return client;
}
