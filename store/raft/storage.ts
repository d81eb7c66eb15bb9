/**
 * The Raft core's read-only view of stable storage, and an in-memory implementation.
 *
 * The core reads persisted entries, terms and the latest snapshot through {@link Storage}; it
 * never writes. The driver writes what each Ready asks (hard state, entries, snapshot) to its
 * durable store and then makes the same data visible through its Storage implementation.
 *
 * @module
 */

import { entrySize, limitSize } from "./entries.ts";
import {
  CompactedError,
  RaftInvariantError,
  SnapshotOutOfDateError,
  UnavailableError,
} from "./errors.ts";
import {
  type ConfState,
  EMPTY_HARD_STATE,
  type Entry,
  EntryType,
  type HardState,
  type Snapshot,
} from "./types.ts";

/** What a node restarts from: its persisted hard state and membership. */
export interface InitialState {
  /** The last persisted term, vote and commit. */
  readonly hardState: HardState;
  /** The membership as of the last applied configuration (the snapshot's, for MemoryStorage). */
  readonly confState: ConfState;
}

/**
 * Stable storage as the Raft core sees it. The log it holds spans
 * [firstIndex(), lastIndex()]; the entry just before firstIndex (at firstIndex() − 1) is only
 * known by its term, which is the latest snapshot's term (or 0 for an empty log).
 *
 * Implementations must be synchronous; errors other than the typed ones below are fatal.
 */
export interface Storage {
  /** The persisted hard state and membership. */
  initialState(): InitialState;
  /**
   * Entries in [lo, hi), limited to `maxSize` total bytes but always at least one entry when
   * lo < hi. Throws {@link CompactedError} when lo ≤ the snapshot index and
   * {@link UnavailableError} when the range is not (yet) stored.
   */
  entries(lo: number, hi: number, maxSize: number): Entry[];
  /**
   * The term of entry `i`, for i in [firstIndex() − 1, lastIndex()]. Throws
   * {@link CompactedError} below that range and {@link UnavailableError} above it.
   */
  term(i: number): number;
  /** The index of the first entry still available (snapshot index + 1). */
  firstIndex(): number;
  /** The index of the last stored entry (the snapshot index when no entry follows it). */
  lastIndex(): number;
  /**
   * The most recent snapshot. May throw SnapshotTemporarilyUnavailableError if the snapshot is
   * being produced; the leader then retries later.
   */
  snapshot(): Snapshot;
}

function emptySnapshot(confState: ConfState): Snapshot {
  return { metadata: { index: 0, term: 0, confState }, data: new Uint8Array(0) };
}

/**
 * Storage backed by arrays in memory (etcd's MemoryStorage): for tests, the simulator, and as
 * the in-memory cache of a WAL-backed store.
 *
 * Invariant: `#ents[0]` is a dummy entry whose index and term are the snapshot's (the entry at
 * firstIndex() − 1); `#ents[k]` holds log index `#ents[0].index + k`.
 */
export class MemoryStorage implements Storage {
  #hardState: HardState = EMPTY_HARD_STATE;
  #snapshot: Snapshot;
  #ents: Entry[];

  /**
   * An empty storage. `confState` seeds the membership reported by initialState (a convenient
   * way to boot a fresh cluster without bootstrap entries).
   */
  constructor(confState: ConfState = { voters: [], learners: [] }) {
    this.#snapshot = emptySnapshot(confState);
    this.#ents = [{ term: 0, index: 0, type: EntryType.Normal, data: new Uint8Array(0) }];
  }

