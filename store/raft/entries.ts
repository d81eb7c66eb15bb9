/**
 * Size accounting over log entries, used for batching (maxSizePerMsg), bounding what one Ready
 * hands to the application (maxCommittedSizePerReady) and the uncommitted-log quota.
 *
 * @module
 */

import type { Entry, Snapshot } from "./types.ts";

/** Fixed per-entry overhead counted on top of the payload (term, index, type, framing). */
export const ENTRY_OVERHEAD_BYTES = 16;

/** The size an entry counts for in byte budgets: its payload plus a fixed overhead. */
export function entrySize(e: Entry): number {
  return e.data.byteLength + ENTRY_OVERHEAD_BYTES;
}

/** The total {@link entrySize} of `ents`. */
export function entriesSize(ents: readonly Entry[]): number {
  let n = 0;
  for (const e of ents) n += entrySize(e);
  return n;
}

/** The total payload bytes of `ents` (the uncommitted-log quota counts only payloads). */
export function payloadSize(ents: readonly Entry[]): number {
  let n = 0;
  for (const e of ents) n += e.data.byteLength;
  return n;
}

/**
 * Returns the longest prefix of `ents` whose total size is at most `maxSize`, but always at
 * least the first entry (so progress is made even when one entry exceeds the budget).
 */
export function limitSize(ents: readonly Entry[], maxSize: number): Entry[] {
  if (ents.length === 0) return [];
  let size = 0;
  let n = 0;
  for (const e of ents) {
    size += entrySize(e);
    if (n > 0 && size > maxSize) break;
    n++;
  }
  return ents.slice(0, n);
}

/** The empty snapshot (index 0): "no snapshot". */
export const EMPTY_SNAPSHOT: Snapshot = Object.freeze({
  metadata: Object.freeze({
    index: 0,
    term: 0,
    confState: Object.freeze({ voters: Object.freeze([]), learners: Object.freeze([]) }),
  }),
  data: new Uint8Array(0),
});

/** True when `s` is the empty snapshot (its index is 0). */
export function isEmptySnapshot(s: Snapshot | undefined): boolean {
  return s === undefined || s.metadata.index === 0;
}
