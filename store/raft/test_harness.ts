/**
 * Test-only harness: a synchronous in-memory "network" of RawNodes with MemoryStorage, a toy
 * state machine, message filtering (partitions, drops), and safety invariants checked after
 * every delivery round (Election Safety, State Machine Safety, Leader Append-Only, commit
 * monotonicity). Not part of the public surface (mod.ts does not export it).
 *
 * Every message crosses the wire codec (encode → decode), so the codec is exercised too.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type ConfChange, ConfChangeType, decodeConfChange } from "./conf_change.ts";
import {
  decodeMessage,
  describeMessage,
  encodeMessage,
  type Message,
  MessageType,
} from "./messages.ts";
import { type Config, StateType } from "./raft.ts";
import type { Rand } from "./rand.ts";
import type { ReadState } from "./read_only.ts";
import { RawNode, type Ready, SnapshotStatus } from "./raw_node.ts";
import { MemoryStorage } from "./storage.ts";
import { type ConfState, type Entry, EntryType, type NodeId } from "./types.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Encodes a string as bytes. */
export function bytes(s: string): Uint8Array {
  return enc.encode(s);
}

/** Decodes bytes as a string. */
export function str(b: Uint8Array): string {
  return dec.decode(b);
}

/** Config knobs a test may override (id and storage are supplied by the harness). */
export type NodeOptions = Partial<Omit<Config, "id" | "storage">>;

/** One simulated member: the node, its storage and its toy state machine. */
export interface Member {
  /** The Raft node. */
  readonly node: RawNode;
  /** Its stable storage. */
  readonly storage: MemoryStorage;
  /** Applied normal entries' data (the state machine), in order. */
  state: string[];
  /** Every applied entry by index, as "term:type:data" (for State Machine Safety). */
  readonly appliedByIndex: Map<number, string>;
  /** Read states received. */
  readonly readStates: ReadState[];
  /** Current membership as reported by applyConfChange / snapshots. */
  confState: ConfState;
  /** Highest commit index seen in a hard state. */
  lastCommit: number;
}

/** Returns a log of entries with the given terms at indexes 1.., data "t<term>i<index>". */
export function entriesWithTerms(terms: readonly number[], start = 1): Entry[] {
  return terms.map((term, i) => ({
    term,
    index: start + i,
    type: EntryType.Normal,
    data: bytes(`t${term}i${start + i}`),
  }));
}

/** A storage holding `terms` as its log and hard state term = `term` (default: last term). */
export function storageWithLog(
  voters: readonly NodeId[],
  terms: readonly number[],
  term?: number,
  learners: readonly NodeId[] = [],
): MemoryStorage {
  const s = new MemoryStorage({ voters: [...voters], learners: [...learners] });
  s.append(entriesWithTerms(terms));
  s.setHardState({ term: term ?? terms[terms.length - 1] ?? 0, vote: 0, commit: 0 });
  return s;
}

/** A fault filter: return false to drop the message. */
export type Filter = (m: Message) => boolean;

/**
 * A cluster of RawNodes connected by a synchronous FIFO network. `deliver()` runs Ready loops
 * and delivers messages until quiescent, checking invariants after every round.
 */
export class Network {
  /** Members by id. */
  readonly members = new Map<NodeId, Member>();
  /** Messages sent but not yet delivered. */
  queue: Message[] = [];
  /** Every message sent (after filtering), for assertions. */
  readonly sent: Message[] = [];
  /** Active filters; a message is delivered only if all return true. */
  filters: Filter[] = [];
  /**
   * Optional network chaos for randomized tests: each round's batch is shuffled (reordering),
   * and messages are dropped / duplicated with the given percentages, all drawn from `rand`.
   */
  chaos: { rand: Rand; dropPct: number; dupPct: number } | undefined = undefined;
  /** When true (default), snapshot sends are reported to the leader like a real transport. */
  autoReportSnapshots = true;
  /** Pairs "a-b" whose link is cut (both directions). */
  readonly #cut = new Set<string>();
  /** term -> leader id observed (Election Safety). */
  readonly leaders = new Map<number, NodeId>();
  /** index -> applied "term:type:data" across all nodes (State Machine Safety). */
  readonly #appliedGlobal = new Map<number, string>();
  readonly #defaults: NodeOptions;

