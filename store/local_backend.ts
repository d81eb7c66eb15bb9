/**
 * A {@link StoreBackend} over one in-process {@link KvStore}, without replication: every
 * operation is applied directly, this member is always the leader (and the primary lessor),
 * and leases expire by an injectable clock — a timer revokes the leases past their deadline
 * (deleting their keys, which watchers see as DELETE events). For unit tests of the layers
 * above the store (the client API, the API server) and for single-process experiments.
 *
 * Call {@link LocalBackend.close} (or use `using`) to stop the expiry timer.
 *
 * @module
 */

import type { Logger } from "../cli/log.ts";
import type {
  LeaseKeepAliveResult,
  LeaseTimeToLiveResult,
  MemberHeader,
  MemberInfo,
  MemberStatus,
  StoreBackend,
  WatchStream,
} from "./backend.ts";
import {
  type CompactionRequest,
  type CompactionResponse,
  type DeleteRangeRequest,
  type DeleteRangeResponse,
  isTxnReadOnly,
  KvStore,
  type KvStoreOptions,
  LeaseNotFoundError,
  type PutRequest,
  type PutResponse,
  type RangeRequest,
  type RangeResponse,
  StoreError,
  type TxnRequest,
  type TxnResponse,
  type WatchRequest,
} from "./mvcc/mod.ts";

/** Default interval of the lease expiry check, like etcd's lessor (500 ms). */
export const DEFAULT_EXPIRY_CHECK_MS = 500;

/** Options of a {@link LocalBackend}. */
export interface LocalBackendOptions {
  /** Cluster id for response headers (uint64 decimal, default "1"). */
  readonly clusterId?: string;
  /** Member id for headers and `leader` (uint64 decimal, default "1"). */
  readonly memberId?: string;
  /** Raft term reported (default 1). */
  readonly raftTerm?: number;
  /** Version reported by status (default "kubeno"). */
  readonly version?: string;
  /** Clock in milliseconds for lease deadlines (default `performance.now`). */
  readonly now?: () => number;
  /** Interval of the expiry timer in ms; 0 disables it (call `expireLeases()` instead). */
  readonly expiryCheckMs?: number;
  /** Options of the underlying store. */
  readonly store?: KvStoreOptions;
  /** First lease id tried when a grant lets the member choose (default 1). */
  readonly firstLeaseId?: number;
  /** Logs lease expiries. */
  readonly logger?: Logger;
}

/** gRPC code UNIMPLEMENTED. */
const UNIMPLEMENTED = 12;
const SINGLE_MEMBER = "etcdserver: a local store has a single member; membership cannot change";

/** A single-process, unreplicated store member (see the module doc). */
export class LocalBackend implements StoreBackend, Disposable {
  /** The store every operation is applied to. */
  readonly store: KvStore;
  readonly #header: MemberHeader;
  readonly #version: string;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #nextLeaseId: number;
  #appliedIndex = 0;

  /** Creates the member with an empty store; starts the expiry timer unless disabled. */
  constructor(options: LocalBackendOptions = {}) {
    this.store = new KvStore(options.store);
    this.#header = {
      clusterId: options.clusterId ?? "1",
      memberId: options.memberId ?? "1",
      raftTerm: options.raftTerm ?? 1,
    };
    this.#version = options.version ?? "kubeno";
    this.#now = options.now ?? (() => performance.now());
    this.#logger = options.logger;
    this.#nextLeaseId = options.firstLeaseId ?? 1;
    if (!Number.isSafeInteger(this.#nextLeaseId) || this.#nextLeaseId <= 0) {
      throw new RangeError("firstLeaseId must be a positive safe integer");
    }
    this.store.lessor.promote(this.#now(), 0);
    const interval = options.expiryCheckMs ?? DEFAULT_EXPIRY_CHECK_MS;
    if (interval > 0) this.#timer = setInterval(() => this.expireLeases(), interval);
  }

  /** Runs a write, counting it as one applied log entry (as etcd counts proposals). */
  #apply<T>(write: () => T): T {
    this.#appliedIndex++;
    return write();
  }

