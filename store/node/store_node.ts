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
  type ConfChange,
  ConfChangeType,
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
  type MemberAddRequest,
  type MemberHeader,
  type MemberInfo,
  type MemberStatus,
  type StoreBackend,
  TimeoutError,
  UnavailableError,
  type WatchStream,
} from "../backend.ts";
import { fetchClusterDescription, type PeerInfo, PeerTransport } from "../transport/mod.ts";
import { clusterToken, memberId, stableId } from "./ids.ts";
import {
  decodeSnapshotData,
  encodeMemberContext,
  encodeSnapshotData,
  type MemberRecord,
  MemberRegistry,
} from "./members.ts";
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
  /** Applied entries between state-machine snapshots (default 100,000, etcd's default). */
  readonly snapshotCount?: number;
  /** Entries kept in the log behind a snapshot for slow followers (default 5,000). */
  readonly catchUpEntries?: number;
  /** How long a request may wait for the log (default 7 s). */
  readonly requestTimeoutMs?: number;
  /** Limit on the state machine's bytes (default 2 GiB, etcd's default quota). */
  readonly quotaBytes?: number;
  /** The disk (tests pass a MemoryFs). */
  readonly fs?: WalFs;
  /**
   * Join a running cluster (etcd's `--initial-cluster-state existing`): with an empty data
   * directory, learn the cluster and this member's id from the members in `initialCluster`
   * (this member must have been added with memberAdd first) instead of bootstrapping.
   */
  readonly join?: boolean;
}

/** What a member tells one that joins: the cluster's identity and membership. */
interface ClusterDescription {
  readonly cluster: string;
  readonly registry: string;
}

/** The data directory belongs to another member or cluster. */
export class DataDirMismatchError extends Error {
  override name = "DataDirMismatchError";
}

/** What the WAL's metadata records about its owner. */
interface WalIdentity {
  /** The cluster's identity token, fixed when the cluster was bootstrapped. */
  readonly cluster: string;
  readonly name: string;
  readonly id: number;
  /** The membership when this data directory was created (encoded MemberRegistry). */
  readonly members: string;
}

const LEASE_EXPIRY_CHECK_MS = 500;
/** What a leader sends that asserts nothing about its own disk (see StoreNode.#handle). */
const LEADER_MESSAGES: ReadonlySet<MessageType> = new Set([
  MessageType.App,
  MessageType.Heartbeat,
  MessageType.Snap,
  MessageType.ReadIndexResp,
  MessageType.TimeoutNow,
]);

/** The reason members give a removed member that connects. */
const REMOVED_REASON = "the member has been permanently removed from the cluster";
/** What a removed member answers its clients (etcd's message). */
const REMOVED_ERROR = `etcdserver: ${REMOVED_REASON}`;
const MAX_REVOKES_PER_CHECK = 100;

