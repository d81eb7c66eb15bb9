/**
 * One simulated store member: a {@link RawNode} with the driver the real store node will have,
 * running on a simulated disk ({@link MemoryFs}) and network.
 *
 * The driver follows the Ready contract to the letter, one Ready at a time:
 * 1. persist: an incoming snapshot (snapshot file, then its WAL marker), then the entries and
 *    hard state (`Wal.save`), awaiting durability (each fsync completes after a simulated
 *    delay, during which the node keeps stepping messages and ticks);
 * 2. make them visible to Raft through MemoryStorage;
 * 3. only then send the Ready's messages (reporting every MsgSnap's fate with reportSnapshot);
 * 4. install the snapshot into the KvStore, apply committed entries (conf changes through
 *    applyConfChange), serve reads whose read index is applied;
 * 5. advance; every `snapshotEvery` applied entries, snapshot the KvStore (file, marker),
 *    compact MemoryStorage keeping `catchUpEntries`, release WAL segments, purge old files.
 *
 * A crash drops the process (all memory) and crashes the disk (`MemoryFs.crash`, optionally
 * tearing unsynced writes); a restart rebuilds everything from `Wal.open` and the newest
 * snapshot file the WAL has a marker for.
 *
 * Clients reach a member through {@link SimNode.clientRequest}: writes become proposals (answered
 * when this member applies them), reads go through ReadIndex and are served locally.
 *
 * @module
 */

import { decodeEntry, encodeEntry } from "../../mvcc/codec.ts";
import { StoreError } from "../../mvcc/errors.ts";
import { KvStore } from "../../mvcc/kv_store.ts";
import type { StoreResponse } from "../../mvcc/types.ts";
import { MemoryFs } from "../../wal/memory_fs.ts";
import { SnapshotStore } from "../../wal/snapshot_store.ts";
import { Wal } from "../../wal/wal.ts";
import type { KvInput, KvOutput } from "../../../tests/support/mod.ts";
import { decodeConfChange } from "../conf_change.ts";
import { ProposalDroppedError } from "../errors.ts";
import {
  decodeMessage,
  describeMessage,
  encodeMessage,
  type Message,
  MessageType,
} from "../messages.ts";
import { newRand } from "../rand.ts";
import { StateType } from "../raft.ts";
import { RawNode, type Ready, SnapshotStatus } from "../raw_node.ts";
import { MemoryStorage } from "../storage.ts";
import {
  type ConfState,
  type Entry,
  EntryType,
  type HardState,
  isEmptyHardState,
  type NodeId,
  NONE,
  type Snapshot,
} from "../types.ts";
import {
  type DurableState,
  hashBytes,
  type Invariants,
  InvariantViolation,
  type NodeView,
} from "./invariants.ts";
import { readValue, writeOutput, writeRequest } from "./kv_requests.ts";
import type { Mutation } from "./mutations.ts";
import type { Network } from "./network.ts";
import type { EventHandle, SimRandom, World } from "./world.ts";

const WAL_DIR = "wal";
const SNAP_DIR = "snap";

/** Driver and Raft settings of a simulated member. */
export interface NodeOptions {
  /** Raft election timeout, in ticks. */
  readonly electionTick: number;
  /** Raft heartbeat interval, in ticks. */
  readonly heartbeatTick: number;
  /** Virtual ms per tick (each incarnation drifts by up to ±5%). */
  readonly tickMs: number;
  /** Raft CheckQuorum. */
  readonly checkQuorum: boolean;
  /** Raft PreVote. */
  readonly preVote: boolean;
  /** Raft maxSizePerMsg (bytes of entries per MsgApp; 1 sends one entry per message). */
  readonly maxSizePerMsg: number;
  /** Raft maxInflightMsgs. */
  readonly maxInflightMsgs: number;
  /** Take a snapshot every this many applied entries. */
  readonly snapshotEvery: number;
  /** Entries kept in MemoryStorage below a snapshot, for slow followers. */
  readonly catchUpEntries: number;
  /** Range of one fsync's duration, ms. */
  readonly fsyncMs: readonly [number, number];
  /** WAL segment size, bytes. */
  readonly segmentSize: number;
  /** Whether crashes keep a random prefix of unsynced writes. */
  readonly tornCrashes: boolean;
  /** Whether to check the durability contract on restart. */
  readonly checkDurability: boolean;
  /** Fail on known issues of the components under test instead of working around them. */
  readonly strict: boolean;
  /** A deliberately broken rule to inject, if any. */
  readonly mutation?: Mutation | undefined;
}