  /**
   * Revokes every lease past its deadline now (what the timer does); returns their ids.
   * Their keys are deleted, one revision per lease.
   */
  expireLeases(): number[] {
    const expired = this.store.lessor.expired(this.#now());
    for (const id of expired) {
      this.#apply(() => this.store.leaseRevoke({ id }));
      this.#logger?.debug(2, "lease expired", { lease: id });
    }
    return expired;
  }

  /** Stops the expiry timer. Idempotent; the store stays usable. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Same as {@link LocalBackend.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Reads keys (always local: there is only this member). */
  range(request: RangeRequest): Promise<RangeResponse> {
    return Promise.resolve().then(() => this.store.range(request));
  }

  /** Writes one key. */
  put(request: PutRequest): Promise<PutResponse> {
    return Promise.resolve().then(() => this.#apply(() => this.store.put(request)));
  }

  /** Deletes keys. */
  deleteRange(request: DeleteRangeRequest): Promise<DeleteRangeResponse> {
    return Promise.resolve().then(() => this.#apply(() => this.store.deleteRange(request)));
  }

  /** Runs a txn (read-only ones are not counted as log entries). */
  txn(request: TxnRequest): Promise<TxnResponse> {
    return Promise.resolve().then(() =>
      isTxnReadOnly(request) ? this.store.txn(request) : this.#apply(() => this.store.txn(request))
    );
  }

  /** Compacts the history. */
  compact(request: CompactionRequest): Promise<CompactionResponse> {
    return Promise.resolve().then(() => this.#apply(() => this.store.compact(request)));
  }

  /** Creates a lease; without an id, the next unused one from `firstLeaseId` on. */
  leaseGrant(request: { ttl: number; id?: number }): Promise<{ id: number; ttl: number }> {
    return Promise.resolve().then(() => {
      let id = request.id ?? 0;
      if (id === 0) {
        while (this.store.lessor.lookup(this.#nextLeaseId) !== undefined) this.#nextLeaseId++;
        id = this.#nextLeaseId++;
      }
      const granted = this.#apply(() =>
        this.store.leaseGrant({ id, ttl: request.ttl }, this.#now())
      );
      return { id: granted.id, ttl: granted.ttl };
    });
  }

  /** Revokes a lease and deletes its keys. */
  leaseRevoke(id: number): Promise<void> {
    return Promise.resolve().then(() => {
      this.#apply(() => this.store.leaseRevoke({ id }));
    });
  }

  /** Renews a lease: ttl 0 when it does not exist or has expired. */
  leaseKeepAlive(id: number): Promise<LeaseKeepAliveResult> {
    return Promise.resolve().then(() => {
      try {
        const renewed = this.store.lessor.renew(id, this.#now());
        if (renewed.clearCheckpoint !== undefined) {
          this.store.leaseCheckpoint({ checkpoints: [renewed.clearCheckpoint] });
        }
        return { id, ttl: renewed.ttl };
      } catch (error) {
        if (error instanceof LeaseNotFoundError) return { id, ttl: 0 };
        throw error;
      }
    });
  }

  /** A lease's remaining time (ttl -1 when it does not exist) and, if asked, its keys. */
  leaseTimeToLive(id: number, keys = false): Promise<LeaseTimeToLiveResult> {
    return Promise.resolve().then(() => {
      const info = this.store.leaseTimeToLive(id, this.#now());
      if (info === undefined) return { id, ttl: -1, grantedTtl: 0, keys: [] };
      return { id, ttl: info.ttl, grantedTtl: info.grantedTtl, keys: keys ? info.keys : [] };
    });
  }

  /** Starts a watcher on the store. */
  watch(request: WatchRequest): WatchStream {
    return this.store.watch(request);
  }

  /** The one member. */
  memberList(): Promise<MemberInfo[]> {
    return Promise.resolve([this.#self()]);
  }

  /** A local backend has one member and no peers: membership cannot change. */
  memberAdd(): Promise<{ member: MemberInfo; members: MemberInfo[] }> {
    return Promise.reject(new StoreError(SINGLE_MEMBER, UNIMPLEMENTED));
  }

  /** A local backend has one member and no peers: membership cannot change. */
  memberRemove(): Promise<MemberInfo[]> {
    return Promise.reject(new StoreError(SINGLE_MEMBER, UNIMPLEMENTED));
  }

  /** A local backend has one member and no peers: membership cannot change. */
  memberPromote(): Promise<MemberInfo[]> {
    return Promise.reject(new StoreError(SINGLE_MEMBER, UNIMPLEMENTED));
  }

  #self(): MemberInfo {
    return { id: Number(this.#header.memberId), name: "local", peerUrls: [], isLearner: false };
  }

  /** The fixed identity of this member. */
  header(): MemberHeader {
    return this.#header;
  }

  /** This member's status: always its own leader. */
  status(): Promise<MemberStatus> {
    return Promise.resolve({
      header: { ...this.#header, revision: this.store.revision },
      version: this.#version,
      dbSize: this.store.size,
      leader: this.#header.memberId,
      raftIndex: this.#appliedIndex,
      raftTerm: this.#header.raftTerm,
      raftAppliedIndex: this.#appliedIndex,
      errors: [],
    });
  }
}
