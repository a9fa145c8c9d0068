import { randomFillSync } from 'node:crypto';

const BLOCK = 4096;
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Crypto-quality random hex drawn from a block refilled 4 KiB at a time: one `randomFillSync` call
 * serves hundreds of ids, which is what makes id generation cheap.
 */
export class RandomHexSource {
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private offset = BLOCK;

  /** `bytes` random bytes as lower-case hex, never all zeros (an all-zero id is invalid in W3C). */
  hex(bytes: number): string {
    for (;;) {
      if (this.offset + bytes > BLOCK) {
        randomFillSync(this.block);
        this.offset = 0;
      }
      let out = '';
      let zero = true;
      const end = this.offset + bytes;
      for (let i = this.offset; i < end; i++) {
        const b = this.block[i]!;
        if (b !== 0) zero = false;
        out += HEX[b];
      }
      this.offset = end;
      if (!zero) return out;
    }
  }
}
