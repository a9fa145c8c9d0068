import { startFauxqs } from 'fauxqs';
import { localCredentials } from './dynamodb.js';
import type { LocalAwsServer } from './listen-local.js';

export type LocalSqs = LocalAwsServer;

/** Starts an in-process fauxqs (SQS) server on port 0. */
export async function startSqs(): Promise<LocalSqs> {
  const server = await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${server.port}`;
  return {
    endpoint,
    port: server.port,
    clientConfig: { endpoint, region: 'us-east-1', credentials: localCredentials },
    close: () => server.stop(),
  };
}
