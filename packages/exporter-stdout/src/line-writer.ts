import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { type Destination, describeDestination } from './destination.js';

interface Open {
  stream: Writable;
  /** Whether this writer opened the stream (a file) and so ends it on close. */
  owned: boolean;
  error?: Error;
  onError: (error: Error) => void;
}

/**
 * Writes text to a destination one piece after another: each write resolves when its bytes were
 * handed to the OS (or rejects with the stream's error), waits for 'drain' when the stream asks,
 * and never lets a stream 'error' go unheard (which would crash the process).
 */
export class LineWriter {
  private open: Open | undefined;
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly target: Destination | Writable) {}

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

  /** Flushes, then ends a file this writer opened (resolves after it closed) and stops listening. */
  async close(): Promise<void> {
    await this.tail;
    this.closed = true;
    const open = this.open;
    this.open = undefined;
    if (!open) return;
    if (open.owned && !open.error) {
      await new Promise<void>((resolve) => {
        open.stream.once('close', resolve);
        open.stream.end();
      });
    }
    // Keep a no-op listener on streams we opened: a late error must not crash the process.
    if (!open.owned) open.stream.off('error', open.onError);
  }

  private acquire(): Open {
    if (this.open?.error && this.open.owned) {
      // A file that failed (full disk) is reopened on the next write: the condition may have cleared.
      this.open = undefined;
    }
    if (this.open) return this.open;
    let stream: Writable;
    let owned = false;
    if (!('kind' in this.target)) stream = this.target;
    else if (this.target.kind === 'file') {
      stream = createWriteStream(this.target.path, { flags: 'a' });
      owned = true;
    } else stream = process[this.target.kind];
    const open: Open = { stream, owned, onError: (error) => (open.error ??= error) };
    stream.on('error', open.onError);
    this.open = open;
    return open;
  }

  private async writeNow(text: string): Promise<void> {
    if (this.closed) throw new Error('writer is closed');
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
