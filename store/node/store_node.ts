/**
 * A replicated store member: the Raft core driven by timers, the WAL on disk, the peer
 * transport and the MVCC state machine, served to clients as a {@link StoreBackend}.
 *
 * The Ready loop keeps Raft's contract: a Ready's snapshot, entries and hard state are durable
 * (fsynced by the WAL) before its messages are sent and before its committed entries are
 * applied. Readys are handled one at a time, in order; messages and proposals that arrive
 * meanwhile are stepped into the core and come out in the next Ready, which is how concurrent
 * writes share one fsync.
 *
 * @module
 */
import { createLogger, type Logger } from "../../cli/log.ts";
import type { ClusterMember, HostPort } from "../../cli/values.ts";
import {
  type ConfState,
  decodeConfChange,
  decodeMessage,
  encodeMessage,
  EntryType,
  MemoryStorage,
  type Message,
  MessageType,
  NONE,
  ProposalDroppedError,
  RawNode,
  type Ready,
  SnapshotStatus,
  StateType,
} from "../raft/mod.ts";
import { DenoFs, joinPath, SnapshotStore, Wal, type WalFs } from "../wal/mod.ts";
import {
  type CompactionRequest,
  type CompactionResponse,
  decodeEntry,
  type DeleteRangeRequest,
  type DeleteRangeResponse,
  encodeEntry,
  isTxnReadOnly,
  KvStore,
  LeaseNotFoundError,
  type PutRequest,
  type PutResponse,
  QuotaExceededError,
  type RangeRequest,
  type RangeResponse,
  StoreError,
  type StoreRequest,
  type StoreResponse,
  type TxnRequest,
  type TxnResponse,
  type WatchRequest,
} from "../mvcc/mod.ts";
import {
  LeaderChangedError,
  type LeaseKeepAliveResult,
  type LeaseTimeToLiveResult,
  type MemberHeader,
  type MemberStatus,
  type StoreBackend,
  UnavailableError,
  type WatchStream,
} from "../backend.ts";
import { PeerTransport } from "../transport/mod.ts";
import { clusterId, clusterToken, memberId } from "./ids.ts";
import {
  encodeJsonChannel,
  frameChannel,
  type LeaderCall,
  type LeaderReply,
  PeerChannel,
  splitChannel,
} from "./peer_channel.ts";
import { ProposalWaiters, ReadBatcher } from "./waiters.ts";

/** kubeno's store version, reported by status. */
export const STORE_VERSION = "3.4.23-kubeno";

/** Configuration of a {@link StoreNode}. */
export interface StoreNodeOptions {
  /** This member's name; must be in `initialCluster`. */
  readonly name: string;
  /** Where the WAL (`wal/`) and snapshots (`snap/`) live. */
  readonly dataDir: string;
  /** Where to listen for peers (port 0 picks one; tests). Defaults to this member's entry. */
  readonly listenPeer?: HostPort;
  /** Every member, this one included. */
  readonly initialCluster: readonly ClusterMember[];
  readonly logger?: Logger;
  /** Milliseconds per Raft tick (default 100, etcd's heartbeat interval). */
  readonly tickMs?: number;
  /** Election timeout in ticks (default 10: one second, etcd's default). */
  readonly electionTicks?: number;
  /** Applied entries between state-machine snapshots (default 10,000). */
  readonly snapshotCount?: number;
  /** Entries kept in the log behind a snapshot for slow followers (default 5,000). */
  readonly catchUpEntries?: number;
  /** How long a request may wait for the log (default 7 s). */
  readonly requestTimeoutMs?: number;
  /** Limit on the state machine's bytes (default 2 GiB, etcd's default quota). */
  readonly quotaBytes?: number;
  /** The disk (tests pass a MemoryFs). */
  readonly fs?: WalFs;
}

/** The data directory belongs to another member or cluster. */
export class DataDirMismatchError extends Error {
  override name = "DataDirMismatchError";
}

