/**
 * The unstable tail of the Raft log: entries (and possibly a snapshot) the core has accepted but
 * the driver has not yet confirmed as persisted. Ready hands them out; advance marks them stable.
 *
 * Invariants:
 * - `entries[k]` has index `offset + k`; when a snapshot is present, `offset` = its index + 1.
 * - `offsetInProgress` ∈ [offset, offset + entries.length]: entries below it were handed to the
 *   driver in a Ready and are being persisted; those at or above it have not been handed out.
 *
 * @module
 */

import { RaftInvariantError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import type { Entry, Snapshot } from "./types.ts";

/** Entries and snapshot not yet persisted by the driver. */
export class Unstable {
  /** An incoming snapshot not yet persisted, if any. */
  snapshot: Snapshot | undefined = undefined;
  /** Entries not yet persisted, starting at index `offset`. */
  entries: Entry[] = [];
  /** The index of `entries[0]` (or where the next entry would go). */
  offset: number;
  /** True once `snapshot` was handed to the driver. */
  snapshotInProgress = false;
  /** Entries with index < offsetInProgress were handed to the driver. */
  offsetInProgress: number;
  readonly #logger: Logger;

  /** An empty unstable log whose next entry has index `offset`. */
  constructor(offset: number, logger: Logger) {
    this.offset = offset;
    this.offsetInProgress = offset;
    this.#logger = logger;
  }

  /** The first index if a snapshot is pending (snapshot index + 1), else undefined. */
  maybeFirstIndex(): number | undefined {
    return this.snapshot ? this.snapshot.metadata.index + 1 : undefined;
  }

  /** The last index held here (last entry, else the snapshot's), else undefined. */
  maybeLastIndex(): number | undefined {
    if (this.entries.length > 0) return this.offset + this.entries.length - 1;
    return this.snapshot ? this.snapshot.metadata.index : undefined;
  }

  /** The term of entry `i` if known here, else undefined. */
  maybeTerm(i: number): number | undefined {
    if (i < this.offset) {
      if (this.snapshot && this.snapshot.metadata.index === i) return this.snapshot.metadata.term;
      return undefined;
    }
    return this.entries[i - this.offset]?.term;
  }

  /** Entries not yet handed to the driver. */
  nextEntries(): Entry[] {
    const inProgress = this.offsetInProgress - this.offset;
    if (inProgress >= this.entries.length) return [];
    return this.entries.slice(inProgress);
  }

  /** The snapshot if pending and not yet handed to the driver. */
  nextSnapshot(): Snapshot | undefined {
    return this.snapshot && !this.snapshotInProgress ? this.snapshot : undefined;
  }

  /** Marks everything currently held as handed to the driver. */
  acceptInProgress(): void {
    if (this.entries.length > 0) {
      this.offsetInProgress = this.offset + this.entries.length;
    }
    if (this.snapshot) this.snapshotInProgress = true;
  }

  /**
   * The driver persisted entries up to (i, t). Ignored unless entry i still has term t here
   * (otherwise it was overwritten after being handed out, and the newer one is not yet stable).
   */
  stableTo(i: number, t: number): void {
    const gt = this.maybeTerm(i);
    if (gt === undefined) return;
    if (i < this.offset) return; // matched the pending snapshot, not an entry
    if (gt !== t) return;
    const n = i + 1 - this.offset;
    this.entries = this.entries.slice(n);
    this.offset = i + 1;
    this.offsetInProgress = Math.max(this.offsetInProgress, this.offset);
  }

  /** The driver persisted the snapshot at index `i`. */
  stableSnapTo(i: number): void {
    if (this.snapshot && this.snapshot.metadata.index === i) {
      this.snapshot = undefined;
      this.snapshotInProgress = false;
    }
  }

  /** Replaces everything with snapshot `s` (entries after it are discarded). */
  restore(s: Snapshot): void {
    this.offset = s.metadata.index + 1;
    this.offsetInProgress = this.offset;
    this.entries = [];
    this.snapshot = s;
    this.snapshotInProgress = false;
  }

  /**
   * Appends `ents`, first truncating any held entries at or after `ents[0].index` (paper §5.3:
   * a conflicting suffix is deleted). The caller guarantees contiguity with the log before.
   */
  truncateAndAppend(ents: readonly Entry[]): void {
    const head = ents[0];
    if (head === undefined) return;
    const from = head.index;
    if (from === this.offset + this.entries.length) {
      for (const e of ents) this.entries.push(e);
    } else if (from <= this.offset) {
      // Replace everything: the log before `from` is in storage.
      this.#logger.debug("unstable: replace entries", { from });
      this.entries = [...ents];
      this.offset = from;
      this.offsetInProgress = this.offset;
    } else {
      this.#logger.debug("unstable: truncate entries", { from });
      this.entries = [...this.slice(this.offset, from), ...ents];
      this.offsetInProgress = Math.min(this.offsetInProgress, from);
    }
  }

  /** Entries in [lo, hi); both bounds must be within what is held. */
  slice(lo: number, hi: number): Entry[] {
    const upper = this.offset + this.entries.length;
    if (lo > hi || lo < this.offset || hi > upper) {
      throw new RaftInvariantError(
        `unstable.slice[${lo},${hi}) out of bound [${this.offset},${upper}]`,
      );
    }
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }
}
