import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningServer {
  port: number;
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** Closes the server, cutting open connections (a hanging test server must not hold the suite). */
  close(): Promise<void>;
}

/** What every local AWS-protocol test server gives a test: where it is, and client options that reach it. */
export interface LocalAwsServer extends ListeningServer {
  /** `{ endpoint, region, credentials }` for any `@aws-sdk/client-*` constructor: dummy credentials. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
}

/** Starts `server` on 127.0.0.1, port 0: every test server listens the same way. */
export async function listenLocal(server: Server): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