/** What the WAL's metadata records about its owner. */
interface WalIdentity {
  readonly cluster: string;
  readonly name: string;
}

const LEASE_EXPIRY_CHECK_MS = 500;
const MAX_REVOKES_PER_CHECK = 100;

/** A member of the replicated store. */
export class StoreNode implements StoreBackend {
  readonly name: string;
  /** This member's Raft id. */
  readonly id: number;
  readonly #clusterId: number;
  readonly #logger: Logger;
  readonly #options: StoreNodeOptions;
  readonly #raft: RawNode;
  readonly #storage: MemoryStorage;
  readonly #wal: Wal;
  readonly #snapshots: SnapshotStore;
  readonly #kv: KvStore;
  readonly #transport: PeerTransport;
  readonly #proposals: ProposalWaiters<StoreResponse>;
  readonly #reads: ReadBatcher;
  readonly #leaderCalls = new Map<number, { resolve(r: LeaderReply): void }>();
  readonly #tickTimer: ReturnType<typeof setInterval>;
  readonly #leaseTimer: ReturnType<typeof setInterval>;
  readonly #revoking = new Set<number>();
  #leaderWaiters: (() => void)[] = [];
  #confState: ConfState;
  #applied: number;
  #snapshotIndex: number;
  #lead = NONE;
  #term = 0;
  #isLeader = false;
  #draining = false;
  #stopped = false;
  #fatal: unknown;
  #drainDone: Promise<void> = Promise.resolve();
  #callCounter = 0;

