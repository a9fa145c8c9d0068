/// <reference path="./dynalite.d.ts" />

import type { Server } from 'node:http';
import dynalite from 'dynalite';
import { type LocalAwsServer, listenLocal } from './listen-local.js';

export type LocalDynamoDb = LocalAwsServer;

/** Starts an in-memory dynalite on port 0. `createTableMs: 0` makes tables ACTIVE at once. */
export async function startDynamoDb(): Promise<LocalDynamoDb> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const { port, endpoint, close } = await listenLocal(server);
  return {
    endpoint,
    port,
    clientConfig: { endpoint, region: 'us-east-1', credentials: localCredentials },
    close,
  };
}

export const localCredentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
