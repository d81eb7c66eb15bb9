/**
 * Majority quorums over a set of voters (paper §5.2 elections, §5.3 commitment). With
 * single-server membership changes (§6, thesis §4.1) any two majorities of consecutive
 * configurations overlap, so one majority configuration at a time is enough.
 *
 * @module
 */

import type { NodeId } from "./types.ts";

/** The outcome of a vote so far. */
export enum VoteResult {
  /** Not decided: more votes could still change the outcome. */
  Pending = 0,
  /** A majority rejected (the election is lost). */
  Lost = 1,
  /** A majority granted. */
  Won = 2,
}

/** The size of a majority of `n` voters. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/**
 * The highest index that a majority of `voters` has acknowledged, given each voter's acked
 * index (`acked(id)`; undefined counts as 0). For no voters it returns 0.
 */
export function committedIndex(
  voters: ReadonlySet<NodeId>,
  acked: (id: NodeId) => number | undefined,
): number {
  const n = voters.size;
  if (n === 0) return 0;
  const idx: number[] = [];
  for (const id of voters) idx.push(acked(id) ?? 0);
  idx.sort((a, b) => b - a); // descending
  // The majority(n)-th largest value is acked by at least majority(n) voters.
  return idx[majority(n) - 1]!;
}

/**
 * Tallies `votes` (true = granted) from `voters`; votes from non-voters are ignored. An empty
 * voter set wins by convention.
 */
export function voteResult(
  voters: ReadonlySet<NodeId>,
  votes: ReadonlyMap<NodeId, boolean>,
): VoteResult {
  if (voters.size === 0) return VoteResult.Won;
  let granted = 0;
  let missing = 0;
  for (const id of voters) {
    const v = votes.get(id);
    if (v === undefined) missing++;
    else if (v) granted++;
  }
  const q = majority(voters.size);
  if (granted >= q) return VoteResult.Won;
  if (granted + missing >= q) return VoteResult.Pending;
  return VoteResult.Lost;
}
