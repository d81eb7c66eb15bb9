/**
 * The bounded window of in-flight MsgApp messages to one follower (flow control). The leader
 * adds the last index of every append it sends in StateReplicate and frees entries as the
 * follower acknowledges; when the window is full, it stops sending entries until acks arrive.
 *
 * Invariant: the indexes held are strictly increasing (appends are sent in log order), and
 * 0 ≤ count ≤ capacity.
 *
 * @module
 */

/** A sliding window of in-flight appends, bounded by count and (optionally) bytes. */
export class Inflights {
  /** The maximum number of in-flight messages. */
  readonly capacity: number;
  /** The maximum in-flight payload bytes (Infinity: unbounded). */
  readonly maxBytes: number;
  // Ring buffer of (last index, bytes) pairs.
  #indexes: number[] = [];
  #sizes: number[] = [];
  #start = 0;
  #count = 0;
  #bytes = 0;

  /** A window of at most `capacity` messages and `maxBytes` bytes. */
  constructor(capacity: number, maxBytes = Infinity) {
    if (!Number.isSafeInteger(capacity) || capacity <= 0) {
      throw new RangeError(`inflights: capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** A copy with the same contents. */
  clone(): Inflights {
    const c = new Inflights(this.capacity, this.maxBytes);
    for (let i = 0; i < this.#count; i++) {
      const k = (this.#start + i) % this.capacity;
      c.add(this.#indexes[k]!, this.#sizes[k]!);
    }
    return c;
  }

  /**
   * Records an append whose last entry is `index`, carrying `bytes` payload bytes. Throws
   * RangeError when full or when `index` does not exceed the last one held.
   */
  add(index: number, bytes: number): void {
    if (this.full()) throw new RangeError("inflights: cannot add into a full window");
    if (this.#count > 0) {
      const lastK = (this.#start + this.#count - 1) % this.capacity;
      if (index <= this.#indexes[lastK]!) {
        throw new RangeError(`inflights: index ${index} is not increasing`);
      }
    }
    const k = (this.#start + this.#count) % this.capacity;
    this.#indexes[k] = index;
    this.#sizes[k] = bytes;
    this.#count++;
    this.#bytes += bytes;
  }

  /** Frees every in-flight append whose last index is ≤ `to` (the follower acked `to`). */
  freeLE(to: number): void {
    while (this.#count > 0) {
      const k = this.#start;
      if (this.#indexes[k]! > to) break;
      this.#bytes -= this.#sizes[k]!;
      this.#start = (this.#start + 1) % this.capacity;
      this.#count--;
    }
    if (this.#count === 0) this.#start = 0;
  }

  /** True when no more appends may be sent. */
  full(): boolean {
    return this.#count === this.capacity || this.#bytes >= this.maxBytes;
  }

  /** The number of in-flight appends. */
  count(): number {
    return this.#count;
  }

  /** The in-flight payload bytes. */
  bytes(): number {
    return this.#bytes;
  }

  /** Drops everything (the follower's state was reset). */
  reset(): void {
    this.#start = 0;
    this.#count = 0;
    this.#bytes = 0;
  }
}
