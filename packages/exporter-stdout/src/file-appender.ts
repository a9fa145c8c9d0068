import { close, open, write } from 'node:fs';

/**
 * Appends text to a file through its descriptor, one write at a time (the caller queues them). A file
 * needs no more than that of a stream, and `fs.createWriteStream` would load Node's file stream and
 * `fs/promises` modules at the first export: about 0.8 MiB and a few ms of a traced process's start-up
 * (bench/startup). After a failed write the file is closed and opened again by the next one: the
 * condition (a full disk) may have cleared.
 */
export class FileAppender {
  private fd: Promise<number> | undefined;

  constructor(private readonly path: string) {}

  /** Resolves once all of `text` was handed to the OS; rejects with the open or write error. */
  async write(text: string): Promise<void> {
    this.fd ??= openForAppend(this.path);
    const opened = this.fd;
    try {
      const fd = await opened;
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; ) at += await writeSome(fd, bytes, at);
    } catch (error) {
      if (this.fd === opened) this.fd = undefined;
      await closeQuietly(opened);
      throw error;
    }
  }

  /** Closes the file, if open; resolves after it is closed. */
  async close(): Promise<void> {
    const opened = this.fd;
    this.fd = undefined;
    if (opened) await closeQuietly(opened);
  }
}

function openForAppend(path: string): Promise<number> {
  return new Promise((resolve, reject) =>
    open(path, 'a', (error, fd) => (error ? reject(error) : resolve(fd))),
  );
}

function writeSome(fd: number, bytes: Buffer, at: number): Promise<number> {
  return new Promise((resolve, reject) =>
    write(fd, bytes, at, bytes.length - at, null, (error, written) =>
      error ? reject(error) : resolve(written),
    ),
  );
}

function closeQuietly(opened: Promise<number>): Promise<void> {
  return opened.then(
    (fd) => new Promise<void>((resolve) => close(fd, () => resolve())),
    () => undefined,
  );
}