/** A member of the replicated store. */
export class StoreNode implements StoreBackend {
  readonly name: string;
  /** This member's Raft id. */
  readonly id: number;
  readonly #clusterId: number;
  readonly #clusterToken: string;
  #members: MemberRegistry;
  #removed = false;
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
  readonly #membershipWaiters = new Map<string, () => void>();
  #leaderWaiters: (() => void)[] = [];
  #confState: ConfState;
  #applied: number;
  #snapshotIndex: number;
  #lead = NONE;
  #term = 0;
  #vote = NONE;
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
    clusterToken: string;
    members: MemberRegistry;
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
    this.#clusterToken = init.clusterToken;
    this.#clusterId = stableId(`cluster:${init.clusterToken}`);
    this.#members = init.members;
    this.#logger = init.logger;
    this.#raft = init.raft;
    this.#storage = init.storage;
    this.#wal = init.wal;
    this.#snapshots = init.snapshots;
    this.#kv = init.kv;
    this.#applied = init.applied;
    this.#snapshotIndex = init.applied;
    this.#confState = init.confState;
    const persisted = init.raft.status().hardState;
    this.#term = persisted.term;
    this.#vote = persisted.vote;
    const timeoutMs = init.options.requestTimeoutMs ?? 7000;
    this.#proposals = new ProposalWaiters(timeoutMs);
    this.#reads = new ReadBatcher((ctx) => {
      this.#raft.readIndex(ctx);
      this.#kick();
    }, { retryMs: 500, timeoutMs });

    const self = this.#members.get(this.id)!;
    this.#transport = PeerTransport.start({
      cluster: this.#clusterToken,
      self: { id: this.id, name: this.name, address: init.options.listenPeer ?? self.peer },
      peers: this.#members.list().filter((member) => member.id !== this.id).map(peerInfo),
      handler: {
        describeCluster: () => this.#describeCluster(),
        // A removed member may never learn of its removal through the log (the leader stops
        // replicating to it): every member refuses its connections and says why.
        refuse: (fromId) => this.#members.isRemoved(fromId) ? REMOVED_REASON : undefined,
        onRefused: (_to, reason) => {
          if (reason.includes(REMOVED_REASON)) this.#markRemoved();
        },
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
    // A member alone in its cluster needs no election timeout to know it leads.
    const members = this.#members.list();
    if (members.length === 1 && members[0]!.id === this.id) this.#raft.campaign();
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
    const fs = options.fs ?? new DenoFs();
    const walDir = joinPath(options.dataDir, "wal");
    const snapshots = new SnapshotStore(fs, joinPath(options.dataDir, "snap"));
    const storage = new MemoryStorage();
    const kv = new KvStore({ quotaBytes: options.quotaBytes ?? 2 * 1024 ** 3 });
    let wal: Wal;
    let applied = 0;
    let confState: ConfState = { voters: [], learners: [] };
    let identity: WalIdentity;
    let registry: MemberRegistry;
    const fresh = !(await Wal.exists(fs, walDir));
    if (fresh) {
      if (options.join) {
        const description = await describeClusterFromPeers(options, logger);
        registry = MemberRegistry.decode(new TextEncoder().encode(description.registry));
        const self = registry.byName(options.name);
        if (self === undefined) {
          throw new DataDirMismatchError(
            `member ${options.name} is not in the cluster: add it with a member add first`,
          );
        }
        identity = {
          cluster: description.cluster,
          name: options.name,
          id: self.id,
          members: description.registry,
        };
      } else {
        registry = new MemberRegistry(members.map((member) => ({
          id: memberId(members, member.name),
          name: member.name,
          peer: member.peer,
          learner: false,
        })));
        identity = {
          cluster: clusterToken(members),
          name: options.name,
          id: memberId(members, options.name),
          members: new TextDecoder().decode(registry.encode()),
        };
      }
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
      identity = JSON.parse(new TextDecoder().decode(opened.metadata)) as WalIdentity;
      const expected = clusterToken(members);
      if (identity.name !== options.name || (!options.join && identity.cluster !== expected)) {
        await wal.close();
        throw new DataDirMismatchError(
          `data dir ${options.dataDir} belongs to member ${identity.name} of cluster ` +
            `${identity.cluster}, not member ${options.name} of cluster ${expected}`,
        );
      }
      if (opened.repaired !== undefined) {
        logger.warn("repaired a torn WAL tail", { ...opened.repaired });
      }
      registry = MemberRegistry.decode(new TextEncoder().encode(identity.members));
      if (snapshot !== undefined) {
        storage.applySnapshot(snapshot);
        const data = decodeSnapshotData(snapshot.data);
        kv.restore(data.kv);
        registry = data.members;
        applied = snapshot.metadata.index;
        confState = snapshot.metadata.confState;
      }
      // The snapshot marker and the hard state raising the commit to it are separate WAL
      // records: a crash between them leaves the commit below the snapshot, which is durable
      // and therefore committed. Raise it, or the Raft core refuses to start.
      const snapshotIndex = snapshot?.metadata.index ?? 0;
      storage.setHardState(
        opened.hardState.commit < snapshotIndex
          ? { ...opened.hardState, commit: snapshotIndex }
          : opened.hardState,
      );
      storage.append(opened.entries);
    }
    const raft = new RawNode({
      id: identity.id,
      electionTick: options.electionTicks ?? 10,
      heartbeatTick: 1,
      storage,
      applied,
      checkQuorum: true,
      preVote: true,
      maxSizePerMsg: 1024 * 1024,
      maxInflightMsgs: 256,
      seed: (identity.id ^ Date.now()) >>> 0,
    });
    if (fresh && !options.join) raft.bootstrap(registry.list().map((member) => member.id));
    logger.info(
      fresh
        ? (options.join ? "joining a running cluster" : "bootstrapping a new member")
        : "restarting from disk",
      { member: options.name, id: identity.id, applied },
    );
    return new StoreNode({
      options,
      logger,
      id: identity.id,
      clusterToken: identity.cluster,
      members: registry,
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
    const id = request.id !== undefined && request.id !== 0 ? request.id : randomId();
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

  // ---- membership --------------------------------------------------------------------------

  /** The members, as this member knows them (linearizable). */
  async memberList(): Promise<MemberInfo[]> {
    await this.#linearizable();
    return this.#memberInfos();
  }

  /**
   * Adds a member (a learner when `learner`), then resolves with the new member and the list.
   * The new member is started afterwards with `join` and an empty data directory; it gets a
   * fresh id, so a wiped member re-added never reuses its old votes.
   */
  async memberAdd(
    request: MemberAddRequest,
  ): Promise<{ member: MemberInfo; members: MemberInfo[] }> {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(request.name)) {
      throw new StoreError(`etcdserver: invalid member name ${JSON.stringify(request.name)}`, 3);
    }
    await this.#linearizable();
    const clash = this.#members.list().find((member) =>
      member.name === request.name ||
      (member.peer.hostname === request.peer.hostname && member.peer.port === request.peer.port)
    );
    if (clash !== undefined) throw new StoreError("etcdserver: member ID already exist", 9);
    const id = randomId();
    await this.#changeMembership({
      type: request.learner ? ConfChangeType.AddLearner : ConfChangeType.AddNode,
      nodeId: id,
      context: encodeMemberContext({ name: request.name, peer: request.peer }),
    });
    const members = this.#memberInfos();
    return { member: members.find((member) => member.id === id)!, members };
  }

  /** Removes a member; resolves with the remaining list. */
  async memberRemove(id: number): Promise<MemberInfo[]> {
    await this.#linearizable();
    if (this.#members.get(id) === undefined) {
      throw new StoreError("etcdserver: member not found", 5);
    }
    await this.#changeMembership({ type: ConfChangeType.RemoveNode, nodeId: id });
    return this.#memberInfos();
  }

  /** Promotes a learner to a voter; resolves with the list. */
  async memberPromote(id: number): Promise<MemberInfo[]> {
    await this.#linearizable();
    const member = this.#members.get(id);
    if (member === undefined) throw new StoreError("etcdserver: member not found", 5);
    if (!member.learner) {
      throw new StoreError("etcdserver: can only promote a learner member", 9);
    }
    await this.#changeMembership({ type: ConfChangeType.AddNode, nodeId: id });
    return this.#memberInfos();
  }

  #memberInfos(): MemberInfo[] {
    return this.#members.list().map((member) => ({
      id: member.id,
      name: member.name,
      peerUrls: [`http://${member.peer.hostname}:${member.peer.port}`],
      isLearner: member.learner,
    }));
  }

  /** Proposes a membership change and resolves once this member applied it. */
  async #changeMembership(change: ConfChange): Promise<void> {
    this.#ensureRunning();
    await this.#waitForLeader();
    const key = `${change.type}:${change.nodeId}`;
    const applied = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#membershipWaiters.delete(key);
        reject(new TimeoutError("etcdserver: request timed out (membership change not applied)"));
      }, this.#options.requestTimeoutMs ?? 7000);
      this.#membershipWaiters.set(key, () => {
        clearTimeout(timer);
        this.#membershipWaiters.delete(key);
        resolve();
      });
    });
    try {
      this.#raft.proposeConfChange(change);
    } catch (error) {
      this.#membershipWaiters.get(key)?.();
      throw error instanceof ProposalDroppedError
        ? new StoreError("etcdserver: unhealthy cluster (another membership change is pending)", 14)
        : error;
    }
    this.#kick();
    await applied;
  }

  /** Applies a committed membership change to the registry and the transport. */
  #applyMembership(change: ConfChange): void {
    const { added, removed } = this.#members.apply(change);
    if (added !== undefined && added.id !== this.id) this.#transport.addPeer(peerInfo(added));
    if (removed !== undefined) {
      if (removed === this.id) {
        this.#markRemoved();
      } else {
        this.#transport.removePeer(removed);
      }
    }
    this.#logger.info("membership changed", {
      change: ConfChangeType[change.type],
      member: this.#members.get(change.nodeId)?.name ?? change.nodeId,
    });
    this.#membershipWaiters.get(`${change.type}:${change.nodeId}`)?.();
  }

  /** This member was removed: it stops serving, and requests waiting on it fail. */
  #markRemoved(): void {
    if (this.#removed) return;
    this.#removed = true;
    this.#logger.warn("this member was removed from the cluster; it stops serving");
    const removed = new UnavailableError(REMOVED_ERROR);
    this.#proposals.rejectAll(removed);
    this.#reads.rejectAll(removed);
  }

  /** Takes the membership of an installed snapshot, reconnecting the transport to match. */
  #adoptMembers(members: MemberRegistry): void {
    const before = new Map(this.#members.list().map((member) => [member.id, member]));
    this.#members = members;
    for (const member of members.list()) {
      const old = before.get(member.id);
      if (member.id !== this.id && (old === undefined || !samePeer(old, member))) {
        this.#transport.addPeer(peerInfo(member));
      }
      before.delete(member.id);
    }
    for (const id of before.keys()) this.#transport.removePeer(id);
    if (members.isRemoved(this.id)) this.#markRemoved();
  }

  /** The answer to a joining member: the cluster identity and the membership. */
  #describeCluster(): Uint8Array {
    const description: ClusterDescription = {
      cluster: this.#clusterToken,
      registry: new TextDecoder().decode(this.#members.encode()),
    };
    return new TextEncoder().encode(JSON.stringify(description));
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
    if (this.#removed) {
      throw new UnavailableError(
        "etcdserver: the member has been permanently removed from the cluster",
      );
    }
    if (this.#fatal !== undefined) {
      throw new UnavailableError(`etcdserver: member failed: ${String(this.#fatal)}`);
    }
  }

  // ---- leader calls (lease keepalive and time-to-live) -----------------------------------

  /** Runs a call on the leader: locally when this member leads, else over the peer stream. */
  async #onLeader(call: LeaderCall): Promise<unknown> {
    this.#ensureRunning();
    await this.#waitForLeader();
    if (this.#isLeader) return await this.#answerCall(call);
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
  async #answerCall(call: LeaderCall): Promise<unknown> {
    if (!this.#isLeader) throw new UnavailableError("etcdserver: not leader");
    // The caller may have applied entries this leader has not applied yet (a leader sends the
    // commit index before applying): read only after applying everything committed.
    await this.#reads.barrier();
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
        this.#answerCall(call).then(
          (result): LeaderReply => ({ callId: call.callId, result }),
          (error): LeaderReply => ({
            callId: call.callId,
            error: {
              message: errorMessage(error),
              code: error instanceof StoreError ? error.code : 2,
            },
          }),
        ).then((reply) => {
          if (!this.#stopped) {
            this.#transport.send(from, encodeJsonChannel(PeerChannel.Reply, reply));
          }
        });
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

  /**
   * Handles one Ready: persist, then send, then apply. A leader sends first and persists in
   * parallel with its followers (Raft thesis §10.2.1, as etcd does): this is safe because
   * Readys are handled one at a time, so no commit index covering this Ready's entries can be
   * sent or applied before they are durable here; the leader's own vote and term are not in
   * play, since a Ready that changes them is not a leader's.
   */
  async #handle(rd: Ready): Promise<void> {
    if (rd.softState !== undefined) this.#onSoftState(rd.softState.lead, rd.softState.raftState);
    const termOrVoteChanged = rd.hardState !== undefined &&
      (rd.hardState.term !== this.#term || rd.hardState.vote !== this.#vote);
    const sendFirst = this.#isLeader && !termOrVoteChanged &&
      rd.messages.every((message) => LEADER_MESSAGES.has(message.type));
    if (sendFirst) { for (const message of rd.messages) this.#send(message); }
    if (rd.snapshot !== undefined) {
      await this.#snapshots.save(rd.snapshot);
      await this.#wal.saveSnapshot(rd.snapshot.metadata);
    }
    if (rd.entries.length > 0 || rd.hardState !== undefined) {
      await this.#wal.save(rd.hardState, rd.entries);
    }
    if (rd.snapshot !== undefined) {
      this.#storage.applySnapshot(rd.snapshot);
      const data = decodeSnapshotData(rd.snapshot.data);
      this.#kv.restore(data.kv);
      this.#adoptMembers(data.members);
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
      this.#vote = rd.hardState.vote;
    }
    this.#storage.append(rd.entries);
    if (!sendFirst) { for (const message of rd.messages) this.#send(message); }
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
      this.#applyMembership(change);
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
    const every = this.#options.snapshotCount ?? 100_000;
    if (this.#applied - this.#snapshotIndex < every) return;
    const snapshot = this.#storage.createSnapshot(
      this.#applied,
      this.#confState,
      encodeSnapshotData(this.#members, this.#kv.snapshot()),
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

/** A random positive safe integer (lease and member ids). */
function randomId(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  const id = (high! & 0x1fffff) * 2 ** 32 + low!;
  return id === 0 ? 1 : id;
}

/** The transport's view of a member. */
function peerInfo(member: MemberRecord): PeerInfo {
  return { id: member.id, name: member.name, address: member.peer };
}

function samePeer(a: MemberRecord, b: MemberRecord): boolean {
  return a.name === b.name && a.peer.hostname === b.peer.hostname && a.peer.port === b.peer.port;
}

/** Asks the other members in `initialCluster`, in turn, to describe the cluster. */
async function describeClusterFromPeers(
  options: StoreNodeOptions,
  logger: Logger,
): Promise<ClusterDescription> {
  const errors: string[] = [];
  for (const member of options.initialCluster) {
    if (member.name === options.name) continue;
    try {
      const bytes = await fetchClusterDescription(member.peer, {
        from: options.name,
        to: member.name,
      });
      return JSON.parse(new TextDecoder().decode(bytes)) as ClusterDescription;
    } catch (error) {
      errors.push(`${member.name}: ${errorMessage(error)}`);
      logger.debug(1, "could not describe the cluster", { peer: member.name, error });
    }
  }
  throw new DataDirMismatchError(
    `cannot join: no member of --initial-cluster described the cluster (${errors.join("; ")})`,
  );
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
