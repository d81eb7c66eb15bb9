/**
 * An ordered map from key strings to values, for range scans. The store codes against the small
 * {@link OrderedIndex} interface so the implementation can be swapped (e.g. for a B+ tree
 * package); {@link BlockSortedMap} is a two-level sorted structure: a sorted array of sorted
 * blocks of at most {@link MAX_BLOCK} entries.
 *
 * Costs with n entries and block size B: lookup O(log n); insert/delete O(log n + B + n/B)
 * (array splices of small arrays, fast in practice to millions of keys); a scan of k entries
 * O(log n + k).
 *
 * @module
 */

/** An ordered map over key strings (compared with `<`, i.e. by code unit). */
export interface OrderedIndex<V> {
  /** Number of entries. */
  readonly size: number;
  /** The value at `key`, if any. */
  get(key: string): V | undefined;
  /** Inserts or replaces the value at `key`. */
  set(key: string, value: V): void;
  /** Removes `key`; whether it was present. */
  delete(key: string): boolean;
  /**
   * Visits the entries with lo ≤ key < hi (`hi` undefined: no upper bound) in ascending order;
   * stops early when `visit` returns false. `visit` must not modify the index.
   */
  scan(lo: string, hi: string | undefined, visit: (key: string, value: V) => boolean | void): void;
}

/** The largest number of entries in one block; full blocks split in two halves. */
export const MAX_BLOCK = 256;

interface Block<V> {
  keys: string[];
  vals: V[];
}

/** First index i in sorted `a` with a[i] ≥ k (a.length if none). */
function lowerBound(a: readonly string[], k: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * {@link OrderedIndex} as sorted blocks. Invariants: every block is non-empty (unless it is the
 * only one) and sorted; `firsts[i]` is block i's first key; blocks are in ascending order with
 * no overlap; no block holds more than {@link MAX_BLOCK} entries.
 */
export class BlockSortedMap<V> implements OrderedIndex<V> {
  #blocks: Block<V>[] = [{ keys: [], vals: [] }];
  #firsts: string[] = [""];
  #size = 0;

  /** Number of entries. */
  get size(): number {
    return this.#size;
  }

  /** Index of the block that holds or would hold `key`: the last block whose first key ≤ key. */
  #blockFor(key: string): number {
    const f = this.#firsts;
    let lo = 0;
    let hi = f.length;
    // Find the first block whose first key is > key; the one before it is ours.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (f[mid]! <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : lo - 1;
  }

  /** The value at `key`, if any. */
  get(key: string): V | undefined {
    const b = this.#blocks[this.#blockFor(key)]!;
    const i = lowerBound(b.keys, key);
    return b.keys[i] === key ? b.vals[i] : undefined;
  }

  /** Inserts or replaces the value at `key`. */
  set(key: string, value: V): void {
    const bi = this.#blockFor(key);
    const b = this.#blocks[bi]!;
    const i = lowerBound(b.keys, key);
    if (b.keys[i] === key) {
      b.vals[i] = value;
      return;
    }
    if (i === b.keys.length) {
      b.keys.push(key);
      b.vals.push(value);
    } else {
      b.keys.splice(i, 0, key);
      b.vals.splice(i, 0, value);
    }
    if (i === 0) this.#firsts[bi] = key;
    this.#size++;
    if (b.keys.length > MAX_BLOCK) {
      const half = b.keys.length >>> 1;
      const right: Block<V> = { keys: b.keys.splice(half), vals: b.vals.splice(half) };
      this.#blocks.splice(bi + 1, 0, right);
      this.#firsts.splice(bi + 1, 0, right.keys[0]!);
    }
  }

  /** Removes `key`; whether it was present. */
  delete(key: string): boolean {
    const bi = this.#blockFor(key);
    const b = this.#blocks[bi]!;
    const i = lowerBound(b.keys, key);
    if (b.keys[i] !== key) return false;
    b.keys.splice(i, 1);
    b.vals.splice(i, 1);
    this.#size--;
    if (b.keys.length === 0) {
      if (this.#blocks.length > 1) {
        this.#blocks.splice(bi, 1);
        this.#firsts.splice(bi, 1);
      } else {
        this.#firsts[0] = "";
      }
    } else if (i === 0) {
      this.#firsts[bi] = b.keys[0]!;
    }
    return true;
  }

  /** Visits lo ≤ key < hi in ascending order until `visit` returns false. */
  scan(lo: string, hi: string | undefined, visit: (key: string, value: V) => boolean | void): void {
    const blocks = this.#blocks;
    let bi = this.#blockFor(lo);
    let i = lowerBound(blocks[bi]!.keys, lo);
    for (; bi < blocks.length; bi++, i = 0) {
      const { keys, vals } = blocks[bi]!;
      for (; i < keys.length; i++) {
        const k = keys[i]!;
        if (hi !== undefined && k >= hi) return;
        if (visit(k, vals[i]!) === false) return;
      }
    }
  }

  /** All entries in ascending key order. */
  *entries(): IterableIterator<[string, V]> {
    for (const { keys, vals } of this.#blocks) {
      for (let i = 0; i < keys.length; i++) yield [keys[i]!, vals[i]!];
    }
  }
}
