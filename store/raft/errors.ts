/**
 * Typed errors of the Raft core. Misuse of the API raises TypeError/RangeError; the classes
 * here are the domain conditions a driver is expected to handle (or, for
 * {@link RaftInvariantError}, a broken invariant: a bug or corrupted storage).
 *
 * @module
 */

/** The requested index precedes the storage's first index: it was compacted away. */
export class CompactedError extends Error {
  /** Creates the error; the message names the index asked for when given. */
  constructor(message = "requested index is unavailable due to compaction") {
    super(message);
    this.name = "CompactedError";
  }
}

/** The requested index is past the storage's last index. */
export class UnavailableError extends Error {
  /** Creates the error. */
  constructor(message = "requested entry at index is unavailable") {
    super(message);
    this.name = "UnavailableError";
  }
}

/** A snapshot older than (or as old as) the storage's current one was offered. */
export class SnapshotOutOfDateError extends Error {
  /** Creates the error. */
  constructor(message = "requested index is older than the existing snapshot") {
    super(message);
    this.name = "SnapshotOutOfDateError";
  }
}

/**
 * The storage cannot produce a snapshot right now (e.g. one is being built); the leader retries
 * later instead of sending MsgSnap.
 */
export class SnapshotTemporarilyUnavailableError extends Error {
  /** Creates the error. */
  constructor(message = "snapshot is temporarily unavailable") {
    super(message);
    this.name = "SnapshotTemporarilyUnavailableError";
  }
}

/**
 * A proposal was not appended: there is no known leader, forwarding is disabled, a leadership
 * transfer is in progress, the node was removed, or the uncommitted-size limit was reached.
 * The client may retry (possibly at another node).
 */
export class ProposalDroppedError extends Error {
  /** Creates the error; `reason` says why the proposal was dropped. */
  constructor(readonly reason: string = "raft proposal dropped") {
    super(reason);
    this.name = "ProposalDroppedError";
  }
}

/** A Raft invariant does not hold: a bug in the core or corrupted/misbehaving storage. */
export class RaftInvariantError extends Error {
  /** Creates the error with a description of the broken invariant. */
  constructor(message: string) {
    super(message);
    this.name = "RaftInvariantError";
  }
}
