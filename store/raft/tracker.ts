/**
 * The membership a node currently uses (voters and learners), the leader's {@link Progress} for
 * every member, and the votes collected in an election.
 *
 * Invariants: voters ∩ learners = ∅; there is a progress for exactly the members
 * (voters ∪ learners), with `isLearner` set iff the id is a learner.
 *
 * @module
 */

import { Inflights } from "./inflights.ts";
import { Progress } from "./progress.ts";
import { committedIndex, VoteResult, voteResult } from "./quorum.ts";
import type { ConfState, NodeId } from "./types.ts";

/** Membership, per-member progress and election votes. */
export class ProgressTracker {
  /** Members that vote and count toward quorums. */
  readonly voters = new Set<NodeId>();
  /** Members that only receive the log. */
  readonly learners = new Set<NodeId>();
  /** Progress of every member (meaningful on the leader). */
  readonly progress = new Map<NodeId, Progress>();
  /** Votes received in the current (pre-)election: true = granted. */
  readonly votes = new Map<NodeId, boolean>();
  /** In-flight window bound per follower (messages). */
  readonly maxInflight: number;
  /** In-flight window bound per follower (bytes). */
  readonly maxInflightBytes: number;

  /** An empty tracker with the given flow-control bounds. */
  constructor(maxInflight: number, maxInflightBytes = Infinity) {
    this.maxInflight = maxInflight;
    this.maxInflightBytes = maxInflightBytes;
  }

  /** The current membership, ids sorted. */
  confState(): ConfState {
    return {
      voters: [...this.voters].sort((a, b) => a - b),
      learners: [...this.learners].sort((a, b) => a - b),
    };
  }

  /** Creates a fresh progress for a member (in Probe state, recently active). */
  newProgress(match: number, next: number, isLearner: boolean): Progress {
    const pr = new Progress({
      match,
      next,
      inflights: new Inflights(this.maxInflight, this.maxInflightBytes),
      isLearner,
    });
    // A member added now counts as active so CheckQuorum does not fire before it is heard from.
    pr.recentActive = true;
    return pr;
  }

  /** Member ids in ascending order (deterministic iteration for message order). */
  memberIds(): NodeId[] {
    return [...this.progress.keys()].sort((a, b) => a - b);
  }

  /** True when `id` is a voter. */
  isVoter(id: NodeId): boolean {
    return this.voters.has(id);
  }

  /** True when the configuration has a single voter. */
  isSingleton(): boolean {
    return this.voters.size === 1;
  }

  /** The largest index acknowledged by a majority of voters (paper §5.3). */
  committed(): number {
    return committedIndex(this.voters, (id) => this.progress.get(id)?.match);
  }

  /**
   * True when a majority of voters was recently active (CheckQuorum, thesis §6.2): a leader that
   * has not heard from a quorum within an election timeout steps down.
   */
  quorumActive(): boolean {
    const votes = new Map<NodeId, boolean>();
    for (const id of this.voters) {
      const pr = this.progress.get(id);
      if (pr) votes.set(id, pr.recentActive);
    }
    return voteResult(this.voters, votes) === VoteResult.Won;
  }

  /** Forgets all votes (a new election starts). */
  resetVotes(): void {
    this.votes.clear();
  }

  /** Records `id`'s vote; the first vote from a node in an election wins (§5.2). */
  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  /** Counts the votes: granted and rejected tallies among voters, and the outcome. */
  tallyVotes(): { granted: number; rejected: number; result: VoteResult } {
    let granted = 0;
    let rejected = 0;
    for (const id of this.voters) {
      const v = this.votes.get(id);
      if (v === true) granted++;
      else if (v === false) rejected++;
    }
    return { granted, rejected, result: voteResult(this.voters, this.votes) };
  }
}
