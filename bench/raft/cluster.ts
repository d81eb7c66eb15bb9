/**
 * An in-process Raft cluster for the consensus benchmark: real RawNodes, a real async driver
 * loop per member (the Ready contract: persist, then send, then apply, then advance), messages
 * handed between members in memory without delay, real timers for ticks, and either
 * MemoryStorage-only persistence or the real WAL on disk (`DenoFs`).
 *
 * @module
 */

import { decodeEntry, encodeEntry } from "../../store/mvcc/codec.ts";
import { KvStore } from "../../store/mvcc/kv_store.ts";
import {
  EntryType,
  MemoryStorage,
  type Message,
  ProposalDroppedError,
  RawNode,
  type Ready,
  StateType,
} from "../../store/raft/mod.ts";
import { DenoFs } from "../../store/wal/deno_fs.ts";
import { Wal, type WalStats } from "../../store/wal/wal.ts";

/**
 * Where members persist: only MemoryStorage; the WAL with every Ready's hard state saved
 * (and fsynced) before sending; or the WAL where a Ready whose only change is the commit index
 * (`mustSync` false, no entries) is not written on its own — the commit index then reaches the
 * disk with the next save, as etcd writes it without an fsync.
 */
export type Persistence = "memory" | "wal" | "wal-lazy";

/** One member and its driver loop. */
class Member {
  readonly id: number;
  readonly raw: RawNode;
  readonly storage = new MemoryStorage();
  readonly kv = new KvStore();
  wal: Wal | undefined;
  inbox: Message[] = [];
  #wake: (() => void) | undefined;
  #stopped = false;
  #loop: Promise<void> | undefined;
  readonly #cluster: BenchCluster;

  constructor(id: number, peers: number[], cluster: BenchCluster) {
    this.id = id;
    this.#cluster = cluster;
    this.raw = new RawNode({
      id,
      electionTick: 10,
      heartbeatTick: 1,
      storage: this.storage,
      checkQuorum: true,
      preVote: true,
      maxInflightMsgs: 256,
      seed: id,
    });
    this.raw.bootstrap(peers);
  }

  /** Wakes the loop (new message, proposal or tick). */
  wake(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  start(): void {
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    await this.#loop;
    await this.wal?.close();
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const msgs = this.inbox;
      if (msgs.length > 0) {
        this.inbox = [];
        for (const m of msgs) this.raw.step(m);
      }
      if (this.raw.hasReady()) {
        await this.#handle(this.raw.ready());
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  async #handle(rd: Ready): Promise<void> {
    // 1. Persist (durably when on the WAL) before anything is sent.
    const lazy = this.#cluster.persistence === "wal-lazy" && !rd.mustSync;
    if (this.wal !== undefined && !lazy && (rd.entries.length > 0 || rd.hardState !== undefined)) {
      await this.wal.save(rd.hardState, rd.entries);
    }
    if (rd.entries.length > 0) this.storage.append(rd.entries);
    if (rd.hardState !== undefined) this.storage.setHardState(rd.hardState);
    // 2. Send.
    for (const m of rd.messages) this.#cluster.deliver(m);
    // 3. Apply.
    for (const e of rd.committedEntries) {
      if (e.type === EntryType.ConfChange || e.data.length === 0) continue;
      const { id, request } = decodeEntry(e.data);
      this.kv.apply(request);
      this.#cluster.applied(this.id, id);
    }
    this.raw.advance(rd);
  }
}

/** The cluster. */
export class BenchCluster {
  readonly members = new Map<number, Member>();
  readonly #waiting = new Map<number, () => void>();
  #ticker: ReturnType<typeof setInterval> | undefined;
  #dir: string | undefined;
  #fsyncsAtStart = 0;
  #leader = 1;

  /** How members persist. */
  readonly persistence: Persistence;

  private constructor(persistence: Persistence) {
    this.persistence = persistence;
  }

  /** Starts a 3-member cluster persisting to `persistence`, with a leader elected. */
  static async start(persistence: Persistence): Promise<BenchCluster> {
    const c = new BenchCluster(persistence);
    const peers = [1, 2, 3];
    for (const id of peers) c.members.set(id, new Member(id, peers, c));
    if (persistence !== "memory") {
      c.#dir = await Deno.makeTempDir({ prefix: "kubeno-raft-bench-" });
      const fs = new DenoFs();
      for (const m of c.members.values()) m.wal = await Wal.create(fs, `${c.#dir}/m${m.id}/wal`);
    }
    for (const m of c.members.values()) m.start();
    c.#ticker = setInterval(() => {
      for (const m of c.members.values()) {
        m.raw.tick();
        m.wake();
      }
    }, 10);
    const sleep = () => new Promise((r) => setTimeout(r, 5));
    // A member may campaign only once the bootstrap membership is applied.
    const first = c.members.get(1)!;
    while (first.raw.raft.raftLog.applied < peers.length) await sleep();
    first.raw.campaign();
    first.wake();
    // Wait for a leader (normally member 1) that has committed its term's first entry.
    for (;;) {
      const l = [...c.members.values()].find((m) =>
        m.raw.raft.state === StateType.Leader && m.raw.raft.committedEntryInCurrentTerm()
      );
      if (l !== undefined) {
        c.#leader = l.id;
        break;
      }
      await sleep();
    }
    c.#fsyncsAtStart = c.fsyncs();
    return c;
  }

  /** Hands a message to its recipient (in memory, no delay). */
  deliver(m: Message): void {
    const to = this.members.get(m.to);
    if (to === undefined) return;
    to.inbox.push(m);
    to.wake();
  }

  /** Called by a member when it applies the entry with request id `id`. */
  applied(member: number, id: number): void {
    if (member !== this.#leader) return;
    const done = this.#waiting.get(id);
    if (done === undefined) return;
    this.#waiting.delete(id);
    done();
  }

  /** Proposes a put with request id `id` at the leader; resolves once the leader applied it. */
  propose(id: number, key: Uint8Array, value: Uint8Array): Promise<void> {
    const leader = this.members.get(this.#leader)!;
    const data = encodeEntry({ id, request: { put: { key, value } } });
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(id, resolve);
      try {
        leader.raw.propose(data);
      } catch (e) {
        this.#waiting.delete(id);
        reject(e instanceof ProposalDroppedError ? new Error(`proposal dropped: ${e.message}`) : e);
        return;
      }
      leader.wake();
    });
  }

  /** WAL fsyncs over all members since the cluster started (0 in memory mode). */
  fsyncs(): number {
    let n = 0;
    for (const m of this.members.values()) {
      const s: WalStats | undefined = m.wal?.stats();
      if (s !== undefined) n += s.fsyncs;
    }
    return n - this.#fsyncsAtStart;
  }

  /** Stops every member and removes the WAL directory. */
  async stop(): Promise<void> {
    clearInterval(this.#ticker);
    for (const m of this.members.values()) await m.stop();
    if (this.#dir !== undefined) await Deno.remove(this.#dir, { recursive: true });
  }
}
