/**
 * Raft's safety properties, checked by the simulator after every event (and at the points the
 * driver reports: entries applied, snapshots taken or installed, restarts):
 *
 * - Election Safety: at most one leader per term, over the whole run (paper §5.2).
 * - Log Matching: two logs holding an entry with the same index and term hold the same entry
 *   there and agree on everything before it (§5.3). Checked incrementally: every entry that
 *   enters any log (its unstable tail, its storage when persisted, or on restart) is registered
 *   under
 *   (index, term) with its data and the term of the entry before it; a second registration
 *   must agree on both. By induction on the index this gives the prefix property.
 * - Leader Completeness: a leader of term T holds every entry committed in a term < T
 *   (§5.4). An entry is known committed by the current term of the first node seen committing
 *   it (an upper bound of the term it was committed in). Checked when a node becomes leader,
 *   and when an entry is first seen committed against the leaders of later terms alive then.
 * - State Machine Safety: no two nodes apply different entries at one index (§5.4.3); the
 *   key/value state (its snapshot bytes) is equal on nodes at equal applied indexes.
 * - Committed entries are never lost: the first entry seen committed at an index stays the one
 *   every node commits, applies, or holds as leader there, across crashes and restarts.
 * - Leader commit rule (Figure 2, §5.4.2): a leader advances its commit index only to an entry
 *   of its own term (earlier entries become committed indirectly, never by counting replicas).
 * - A live node's commit index never decreases; applied entries are contiguous and committed.
 * - Durability (the driver contract): what a node acknowledged as persisted (its storage after
 *   each WAL save resolved) is what it recovers after a crash: same vote in the same term, no
 *   lower commit, every acknowledged entry below the write that was in flight.
 *
 * A violation throws {@link InvariantViolation}; the scenario runner adds the seed, a replay
 * command and the trace.
 *
 * @module
 */

import { equalBytes } from "../../mvcc/bytes.ts";
import { CompactedError, UnavailableError } from "../errors.ts";
import { type Raft, StateType } from "../raft.ts";
import { type Entry, type HardState, type NodeId, NONE } from "../types.ts";

/** A safety property does not hold. */
export class InvariantViolation extends Error {
  /** Which property, e.g. "election-safety". */
  readonly invariant: string;

  /**
   * A violation of `invariant`.
   *
   * @param invariant the property's short name
   * @param detail what was observed
   */
  constructor(invariant: string, detail: string) {
    super(`${invariant}: ${detail}`);
    this.name = "InvariantViolation";
    this.invariant = invariant;
  }
}

/** An entry as registered: enough to compare two copies. */
interface EntryRecord {
  readonly term: number;
  /** Term of the entry just before it (0 for index 1). */
  readonly prevTerm: number;
  readonly type: number;
  readonly data: Uint8Array;
  /** Who registered it first, for messages. */
  readonly by: NodeId;
}

/** The first committed copy of an index. */
interface CommittedRecord {
  readonly term: number;
  readonly type: number;
  readonly data: Uint8Array;
  readonly by: NodeId;
  /**
   * A term by which the entry was known committed: the lowest current term of a node seen
   * committing it. The entry was committed in this term or earlier, so every leader of a
   * later term must hold it (Leader Completeness); a leader of an earlier term, still in
   * office or elected late, need not.
   */
  knownBy: number;
}

/** What the checker follows per live node (reset when it restarts). */
interface Track {
  incarnation: number;
  /** Highest commit index seen in this incarnation. */
  lastCommit: number;
  /** Commit indexes up to here were registered. */
  checkedCommit: number;
  /** The term in which this incarnation was last seen leading (0: never). */
  leaderTerm: number;
}

/** The read-only view of a live node the checker needs. */
export interface NodeView {
  /** The member id. */
  readonly id: NodeId;
  /** Bumped on every restart. */
  readonly incarnation: number;
  /** The Raft state machine (read only). */
  readonly raft: Raft;
}

/** The durable state a node had acknowledged, or recovered, for {@link Invariants.checkRecovery}. */
export interface DurableState {
  /** The hard state. */
  readonly hardState: HardState;
  /** Index of the snapshot the log follows (0: none). */
  readonly snapshotIndex: number;
  /** Index of the first entry held (snapshotIndex + 1). */
  readonly firstIndex: number;
  /** Index of the last entry held (snapshotIndex when none). */
  readonly lastIndex: number;
  /** Term of entry i, for i in [firstIndex, lastIndex]. */
  term(i: number): number;
}

