/** A clock in milliseconds; only differences matter. */
export type Clock = () => number;

export const defaultClock: Clock = () => performance.now();

/**
 * A token bucket: `perSecond` tokens a second, holding at most `burst`, full at start. Over any span
 * of `t` seconds it grants at most `burst + perSecond * t` tokens.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: Clock = defaultClock,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const t = this.now();
    if (t > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.perSecond) / 1000);
      this.last = t;
    } else if (t < this.last) {
      // A clock that steps back refills nothing; a NaN one falls through both tests.
      this.last = t;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
