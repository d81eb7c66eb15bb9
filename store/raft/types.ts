/**
 * The durable vocabulary of Raft: log entries, hard state, membership and snapshots. These are
 * the values the WAL writes to disk and the core hands to its driver; they carry no behaviour.
 *
 * @module
 */

/** A member's Raft identity: a positive safe integer. 0 means "none". */
export type NodeId = number;

/** The id that means "no node" (no vote, no leader). */
export const NONE: NodeId = 0;

/** What an entry's data means. */
export enum EntryType {
  /** Application data (an empty one is the no-op a new leader appends). */
  Normal = 0,
  /** A membership change, encoded by the core's conf-change codec. */
  ConfChange = 1,
}

/** One log entry. Index and term start at 1; index 0 / term 0 is the empty log's sentinel. */
export interface Entry {
  /** The term of the leader that created the entry. */
  readonly term: number;
  /** The entry's position in the log (1-based). */
  readonly index: number;
  /** How to interpret `data`. */
  readonly type: EntryType;
  /** The payload: an application command, or an encoded conf change. */
  readonly data: Uint8Array;
}

/**
 * The state that must be on stable storage before a node answers any message
 * (Raft paper, Figure 2: currentTerm, votedFor), plus the commit index for faster restart.
 */
export interface HardState {
  /** currentTerm: the latest term this node has seen. */
  readonly term: number;
  /** votedFor: the candidate voted for in `term`, or NONE. */
  readonly vote: NodeId;
  /** The highest log index known to be committed. */
  readonly commit: number;
}

/** The empty hard state of a fresh node. */
export const EMPTY_HARD_STATE: HardState = Object.freeze({ term: 0, vote: NONE, commit: 0 });

/** Cluster membership as of some log position. */
export interface ConfState {
  /** Members that vote and count toward quorums. */
  readonly voters: readonly NodeId[];
  /** Members that receive the log but do not vote (they catch up before promotion). */
  readonly learners: readonly NodeId[];
}

/** Where a snapshot sits in the log and the membership at that point. */
export interface SnapshotMetadata {
  /** The index of the last entry the snapshot covers. */
  readonly index: number;
  /** The term of that entry. */
  readonly term: number;
  /** The membership as of that entry. */
  readonly confState: ConfState;
}

/** A state-machine snapshot covering every entry up to and including `metadata.index`. */
export interface Snapshot {
  /** Where the snapshot sits in the log, and the membership there. */
  readonly metadata: SnapshotMetadata;
  /** The application's serialized state machine; opaque to Raft. */
  readonly data: Uint8Array;
}

/** True when `hs` is the zero hard state (nothing was ever persisted). */
export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === NONE && hs.commit === 0;
}