  /** A network of `ids` all voters, with shared `opts` (overridable per node later). */
  constructor(ids: readonly NodeId[], opts: NodeOptions = {}, learners: readonly NodeId[] = []) {
    this.#defaults = opts;
    for (const id of ids) {
      this.add(id, new MemoryStorage({ voters: [...ids], learners: [...learners] }), opts);
    }
    for (const id of learners) {
      this.add(id, new MemoryStorage({ voters: [...ids], learners: [...learners] }), opts);
    }
  }

  /**
   * A network whose members start from empty storage and {@link RawNode.bootstrap} (the initial
   * membership lives in the log as conf-change entries, so joiners learn it by replication).
   */
  static bootstrapped(ids: readonly NodeId[], opts: NodeOptions = {}): Network {
    const net = new Network([], opts);
    for (const id of ids) {
      const m = net.add(id, new MemoryStorage(), opts);
      m.node.bootstrap(ids);
    }
    return net;
  }

  /**
   * Snapshots member `id`'s state machine at its applied index and compacts its storage up to
   * `compactTo` (default: the applied index).
   */
  snapshotAndCompact(id: NodeId, compactTo?: number): void {
    const mem = this.get(id);
    const applied = mem.node.raft.raftLog.applied;
    mem.storage.createSnapshot(applied, mem.confState, bytes(JSON.stringify(mem.state)));
    mem.storage.compact(compactTo ?? applied);
  }

  /**
   * Crash and restart of member `id`: a new RawNode over the same storage (everything a Ready
   * handed out was persisted; nothing else survives). The state machine restarts from the
   * storage's snapshot and re-applies committed entries.
   */
  restart(id: NodeId, opts: NodeOptions = this.#defaults): Member {
    const old = this.get(id);
    const snap = old.storage.snapshot();
    const m = this.add(id, old.storage, opts);
    m.state = snap.metadata.index > 0 ? JSON.parse(str(snap.data)) as string[] : [];
    m.lastCommit = old.lastCommit;
    this.queue = this.queue.filter((msg) => msg.to !== id);
    return m;
  }

  /** Adds (or replaces) member `id` backed by `storage`. */
  add(id: NodeId, storage: MemoryStorage, opts: NodeOptions = this.#defaults): Member {
    const config: Config = {
      electionTick: 10,
      heartbeatTick: 1,
      maxInflightMsgs: 256,
      ...opts,
      // Distinct per node (identical seeds would make every node time out together).
      seed: (opts.seed ?? 0) * 1009 + id,
      id,
      storage,
    };
    const node = new RawNode(config);
    const m: Member = {
      node,
      storage,
      state: [],
      appliedByIndex: new Map(),
      readStates: [],
      confState: storage.initialState().confState,
      lastCommit: storage.initialState().hardState.commit,
    };
    this.members.set(id, m);
    return m;
  }

