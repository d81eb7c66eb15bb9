/**
 * The leader's view of one follower's log (paper Figure 2: nextIndex, matchIndex) plus the
 * flow-control state machine that decides how to send to it.
 *
 * States:
 * - Probe: the leader does not know where the follower's log matches; it sends one append per
 *   heartbeat interval and backs off on rejections (paper §5.3, with fast back-off hints).
 * - Replicate: the follower matched; appends are pipelined optimistically, bounded by
 *   {@link Inflights}.
 * - Snapshot: the follower needs entries that were compacted; a snapshot is in flight and no
 *   appends are sent until the driver reports its outcome or the follower acks past it.
 *
 * Invariant: 0 ≤ match < next.
 *
 * @module
 */

import { Inflights } from "./inflights.ts";

/** The flow-control state of a follower's progress. */
export enum ProgressState {
  /** Finding the match point: one append at a time. */
  Probe = 0,
  /** Streaming appends, bounded by the in-flight window. */
  Replicate = 1,
  /** Waiting for a snapshot to be installed. */
  Snapshot = 2,
}

/** One follower's replication progress, as tracked by the leader. */
export class Progress {
  /** Highest index known to match the leader's log. */
  match: number;
  /** Index of the next entry to send; entries in (match, next) are in flight. */
  next: number;
  /** The flow-control state. */
  state: ProgressState = ProgressState.Probe;
  /** In Snapshot state: the index of the snapshot sent. */
  pendingSnapshot = 0;
  /** True when the follower was heard from since the last CheckQuorum (always true for self). */
  recentActive = false;
  /**
   * When true, no empty "probe" append is sent: set after each send, cleared by a heartbeat
   * response (so a probe goes out at most once per heartbeat) or a useful ack/reject.
   */
  msgAppProbesPaused = false;
  /** The in-flight window (used in Replicate state). */
  readonly inflights: Inflights;
  /** True when this member is a learner (receives the log, does not vote). */
  isLearner: boolean;

  /** A progress in Probe state. */
  constructor(
    opts: { match: number; next: number; inflights: Inflights; isLearner?: boolean },
  ) {
    this.match = opts.match;
    this.next = opts.next;
    this.inflights = opts.inflights;
    this.isLearner = opts.isLearner ?? false;
  }

  /** Moves to `state`, clearing the probe pause, pending snapshot and in-flight window. */
  resetState(state: ProgressState): void {
    this.msgAppProbesPaused = false;
    this.pendingSnapshot = 0;
    this.state = state;
    this.inflights.reset();
  }

  /**
   * Moves to Probe. Leaving Snapshot state, the snapshot was (presumably) installed, so probing
   * starts after it; otherwise it starts after the match point.
   */
  becomeProbe(): void {
    if (this.state === ProgressState.Snapshot) {
      const pending = this.pendingSnapshot;
      this.resetState(ProgressState.Probe);
      this.next = Math.max(this.match + 1, pending + 1);
    } else {
      this.resetState(ProgressState.Probe);
      this.next = this.match + 1;
    }
  }

  /** Moves to Replicate, resuming right after the match point. */
  becomeReplicate(): void {
    this.resetState(ProgressState.Replicate);
    this.next = this.match + 1;
  }

  /** Moves to Snapshot, recording the index of the snapshot sent. */
  becomeSnapshot(snapshotIndex: number): void {
    this.resetState(ProgressState.Snapshot);
    this.pendingSnapshot = snapshotIndex;
  }

  /**
   * Records an append of `entries` entries (`bytes` payload bytes) starting at `next`. In
   * Replicate state, `next` advances optimistically and the window grows. Either way the next
   * empty probe waits for a heartbeat response.
   */
  sentEntries(entries: number, bytes: number): void {
    if (this.state === ProgressState.Replicate && entries > 0) {
      this.next += entries;
      this.inflights.add(this.next - 1, bytes);
    }
    this.msgAppProbesPaused = true;
  }

  /**
   * The follower acked index `n`. Returns false for a stale ack (n ≤ match). Otherwise updates
   * match (and next, preserving match < next).
   */
  maybeUpdate(n: number): boolean {
    if (n <= this.match) return false;
    this.match = n;
    this.next = Math.max(this.next, n + 1);
    this.msgAppProbesPaused = false;
    return true;
  }

  /**
   * The follower rejected an append whose previous index was `rejected`; `matchHint` is the
   * highest index that may match (from the follower's hint, paper §5.3 fast back-off). Returns
   * false for a stale rejection; otherwise lowers next and returns true.
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === ProgressState.Replicate) {
      // Stale if we already know the follower matches at or beyond `rejected`.
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    // In Probe, appends go out one at a time, so a genuine rejection is for next − 1.
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.msgAppProbesPaused = false;
    return true;
  }

  /**
   * True when no append (not even an empty probe) should be sent now: Probe after a send until a
   * response; Replicate when the window is full and a probe went out; always in Snapshot.
   */
  isPaused(): boolean {
    switch (this.state) {
      case ProgressState.Probe:
        return this.msgAppProbesPaused;
      case ProgressState.Replicate:
        return this.msgAppProbesPaused && this.inflights.full();
      case ProgressState.Snapshot:
        return true;
    }
  }

  /** A copy (for status reports). */
  clone(): Progress {
    const p = new Progress({
      match: this.match,
      next: this.next,
      inflights: this.inflights.clone(),
      isLearner: this.isLearner,
    });
    p.state = this.state;
    p.pendingSnapshot = this.pendingSnapshot;
    p.recentActive = this.recentActive;
    p.msgAppProbesPaused = this.msgAppProbesPaused;
    return p;
  }

  /** A compact description, e.g. "Replicate match=5 next=8 inflight=2". */
  toString(): string {
    let s = `${ProgressState[this.state]} match=${this.match} next=${this.next}`;
    if (this.isLearner) s += " learner";
    if (this.isPaused()) s += " paused";
    if (this.pendingSnapshot > 0) s += ` pendingSnap=${this.pendingSnapshot}`;
    if (!this.recentActive) s += " inactive";
    if (this.inflights.count() > 0) s += ` inflight=${this.inflights.count()}`;
    return s;
  }
}
