/**
 * The change log by revision: for each revision from the compaction point on, the events it
 * produced in sub-revision order, each with the key's previous kv. Watchers catch up from it;
 * snapshots serialize it.
 *
 * Invariants: revisions are contiguous from `first` to `last` (every revision above 1 is a write
 * with at least one event; compaction is not a revision); each revision's events are in the
 * order its writes happened; an event's `prevKv` is the key's live kv at revision − 1, kept here
 * even after compaction drops it from the key index, so catch-up from the compaction revision is
 * exact.
 *
 * @module
 */

import type { Event } from "./types.ts";

/** The revision-ordered change log (see the module invariants). */
export class EventLog {
  /** Revision of `#revs[0]`. */
  #first = 0;
  #revs: (readonly Event[])[] = [];

  /** The lowest revision held, or 0 when empty. */
  get first(): number {
    return this.#revs.length === 0 ? 0 : this.#first;
  }

  /** The highest revision held, or 0 when empty. */
  get last(): number {
    return this.#revs.length === 0 ? 0 : this.#first + this.#revs.length - 1;
  }

  /** Number of revisions held. */
  get length(): number {
    return this.#revs.length;
  }

  /** Appends the events of `revision`, which must be `last + 1` (or anything when empty). */
  append(revision: number, events: readonly Event[]): void {
    if (this.#revs.length === 0) {
      this.#first = revision;
    } else if (revision !== this.#first + this.#revs.length) {
      throw new RangeError(`event log: revision ${revision} after ${this.last}`);
    }
    this.#revs.push(events);
  }

  /** The events of `revision`, or undefined when it is not held. */
  get(revision: number): readonly Event[] | undefined {
    return this.#revs[revision - this.#first];
  }

  /** Drops every revision below `revision`. */
  dropBelow(revision: number): void {
    const n = revision - this.#first;
    if (n <= 0 || this.#revs.length === 0) return;
    if (n >= this.#revs.length) {
      this.#revs = [];
      this.#first = 0;
      return;
    }
    this.#revs = this.#revs.slice(n);
    this.#first = revision;
  }

  /** Empties the log. */
  clear(): void {
    this.#revs = [];
    this.#first = 0;
  }
}
