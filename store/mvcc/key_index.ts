/**
 * The key index: for every key, its versions since the last compaction (etcd's `keyIndex` with
 * its generations, flattened), and an ordered index of keys for range scans.
 *
 * A history entry is the {@link KeyValue} written at that revision; a deletion is a tombstone
 * entry with `version` 0 (and key + modRevision set). Invariants of {@link KeyHistory.revs}:
 * - modRevision strictly increases (a key changes at most once per revision: txns with
 *   overlapping writes are rejected);
 * - every tombstone directly follows a live entry (a generation ends with its deletion), so the
 *   first entry is never a tombstone;
 * - a live entry's `version` is 1 after a tombstone or at the start of a generation, else the
 *   previous entry's + 1; `createRevision` is the generation's first modRevision.
 *
 * @module
 */

import { EMPTY_BYTES, type KeyRange } from "./bytes.ts";
import { BlockSortedMap, type OrderedIndex } from "./ordered_index.ts";
import type { KeyValue } from "./types.ts";

/** Whether `kv` is a deletion record. */
export function isTombstone(kv: KeyValue): boolean {
  return kv.version === 0;
}

/** Makes the deletion record of `key` at `revision`. */
export function tombstone(key: Uint8Array, revision: number): KeyValue {
  return {
    key,
    createRevision: 0,
    modRevision: revision,
    version: 0,
    value: EMPTY_BYTES,
    lease: 0,
  };
}

/** Fixed accounting cost of one stored history entry besides its key and value bytes. */
export const ENTRY_OVERHEAD = 16;

/** Stored size of one history entry: key + value + {@link ENTRY_OVERHEAD}. */
export function entrySize(kv: KeyValue): number {
  return kv.key.length + kv.value.length + ENTRY_OVERHEAD;
}

/** One key's versions since the last compaction (see the module invariants). */
export class KeyHistory {
  /** The key's bytes (shared by all its entries). */
  readonly key: Uint8Array;
  /** The key string of `key`. */
  readonly skey: string;
  /** Entries, ascending by modRevision. */
  readonly revs: KeyValue[] = [];

  /** Creates an empty history for `key`. */
  constructor(key: Uint8Array, skey: string) {
    this.key = key;
    this.skey = skey;
  }

  /** The current live version, or undefined when the key is deleted or has no entry. */
  current(): KeyValue | undefined {
    const last = this.revs[this.revs.length - 1];
    return last === undefined || isTombstone(last) ? undefined : last;
  }

  /** The live version visible at `revision`, if any. */
  at(revision: number): KeyValue | undefined {
    const revs = this.revs;
    let hi = revs.length - 1;
    const last = revs[hi];
    if (last === undefined) return undefined;
    // Fast path: reads at or above the last change.
    if (last.modRevision <= revision) return isTombstone(last) ? undefined : last;
    let lo = 0;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (revs[mid]!.modRevision <= revision) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return undefined;
    const kv = revs[found]!;
    return isTombstone(kv) ? undefined : kv;
  }

  /** The entry just before index `i` if it is live (the "previous kv" of entry i). */
  liveBefore(i: number): KeyValue | undefined {
    const prev = this.revs[i - 1];
    return prev === undefined || isTombstone(prev) ? undefined : prev;
  }

  /**
   * Drops what compaction at `revision` removes (etcd `keyIndex.compact`): every entry older than
   * the latest entry ≤ `revision`, and that entry too when it is a tombstone. The state at
   * `revision` and after stays readable. Returns the removed entries.
   */
  compact(revision: number): KeyValue[] {
    const revs = this.revs;
    let i = -1;
    while (i + 1 < revs.length && revs[i + 1]!.modRevision <= revision) i++;
    if (i < 0) return [];
    const cut = isTombstone(revs[i]!) ? i + 1 : i;
    return cut === 0 ? [] : revs.splice(0, cut);
  }
}

/**
 * Every key with history: a hash map for point lookups and an {@link OrderedIndex} for ranges.
 * Invariant: both hold exactly the same histories, and no history is empty outside a mutation.
 */
export class KeyIndex {
  #map = new Map<string, KeyHistory>();
  #ordered: OrderedIndex<KeyHistory>;
  /** Histories that compaction may shrink: more than one entry, or ending in a tombstone. */
  #compactable = new Set<KeyHistory>();

  /** Creates an empty index over `ordered` (a fresh {@link BlockSortedMap} by default). */
  constructor(ordered: OrderedIndex<KeyHistory> = new BlockSortedMap<KeyHistory>()) {
    this.#ordered = ordered;
  }

  /** Number of keys with history (live or deleted but not yet compacted). */
  get size(): number {
    return this.#map.size;
  }

  /** The history of key string `skey`, if any. */
  get(skey: string): KeyHistory | undefined {
    return this.#map.get(skey);
  }

  /** Appends `kv` (modRevision above the key's last entry) to its key's history. */
  append(skey: string, kv: KeyValue): KeyHistory {
    return this.appendTo(this.#map.get(skey), skey, kv);
  }

  /**
   * {@link KeyIndex.append} when the caller already looked the history up: `h` must be
   * `get(skey)` (undefined for a new key).
   */
  appendTo(h: KeyHistory | undefined, skey: string, kv: KeyValue): KeyHistory {
    if (h === undefined) {
      h = new KeyHistory(kv.key, skey);
      this.#map.set(skey, h);
      this.#ordered.set(skey, h);
      h.revs.push(kv);
    } else {
      h.revs.push(kv);
      this.#compactable.add(h);
    }
    return h;
  }

  /**
   * Visits the histories of keys in `range` in ascending key order (including keys deleted but
   * not compacted); stops when `visit` returns false.
   */
  scan(range: KeyRange, visit: (h: KeyHistory) => boolean | void): void {
    if (range.single) {
      const h = this.#map.get(range.lo);
      if (h !== undefined) visit(h);
      return;
    }
    if (range.hi !== undefined && range.hi <= range.lo) return;
    this.#ordered.scan(range.lo, range.hi, (_k, h) => visit(h));
  }

  /** Visits every history in ascending key order. */
  forEach(visit: (h: KeyHistory) => void): void {
    this.#ordered.scan("", undefined, (_k, h) => {
      visit(h);
    });
  }

  /** Compacts every history at `revision`; returns the total size of removed entries. */
  compact(revision: number): number {
    let freed = 0;
    for (const h of this.#compactable) {
      for (const kv of h.compact(revision)) freed += entrySize(kv);
      if (h.revs.length === 0) {
        this.#map.delete(h.skey);
        this.#ordered.delete(h.skey);
        this.#compactable.delete(h);
      } else if (h.revs.length === 1 && !isTombstone(h.revs[0]!)) {
        this.#compactable.delete(h);
      }
    }
    return freed;
  }
}
