import { closeSync, openSync, readSync } from 'node:fs';
import { nodeCrypto } from './node-crypto.js';

const BLOCK = 4096;
// Hex text is made one 256-byte window at a time and ids are sliced out of it: one native
// conversion serves about ten ids, and an id kept for long pins 512 characters, not the whole block.
const WINDOW = 256;

/**
 * Crypto-quality random hex drawn from a block refilled 4 KiB at a time: one refill serves hundreds
 * of ids, which is what makes id generation cheap.
 */
export class RandomHexSource {
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private offset = BLOCK;
  private refilled = false;
  private text = '';
  private textStart = 0;
  private textEnd = 0;

  /** `bytes` random bytes as lower-case hex, never all zeros (an all-zero id is invalid in W3C). */
  hex(bytes: number): string {
    for (;;) {
      if (this.offset + bytes > BLOCK) {
        // The first block comes from /dev/urandom, so a process that makes a few hundred ids never
        // loads node:crypto (about 10 ms and 2.3 MiB of start-up, bench/startup); later blocks use
        // randomFillSync, which costs less per byte.
        if (this.refilled || !readUrandom(this.block)) nodeCrypto().randomFillSync(this.block);
        this.refilled = true;
        this.offset = 0;
        this.textEnd = 0;
      }
      const start = this.offset;
      const end = start + bytes;
      this.offset = end;
      if (end > this.textEnd) {
        this.textStart = start;
        this.textEnd = Math.min(BLOCK, start + Math.max(bytes, WINDOW));
        this.text = this.block.toString('hex', start, this.textEnd);
      }
      for (let i = start; i < end; i++) {
        if (this.block[i] !== 0) {
          const from = (start - this.textStart) * 2;
          return this.text.slice(from, from + bytes * 2);
        }
      }
    }
  }
}

/** Fills `block` from the kernel's CSPRNG where it is a file; `false` where there is none (Windows). */
function readUrandom(block: Buffer): boolean {
  // On Windows the path would name an ordinary file, if anything.
  if (process.platform === 'win32') return false;
  let fd: number | undefined;
  try {
    fd = openSync('/dev/urandom', 'r');
    // Reads above 256 bytes may come back short (a signal): read until the block is full.
    for (let filled = 0; filled < block.length; ) {
      const read = readSync(fd, block, filled, block.length - filled, null);
      if (read <= 0) return false;
      filled += read;
    }
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