/** A member's answer to a client. */
export type NodeReply =
  | { readonly kind: "ok"; readonly output: KvOutput; readonly leader: NodeId }
  /** Definitely not executed (no leader to forward to, transfer in progress): retry elsewhere. */
  | { readonly kind: "dropped"; readonly leader: NodeId };

/** A client request as a member sees it. */
export interface ClientCall {
  /** Unique per run (also the entry id / ReadIndex context). */
  readonly id: number;
  /** The operation. */
  readonly input: KvInput;
  /** Sends the answer back (the client side models the return trip). */
  reply(r: NodeReply): void;
}

/** Counters of a member over a run. */
export interface NodeStats {
  /** Readys handled. */
  readys: number;
  /** Entries applied (all incarnations). */
  applied: number;
  /** Snapshots taken locally. */
  snapshotsTaken: number;
  /** Snapshots installed from a leader. */
  snapshotsInstalled: number;
  /** Crashes. */
  crashes: number;
  /** Restarts whose WAL tail was torn and repaired. */
  tornRepairs: number;
  /** Restarts whose recovered commit index was below the recovered snapshot (clamped). */
  commitClamped: number;
  /** Restarts that dropped a stale log tail recovered after a snapshot (known WAL issue). */
  staleTails: number;
}

/** One incarnation of the member process: everything a crash loses. */
class Proc implements NodeView {
  readonly id: NodeId;
  readonly incarnation: number;
  dead = false;
  started = false;
  raw!: RawNode;
  storage!: MemoryStorage;
  wal!: Wal;
  readonly snaps: SnapshotStore;
  readonly kv = new KvStore();
  confState: ConfState = { voters: [], learners: [] };
  applied = 0;
  /** Index of the newest snapshot whose WAL marker is durable. */
  ackedSnapIndex = 0;
  /** First log index of a write in flight (Infinity: none). */
  inflightFirst = Infinity;
  pumping = false;
  tick: EventHandle | undefined = undefined;
  readonly writes = new Map<number, ClientCall>();
  readonly reads = new Map<number, ClientCall>();
  /** Reads whose read index is known, waiting for apply to reach it. */
  readQueue: { index: number; id: number }[] = [];

  constructor(id: NodeId, incarnation: number, fs: MemoryFs) {
    this.id = id;
    this.incarnation = incarnation;
    this.snaps = new SnapshotStore(fs, SNAP_DIR);
  }

  get raft(): RawNode["raft"] {
    return this.raw.raft;
  }
}

/** What the durability check needs from storage, copied at crash time. */
function durableOf(storage: MemoryStorage, ackedSnapIndex: number): DurableState {
  const first = storage.firstIndex();
  const last = storage.lastIndex();
  const terms: number[] = [];
  for (let i = first; i <= last; i++) terms.push(storage.term(i));
  return {
    hardState: storage.initialState().hardState,
    snapshotIndex: ackedSnapIndex,
    firstIndex: first,
    lastIndex: last,
    term: (i) => terms[i - first] ?? -1,
  };
}

function termOrZero(storage: MemoryStorage, i: number): number {
  try {
    return storage.term(i);
  } catch {
    return 0;
  }
}

function encodeId(id: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, id);
  return b;
}

function decodeId(ctx: Uint8Array): number | undefined {
  if (ctx.length !== 8) return undefined;
  return new DataView(ctx.buffer, ctx.byteOffset, 8).getFloat64(0);
}

