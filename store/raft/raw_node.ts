/**
 * The driver-facing API of the Raft core (after etcd-io/raft's RawNode). A driver owns the
 * clock, the disk and the network; it feeds ticks and messages in, and repeatedly drains a
 * {@link Ready}:
 *
 * ```ts
 * while (node.hasReady()) {
 *   const rd = node.ready();
 *   // 1. Persist, in this order and durably (fsync when rd.mustSync):
 *   //    rd.snapshot (if any), rd.entries, rd.hardState (if any).
 *   // 2. Only then send rd.messages.
 *   // 3. Install rd.snapshot into the state machine; apply rd.committedEntries in order
 *   //    (calling node.applyConfChange for ConfChange entries); serve rd.readStates once
 *   //    applied up to their index.
 *   node.advance(rd);
 * }
 * ```
 *
 * Everything here is synchronous and deterministic: no timers, promises, I/O, clocks or
 * Math.random.
 *
 * @module
 */

import {
  type ConfChange,
  ConfChangeType,
  decodeConfChange,
  encodeConfChange,
} from "./conf_change.ts";
import { ProposalDroppedError, RaftInvariantError } from "./errors.ts";
import {
  isLocalMessage,
  isResponseMessage,
  type Message,
  MessageType,
  newMessage,
} from "./messages.ts";
import type { Progress } from "./progress.ts";
import { type Config, Raft, type SoftState, StateType } from "./raft.ts";
import type { ReadState } from "./read_only.ts";
import {
  type ConfState,
  type Entry,
  EntryType,
  type HardState,
  type NodeId,
  NONE,
  type Snapshot,
} from "./types.ts";

/**
 * A batch of work for the driver. The contract: **persist `snapshot`, `entries` and
 * `hardState` to stable storage (durably when `mustSync`) BEFORE sending `messages`**; the
 * messages (votes granted, append acks, the leader's commit index) assert that state is
 * durable. Then apply `committedEntries`, and call {@link RawNode.advance} with this Ready.
 */
export interface Ready {
  /** The leader / role, present only when changed since the previous Ready. */
  readonly softState?: SoftState;
  /** Term, vote and commit to persist, present only when changed since the previous Ready. */
  readonly hardState?: HardState;
  /** Reads that may be served once the state machine has applied up to their index. */
  readonly readStates: readonly ReadState[];
  /** Entries to append to stable storage (replacing any stored suffix they overlap). */
  readonly entries: readonly Entry[];
  /** A snapshot to persist and install into the state machine, if any. */
  readonly snapshot?: Snapshot;
  /**
   * Committed entries to apply, in order. They may include entries from `entries` of this same
   * Ready: apply them only after persisting.
   */
  readonly committedEntries: readonly Entry[];
  /** Messages to send once the above is persisted. */
  readonly messages: readonly Message[];
  /**
   * True when the hard state's term/vote, new entries or a snapshot must be fsynced before
   * sending (a commit-index-only change may be written lazily).
   */
  readonly mustSync: boolean;
}

/** How a snapshot send ended, as reported by the driver. */
export enum SnapshotStatus {
  /** The follower received the snapshot. */
  Finish = 0,
  /** Sending failed; the leader will retry. */
  Failure = 1,
}

/** A node's state for observers (tests, status endpoints, invariant checkers). */
export interface Status {
  /** This node's id. */
  readonly id: NodeId;
  /** Current term, vote and commit. */
  readonly hardState: HardState;
  /** Current leader and role. */
  readonly softState: SoftState;
  /** Highest applied index. */
  readonly applied: number;
  /** Index of the last log entry. */
  readonly lastIndex: number;
  /** Current membership. */
  readonly confState: ConfState;
  /** Copies of the followers' progress (only on the leader; empty otherwise). */
  readonly progress: ReadonlyMap<NodeId, Progress>;
  /** Target of an ongoing leadership transfer, or NONE. */
  readonly leadTransferee: NodeId;
}

function hardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

function softStateEqual(a: SoftState, b: SoftState): boolean {
  return a.lead === b.lead && a.raftState === b.raftState;
}

/** A Raft node driven step by step (see the module documentation for the loop). */
export class RawNode {
  readonly #raft: Raft;
  #prevSoftState: SoftState;
  #prevHardState: HardState;

