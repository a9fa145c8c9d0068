import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { CallOutcome, PreparedDocument, Transport } from './transport.js';

/** The daemon protocol's header line before every document. */
export const DAEMON_HEADER = '{"format":"json","version":1}\n';
/** The largest UDP payload over IPv4, less the header: a datagram must carry header and document. */
const MAX_UDP_PAYLOAD = 65_507;

/** Delivery to an X-Ray daemon or CloudWatch agent: one document per datagram. */
export class UdpTransport implements Transport {
  readonly maxDocumentBytes = MAX_UDP_PAYLOAD - DAEMON_HEADER.length;
  readonly maxDocumentsPerCall = 50;
  private socket: Socket | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly onSocketError: (error: Error) => void,
  ) {}

  private open(): Socket {
    if (this.socket === undefined) {
      this.socket = createSocket(isIPv6(this.host) ? 'udp6' : 'udp4');
      this.socket.on('error', this.onSocketError);
      // The socket must never keep the process alive.
      this.socket.unref();
    }
    return this.socket;
  }

  async send(docs: PreparedDocument[]): Promise<CallOutcome> {
    const outcome: CallOutcome = { sent: [], rejected: [], retry: [] };
    let socket: Socket;
    try {
      socket = this.open();
    } catch (error) {
      return {
        ...outcome,
        retry: docs,
        failure: { error, retryable: true, throttled: false, kind: 'other' },
      };
    }
    await Promise.all(
      docs.map(
        (doc) =>
          new Promise<void>((resolve) => {
            const done = (error: Error | null) => {
              if (!error) outcome.sent.push(doc);
              else if ((error as NodeJS.ErrnoException).code === 'EMSGSIZE')
                outcome.rejected.push({ doc, code: 'EMSGSIZE' });
              else {
                outcome.retry.push(doc);
                outcome.failure ??= { error, retryable: true, throttled: false, kind: 'other' };
              }
              resolve();
            };
            try {
              socket.send(DAEMON_HEADER + doc.json, this.port, this.host, done);
            } catch (error) {
              done(error as Error);
            }
          }),
      ),
    );
    return outcome;
  }

  async shutdown(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
