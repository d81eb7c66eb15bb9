/**
 * The Raft log as the core sees it: the stable prefix in {@link Storage} followed by the
 * {@link Unstable} tail, plus the commit and apply cursors.
 *
 * Invariants (checked where they are established):
 * - applied ≤ applying ≤ committed ≤ lastIndex().
 * - firstIndex() − 1 ≤ applied: the driver never compacts past what it applied.
 * - A committed entry is never truncated (paper §5.3: Leader Completeness relies on it).
 *
 * @module
 */

import { entriesSize, entrySize, limitSize } from "./entries.ts";
import { CompactedError, RaftInvariantError, UnavailableError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { Unstable } from "./log_unstable.ts";
import type { Storage } from "./storage.ts";
import { type Entry, EntryType, type Snapshot } from "./types.ts";

/** An entry's position: its (term, index) pair identifies it uniquely (Log Matching, §5.3). */
export interface EntryId {
  /** The entry's term. */
  readonly term: number;
  /** The entry's index. */
  readonly index: number;
}

/** The log: storage plus unstable tail, with commit/apply bookkeeping. */
export class RaftLog {
  /** Entries the driver has persisted. */
  readonly storage: Storage;
  /** Entries (and a snapshot) not yet persisted. */
  readonly unstable: Unstable;
  /** Highest index known committed (paper Figure 2: commitIndex). */
  committed: number;
  /** Highest index handed to the driver for application (≥ applied). */
  applying: number;
  /** Highest index the driver has applied (paper Figure 2: lastApplied). */
  applied: number;
  /** Bound on the bytes of committed entries one Ready hands out. */
  readonly maxApplyingEntsSize: number;
  readonly #logger: Logger;

  /**
   * A log over `storage` whose cursors start at the storage's snapshot index (everything in the
   * snapshot is committed and applied by definition).
   */
  constructor(storage: Storage, logger: Logger, maxApplyingEntsSize = Infinity) {
    this.storage = storage;
    this.#logger = logger;
    this.maxApplyingEntsSize = maxApplyingEntsSize;
    const first = storage.firstIndex();
    const last = storage.lastIndex();
    this.unstable = new Unstable(last + 1, logger);
    this.committed = first - 1;
    this.applying = first - 1;
    this.applied = first - 1;
  }

  /** The index of the first available entry. */
  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  /** The index of the last entry (0 for an empty log). */
  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  /** The term of the last entry. */
  lastTerm(): number {
    return this.term(this.lastIndex());
  }

  /** The id of the last entry. */
  lastEntryId(): EntryId {
    const index = this.lastIndex();
    return { term: this.term(index), index };
  }

  /**
   * The term of entry `i` for i in [firstIndex() − 1, lastIndex()]. Throws
   * {@link CompactedError} below and {@link UnavailableError} above that range.
   */
  term(i: number): number {
    const dummy = this.firstIndex() - 1;
    if (i < dummy) throw new CompactedError(`term(${i}): compacted, first index ${dummy + 1}`);
    if (i > this.lastIndex()) {
      throw new UnavailableError(`term(${i}): past last index ${this.lastIndex()}`);
    }
    return this.unstable.maybeTerm(i) ?? this.storage.term(i);
  }

  /** The term of entry `i`, or 0 when it is compacted or past the end. */
  termOrZero(i: number): number {
    try {
      return this.term(i);
    } catch (err) {
      if (err instanceof CompactedError || err instanceof UnavailableError) return 0;
      throw err;
    }
  }

  /** True when entry `i` exists and has term `t` (false when it is compacted or absent). */
  matchTerm(i: number, t: number): boolean {
    try {
      return this.term(i) === t;
    } catch (err) {
      if (err instanceof CompactedError || err instanceof UnavailableError) return false;
      throw err;
    }
  }

  /**
   * Election restriction (paper §5.4.1): a candidate whose last entry is (term, lasti) is at least
   * as up to date as this log when its last term is higher, or equal with an index ≥ ours.
   */
  isUpToDate(lasti: number, term: number): boolean {
    const ourTerm = this.lastTerm();
    return term > ourTerm || (term === ourTerm && lasti >= this.lastIndex());
  }

  /**
   * The index of the first entry of `ents` that conflicts with this log (same index, different
   * term) or is new (past the end); 0 when every entry is already present.
   *
   * Precondition: the entries are contiguous and the first one follows a matching entry.
   */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) {
      if (!this.matchTerm(e.index, e.term)) {
        if (e.index <= this.lastIndex()) {
          this.#logger.debug("log: found conflict", {
            index: e.index,
            existingTerm: this.termOrZero(e.index),
            conflictingTerm: e.term,
          });
        }
        return e.index;
      }
    }
    return 0;
  }

  /**
   * Fast back-off (paper §5.3, "the follower can include the term of the conflicting entry"):
   * returns the largest entry id (j, t) with j ≤ index and t ≤ term. Every entry in (j, index]
   * has a term > `term`, so none can match an entry of term ≤ `term` from the other log; the
   * other side can jump straight to j. If the search reaches compacted entries, returns
   * (index reached, 0).
   */
  findConflictByTerm(index: number, term: number): EntryId {
    for (; index > 0; index--) {
      let t: number;
      try {
        t = this.term(index);
      } catch (err) {
        if (err instanceof CompactedError || err instanceof UnavailableError) {
          return { index, term: 0 };
        }
        throw err;
      }
      if (t <= term) return { index, term: t };
    }
    return { index: 0, term: 0 };
  }

  /**
   * AppendEntries receiver rules (paper Figure 2, §5.3): if the entry at `index` has `logTerm`,
   * delete any conflicting suffix, append the new entries, and advance commit to
   * min(leaderCommit, index of last new entry). Returns that last new index, or undefined when
   * the consistency check fails.
   */
  maybeAppend(
    index: number,
    logTerm: number,
    committed: number,
    ents: readonly Entry[],
  ): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + ents.length;
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      if (ci <= this.committed) {
        throw new RaftInvariantError(
          `entry ${ci} conflicts with committed entry (committed ${this.committed})`,
        );
      }
      const offset = index + 1;
      if (ci - offset > ents.length) {
        throw new RaftInvariantError(`conflict index ${ci} beyond appended entries`);
      }
      this.append(ents.slice(ci - offset));
    }
    // Only commit what this message proves matches the leader: entries up to lastNew.
    this.commitTo(Math.min(committed, lastNew));
    return lastNew;
  }

  /** Appends `ents` (truncating a conflicting uncommitted suffix); returns the last index. */
  append(ents: readonly Entry[]): number {
    const head = ents[0];
    if (head === undefined) return this.lastIndex();
    const after = head.index - 1;
    if (after < this.committed) {
      throw new RaftInvariantError(`append after ${after} is below committed ${this.committed}`);
    }
    if (after > this.lastIndex()) {
      throw new RaftInvariantError(`append after ${after} leaves a gap after ${this.lastIndex()}`);
    }
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /** Advances the commit index (never backwards). */
  commitTo(toCommit: number): void {
    if (this.committed >= toCommit) return;
    if (this.lastIndex() < toCommit) {
      throw new RaftInvariantError(
        `commit ${toCommit} is out of range [last index ${this.lastIndex()}]`,
      );
    }
    this.committed = toCommit;
  }

  /**
   * Leader commit rule (paper §5.4.2): commit up to `maxIndex` only if that entry has the
   * leader's current `term`. Entries of earlier terms become committed indirectly, by the Log
   * Matching property, never by counting replicas (Figure 8).
   */
  maybeCommit(maxIndex: number, term: number): boolean {
    if (maxIndex > this.committed && this.termOrZero(maxIndex) === term) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  /** The driver applied entries up to `i`. */
  appliedTo(i: number): void {
    if (i === 0) return;
    if (i > this.committed || i < this.applied) {
      throw new RaftInvariantError(
        `applied ${i} out of range [prev applied ${this.applied}, committed ${this.committed}]`,
      );
    }
    this.applied = i;
    this.applying = Math.max(this.applying, i);
  }

  /** Committed entries up to `i` were handed to the driver for application. */
  acceptApplying(i: number): void {
    if (i > this.committed) {
      throw new RaftInvariantError(`applying ${i} beyond committed ${this.committed}`);
    }
    this.applying = Math.max(this.applying, i);
  }

  /** The driver persisted entries up to (i, t). */
  stableTo(i: number, t: number): void {
    this.unstable.stableTo(i, t);
  }

  /** The driver persisted the snapshot at `i`. */
  stableSnapTo(i: number): void {
    this.unstable.stableSnapTo(i);
  }

  /** Marks the unstable entries and snapshot as handed to the driver. */
  acceptUnstable(): void {
    this.unstable.acceptInProgress();
  }

  /** Unstable entries not yet handed to the driver. */
  nextUnstableEnts(): Entry[] {
    return this.unstable.nextEntries();
  }

  /** True when there are unstable entries not yet handed out. */
  hasNextUnstableEnts(): boolean {
    return this.unstable.offsetInProgress < this.unstable.offset + this.unstable.entries.length;
  }

  /** The unstable snapshot, if not yet handed out. */
  nextUnstableSnapshot(): Snapshot | undefined {
    return this.unstable.nextSnapshot();
  }

  /** True when a snapshot is pending, handed out or not (entries must not be applied then). */
  hasNextOrInProgressSnapshot(): boolean {
    return this.unstable.snapshot !== undefined;
  }

  /**
   * The next committed entries to apply, at most `maxApplyingEntsSize` bytes (but at least one
   * entry). Includes entries still in the unstable tail: they are handed out in the same Ready
   * that asks for their persistence, and the driver persists before applying.
   */
  nextCommittedEnts(): Entry[] {
    if (this.hasNextOrInProgressSnapshot()) return [];
    const lo = this.applying + 1;
    const hi = this.committed + 1;
    if (lo >= hi) return [];
    return this.slice(lo, hi, this.maxApplyingEntsSize);
  }

  /** True when there are committed entries not yet handed out. */
  hasNextCommittedEnts(): boolean {
    if (this.hasNextOrInProgressSnapshot()) return false;
    return this.applying < this.committed;
  }

  /** True when a committed but unapplied entry is a conf change (a node must not campaign). */
  hasUnappliedConfChanges(): boolean {
    if (this.applied >= this.committed) return false;
    const ents = this.slice(this.applied + 1, this.committed + 1, Infinity);
    return ents.some((e) => e.type === EntryType.ConfChange);
  }

  /** The latest snapshot: the unstable one if pending, else the storage's. */
  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  /** Entries from `i` to the end, at most `maxSize` bytes (at least one entry). */
  entries(i: number, maxSize: number): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxSize);
  }

  /** Every available entry (tests and debugging). */
  allEntries(): Entry[] {
    return this.entries(this.firstIndex(), Infinity);
  }

  /** Replaces the log with snapshot `s`: everything up to its index is committed. */
  restore(s: Snapshot): void {
    this.#logger.info("log: restoring snapshot", {
      index: s.metadata.index,
      term: s.metadata.term,
    });
    this.committed = s.metadata.index;
    this.unstable.restore(s);
  }

  /**
   * Entries in [lo, hi), at most `maxSize` bytes but at least one. Throws
   * {@link CompactedError} when lo < firstIndex().
   */
  slice(lo: number, hi: number, maxSize: number): Entry[] {
    this.#checkOutOfBounds(lo, hi);
    if (lo === hi) return [];
    const uOffset = this.unstable.offset;
    if (lo >= uOffset) return limitSize(this.unstable.slice(lo, hi), maxSize);

    const cut = Math.min(hi, uOffset);
    let ents: Entry[];
    try {
      ents = this.storage.entries(lo, cut, maxSize);
    } catch (err) {
      if (err instanceof UnavailableError) {
        throw new RaftInvariantError(`entries[${lo}:${cut}) unavailable from storage`);
      }
      throw err;
    }
    if (hi <= uOffset) return ents;
    if (ents.length < cut - lo) return ents; // hit the size limit inside storage
    let size = entriesSize(ents);
    if (size >= maxSize) return ents;
    for (const e of this.unstable.slice(uOffset, hi)) {
      size += entrySize(e);
      if (size > maxSize) break;
      ents.push(e);
    }
    return ents;
  }

  #checkOutOfBounds(lo: number, hi: number): void {
    if (lo > hi) throw new RaftInvariantError(`invalid slice ${lo} > ${hi}`);
    const fi = this.firstIndex();
    if (lo < fi) throw new CompactedError(`slice(${lo}): compacted, first index ${fi}`);
    const last = this.lastIndex();
    if (hi > last + 1) {
      throw new RaftInvariantError(`slice[${lo},${hi}) out of bound [${fi},${last}]`);
    }
  }
}
