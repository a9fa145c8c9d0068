/**
 * A fixed-capacity FIFO over a preallocated array: O(1) push, shift and drop-oldest, no
 * `Array.prototype.shift` on the hot path. Positions are also counted absolutely (`head`, `tail`
 * grow forever) so a flush can remember "everything before this point" cheaply.
 */
export class RingBuffer<T> {
  private readonly slots: (T | undefined)[];
  private start = 0;
  private size = 0;
  /** Absolute position of the oldest item: how many items ever left the buffer. */
  head = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Absolute position one past the newest item: how many items ever entered the buffer. */
  get tail(): number {
    return this.head + this.size;
  }

  /** Appends `item`; the caller makes room first (returns false when full, never overwrites). */
  push(item: T): boolean {
    if (this.size === this.capacity) return false;
    let i = this.start + this.size;
    if (i >= this.capacity) i -= this.capacity;
    this.slots[i] = item;
    this.size++;
    return true;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.slots[this.start];
    this.slots[this.start] = undefined;
    this.start = this.start + 1 === this.capacity ? 0 : this.start + 1;
    this.size--;
    this.head++;
    return item;
  }

  /** Removes up to `count` oldest items into a new array (oldest first). */
  take(count: number): T[] {
    const n = Math.min(count, this.size);
    const out = new Array<T>(n);
    for (let k = 0; k < n; k++) out[k] = this.shift() as T;
    return out;
  }

  /** Removes everything; returns how many items were dropped. */
  clear(): number {
    const n = this.size;
    this.slots.fill(undefined);
    this.start = 0;
    this.size = 0;
    this.head += n;
    return n;
  }
}