function describeEntry(e: { term: number; type: number; data: Uint8Array }): string {
  const hex = [...e.data.subarray(0, 24)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `term ${e.term} type ${e.type} data ${e.data.length}B ${hex}${
    e.data.length > 24 ? "…" : ""
  }`;
}

function sameContent(
  a: { type: number; data: Uint8Array },
  b: { type: number; data: Uint8Array },
): boolean {
  return a.type === b.type && (a.data === b.data || equalBytes(a.data, b.data));
}

/** FNV-1a over bytes: a cheap fingerprint of state-machine snapshots. */
export function hashBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** The invariant checker of one run. */
export class Invariants {
  /** term → the leader of that term. */
  readonly #leaders = new Map<number, NodeId>();
  /** index → every distinct (term) entry registered there. */
  readonly #entries: (EntryRecord[] | undefined)[] = [];
  /** index → the committed entry. */
  readonly #committed: (CommittedRecord | undefined)[] = [];
  /** Highest index seen committed anywhere. */
  #maxCommitted = 0;
  /** applied index → fingerprint of the state machine there. */
  readonly #stateAt = new Map<number, { hash: number; by: NodeId }>();
  readonly #tracks = new Map<NodeId, Track>();
  readonly #live: () => Iterable<NodeView>;
  readonly #checkCommitRule: boolean;
  /** Counters for the run report. */
  readonly stats = { leaders: 0, committed: 0, stateChecks: 0, recoveries: 0 };

  /**
   * A checker over the nodes `live()` returns (live ones only).
   *
   * @param live the currently running nodes
   * @param options `checkCommitRule: false` turns off the direct check of the leader's commit
   *   rule (to show its violation is also caught by its consequences)
   */
  constructor(live: () => Iterable<NodeView>, options: { checkCommitRule?: boolean } = {}) {
    this.#live = live;
    this.#checkCommitRule = options.checkCommitRule ?? true;
  }

  /** Highest index any node was seen to commit. */
  get maxCommitted(): number {
    return this.#maxCommitted;
  }

  /** The term of the committed entry at `index`, if one was seen. */
  committedTerm(index: number): number | undefined {
    return this.#committed[index]?.term;
  }

  /** Number of terms that had a leader. */
  get termsWithLeader(): number {
    return this.#leaders.size;
  }

  #track(v: NodeView): Track {
    let t = this.#tracks.get(v.id);
    if (t === undefined || t.incarnation !== v.incarnation) {
      const c = v.raft.raftLog.committed;
      // A restarted node's commit index starts at its recovered value: register from its
      // snapshot on (entries below are covered by the snapshot's state check).
      t = {
        incarnation: v.incarnation,
        lastCommit: c,
        checkedCommit: v.raft.raftLog.firstIndex() - 1,
        leaderTerm: 0,
      };
      this.#tracks.set(v.id, t);
    }
    return t;
  }

  /** Runs the per-event checks on every live node. */
  checkAll(): void {
    for (const v of this.#live()) this.checkNode(v);
  }

  /** The per-event checks of one live node. */
  checkNode(v: NodeView): void {
    const r = v.raft;
    const t = this.#track(v);
    this.#checkUnstable(v);
    const commit = r.raftLog.committed;
    if (commit < t.lastCommit) {
      throw new InvariantViolation(
        "commit-monotonic",
        `node ${v.id} commit index went from ${t.lastCommit} down to ${commit}`,
      );
    }
    if (
      this.#checkCommitRule && commit > t.lastCommit && r.state === StateType.Leader &&
      t.leaderTerm === r.term && r.raftLog.termOrZero(commit) !== r.term
    ) {
      throw new InvariantViolation(
        "leader-commit-rule",
        `node ${v.id}, leader of term ${r.term}, advanced its commit index from ${t.lastCommit} ` +
          `to ${commit}, an entry of term ${r.raftLog.termOrZero(commit)}`,
      );
    }
    t.lastCommit = commit;
    // A leader counts its own entries toward the quorum as soon as it appends them, before
    // they are durable (a single voter "commits" at once): such a commit is real only once
    // the entries are persisted (Ready ensures nothing is applied or sent before that). So
    // only the durable part of the commit index is registered.
    const durableCommit = Math.min(commit, r.raftLog.storage.lastIndex());
    if (durableCommit > t.checkedCommit) this.#registerCommits(v, t, durableCommit);
    if (r.state === StateType.Leader && t.leaderTerm !== r.term) {
      t.leaderTerm = r.term;
      this.#observeLeader(v);
    }
  }

  /** Election Safety and Leader Completeness for a node just seen leading. */
  #observeLeader(v: NodeView): void {
    const term = v.raft.term;
    const prev = this.#leaders.get(term);
    if (prev !== undefined && prev !== v.id) {
      throw new InvariantViolation(
        "election-safety",
        `two leaders in term ${term}: node ${prev} and node ${v.id}`,
      );
    }
    if (prev === undefined) {
      this.#leaders.set(term, v.id);
      this.stats.leaders++;
    }
    this.#checkCompleteness(v, 1, this.#maxCommitted);
  }

  /**
   * Leader Completeness: leader `v` holds the committed entries of earlier terms in
   * [from, to] (those below its snapshot are covered by it).
   */
  #checkCompleteness(v: NodeView, from: number, to: number): void {
    const log = v.raft.raftLog;
    const term = v.raft.term;
    const last = log.lastIndex();
    const first = log.firstIndex();
    for (let i = Math.max(from, first - 1); i <= to; i++) {
      const c = this.#committed[i];
      if (c === undefined || c.knownBy >= term) continue;
      if (i > last) {
        throw new InvariantViolation(
          "leader-completeness",
          `node ${v.id} leads term ${term} with last index ${last}, but entry ${i} (term ${c.term}) ` +
            `was committed`,
        );
      }
      const have = log.termOrZero(i);
      if (have !== c.term) {
        throw new InvariantViolation(
          "leader-completeness",
          `node ${v.id} leads term ${term} with term ${have} at index ${i}, but the committed ` +
            `entry there has term ${c.term} (first committed by node ${c.by})`,
        );
      }
    }
  }

  /** Registers the newly committed entries of `v` (in (checkedCommit, commit]). */
  #registerCommits(v: NodeView, t: Track, commit: number): void {
    const log = v.raft.raftLog;
    const lo = Math.max(t.checkedCommit + 1, log.firstIndex());
    // An index at or below the snapshot is known only by the snapshot's term.
    const snapIndex = log.firstIndex() - 1;
    if (snapIndex > t.checkedCommit && snapIndex <= commit && snapIndex > 0) {
      const c = this.#committed[snapIndex];
      const st = log.termOrZero(snapIndex);
      if (c !== undefined && st !== 0 && c.term !== st) {
        throw new InvariantViolation(
          "committed-entry-lost",
          `node ${v.id} has a snapshot at ${snapIndex} of term ${st}, but the entry committed ` +
            `there has term ${c.term}`,
        );
      }
    }
    if (lo <= commit) {
      let ents: Entry[];
      try {
        ents = log.slice(lo, commit + 1, Infinity);
      } catch (err) {
        if (err instanceof CompactedError || err instanceof UnavailableError) ents = [];
        else throw err;
      }
      for (const e of ents) this.recordCommitted(v.id, e, "commits", v.raft.term);
    }
    t.checkedCommit = commit;
  }

  /**
   * Records that `by`, in term `observerTerm`, committed (or applied) entry `e`. The first
   * record of an index is the truth; any other must be identical (State Machine Safety, no
   * committed entry lost).
   */
  recordCommitted(
    by: NodeId,
    e: Entry,
    verb: "commits" | "applies",
    observerTerm: number,
  ): void {
    const c = this.#committed[e.index];
    if (c === undefined) {
      const knownBy = Math.max(e.term, observerTerm);
      this.#committed[e.index] = { term: e.term, type: e.type, data: e.data, by, knownBy };
      this.stats.committed++;
      if (e.index > this.#maxCommitted) this.#maxCommitted = e.index;
      // Leaders of later terms alive now must already hold it.
      for (const v of this.#live()) {
        if (v.raft.state === StateType.Leader && v.raft.term > knownBy) {
          this.#checkCompleteness(v, e.index, e.index);
        }
      }
      return;
    }
    if (observerTerm < c.knownBy) c.knownBy = Math.max(c.term, observerTerm);
    if (c.term !== e.term || !sameContent(c, e)) {
      throw new InvariantViolation(
        verb === "applies" ? "state-machine-safety" : "committed-entry-lost",
        `node ${by} ${verb} at index ${e.index} ${describeEntry(e)}, but node ${c.by} committed ` +
          `${describeEntry(c)} there`,
      );
    }
  }

  /**
   * Registers the entries of `v`'s unstable tail (Log Matching) — once the node's current term
   * is durable. Before that (a lone voter that just elected itself), a crash may erase the term
   * together with entries that never left the node, and the restarted node may legitimately
   * lead that term again with other entries; the driver registers those entries once persisted.
   */
  #checkUnstable(v: NodeView): void {
    const u = v.raft.raftLog.unstable;
    const n = u.entries.length;
    if (n === 0) return;
    if (v.raft.raftLog.storage.initialState().hardState.term !== v.raft.term) return;
    let prevTerm = v.raft.raftLog.termOrZero(u.offset - 1);
    for (let k = 0; k < n; k++) {
      const e = u.entries[k]!;
      this.registerEntry(v.id, e, prevTerm);
      prevTerm = e.term;
    }
  }

  /**
   * True when entry `e` is known only as the successor of an entry of another term than
   * `prevTerm`: recovered right after a snapshot of term `prevTerm`, it is a leftover of the
   * log the snapshot replaced (see the known issue `wal-stale-tail` in the README).
   */
  isStaleSuccessor(e: Entry, prevTerm: number): boolean {
    const list = this.#entries[e.index];
    const r = list?.find((x) => x.term === e.term);
    return r !== undefined && r.prevTerm !== 0 && prevTerm !== 0 && r.prevTerm !== prevTerm;
  }

  /**
   * Log Matching: registers entry `e` held by `by`, preceded by an entry of term `prevTerm`.
   * Another entry with the same index and term must have the same content and predecessor.
   */
  registerEntry(by: NodeId, e: Entry, prevTerm: number): void {
    let list = this.#entries[e.index];
    if (list === undefined) {
      list = [];
      this.#entries[e.index] = list;
    }
    for (const r of list) {
      if (r.term !== e.term) continue;
      if (!sameContent(r, e)) {
        throw new InvariantViolation(
          "log-matching",
          `node ${by} holds ${describeEntry(e)} at index ${e.index}, node ${r.by} holds ` +
            `${describeEntry(r)} there`,
        );
      }
      if (prevTerm !== 0 && r.prevTerm !== 0 && r.prevTerm !== prevTerm) {
        throw new InvariantViolation(
          "log-matching",
          `node ${by} holds entry ${e.index} of term ${e.term} after an entry of term ${prevTerm}; ` +
            `node ${r.by} holds it after term ${r.prevTerm}`,
        );
      }
      return;
    }
    list.push({ term: e.term, prevTerm, type: e.type, data: e.data, by });
  }

  /** State Machine Safety, applied side: `by` applies `e` (must be committed there). */
  observeApplied(v: NodeView, e: Entry): void {
    if (e.index > v.raft.raftLog.committed) {
      throw new InvariantViolation(
        "apply-uncommitted",
        `node ${v.id} applies entry ${e.index} above its commit index ${v.raft.raftLog.committed}`,
      );
    }
    this.recordCommitted(v.id, e, "applies", v.raft.term);
  }

  /**
   * State Machine Safety on state: the state machine of `by` at applied index `index` has
   * fingerprint `hash`; any other node's state at that index must have the same.
   */
  observeState(by: NodeId, index: number, hash: number, what: string): void {
    this.stats.stateChecks++;
    const s = this.#stateAt.get(index);
    if (s === undefined) {
      this.#stateAt.set(index, { hash, by });
      return;
    }
    if (s.hash !== hash) {
      throw new InvariantViolation(
        "state-machine-safety",
        `node ${by}'s state at applied index ${index} (${what}) differs from node ${s.by}'s ` +
          `(${hash.toString(16)} vs ${s.hash.toString(16)})`,
      );
    }
  }

  /**
   * Durability: after a crash, node `id` recovered `after`; it had acknowledged `before` as
   * persisted, with a write of entries from index `inflightFirst` on (Infinity: none) in flight.
   */
  checkRecovery(
    id: NodeId,
    before: DurableState,
    after: DurableState,
    inflightFirst: number,
  ): void {
    this.stats.recoveries++;
    const b = before.hardState;
    const a = after.hardState;
    const fail = (detail: string): never => {
      throw new InvariantViolation("durability", `node ${id} after restart: ${detail}`);
    };
    if (a.term < b.term) fail(`term ${a.term} < acknowledged term ${b.term}`);
    if (a.term === b.term && b.vote !== NONE && a.vote !== b.vote) {
      fail(`vote ${a.vote} in term ${a.term}, but it had persisted a vote for ${b.vote}`);
    }
    if (a.commit < b.commit) fail(`commit ${a.commit} < acknowledged commit ${b.commit}`);
    if (after.snapshotIndex < before.snapshotIndex) {
      fail(`snapshot ${after.snapshotIndex} older than acknowledged ${before.snapshotIndex}`);
    }
    const hi = Math.min(before.lastIndex, inflightFirst - 1);
    if (after.lastIndex < hi) {
      fail(`last index ${after.lastIndex} < acknowledged ${hi}`);
    }
    for (let i = Math.max(before.firstIndex, after.firstIndex); i <= hi; i++) {
      const want = before.term(i);
      const got = after.term(i);
      if (want !== got) fail(`entry ${i} has term ${got}, acknowledged term ${want}`);
    }
  }
}