/** A simulated member (see the module doc). Survives crashes; its {@link Proc} does not. */
export class SimNode {
  /** The member id. */
  readonly id: NodeId;
  /** The member's disk; survives crashes (minus unsynced writes). */
  readonly fs: MemoryFs;
  /** Counters. */
  readonly stats: NodeStats = {
    readys: 0,
    applied: 0,
    snapshotsTaken: 0,
    snapshotsInstalled: 0,
    crashes: 0,
    tornRepairs: 0,
    commitClamped: 0,
    staleTails: 0,
  };
  readonly #world: World;
  readonly #random: SimRandom;
  readonly #net: Network;
  readonly #inv: Invariants;
  readonly #opts: NodeOptions;
  readonly #peers: readonly NodeId[];
  readonly #route: (id: NodeId) => SimNode | undefined;
  readonly #onApply: (id: number, index: number, res: StoreResponse) => void;
  #proc: Proc | undefined = undefined;
  #incarnation = 0;
  /** What the last started incarnation had acknowledged as durable when it crashed. */
  #acked: { state: DurableState; inflightFirst: number } | undefined = undefined;
  /** Set by {@link crashDuringNextSync}. */
  #crashOnSync: (() => void) | undefined = undefined;
  /** The crash scheduled inside an fsync by {@link crashDuringNextSync}. */
  #armedCrash: EventHandle | undefined = undefined;
  /** fsyncs in progress on this member's disk. */
  readonly #syncs = new Set<{ handle: EventHandle; resolve: () => void }>();