  /** The member `id` (throws if absent). */
  get(id: NodeId): Member {
    const m = this.members.get(id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  }

  /** The node `id`. */
  node(id: NodeId): RawNode {
    return this.get(id).node;
  }

  /** Cuts the link between a and b (both directions). */
  cut(a: NodeId, b: NodeId): void {
    this.#cut.add(`${a}-${b}`);
    this.#cut.add(`${b}-${a}`);
  }

  /** Isolates `id` from every other member. */
  isolate(id: NodeId): void {
    for (const other of this.members.keys()) if (other !== id) this.cut(id, other);
  }

  /** Restores every link and removes filters. */
  heal(): void {
    this.#cut.clear();
    this.filters = [];
  }

  /** Drops messages of the given types (optionally only from/to given nodes) until healed. */
  drop(pred: (m: Message) => boolean): void {
    this.filters.push((m) => !pred(m));
  }

  #allowed(m: Message): boolean {
    if (this.#cut.has(`${m.from}-${m.to}`)) return false;
    if (!this.members.has(m.to)) return false;
    return this.filters.every((f) => f(m));
  }

  /**
   * Handles one Ready of `id` like a driver: persist, then "send" (queue), then apply, then
   * advance. Returns the Ready.
   */
  handleReady(id: NodeId): Ready {
    const mem = this.get(id);
    const rd = mem.node.ready();
    // 1. Persist before sending.
    if (rd.snapshot) {
      mem.storage.applySnapshot(rd.snapshot);
      mem.state = JSON.parse(str(rd.snapshot.data)) as string[];
      mem.confState = rd.snapshot.metadata.confState;
    }
    if (rd.entries.length > 0) mem.storage.append(rd.entries);
    if (rd.hardState) {
      // Commit never goes backwards.
      assert.ok(rd.hardState.commit >= mem.lastCommit, `node ${id}: commit went backwards`);
      mem.lastCommit = rd.hardState.commit;
      mem.storage.setHardState(rd.hardState);
    }
    if (rd.softState?.raftState === StateType.Leader) {
      const term = mem.node.raft.term;
      const prev = this.leaders.get(term);
      assert.ok(prev === undefined || prev === id, `two leaders in term ${term}: ${prev}, ${id}`);
      this.leaders.set(term, id);
    }
    // 2. Send.
    for (const m of rd.messages) {
      this.sent.push(m);
      if (this.#allowed(m)) this.queue.push(decodeMessage(encodeMessage(m)));
      else this.#lost(m);
    }
    // 3. Apply.
    for (const e of rd.committedEntries) this.#apply(id, mem, e);
    for (const rs of rd.readStates) mem.readStates.push(rs);
    mem.node.advance(rd);
    return rd;
  }

  #apply(id: NodeId, mem: Member, e: Entry): void {
    const key = `${e.term}:${e.type}:${str(e.data)}`;
    const global = this.#appliedGlobal.get(e.index);
    assert.ok(
      global === undefined || global === key,
      `State Machine Safety: node ${id} applied ${key} at ${e.index}, another applied ${global}`,
    );
    this.#appliedGlobal.set(e.index, key);
    mem.appliedByIndex.set(e.index, key);
    if (e.type === EntryType.ConfChange) {
      mem.confState = mem.node.applyConfChange(decodeConfChange(e.data));
    } else if (e.data.byteLength > 0) {
      mem.state.push(str(e.data));
    }
  }

  /** Runs every member's Ready loop once (in id order); returns true if anything happened. */
  flushReadies(): boolean {
    let any = false;
    for (const id of [...this.members.keys()].sort((a, b) => a - b)) {
      while (this.get(id).node.hasReady()) {
        this.handleReady(id);
        any = true;
      }
    }
    return any;
  }

  /** Delivers queued messages (and the messages they cause) until the network is quiet. */
  deliver(maxRounds = 10_000): void {
    for (let round = 0; round < maxRounds; round++) {
      this.flushReadies();
      if (this.queue.length === 0) return;
      const batch = this.#mangle(this.queue);
      this.queue = [];
      for (const m of batch) this.#stepInto(m);
      this.checkLogMatching();
    }
    this.flushReadies();
    throw new Error(`network did not quiesce; queue:\n${this.describeQueue().slice(0, 2000)}`);
  }

  /**
   * Delivers `m`. Like a real transport, reports the outcome of a snapshot send to its sender
   * (the driver's duty: the leader keeps the follower in Snapshot state until told).
   */
  #stepInto(m: Message): void {
    const target = this.members.get(m.to);
    if (!target) return this.#lost(m);
    target.node.step(m);
    if (m.type === MessageType.Snap && this.autoReportSnapshots) {
      this.members.get(m.from)?.node.reportSnapshot(m.to, SnapshotStatus.Finish);
    }
  }

