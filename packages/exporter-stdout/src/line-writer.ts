import type { Writable } from 'node:stream';
import { type Destination, describeDestination } from './destination.js';
import { FileAppender } from './file-appender.js';

interface Open {
  stream: Writable;
  error?: Error;
  onError: (error: Error) => void;
}

/**
 * Writes text to a destination one piece after another: each write resolves when its bytes were
 * handed to the OS (or rejects with the error), waits for 'drain' when a stream asks, and never lets
 * a stream 'error' go unheard (which would crash the process). Files are appended to directly.
 */
export class LineWriter {
  private open: Open | undefined;
  private readonly file: FileAppender | undefined;
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly target: Destination | Writable) {
    if ('kind' in target && target.kind === 'file') this.file = new FileAppender(target.path);
  }

  /** `stdout`, `stderr`, the file path or `stream`: for messages. */
  get name(): string {
    return 'kind' in this.target ? describeDestination(this.target) : 'stream';
  }

  /** Whether the stream is a terminal (for colour). */
  get isTTY(): boolean {
    return Boolean(this.terminal?.isTTY);
  }

  /** The terminal's width, when the stream is a terminal. */
  get columns(): number | undefined {
    return this.terminal?.isTTY ? this.terminal.columns : undefined;
  }

  private get terminal(): { isTTY?: boolean; columns?: number } | undefined {
    if (!('kind' in this.target)) return this.target as { isTTY?: boolean; columns?: number };
    return this.target.kind === 'file' ? undefined : process[this.target.kind];
  }

  /** Queues `text` behind earlier writes; resolves once it is written. */
  write(text: string): Promise<void> {
    const done = this.tail.then(() => this.writeNow(text));
    this.tail = done.catch(() => undefined);
    return done;
  }

  /** Resolves when every queued write has finished (written or failed). */
  flush(): Promise<void> {
    return this.tail;
  }

  /** Flushes, then closes a file this writer opened (resolves after it closed) and stops listening. */
  async close(): Promise<void> {
    await this.tail;
    this.closed = true;
    await this.file?.close();
    const open = this.open;
    this.open = undefined;
    open?.stream.off('error', open.onError);
  }

  private acquire(): Open {
    if (this.open) return this.open;
    const stream = 'kind' in this.target ? process[this.target.kind as 'stdout' | 'stderr'] : this.target;
    const open: Open = { stream, onError: (error) => (open.error ??= error) };
    stream.on('error', open.onError);
    this.open = open;
    return open;
  }

  private async writeNow(text: string): Promise<void> {
    if (this.closed) throw new Error('writer is closed');
    if (this.file) return this.file.write(text);
    const open = this.acquire();
    if (open.error) throw open.error;
    const { stream } = open;
    if (stream.writableNeedDrain) await waitFor(stream, 'drain', open);
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error | null) => {
        if (settled) return;
        settled = true;
        stream.off('error', settle);
        stream.off('close', onClose);
        if (error) reject(open.error ?? error);
        else resolve();
      };
      const onClose = () => settle(open.error ?? new Error('stream closed before the write finished'));
      stream.on('error', settle);
      stream.on('close', onClose);
      stream.write(text, settle);
    });
  }
}

function waitFor(stream: Writable, event: 'drain', open: Open): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off(event, onEvent);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onEvent = () => done();
    const onError = (error: Error) => done(open.error ?? error);
    const onClose = () => done(open.error ?? new Error('stream closed while waiting to write'));
    stream.on(event, onEvent);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
