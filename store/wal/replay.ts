/**
 * Rebuilds the Raft log from WAL records, with the same rules the writer enforces, so any
 * sequence the writer accepted replays to the log the writer had; anything else is corruption.
 *
 * Rules (mirrored by `Wal.save` / `Wal.saveSnapshot`):
 * - an entry's index is above the latest snapshot marker's index;
 * - an entry at or below the last index truncates the log there (Raft overwrote a conflicting
 *   uncommitted tail), one right after it appends, and a jump is allowed only to the entry
 *   right after the latest snapshot marker (the node installed that snapshot);
 * - snapshot markers never go backwards; the last hard state wins.
 *
 * @module
 */

import type { Entry, HardState, SnapshotMetadata } from "../raft/types.ts";

/** The log state rebuilt so far. */
export class LogReplay {
  /** Contiguous entries: entries[i].index === entries[0].index + i. */
  entries: Entry[] = [];
  /** Every snapshot marker read, in order (indexes non-decreasing). */
  readonly snapshots: SnapshotMetadata[] = [];
  /** The last hard state read. */
  hardState: HardState | undefined = undefined;

  /** Index of the latest snapshot marker (0 when none). */
  get snapshotIndex(): number {
    return this.snapshots.at(-1)?.index ?? 0;
  }

  /** Index of the last entry (0 when none). */
  get lastIndex(): number {
    return this.entries.at(-1)?.index ?? 0;
  }

  /**
   * Applies an entry record.
   *
   * @returns undefined, or why the entry cannot follow what was read (corruption)
   */
  entry(e: Entry): string | undefined {
    const snap = this.snapshotIndex;
    if (e.index <= snap) return `entry index ${e.index} at or below snapshot index ${snap}`;
    const ents = this.entries;
    const first = ents[0];
    if (first === undefined) {
      ents.push(e);
      return undefined;
    }
    const last = first.index + ents.length - 1;
    if (e.index === last + 1) {
      ents.push(e);
    } else if (e.index <= last && e.index >= first.index) {
      ents.length = e.index - first.index;
      ents.push(e);
    } else if (e.index < first.index || e.index === snap + 1) {
      // Below what we hold: an overwrite of entries from a released segment; or a jump to
      // just after the latest snapshot.
      this.entries = [e];
    } else {
      return `entry index ${e.index} leaves a gap after ${last}`;
    }
    return undefined;
  }

  /**
   * Applies a snapshot marker.
   *
   * @returns undefined, or why it cannot follow what was read
   */
  snapshot(m: SnapshotMetadata): string | undefined {
    const snap = this.snapshotIndex;
    if (m.index < snap) return `snapshot index ${m.index} below earlier snapshot ${snap}`;
    this.snapshots.push(m);
    // Entries held beyond the snapshot survive only if the log agrees with it at its index
    // (a snapshot the node took itself). A snapshot installed from the leader over a
    // conflicting tail replaces the whole log: Raft discarded that tail, so must replay.
    const first = this.entries[0];
    if (first !== undefined) {
      const atSnapshot = this.entries[m.index - first.index];
      const last = first.index + this.entries.length - 1;
      if (atSnapshot !== undefined ? atSnapshot.term !== m.term : last <= m.index) {
        this.entries = [];
      }
    }
    return undefined;
  }

  /** Applies a hard state record. */
  state(hs: HardState): void {
    this.hardState = hs;
  }
}