  private constructor(init: {
    options: StoreNodeOptions;
    logger: Logger;
    id: number;
    clusterId: number;
    raft: RawNode;
    storage: MemoryStorage;
    wal: Wal;
    snapshots: SnapshotStore;
    kv: KvStore;
    applied: number;
    confState: ConfState;
  }) {
    this.#options = init.options;
    this.name = init.options.name;
    this.id = init.id;
    this.#clusterId = init.clusterId;
    this.#logger = init.logger;
    this.#raft = init.raft;
    this.#storage = init.storage;
    this.#wal = init.wal;
    this.#snapshots = init.snapshots;
    this.#kv = init.kv;
    this.#applied = init.applied;
    this.#snapshotIndex = init.applied;
    this.#confState = init.confState;
    const timeoutMs = init.options.requestTimeoutMs ?? 7000;
    this.#proposals = new ProposalWaiters(timeoutMs);
    this.#reads = new ReadBatcher((ctx) => {
      this.#raft.readIndex(ctx);
      this.#kick();
    }, { retryMs: 500, timeoutMs });

    const members = init.options.initialCluster;
    const self = members.find((member) => member.name === this.name)!;
    this.#transport = PeerTransport.start({
      cluster: clusterToken(members),
      self: { id: this.id, name: this.name, address: init.options.listenPeer ?? self.peer },
      peers: members.filter((member) => member.name !== this.name).map((member) => ({
        id: memberId(members, member.name),
        name: member.name,
        address: member.peer,
      })),
      handler: {
        onMessage: (from, message) => this.#onPeerMessage(from, message),
        onUnreachable: (to) => this.#raft.reportUnreachable(to),
        onLargeDelivered: (to, ok) => {
          this.#raft.reportSnapshot(to, ok ? SnapshotStatus.Finish : SnapshotStatus.Failure);
          this.#kick();
        },
      },
      logger: this.#logger.with({ component: "transport" }),
    });
    this.#tickTimer = setInterval(() => {
      this.#raft.tick();
      this.#reads.tick(Date.now());
      this.#kick();
    }, init.options.tickMs ?? 100);
    this.#leaseTimer = setInterval(() => this.#expireLeases(), LEASE_EXPIRY_CHECK_MS);
    this.#kick();
  }

  /**
   * Opens (or creates) the member's data directory and starts it. A new data directory
   * bootstraps the cluster from `initialCluster`; an existing one restarts from its snapshot
   * and log.
   *
   * @throws {DataDirMismatchError} when the directory belongs to another member or cluster.
   */
  static async start(options: StoreNodeOptions): Promise<StoreNode> {
    const logger = options.logger ?? createLogger("store");
    const members = options.initialCluster;
    if (!members.some((member) => member.name === options.name)) {
      throw new RangeError(`member ${options.name} is not in the initial cluster`);
    }
    const id = memberId(members, options.name);
    const identity: WalIdentity = { cluster: clusterToken(members), name: options.name };
    const fs = options.fs ?? new DenoFs();
    const walDir = joinPath(options.dataDir, "wal");
    const snapshots = new SnapshotStore(fs, joinPath(options.dataDir, "snap"));
    const storage = new MemoryStorage();
    const kv = new KvStore({ quotaBytes: options.quotaBytes ?? 2 * 1024 ** 3 });
    let wal: Wal;
    let applied = 0;
    let confState: ConfState = { voters: [], learners: [] };
    const fresh = !(await Wal.exists(fs, walDir));
    if (fresh) {
      wal = await Wal.create(fs, walDir, {
        metadata: new TextEncoder().encode(JSON.stringify(identity)),
      });
    } else {
      const markers = await Wal.snapshots(fs, walDir);
      const { snapshot, skipped } = await snapshots.loadNewest(markers);
      for (const skip of skipped) logger.warn("skipped a bad snapshot file", { ...skip });
      const opened = await Wal.open(
        fs,
        walDir,
        snapshot === undefined ? {} : { snapshot: snapshot.metadata },
      );
      wal = opened.wal;
      const owner = JSON.parse(new TextDecoder().decode(opened.metadata)) as WalIdentity;
      if (owner.cluster !== identity.cluster || owner.name !== identity.name) {
        await wal.close();
        throw new DataDirMismatchError(
          `data dir ${options.dataDir} belongs to member ${owner.name} of cluster ` +
            `${owner.cluster}, not member ${identity.name} of cluster ${identity.cluster}`,
        );
      }
      if (opened.repaired !== undefined) {
        logger.warn("repaired a torn WAL tail", { ...opened.repaired });
      }
      if (snapshot !== undefined) {
        storage.applySnapshot(snapshot);
        kv.restore(snapshot.data);
        applied = snapshot.metadata.index;
        confState = snapshot.metadata.confState;
      }
      storage.setHardState(opened.hardState);
      storage.append(opened.entries);
    }
    const raft = new RawNode({
      id,
      electionTick: options.electionTicks ?? 10,
      heartbeatTick: 1,
      storage,
      applied,
      checkQuorum: true,
      preVote: true,
      maxSizePerMsg: 1024 * 1024,
      maxInflightMsgs: 256,
      seed: (id ^ Date.now()) >>> 0,
    });
    if (fresh) raft.bootstrap(members.map((member) => memberId(members, member.name)));
    logger.info(fresh ? "bootstrapping a new member" : "restarting from disk", {
      member: options.name,
      id,
      applied,
    });
    return new StoreNode({
      options,
      logger,
      id,
      clusterId: clusterId(members),
      raft,
      storage,
      wal,
      snapshots,
      kv,
      applied,
      confState,
    });
  }

  /** Where the peer listener is bound. */
  get peerAddress(): HostPort {
    return this.#transport.address;
  }

  /** True while this member is the leader. */
  get isLeader(): boolean {
    return this.#isLeader;
  }

  /** The leader's id as this member knows it (0: none). */
  get leader(): number {
    return this.#lead;
  }

  /**
   * Stops the member. A leader first hands leadership to a follower (so the cluster does not
   * wait for an election timeout), unless `transfer` is false.
   */
  async stop(options: { transfer?: boolean } = {}): Promise<void> {
    if (this.#stopped) return;
    if ((options.transfer ?? true) && this.#isLeader) await this.#handOver();
    this.#stopped = true;
    clearInterval(this.#tickTimer);
    clearInterval(this.#leaseTimer);
    const stopped = new UnavailableError("etcdserver: server stopped");
    this.#proposals.rejectAll(stopped);
    this.#reads.rejectAll(stopped);
    for (const wake of this.#leaderWaiters.splice(0)) wake();
    for (const call of this.#leaderCalls.values()) {
      call.resolve({ callId: 0, error: { message: stopped.message, code: stopped.code } });
    }
    await this.#drainDone;
    await this.#transport.close();
    await this.#wal.close();
    this.#logger.info("member stopped", { member: this.name });
  }

  // ---- StoreBackend --------------------------------------------------------------------

  header(): MemberHeader {
    return {
      clusterId: String(this.#clusterId),
      memberId: String(this.id),
      raftTerm: this.#term,
    };
  }

  async status(): Promise<MemberStatus> {
    const status = this.#raft.status();
    return await Promise.resolve({
      header: { ...this.header(), revision: this.#kv.revision },
      version: STORE_VERSION,
      dbSize: this.#kv.size,
      leader: String(this.#lead),
      raftIndex: status.lastIndex,
      raftTerm: status.hardState.term,
      raftAppliedIndex: this.#applied,
      errors: [],
    });
  }

  async range(request: RangeRequest): Promise<RangeResponse> {
    if (!request.serializable) await this.#linearizable();
    return this.#kv.range(request);
  }

  async put(request: PutRequest): Promise<PutResponse> {
    this.#checkQuota(request.key.length + request.value.length);
    const response = await this.#propose({ put: request });
    return (response as { put: PutResponse }).put;
  }

  async deleteRange(request: DeleteRangeRequest): Promise<DeleteRangeResponse> {
    const response = await this.#propose({ deleteRange: request });
    return (response as { deleteRange: DeleteRangeResponse }).deleteRange;
  }

  async txn(request: TxnRequest): Promise<TxnResponse> {
    if (isTxnReadOnly(request)) {
      await this.#linearizable();
      return this.#kv.txn(request);
    }
    this.#checkQuota(0);
    const response = await this.#propose({ txn: request });
    return (response as { txn: TxnResponse }).txn;
  }

  async compact(request: CompactionRequest): Promise<CompactionResponse> {
    const response = await this.#propose({ compaction: request });
    return (response as { compaction: CompactionResponse }).compaction;
  }

  async leaseGrant(request: { ttl: number; id?: number }): Promise<{ id: number; ttl: number }> {
    const id = request.id !== undefined && request.id !== 0 ? request.id : randomLeaseId();
    const response = await this.#propose({ leaseGrant: { id, ttl: request.ttl } });
    const granted = (response as { leaseGrant: { id: number; ttl: number } }).leaseGrant;
    return { id: granted.id, ttl: granted.ttl };
  }

  async leaseRevoke(id: number): Promise<void> {
    await this.#propose({ leaseRevoke: { id } });
  }

  async leaseKeepAlive(id: number): Promise<LeaseKeepAliveResult> {
    return await this.#onLeader({
      callId: 0,
      method: "leaseKeepAlive",
      leaseId: id,
    }) as LeaseKeepAliveResult;
  }

  async leaseTimeToLive(id: number, keys = false): Promise<LeaseTimeToLiveResult> {
    const result = await this.#onLeader({
      callId: 0,
      method: "leaseTimeToLive",
      leaseId: id,
      keys,
    }) as { id: number; ttl: number; grantedTtl: number; keys: string[] };
    return { ...result, keys: result.keys.map((key) => base64ToBytes(key)) };
  }

  watch(request: WatchRequest): WatchStream {
    return this.#kv.watch(request);
  }

  // ---- proposals and reads ---------------------------------------------------------------

  #checkQuota(extraBytes: number): void {
    const wouldBe = this.#kv.size + extraBytes;
    if (wouldBe > this.#kv.quotaBytes) throw new QuotaExceededError(this.#kv.quotaBytes, wouldBe);
  }

  /** Proposes a request and resolves with its answer once this member applied it. */
  async #propose(request: StoreRequest): Promise<StoreResponse> {
    this.#ensureRunning();
    await this.#waitForLeader();
    const id = this.#proposals.nextId();
    const applied = this.#proposals.wait(id, this.#lead);
    try {
      this.#raft.propose(encodeEntry({ id, request }));
    } catch (error) {
      this.#proposals.reject(
        id,
        error instanceof ProposalDroppedError ? new UnavailableError() : error,
      );
    }
    this.#kick();
    return await applied;
  }

  /** Resolves once this member has applied everything committed before the call. */
  async #linearizable(): Promise<void> {
    this.#ensureRunning();
    await this.#waitForLeader();
    await this.#reads.barrier();
  }

  /** Waits (up to the request timeout) until some member is known to lead. */
  async #waitForLeader(): Promise<void> {
    if (this.#lead !== NONE) return;
    const timeoutMs = this.#options.requestTimeoutMs ?? 7000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const elected = new Promise<void>((resolve) => this.#leaderWaiters.push(resolve));
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([elected, timedOut]);
    clearTimeout(timer);
    this.#ensureRunning();
    if (this.#lead === NONE) throw new UnavailableError();
  }

  #ensureRunning(): void {
    if (this.#stopped) throw new UnavailableError("etcdserver: server stopped");
    if (this.#fatal !== undefined) {
      throw new UnavailableError(`etcdserver: member failed: ${String(this.#fatal)}`);
    }
  }

  // ---- leader calls (lease keepalive and time-to-live) -----------------------------------

  /** Runs a call on the leader: locally when this member leads, else over the peer stream. */
  async #onLeader(call: LeaderCall): Promise<unknown> {
    this.#ensureRunning();
    await this.#waitForLeader();
    if (this.#isLeader) return this.#answerCall(call);
    const callId = ++this.#callCounter;
    const reply = await new Promise<LeaderReply>((resolve) => {
      const timer = setTimeout(() => {
        this.#leaderCalls.delete(callId);
        resolve({ callId, error: { message: "etcdserver: request timed out", code: 4 } });
      }, this.#options.requestTimeoutMs ?? 7000);
      this.#leaderCalls.set(callId, {
        resolve: (r) => {
          clearTimeout(timer);
          this.#leaderCalls.delete(callId);
          resolve(r);
        },
      });
      this.#transport.send(this.#lead, encodeJsonChannel(PeerChannel.Call, { ...call, callId }));
    });
    if (reply.error !== undefined) throw new StoreError(reply.error.message, reply.error.code);
    return reply.result;
  }

  /** Answers a leader call on this (leading) member. */
  #answerCall(call: LeaderCall): unknown {
    if (!this.#isLeader) throw new UnavailableError("etcdserver: not leader");
    const now = Date.now();
    if (call.method === "leaseKeepAlive") {
      if (this.#kv.lessor.lookup(call.leaseId) === undefined) return { id: call.leaseId, ttl: 0 };
      const renewed = this.#kv.lessor.renew(call.leaseId, now);
      return { id: call.leaseId, ttl: renewed.ttl };
    }
    const lease = this.#kv.leaseTimeToLive(call.leaseId, now);
    if (lease === undefined) {
      return { id: call.leaseId, ttl: -1, grantedTtl: 0, keys: [] };
    }
    return {
      id: call.leaseId,
      ttl: lease.ttl,
      grantedTtl: lease.grantedTtl,
      keys: call.keys ? lease.keys.map((key) => bytesToBase64(key)) : [],
    };
  }

  /** The leader revokes expired leases through the log (every member then deletes the keys). */
  #expireLeases(): void {
    if (!this.#isLeader || this.#stopped) return;
    for (const id of this.#kv.lessor.expired(Date.now(), MAX_REVOKES_PER_CHECK)) {
      if (this.#revoking.has(id)) continue;
      this.#revoking.add(id);
      this.#propose({ leaseRevoke: { id } })
        .catch((error) => {
          if (!(error instanceof LeaseNotFoundError)) {
            this.#logger.debug(1, "lease revoke failed", { lease: id, error });
          }
        })
        .finally(() => this.#revoking.delete(id));
    }
  }

  // ---- the Ready loop ----------------------------------------------------------------------

  #onPeerMessage(from: number, message: Uint8Array): void {
    if (this.#stopped) return;
    try {
      const { channel, payload } = splitChannel(message);
      if (channel === PeerChannel.Raft) {
        this.#raft.step(decodeMessage(payload));
        this.#kick();
      } else if (channel === PeerChannel.Call) {
        const call = JSON.parse(new TextDecoder().decode(payload)) as LeaderCall;
        let reply: LeaderReply;
        try {
          reply = { callId: call.callId, result: this.#answerCall(call) };
        } catch (error) {
          const code = error instanceof StoreError ? error.code : 2;
          reply = { callId: call.callId, error: { message: String(errorMessage(error)), code } };
        }
        this.#transport.send(from, encodeJsonChannel(PeerChannel.Reply, reply));
      } else {
        const reply = JSON.parse(new TextDecoder().decode(payload)) as LeaderReply;
        this.#leaderCalls.get(reply.callId)?.resolve(reply);
      }
    } catch (error) {
      this.#logger.warn("dropped a bad peer message", { from, error });
    }
  }

  /** Makes sure the Ready loop runs soon. */
  #kick(): void {
    if (this.#draining || this.#stopped || this.#fatal !== undefined) return;
    this.#draining = true;
    this.#drainDone = this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      // Yield first so that a burst of proposals lands in one Ready.
      await Promise.resolve();
      while (!this.#stopped && this.#raft.hasReady()) {
        const rd = this.#raft.ready();
        await this.#handle(rd);
        this.#raft.advance(rd);
        await this.#maybeSnapshot();
      }
    } catch (error) {
      this.#fatal = error;
      this.#logger.error("store member failed; it stops serving", { error });
      const failed = new UnavailableError(`etcdserver: member failed: ${errorMessage(error)}`);
      this.#proposals.rejectAll(failed);
      this.#reads.rejectAll(failed);
    } finally {
      this.#draining = false;
    }
    if (!this.#stopped && this.#fatal === undefined && this.#raft.hasReady()) this.#kick();
  }

  /** Handles one Ready: persist, then send, then apply. */
  async #handle(rd: Ready): Promise<void> {
    if (rd.softState !== undefined) this.#onSoftState(rd.softState.lead, rd.softState.raftState);
    if (rd.snapshot !== undefined) {
      await this.#snapshots.save(rd.snapshot);
      await this.#wal.saveSnapshot(rd.snapshot.metadata);
    }
    if (rd.entries.length > 0 || rd.hardState !== undefined) {
      await this.#wal.save(rd.hardState, rd.entries);
    }
    if (rd.snapshot !== undefined) {
      this.#storage.applySnapshot(rd.snapshot);
      this.#kv.restore(rd.snapshot.data);
      this.#applied = rd.snapshot.metadata.index;
      this.#snapshotIndex = rd.snapshot.metadata.index;
      this.#confState = rd.snapshot.metadata.confState;
      this.#logger.info("installed a snapshot from the leader", {
        index: rd.snapshot.metadata.index,
      });
    }
    if (rd.hardState !== undefined) {
      this.#storage.setHardState(rd.hardState);
      this.#term = rd.hardState.term;
    }
    this.#storage.append(rd.entries);
    for (const message of rd.messages) this.#send(message);
    for (const entry of rd.committedEntries) this.#apply(entry);
    for (const state of rd.readStates) {
      this.#reads.onReadState(state.requestCtx, state.index, this.#applied);
    }
    this.#reads.onApplied(this.#applied);
  }

  #send(message: Message): void {
    const bytes = frameChannel(PeerChannel.Raft, encodeMessage(message));
    if (message.type === MessageType.Snap) this.#transport.sendLarge(message.to, bytes);
    else this.#transport.send(message.to, bytes);
  }

  #apply(entry: { index: number; type: EntryType; data: Uint8Array }): void {
    if (entry.index <= this.#applied) return;
    if (entry.type === EntryType.ConfChange) {
      const change = decodeConfChange(entry.data);
      this.#confState = this.#raft.applyConfChange(change);
      this.#logger.info("membership changed", { change: change.type, member: change.nodeId });
    } else if (entry.data.length > 0) {
      const { id, request } = decodeEntry(entry.data);
      try {
        this.#proposals.resolve(id, this.#kv.apply(request, Date.now()));
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        this.#proposals.reject(id, error);
      }
    }
    this.#applied = entry.index;
  }

  #onSoftState(lead: number, state: StateType): void {
    const wasLeader = this.#isLeader;
    if (lead !== this.#lead) this.#proposals.rejectLeaderChanged(lead, new LeaderChangedError());
    this.#lead = lead;
    this.#isLeader = state === StateType.Leader;
    if (this.#isLeader && !wasLeader) {
      // Outstanding leases get a fresh election timeout's worth of grace, so a new leader never
      // expires a lease whose keepalives went to the old one.
      const electionMs = (this.#options.electionTicks ?? 10) * (this.#options.tickMs ?? 100);
      this.#kv.lessor.promote(Date.now(), electionMs);
      this.#logger.info("became leader", {
        member: this.name,
        term: this.#raft.status().hardState.term,
      });
    } else if (!this.#isLeader && wasLeader) {
      this.#kv.lessor.demote();
      this.#logger.info("lost leadership", { member: this.name });
    }
    if (lead !== NONE) { for (const wake of this.#leaderWaiters.splice(0)) wake(); }
  }

  /** Snapshots the state machine and compacts the log every `snapshotCount` entries. */
  async #maybeSnapshot(): Promise<void> {
    const every = this.#options.snapshotCount ?? 10_000;
    if (this.#applied - this.#snapshotIndex < every) return;
    const snapshot = this.#storage.createSnapshot(
      this.#applied,
      this.#confState,
      this.#kv.snapshot(),
    );
    await this.#snapshots.save(snapshot);
    await this.#wal.saveSnapshot(snapshot.metadata);
    this.#snapshotIndex = this.#applied;
    const compactTo = this.#applied - (this.#options.catchUpEntries ?? 5000);
    if (compactTo > this.#storage.firstIndex()) this.#storage.compact(compactTo);
    await this.#wal.releaseTo(this.#snapshotIndex);
    await this.#snapshots.purge(3);
    this.#logger.debug(1, "took a snapshot", { index: this.#snapshotIndex });
  }

  /** Hands leadership to the most up-to-date voter and waits briefly for it to take over. */
  async #handOver(): Promise<void> {
    const status = this.#raft.status();
    let best: number | undefined;
    let bestMatch = -1;
    for (const [id, progress] of status.progress) {
      if (id === this.id || !this.#confState.voters.includes(id)) continue;
      if (progress.match > bestMatch) {
        best = id;
        bestMatch = progress.match;
      }
    }
    if (best === undefined) return;
    this.#raft.transferLeadership(best);
    this.#kick();
    for (let waited = 0; waited < 2000 && this.#isLeader; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function randomLeaseId(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  const id = (high! & 0x1fffff) * 2 ** 32 + low!;
  return id === 0 ? 1 : id;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
