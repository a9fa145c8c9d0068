import { startFauxqs } from 'fauxqs';
import { localCredentials } from './dynamodb.js';

export interface LocalSqs {
  endpoint: string;
  port: number;
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  close(): Promise<void>;
}

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
