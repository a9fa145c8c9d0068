import { randomFillSync } from 'node:crypto';

const BLOCK = 4096;
// Hex text is made one 256-byte window at a time and ids are sliced out of it: one native
// conversion serves about ten ids, and an id kept for long pins 512 characters, not the whole block.
const WINDOW = 256;

/**
 * Crypto-quality random hex drawn from a block refilled 4 KiB at a time: one `randomFillSync` call
 * serves hundreds of ids, which is what makes id generation cheap.
 */
export class RandomHexSource {
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private offset = BLOCK;
  private text = '';
  private textStart = 0;
  private textEnd = 0;

  /** `bytes` random bytes as lower-case hex, never all zeros (an all-zero id is invalid in W3C). */
  hex(bytes: number): string {
    for (;;) {
      if (this.offset + bytes > BLOCK) {
        randomFillSync(this.block);
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