  #lost(m: Message): void {
    if (m.type === MessageType.Snap && this.autoReportSnapshots) {
      this.members.get(m.from)?.node.reportSnapshot(m.to, SnapshotStatus.Failure);
    }
  }

  #mangle(batch: Message[]): Message[] {
    const c = this.chaos;
    if (!c) return batch;
    const out: Message[] = [];
    for (const m of batch) {
      if (c.rand.intn(100) < c.dropPct) {
        this.#lost(m);
        continue;
      }
      out.push(m);
      if (c.rand.intn(100) < c.dupPct) out.push(m);
    }
    for (let i = out.length - 1; i > 0; i--) {
      const j = c.rand.intn(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** Delivers the queued messages one round only (no further cascades). */
  deliverOneRound(): Message[] {
    this.flushReadies();
    const batch = this.queue;
    this.queue = [];
    for (const m of batch) this.#stepInto(m);
    return batch;
  }

  /** Ticks `id` `n` times (without delivering). */
  tick(id: NodeId, n = 1): void {
    for (let i = 0; i < n; i++) this.node(id).tick();
  }

  /** Ticks every member once and delivers, `n` times. */
  tickAll(n = 1): void {
    for (let i = 0; i < n; i++) {
      for (const mem of this.members.values()) mem.node.tick();
      this.deliver();
    }
  }

  /** Makes `id` campaign and delivers until quiet. */
  campaign(id: NodeId): void {
    this.flushReadies(); // a driver applies what is committed before a timeout fires
    this.node(id).campaign();
    this.deliver();
  }

  /** Proposes `data` at `id` and delivers until quiet. */
  propose(id: NodeId, data: string): void {
    this.node(id).propose(bytes(data));
    this.deliver();
  }

  /** Proposes a conf change at `id` and delivers until quiet. */
  proposeConfChange(id: NodeId, type: ConfChangeType, nodeId: NodeId): void {
    const cc: ConfChange = { type, nodeId };
    this.node(id).proposeConfChange(cc);
    this.deliver();
  }

  /** The role of `id`. */
  state(id: NodeId): StateType {
    return this.node(id).raft.state;
  }

  /** The unique current leader among members (by highest term), or undefined. */
  leader(): NodeId | undefined {
    let best: NodeId | undefined;
    let bestTerm = -1;
    for (const [id, m] of this.members) {
      if (m.node.raft.state === StateType.Leader && m.node.raft.term > bestTerm) {
        best = id;
        bestTerm = m.node.raft.term;
      }
    }
    return best;
  }

  /**
   * Log Matching (§5.3): if two logs contain an entry with the same index and term, the logs
   * are identical in all entries up through that index. Checked on committed prefixes: every
   * committed entry of every node agrees with every other node's entry at that index.
   */
  checkLogMatching(): void {
    const committed = new Map<number, string>();
    for (const [id, m] of this.members) {
      const log = m.node.raft.raftLog;
      const lo = log.firstIndex();
      const hi = log.committed;
      if (hi < lo) continue;
      for (const e of log.slice(lo, hi + 1, Infinity)) {
        const key = `${e.term}:${str(e.data)}`;
        const other = committed.get(e.index);
        assert.ok(
          other === undefined || other === key,
          `committed logs differ at ${e.index}: node ${id} has ${key}, another ${other}`,
        );
        committed.set(e.index, key);
      }
    }
  }

  /**
   * The full Log Matching property (§5.3), on all entries, not just committed ones: for every
   * pair of members, if their logs hold an entry with the same index and term, then both logs
   * are identical in all entries up through that index (where both still hold them).
   */
  checkLogMatchingFull(): void {
    const logs = [...this.members].map(([id, m]) => {
      const log = m.node.raft.raftLog;
      return { id, first: log.firstIndex(), entries: log.allEntries() };
    });
    const key = (e: Entry) => `${e.term}:${e.type}:${str(e.data)}`;
    for (let a = 0; a < logs.length; a++) {
      for (let b = a + 1; b < logs.length; b++) {
        const x = logs[a]!;
        const y = logs[b]!;
        const lo = Math.max(x.first, y.first);
        const hi = Math.min(x.first + x.entries.length, y.first + y.entries.length) - 1;
        // The highest common index where the terms agree.
        let top = -1;
        for (let i = hi; i >= lo; i--) {
          if (x.entries[i - x.first]!.term === y.entries[i - y.first]!.term) {
            top = i;
            break;
          }
        }
        for (let i = lo; i <= top; i++) {
          const ex = key(x.entries[i - x.first]!);
          const ey = key(y.entries[i - y.first]!);
          assert.equal(ex, ey, `Log Matching: nodes ${x.id} and ${y.id} differ at ${i} ≤ ${top}`);
        }
      }
    }
  }

  /** A one-line summary of the queued messages (debugging aid). */
  describeQueue(): string {
    return this.queue.map(describeMessage).join("\n");
  }
}

/** Collects `id`'s Ready messages without delivering them (for single-node unit tests). */
export function readMessages(node: RawNode, storage?: MemoryStorage): Message[] {
  const out: Message[] = [];
  while (node.hasReady()) {
    const rd = node.ready();
    if (storage) {
      if (rd.snapshot) storage.applySnapshot(rd.snapshot);
      if (rd.entries.length) storage.append(rd.entries);
      if (rd.hardState) storage.setHardState(rd.hardState);
    }
    out.push(...rd.messages);
    node.advance(rd);
  }
  return out;
}

/** Ticks `node` until it leaves Follower state or `max` ticks pass; returns ticks used. */
export function ticksUntilCampaign(node: RawNode, max = 1000): number {
  for (let i = 1; i <= max; i++) {
    node.tick();
    if (node.raft.state !== StateType.Follower) return i;
  }
  return -1;
}

/** The conf change type names used in tests. */
export { ConfChangeType };
