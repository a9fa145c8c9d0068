import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps FIFO order across wrap-around and refuses to overwrite', () => {
    const ring = new RingBuffer<number>(3);
    expect([ring.push(1), ring.push(2), ring.push(3), ring.push(4)]).toEqual([true, true, true, false]);
    expect(ring.shift()).toBe(1);
    ring.push(5);
    expect(ring.take(10)).toEqual([2, 3, 5]);
    expect(ring.length).toBe(0);
    expect(ring.shift()).toBeUndefined();
  });

  it('counts absolute positions through shifts, takes and clears', () => {
    const ring = new RingBuffer<string>(4);
    for (const s of ['a', 'b', 'c']) ring.push(s);
    expect([ring.head, ring.tail]).toEqual([0, 3]);
    ring.take(2);
    expect([ring.head, ring.tail]).toEqual([2, 3]);
    ring.push('d');
    expect(ring.clear()).toBe(2);
    expect([ring.head, ring.tail, ring.length]).toEqual([4, 4, 0]);
  });
});
