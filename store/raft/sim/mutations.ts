/**
 * Deliberately broken rules, injected by the simulator (never by production code) to show that
 * its invariants catch them. The core has no test seam for these, so each mutation works from
 * the outside: by replacing one method on a node's own RaftLog instance, or by changing what
 * the simulated driver persists or when it sends.
 *
 * - `commit-by-count`: the leader commits the highest index replicated on a quorum whatever
 *   its term — the rule paper §5.4.2 / Figure 8 forbids for entries of earlier terms.
 * - `vote-not-persisted`: the driver writes hard states with the vote cleared, so a node that
 *   crashes forgets whom it voted for in its current term (paper Figure 2: votedFor must be on
 *   stable storage before answering).
 * - `send-before-persist`: the driver sends a Ready's messages before its entries and hard
 *   state are durable (acks for entries that a crash then loses).
 * - `stale-reads`: the driver answers gets from its local state machine at once, without
 *   ReadIndex (a follower or deposed leader serves stale data): only the linearizability check
 *   of the clients' history can see it.
 *
 * @module
 */

import type { RawNode } from "../raw_node.ts";
import { type HardState, NONE } from "../types.ts";

/** The names of the available mutations. */
export const MUTATIONS = [
  "commit-by-count",
  "vote-not-persisted",
  "send-before-persist",
  "stale-reads",
] as const;

/** A mutation's name. */
export type MutationName = typeof MUTATIONS[number];

/** How a mutation changes a node or its driver. */
export interface Mutation {
  /** The mutation's name. */
  readonly name: MutationName;
  /** Called on every RawNode the driver creates. */
  patchNode?(raw: RawNode): void;
  /** The hard state the driver writes in place of `hs`. */
  persistedHardState?(hs: HardState): HardState;
  /** When true, the driver sends a Ready's messages before persisting it. */
  readonly sendBeforePersist?: boolean;
  /** When true, the driver serves reads locally without ReadIndex. */
  readonly localReads?: boolean;
}

/** True when `name` names a mutation. */
export function isMutationName(name: string): name is MutationName {
  return (MUTATIONS as readonly string[]).includes(name);
}

/** The mutation called `name`. */
export function mutation(name: MutationName): Mutation {
  switch (name) {
    case "commit-by-count":
      return {
        name,
        patchNode(raw: RawNode): void {
          const log = raw.raft.raftLog;
          // The correct rule also requires log.term(maxIndex) === term (RaftLog.maybeCommit).
          log.maybeCommit = (maxIndex: number, _term: number): boolean => {
            if (maxIndex <= log.committed) return false;
            log.commitTo(maxIndex);
            return true;
          };
        },
      };
    case "vote-not-persisted":
      return { name, persistedHardState: (hs) => ({ ...hs, vote: NONE }) };
    case "send-before-persist":
      return { name, sendBeforePersist: true };
    case "stale-reads":
      return { name, localReads: true };
  }
}