  /**
   * Creates a node from `config.storage`'s persisted state (a fresh node starts as a follower at
   * term 0; call {@link bootstrap} or seed the storage's ConfState to form a new cluster).
   */
  constructor(config: Config) {
    this.#raft = new Raft(config);
    this.#prevSoftState = this.#raft.softState();
    this.#prevHardState = this.#raft.hardState();
  }

  /** This node's id. */
  get id(): NodeId {
    return this.#raft.id;
  }

  /**
   * The underlying state machine, for tests and invariant checkers. Drivers must not mutate it.
   */
  get raft(): Raft {
    return this.#raft;
  }

  /**
   * Initializes a brand-new cluster member with `peers` as the initial voters: appends one
   * committed AddNode conf-change entry per peer (term 1) and applies them. The first Ready
   * asks to persist those entries and hard state; the driver applies them like any others
   * (re-applying AddNode of an existing voter is a no-op). Throws if storage is not empty.
   */
  bootstrap(peers: readonly NodeId[]): void {
    if (peers.length === 0) throw new TypeError("bootstrap: no peers");
    const r = this.#raft;
    if (r.raftLog.lastIndex() !== 0 || r.term !== 0) {
      throw new TypeError("bootstrap: storage is not empty");
    }
    r.becomeFollower(1, NONE);
    const ents: Entry[] = peers.map((nodeId, i) => ({
      term: 1,
      index: i + 1,
      type: EntryType.ConfChange,
      data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId }),
    }));
    r.raftLog.append(ents);
    r.raftLog.committed = ents.length;
    for (const e of ents) r.applyConfChange(decodeConfChange(e.data));
  }

  /** Advances the logical clock by one tick (election and heartbeat timeouts count ticks). */
  tick(): void {
    this.#raft.tick();
  }

  /** Starts an election now (PreVote first when enabled), as if the election timeout fired. */
  campaign(): void {
    this.#raft.step(newMessage({ type: MessageType.Hup, from: this.#raft.id }));
  }

  /**
   * Proposes `data` for the log. On a follower the proposal is forwarded to the leader. Throws
   * {@link ProposalDroppedError} when it cannot be accepted here (no leader, transfer in
   * progress, size limit); a proposal accepted here can still be lost, so clients detect commit
   * by seeing their entry applied.
   */
  propose(data: Uint8Array): void {
    this.#raft.step(newMessage({
      type: MessageType.Prop,
      from: this.#raft.id,
      entries: [{ term: 0, index: 0, type: EntryType.Normal, data }],
    }));
  }

  /**
   * Proposes a membership change (§6). The leader refuses it (appending an empty entry
   * instead) while another change is pending, before it committed an entry of its term, or if
   * the change is invalid for the current membership. Throws like {@link propose}.
   */
  proposeConfChange(cc: ConfChange): void {
    this.#raft.step(newMessage({
      type: MessageType.Prop,
      from: this.#raft.id,
      entries: [{ term: 0, index: 0, type: EntryType.ConfChange, data: encodeConfChange(cc) }],
    }));
  }

  /**
   * Applies a committed conf change; call it when applying a ConfChange entry (changes take
   * effect on apply). Returns the new membership, to store with snapshots.
   */
  applyConfChange(cc: ConfChange): ConfState {
    return this.#raft.applyConfChange(cc);
  }

  /**
   * Feeds a message from the network. Local message types are rejected with TypeError;
   * responses from non-members and proposals the leader drops are ignored.
   */
  step(m: Message): void {
    if (isLocalMessage(m.type)) {
      throw new TypeError(`raft: cannot step local message ${MessageType[m.type]}`);
    }
    if (isResponseMessage(m.type) && !this.#raft.trk.progress.has(m.from)) return;
    if (m.type === MessageType.Prop && m.entries.length === 0) return; // malformed
    try {
      this.#raft.step(m);
    } catch (err) {
      // A proposal forwarded to us that we cannot take: the sender's client will time out.
      if (err instanceof ProposalDroppedError) return;
      throw err;
    }
  }

  /**
   * Requests a linearizable read (thesis §6.4). When the read index is known, a ReadState with
   * `ctx` appears in a Ready; the read may be served once applied ≥ its index. `ctx` must be
   * unique per request. It may be dropped silently (no leader, leadership lost before the
   * read was confirmed): retry on timeout.
   */
  readIndex(ctx: Uint8Array): void {
    this.#raft.step(newMessage({ type: MessageType.ReadIndex, context: ctx }));
  }

  /** Asks the leader to transfer leadership to `transferee` (thesis §3.10). Best effort. */
  transferLeadership(transferee: NodeId): void {
    this.#raft.step(newMessage({ type: MessageType.TransferLeader, from: transferee }));
  }

  /** Reports that `id` could not be reached; the leader stops pipelining to it. */
  reportUnreachable(id: NodeId): void {
    this.#raft.step(newMessage({ type: MessageType.Unreachable, from: id }));
  }

  /**
   * Reports how sending a snapshot to `id` ended. The driver must report every MsgSnap it was
   * asked to send (Finish once delivered, Failure if it could not be): the leader keeps the
   * follower in Snapshot state, sending it nothing else, until this report or the follower's
   * acknowledgement arrives.
   */
  reportSnapshot(id: NodeId, status: SnapshotStatus): void {
    this.#raft.step(newMessage({
      type: MessageType.SnapStatus,
      from: id,
      reject: status === SnapshotStatus.Failure,
    }));
  }

  /** True when {@link ready} has something for the driver. */
  hasReady(): boolean {
    const r = this.#raft;
    if (!softStateEqual(r.softState(), this.#prevSoftState)) return true;
    if (!hardStateEqual(r.hardState(), this.#prevHardState)) return true;
    if (r.raftLog.nextUnstableSnapshot() !== undefined) return true;
    if (r.msgs.length > 0) return true;
    if (r.raftLog.hasNextUnstableEnts()) return true;
    if (r.raftLog.hasNextCommittedEnts()) return true;
    return r.readStates.length > 0;
  }

  /**
   * Returns the next batch of work and marks it handed out (see {@link Ready} for the
   * persist-before-send contract). Call {@link advance} with it once it is handled; Readys must
   * be advanced in the order they were returned.
   */
  ready(): Ready {
    const r = this.#raft;
    const soft = r.softState();
    const hard = r.hardState();
    const entries = r.raftLog.nextUnstableEnts();
    const committedEntries = r.raftLog.nextCommittedEnts();
    const snapshot = r.raftLog.nextUnstableSnapshot();
    const rd: {
      -readonly [K in keyof Ready]: Ready[K];
    } = {
      readStates: r.readStates,
      entries,
      committedEntries,
      messages: r.msgs,
      mustSync: entries.length > 0 || snapshot !== undefined ||
        hard.term !== this.#prevHardState.term || hard.vote !== this.#prevHardState.vote,
    };
    if (!softStateEqual(soft, this.#prevSoftState)) {
      rd.softState = soft;
      this.#prevSoftState = soft;
    }
    if (!hardStateEqual(hard, this.#prevHardState)) {
      rd.hardState = hard;
      this.#prevHardState = hard;
    }
    if (snapshot) rd.snapshot = snapshot;
    // Accept: what is in this Ready is not handed out again.
    r.msgs = [];
    r.readStates = [];
    r.raftLog.acceptUnstable();
    const lastCommitted = committedEntries[committedEntries.length - 1];
    if (lastCommitted) r.raftLog.acceptApplying(lastCommitted.index);
    return rd;
  }

  /**
   * Tells the node that `rd` was handled: its entries and snapshot are persisted and its
   * committed entries applied.
   */
  advance(rd: Ready): void {
    const r = this.#raft;
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry) r.raftLog.stableTo(lastEntry.index, lastEntry.term);
    if (rd.snapshot) r.appliedSnapshot(rd.snapshot);
    const lastCommitted = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastCommitted) {
      if (lastCommitted.index > r.raftLog.committed) {
        throw new RaftInvariantError("advance: applied entries beyond the commit index");
      }
      r.appliedTo(lastCommitted.index);
      r.reduceUncommittedSize(rd.committedEntries);
    }
  }

  /** A snapshot of this node's state for observers. */
  status(): Status {
    const r = this.#raft;
    const progress = new Map<NodeId, Progress>();
    if (r.state === StateType.Leader) {
      for (const [id, pr] of r.trk.progress) progress.set(id, pr.clone());
    }
    return {
      id: r.id,
      hardState: r.hardState(),
      softState: r.softState(),
      applied: r.raftLog.applied,
      lastIndex: r.raftLog.lastIndex(),
      confState: r.trk.confState(),
      progress,
      leadTransferee: r.leadTransferee,
    };
  }
}