  #dummy(): Entry {
    return this.#ents[0]!;
  }

  /** {@inheritDoc Storage.initialState} */
  initialState(): InitialState {
    return { hardState: this.#hardState, confState: this.#snapshot.metadata.confState };
  }

  /** Records the hard state the driver persisted. */
  setHardState(hs: HardState): void {
    this.#hardState = hs;
  }

  /** {@inheritDoc Storage.entries} */
  entries(lo: number, hi: number, maxSize: number): Entry[] {
    const offset = this.#dummy().index;
    if (lo <= offset) throw new CompactedError(`entries(${lo}): compacted up to ${offset}`);
    if (hi > this.lastIndex() + 1) {
      throw new RangeError(`entries(${lo}, ${hi}): out of bound, last index ${this.lastIndex()}`);
    }
    if (lo > hi) throw new RangeError(`entries(${lo}, ${hi}): lo > hi`);
    if (this.#ents.length === 1) throw new UnavailableError(`entries(${lo}): log is empty`);
    return limitSize(this.#ents.slice(lo - offset, hi - offset), maxSize);
  }

  /** {@inheritDoc Storage.term} */
  term(i: number): number {
    const offset = this.#dummy().index;
    if (i < offset) throw new CompactedError(`term(${i}): compacted up to ${offset}`);
    const e = this.#ents[i - offset];
    if (e === undefined) throw new UnavailableError(`term(${i}): past last index`);
    return e.term;
  }

  /** {@inheritDoc Storage.lastIndex} */
  lastIndex(): number {
    return this.#dummy().index + this.#ents.length - 1;
  }

  /** {@inheritDoc Storage.firstIndex} */
  firstIndex(): number {
    return this.#dummy().index + 1;
  }

  /** {@inheritDoc Storage.snapshot} */
  snapshot(): Snapshot {
    return this.#snapshot;
  }

  /**
   * Replaces the contents with `snap` (a follower installing a leader's snapshot): the log is
   * discarded. Throws {@link SnapshotOutOfDateError} unless `snap` is newer than the current.
   */
  applySnapshot(snap: Snapshot): void {
    if (this.#snapshot.metadata.index >= snap.metadata.index) {
      throw new SnapshotOutOfDateError(
        `applySnapshot(${snap.metadata.index}): have ${this.#snapshot.metadata.index}`,
      );
    }
    this.#snapshot = snap;
    this.#ents = [{
      term: snap.metadata.term,
      index: snap.metadata.index,
      type: EntryType.Normal,
      data: new Uint8Array(0),
    }];
  }

  /**
   * Makes a snapshot at applied index `i` with the application's state `data`, and membership
   * `cs` (kept from the previous snapshot when omitted). Entries are not discarded: call
   * {@link compact} for that. Throws {@link SnapshotOutOfDateError} if i ≤ the current snapshot.
   */
  createSnapshot(i: number, cs: ConfState | undefined, data: Uint8Array): Snapshot {
    if (i <= this.#snapshot.metadata.index) {
      throw new SnapshotOutOfDateError(
        `createSnapshot(${i}): have ${this.#snapshot.metadata.index}`,
      );
    }
    if (i > this.lastIndex()) {
      throw new RangeError(`createSnapshot(${i}): past last index ${this.lastIndex()}`);
    }
    const term = this.term(i);
    this.#snapshot = {
      metadata: { index: i, term, confState: cs ?? this.#snapshot.metadata.confState },
      data,
    };
    return this.#snapshot;
  }

  /**
   * Discards entries up to and including `compactIndex` (which must be ≤ the applied index; the
   * caller's responsibility). Throws {@link CompactedError} if already compacted that far.
   */
  compact(compactIndex: number): void {
    const offset = this.#dummy().index;
    if (compactIndex <= offset) {
      throw new CompactedError(`compact(${compactIndex}): compacted up to ${offset}`);
    }
    if (compactIndex > this.lastIndex()) {
      throw new RangeError(`compact(${compactIndex}): past last index ${this.lastIndex()}`);
    }
    const k = compactIndex - offset;
    const at = this.#ents[k]!;
    this.#ents = [
      { term: at.term, index: at.index, type: EntryType.Normal, data: new Uint8Array(0) },
      ...this.#ents.slice(k + 1),
    ];
  }

  /**
   * Appends `entries`, which must be contiguous and start at most one past the last index;
   * stored entries at or after `entries[0].index` are replaced (a follower truncating a
   * conflicting suffix, paper §5.3). Entries already compacted are skipped.
   */
  append(entries: readonly Entry[]): void {
    const head = entries[0];
    if (head === undefined) return;
    const first = this.firstIndex();
    const last = head.index + entries.length - 1;
    if (last < first) return; // everything already compacted
    let ents = entries;
    if (first > head.index) ents = entries.slice(first - head.index);
    const offset = ents[0]!.index - this.#dummy().index;
    if (offset > this.#ents.length) {
      throw new RaftInvariantError(
        `append: missing log entries [last: ${this.lastIndex()}, append at: ${ents[0]!.index}]`,
      );
    }
    this.#ents.length = offset; // truncate a conflicting suffix, if any
    for (const e of ents) this.#ents.push(e);
  }

  /** Total {@link entrySize} of the stored entries (for tests and metrics). */
  sizeOfEntries(): number {
    let n = 0;
    for (let k = 1; k < this.#ents.length; k++) n += entrySize(this.#ents[k]!);
    return n;
  }
}