  /**
   * A member, not started.
   *
   * @param id the member id
   * @param peers the initial voters (for bootstrap)
   * @param world the simulated world
   * @param net the network
   * @param inv the invariant checker
   * @param opts driver and Raft settings
   * @param route finds a member by id
   * @param onApply told of every client request applied: its id, log index and answer
   */
  constructor(
    id: NodeId,
    peers: readonly NodeId[],
    world: World,
    net: Network,
    inv: Invariants,
    opts: NodeOptions,
    route: (id: NodeId) => SimNode | undefined,
    onApply: (id: number, index: number, res: StoreResponse) => void = () => {},
  ) {
    this.#onApply = onApply;
    this.id = id;
    this.#peers = peers;
    this.#world = world;
    this.#random = world.random.fork();
    this.#net = net;
    this.#inv = inv;
    this.#opts = opts;
    this.#route = route;
    this.fs = new MemoryFs({ random: () => this.#random.float() });
    this.fs.onSync = () => this.#onSync();
  }

  /** True while an incarnation is running (started or starting). */
  get up(): boolean {
    return this.#proc !== undefined;
  }

  /** The running incarnation's view for the checker, once started. */
  view(): NodeView | undefined {
    const p = this.#proc;
    return p !== undefined && p.started ? p : undefined;
  }

  /** The running incarnation's applied index (undefined when down or starting). */
  get applied(): number | undefined {
    return this.view() === undefined ? undefined : this.#proc!.applied;
  }

  /** Fingerprint of the running incarnation's state machine. */
  stateHash(): number | undefined {
    const p = this.#proc;
    return p !== undefined && p.started ? p.kv.hash() : undefined;
  }

  /** True when the running incarnation has client requests waiting. */
  get hasPendingClients(): boolean {
    const p = this.#proc;
    return p !== undefined && (p.writes.size > 0 || p.reads.size > 0);
  }

  /** True when the running incarnation is idle: nothing to persist, send or apply. */
  get quiet(): boolean {
    const p = this.#proc;
    return p !== undefined && p.started && !p.pumping && !p.raw.hasReady();
  }

  /**
   * Arms a crash during the next fsync on this member's disk (at a random moment before it
   * completes, so unsynced bytes are on the disk when it happens); `after` runs after it.
   */
  crashDuringNextSync(after: () => void): void {
    this.#crashOnSync = after;
  }

  /** Cancels a crash armed by {@link crashDuringNextSync}. */
  disarm(): void {
    this.#crashOnSync = undefined;
    this.#armedCrash?.cancel();
    this.#armedCrash = undefined;
  }

  /** An fsync on this member's disk: completes after a simulated delay (or at a crash). */
  #onSync(): Promise<void> {
    const [lo, hi] = this.#opts.fsyncMs;
    const delay = lo + this.#random.float() * (hi - lo);
    const armed = this.#crashOnSync;
    if (armed !== undefined) {
      this.#crashOnSync = undefined;
      this.#armedCrash = this.#world.schedule(delay * this.#random.float(), () => {
        this.#armedCrash = undefined;
        if (!this.up) return;
        this.#world.trace(`node ${this.id} crashes during an fsync`);
        this.crash();
        armed();
      });
    }
    this.#world.blocked();
    return new Promise<void>((resolve) => {
      const entry = {
        handle: this.#world.schedule(delay, () => {
          this.#syncs.delete(entry);
          this.#world.unblocked();
          resolve();
        }),
        resolve,
      };
      this.#syncs.add(entry);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** Starts a new incarnation from the disk (bootstrapping when the disk is empty). */
  start(): void {
    if (this.#proc !== undefined) throw new TypeError(`node ${this.id} is already up`);
    const p = new Proc(this.id, ++this.#incarnation, this.fs);
    this.#proc = p;
    this.#world.trace(`node ${this.id} starts (incarnation ${p.incarnation})`);
    this.#world.taskStarted();
    void this.#init(p).catch((e) => {
      if (!p.dead) this.#world.fail(e);
    }).finally(() => this.#world.taskDone());
  }

  /**
   * Crashes the member: the process and its memory are gone, unsynced disk writes are lost
   * (or torn when the scenario says so), fsyncs in progress fail.
   */
  crash(): void {
    const p = this.#proc;
    if (p === undefined) return;
    this.stats.crashes++;
    if (p.started) {
      this.#acked = {
        state: durableOf(p.storage, p.ackedSnapIndex),
        inflightFirst: p.inflightFirst,
      };
    }
    p.dead = true;
    this.#crashOnSync = undefined;
    p.tick?.cancel();
    this.#proc = undefined;
    this.fs.crash({ torn: this.#opts.tornCrashes });
    for (const s of this.#syncs) {
      s.handle.cancel();
      this.#world.unblocked();
      s.resolve(); // the sync then fails: its handle is stale
    }
    this.#syncs.clear();
    this.#world.trace(`node ${this.id} crashes${this.#opts.tornCrashes ? " (torn)" : ""}`);
  }

  async #init(p: Proc): Promise<void> {
    const fs = this.fs;
    const o = this.#opts;
    let snapshot: Snapshot | undefined;
    let hardState: HardState | undefined;
    let entries: Entry[] = [];
    if (!(await Wal.exists(fs, WAL_DIR))) {
      p.wal = await Wal.create(fs, WAL_DIR, { segmentSize: o.segmentSize });
    } else {
      const markers = await Wal.snapshots(fs, WAL_DIR);
      snapshot = (await p.snaps.loadNewest(markers)).snapshot;
      const opened = await Wal.open(fs, WAL_DIR, {
        segmentSize: o.segmentSize,
        snapshot: snapshot === undefined
          ? { index: 0, term: 0 }
          : { index: snapshot.metadata.index, term: snapshot.metadata.term },
      });
      p.wal = opened.wal;
      hardState = opened.hardState;
      entries = opened.entries;
      if (opened.repaired !== undefined) this.stats.tornRepairs++;
    }
    if (p.dead) return;

    const snapIndex = snapshot?.metadata.index ?? 0;
    const first = entries[0];
    if (snapshot !== undefined && first !== undefined) {
      if (this.#inv.isStaleSuccessor(first, snapshot.metadata.term)) {
        // Known WAL issue (README, "wal-stale-tail"): installing a snapshot that replaced a
        // conflicting log left that log's tail after the marker, and replay returns it as if it
        // followed the snapshot. Raft discarded it; so does this driver, unless strict.
        this.stats.staleTails++;
        const detail =
          `node ${this.id} recovered entries ${first.index}..${entries.at(-1)!.index} ` +
          `after snapshot ${snapIndex} (term ${snapshot.metadata.term}), but they belong to the ` +
          `log that snapshot replaced (entry ${first.index} of term ${first.term} followed ` +
          `another term)`;
        if (this.#opts.strict) throw new InvariantViolation("log-matching", detail);
        this.#world.trace(`known issue wal-stale-tail: ${detail}`);
        entries = [];
      }
    }
    const storage = new MemoryStorage();
    if (snapshot !== undefined) {
      storage.applySnapshot(snapshot);
      p.kv.restore(snapshot.data);
      p.confState = snapshot.metadata.confState;
      p.applied = snapIndex;
      p.ackedSnapIndex = snapIndex;
      this.#inv.observeState(this.id, snapIndex, hashBytes(snapshot.data), "recovered snapshot");
    }
    storage.append(entries);
    if (hardState !== undefined && !isEmptyHardState(hardState)) {
      if (hardState.commit < snapIndex) {
        // A crash between the snapshot's WAL marker and the next hard state: everything in
        // the snapshot is committed by definition.
        this.stats.commitClamped++;
        hardState = { ...hardState, commit: snapIndex };
      }
      storage.setHardState(hardState);
    }
    p.storage = storage;

    // Log Matching over what was recovered from disk.
    let prevTerm = snapshot?.metadata.term ?? 0;
    for (const e of entries) {
      this.#inv.registerEntry(this.id, e, prevTerm);
      prevTerm = e.term;
    }
    if (o.checkDurability && this.#acked !== undefined) {
      this.#inv.checkRecovery(
        this.id,
        this.#acked.state,
        durableOf(storage, snapIndex),
        this.#acked.inflightFirst,
      );
    }

    p.raw = new RawNode({
      id: this.id,
      electionTick: o.electionTick,
      heartbeatTick: o.heartbeatTick,
      storage,
      checkQuorum: o.checkQuorum,
      preVote: o.preVote,
      maxSizePerMsg: o.maxSizePerMsg,
      maxInflightMsgs: o.maxInflightMsgs,
      rand: newRand(this.#random.int(0x100000000)),
    });
    o.mutation?.patchNode?.(p.raw);
    const empty = snapshot === undefined && entries.length === 0 &&
      (hardState === undefined || isEmptyHardState(hardState));
    if (empty) p.raw.bootstrap(this.#peers);
    p.started = true;
    this.#world.trace(() =>
      `node ${this.id} up: snapshot ${snapIndex}, ${entries.length} entries, hard state ` +
      `${JSON.stringify(hardState ?? null)}${empty ? ", bootstrapped" : ""}`
    );
    this.#scheduleTicks(p);
    this.#kick(p);
  }

  #scheduleTicks(p: Proc): void {
    const period = this.#opts.tickMs * (0.95 + 0.1 * this.#random.float());
    const tick = () => {
      if (p.dead) return;
      p.raw.tick();
      this.#kick(p);
      p.tick = this.#world.schedule(period, tick);
    };
    p.tick = this.#world.schedule(this.#random.float() * period, tick);
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  /** Delivers an encoded Raft message (dropped when the member is down). */
  receive(bytes: Uint8Array): void {
    const p = this.#proc;
    if (p === undefined || !p.started) return;
    const m = decodeMessage(bytes);
    this.#world.trace(() => `node ${this.id} <- ${describeMessage(m)}`);
    p.raw.step(m);
    this.#kick(p);
  }

  /** Asks the leader (if this member leads) to hand leadership to `to`. */
  transferLeadership(to: NodeId): void {
    const p = this.view() as Proc | undefined;
    if (p === undefined) return;
    this.#world.trace(`node ${this.id} transfer leadership to ${to}`);
    p.raw.transferLeadership(to);
    this.#kick(p);
  }

  /** Makes this member campaign now (as if its election timeout fired). */
  campaign(): void {
    const p = this.view() as Proc | undefined;
    if (p === undefined || p.raw.raft.state === StateType.Leader) return;
    p.raw.campaign();
    this.#kick(p);
  }

  /**
   * A client request arriving at this member. Lost when the member is down; answered with
   * `dropped` when it surely will not execute; otherwise answered once applied (writes) or
   * served after ReadIndex (reads) — unless the member crashes first.
   */
  clientRequest(call: ClientCall): void {
    const p = this.#proc;
    if (p === undefined || !p.started) return;
    const lead = p.raw.raft.lead;
    if (call.input.op === "get") {
      if (this.#opts.mutation?.localReads) {
        const output = { op: "get", value: readValue(p.kv, call.input.key) } as const;
        call.reply({ kind: "ok", output, leader: lead });
        return;
      }
      if (lead === NONE) {
        call.reply({ kind: "dropped", leader: NONE });
        return;
      }
      p.reads.set(call.id, call);
      p.raw.readIndex(encodeId(call.id));
    } else {
      const data = encodeEntry({ id: call.id, request: writeRequest(call.input) });
      try {
        p.raw.propose(data);
      } catch (e) {
        if (!(e instanceof ProposalDroppedError)) throw e;
        call.reply({ kind: "dropped", leader: lead });
        return;
      }
      p.writes.set(call.id, call);
    }
    this.#kick(p);
  }

  // ---------------------------------------------------------------------------------------------
  // The Ready loop

  #kick(p: Proc): void {
    if (p.dead || p.pumping || !p.started || !p.raw.hasReady()) return;
    p.pumping = true;
    this.#world.taskStarted();
    void this.#pump(p).catch((e) => {
      if (!p.dead) this.#world.fail(e);
    }).finally(() => {
      p.pumping = false;
      this.#world.taskDone();
    });
  }

  async #pump(p: Proc): Promise<void> {
    while (!p.dead && p.raw.hasReady()) {
      const rd = p.raw.ready();
      this.stats.readys++;
      if (!(await this.#handleReady(p, rd))) return;
    }
  }

  /** Handles one Ready; returns false when the process died meanwhile. */
  async #handleReady(p: Proc, rd: Ready): Promise<boolean> {
    const mut = this.#opts.mutation;
    if (mut?.sendBeforePersist) this.#send(p, rd.messages);
    // 1. Persist: snapshot file, its marker, then entries and hard state; all durable.
    const snap = rd.snapshot;
    if (snap !== undefined) {
      p.inflightFirst = snap.metadata.index + 1;
      await p.snaps.save(snap);
      if (p.dead) return false;
      await p.wal.saveSnapshot(snap.metadata);
      if (p.dead) return false;
    }
    if (rd.entries.length > 0 || rd.hardState !== undefined) {
      const hs = rd.hardState !== undefined && mut?.persistedHardState
        ? mut.persistedHardState(rd.hardState)
        : rd.hardState;
      p.inflightFirst = Math.min(p.inflightFirst, rd.entries[0]?.index ?? Infinity);
      await p.wal.save(hs, rd.entries);
      if (p.dead) return false;
    }
    p.inflightFirst = Infinity;
    // 2. Durable: make it visible to Raft's Storage.
    if (snap !== undefined) {
      p.storage.applySnapshot(snap);
      p.ackedSnapIndex = snap.metadata.index;
    }
    if (rd.entries.length > 0) {
      p.storage.append(rd.entries);
      let prevTerm = termOrZero(p.storage, rd.entries[0]!.index - 1);
      for (const e of rd.entries) {
        this.#inv.registerEntry(this.id, e, prevTerm);
        prevTerm = e.term;
      }
    }
    if (rd.hardState !== undefined) p.storage.setHardState(rd.hardState);
    // 3. Only now may the messages assert that state.
    if (!mut?.sendBeforePersist) this.#send(p, rd.messages);
    // 4. Apply.
    if (snap !== undefined) {
      p.kv.restore(snap.data);
      p.applied = snap.metadata.index;
      p.confState = snap.metadata.confState;
      this.stats.snapshotsInstalled++;
      this.#inv.observeState(this.id, p.applied, hashBytes(snap.data), "installed snapshot");
      this.#world.trace(`node ${this.id} installed snapshot ${snap.metadata.index}`);
    }
    for (const e of rd.committedEntries) this.#apply(p, e);
    for (const rs of rd.readStates) {
      const id = decodeId(rs.requestCtx);
      if (id !== undefined && p.reads.has(id)) p.readQueue.push({ index: rs.index, id });
    }
    this.#serveReads(p);
    p.raw.advance(rd);
    // 5. Snapshot and compact.
    if (p.applied - p.storage.snapshot().metadata.index >= this.#opts.snapshotEvery) {
      return await this.#takeSnapshot(p);
    }
    return true;
  }

  #send(p: Proc, msgs: readonly Message[]): void {
    for (const m of msgs) {
      const bytes = encodeMessage(m);
      const to = m.to;
      this.#world.trace(() => `node ${this.id} -> ${describeMessage(m)}`);
      let onFate: ((fate: "delivered" | "lost" | "cut") => void) | undefined;
      if (m.type === MessageType.Snap) {
        // The driver must report every MsgSnap's fate.
        onFate = (fate) => {
          if (p.dead) return;
          const ok = fate === "delivered";
          this.#world.trace(`node ${this.id} snapshot to ${to}: ${fate}`);
          p.raw.reportSnapshot(to, ok ? SnapshotStatus.Finish : SnapshotStatus.Failure);
          this.#kick(p);
        };
      } else if (m.type === MessageType.App) {
        onFate = (fate) => {
          if (p.dead || fate !== "cut") return;
          p.raw.reportUnreachable(to);
          this.#kick(p);
        };
      }
      this.#net.send(this.id, to, () => this.#route(to)?.receive(bytes), {
        // A real transport never duplicates a forwarded proposal (it would apply twice).
        noDuplicate: m.type === MessageType.Prop,
        ...(onFate === undefined ? {} : { onFate }),
      });
    }
  }

  #apply(p: Proc, e: Entry): void {
    if (e.index !== p.applied + 1) {
      throw new InvariantViolation(
        "apply-order",
        `node ${this.id} applies entry ${e.index} after applied index ${p.applied}`,
      );
    }
    this.#inv.observeApplied(p, e);
    p.applied = e.index;
    this.stats.applied++;
    if (e.type === EntryType.ConfChange) {
      p.confState = p.raw.applyConfChange(decodeConfChange(e.data));
      return;
    }
    if (e.data.length === 0) return; // a leader's no-op
    const { id, request } = decodeEntry(e.data);
    let output: KvOutput | undefined;
    const call = p.writes.get(id);
    try {
      const res = p.kv.apply(request);
      this.#onApply(id, e.index, res);
      if (call !== undefined) output = writeOutput(call.input, res);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      throw new InvariantViolation("store", `node ${this.id} entry ${e.index}: ${err.message}`);
    }
    if (call !== undefined && output !== undefined) {
      p.writes.delete(id);
      call.reply({ kind: "ok", output, leader: p.raw.raft.lead });
    }
  }

  #serveReads(p: Proc): void {
    if (p.readQueue.length === 0) return;
    const waiting: { index: number; id: number }[] = [];
    for (const r of p.readQueue) {
      if (r.index > p.applied) {
        waiting.push(r);
        continue;
      }
      const call = p.reads.get(r.id);
      if (call === undefined) continue;
      p.reads.delete(r.id);
      call.reply({
        kind: "ok",
        output: { op: "get", value: readValue(p.kv, call.input.key) },
        leader: p.raw.raft.lead,
      });
    }
    p.readQueue = waiting;
  }

  /** Snapshots the state machine at the applied index; returns false if the process died. */
  async #takeSnapshot(p: Proc): Promise<boolean> {
    const index = p.applied;
    if (index <= p.storage.snapshot().metadata.index) return true;
    const data = p.kv.snapshot();
    this.#inv.observeState(this.id, index, hashBytes(data), "snapshot");
    const snap = p.storage.createSnapshot(index, p.confState, data);
    this.stats.snapshotsTaken++;
    this.#world.trace(`node ${this.id} snapshot at ${index}`);
    await p.snaps.save(snap);
    if (p.dead) return false;
    await p.wal.saveSnapshot(snap.metadata);
    if (p.dead) return false;
    p.ackedSnapIndex = Math.max(p.ackedSnapIndex, index);
    const compactTo = index - this.#opts.catchUpEntries;
    if (compactTo >= p.storage.firstIndex()) p.storage.compact(compactTo);
    await p.wal.releaseTo(index);
    if (p.dead) return false;
    await p.snaps.purge(2);
    return !p.dead;
  }
}
