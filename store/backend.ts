/**
 * What a store member offers its clients, in-process: the etcd v3 KV, lease, watch and status
 * operations over plain data. The JSON gateway serves it over HTTP, and the API server calls
 * it directly when it embeds a member. Implementations: the replicated member (store/node) and
 * a single-process store without replication for unit tests of layers above.
 *
 * Errors are the typed errors of store/mvcc (CompactedError, QuotaExceededError, ...) plus
 * {@link UnavailableError} and {@link TimeoutError}; each carries its gRPC `code`.
 *
 * @module
 */
import {
  type CompactionRequest,
  type CompactionResponse,
  type DeleteRangeRequest,
  type DeleteRangeResponse,
  type PutRequest,
  type PutResponse,
  type RangeRequest,
  type RangeResponse,
  StoreError,
  type TxnRequest,
  type TxnResponse,
  type WatchRequest,
  type WatchResponse,
} from "./mvcc/mod.ts";

/** gRPC code UNAVAILABLE. */
const UNAVAILABLE = 14;
/** gRPC code DEADLINE_EXCEEDED. */
const DEADLINE_EXCEEDED = 4;

/** No leader, or this member cannot reach it: the request was not applied; retry. */
export class UnavailableError extends StoreError {
  override name = "UnavailableError";
  /** Creates the error with etcd's message (e.g. "etcdserver: no leader"). */
  constructor(message = "etcdserver: no leader") {
    super(message, UNAVAILABLE);
  }
}

/**
 * The leader changed while the request waited: it may or may not have been applied; retry
 * (etcd's "leader changed").
 */
export class LeaderChangedError extends StoreError {
  override name = "LeaderChangedError";
  /** Creates the error with etcd's message. */
  constructor() {
    super("etcdserver: leader changed", UNAVAILABLE);
  }
}

/** The request took too long; it may or may not have been applied. */
export class TimeoutError extends StoreError {
  override name = "TimeoutError";
  /** Creates the error with etcd's message. */
  constructor(message = "etcdserver: request timed out") {
    super(message, DEADLINE_EXCEEDED);
  }
}

/** Identity of the member answering, for response headers. */
export interface MemberHeader {
  /** The cluster id (uint64, as a decimal string). */
  readonly clusterId: string;
  /** This member's id (uint64, as a decimal string). */
  readonly memberId: string;
  /** The Raft term this member is in. */
  readonly raftTerm: number;
}

/** What `/v3/maintenance/status` reports. */
export interface MemberStatus {
  readonly header: MemberHeader & { readonly revision: number };
  /** kubeno's version. */
  readonly version: string;
  /** Bytes held by the state machine (keys, values, history). */
  readonly dbSize: number;
  /** The leader's member id, "0" when there is none. */
  readonly leader: string;
  readonly raftIndex: number;
  readonly raftTerm: number;
  readonly raftAppliedIndex: number;
  /** Alarms or errors this member reports (e.g. "NOSPACE"). */
  readonly errors: readonly string[];
}

/** The answer to a lease keepalive: ttl 0 means the lease does not exist (any more). */
export interface LeaseKeepAliveResult {
  readonly id: number;
  readonly ttl: number;
}

/** The answer to a lease time-to-live query: ttl -1 means the lease does not exist. */
export interface LeaseTimeToLiveResult {
  readonly id: number;
  readonly ttl: number;
  readonly grantedTtl: number;
  readonly keys: readonly Uint8Array[];
}

/**
 * A watcher's outgoing responses, pulled by the client API. Bounded: a consumer that does not
 * keep up is canceled (a final response with `canceled` says why) rather than buffering
 * without end.
 */
export interface WatchStream {
  /** Removes and returns up to `max` pending responses. */
  take(max?: number): WatchResponse[];
  /** Resolves when a response is pending (at once if one is) or the watcher ended. */
  wait(): Promise<void>;
  /** A revision whose events have all been taken already: safe for a progress notification. */
  requestProgress(): number;
  /** Ends the watcher; a final canceled response becomes pending. */
  cancel(): void;
  /** True once the watcher ended. */
  readonly canceled: boolean;
}

/** A member as the cluster API reports it (etcd `Member`). */
export interface MemberInfo {
  readonly id: number;
  /** Empty for a member added but never started (etcd), kubeno names members when added. */
  readonly name: string;
  readonly peerUrls: readonly string[];
  readonly isLearner: boolean;
}

/** A member to add: kubeno needs its name (the member joins with `--name`). */
export interface MemberAddRequest {
  readonly name: string;
  readonly peer: { readonly hostname: string; readonly port: number };
  readonly learner?: boolean;
}

/** A store member as its clients see it. */
export interface StoreBackend {
  /** Reads keys: linearizable (ReadIndex) unless `serializable`, which reads local state. */
  range(request: RangeRequest): Promise<RangeResponse>;
  /** Writes one key through the log. */
  put(request: PutRequest): Promise<PutResponse>;
  /** Deletes keys through the log. */
  deleteRange(request: DeleteRangeRequest): Promise<DeleteRangeResponse>;
  /** Compare-and-act atomically; read-only transactions are served like ranges. */
  txn(request: TxnRequest): Promise<TxnResponse>;
  /** Drops history below a revision. */
  compact(request: CompactionRequest): Promise<CompactionResponse>;
  /** Creates a lease; `id` 0 or absent lets the member choose one. */
  leaseGrant(request: { ttl: number; id?: number }): Promise<{ id: number; ttl: number }>;
  /** Revokes a lease, deleting its keys. */
  leaseRevoke(id: number): Promise<void>;
  /** Renews a lease (served by the leader). */
  leaseKeepAlive(id: number): Promise<LeaseKeepAliveResult>;
  /** A lease's remaining time and, when asked, its keys. */
  leaseTimeToLive(id: number, keys?: boolean): Promise<LeaseTimeToLiveResult>;
  /** Starts a watcher on this member's applied state. */
  watch(request: WatchRequest): WatchStream;
  /** The members of the cluster. */
  memberList(): Promise<MemberInfo[]>;
  /** Adds a member (it then joins); resolves with it and the new list. */
  memberAdd(request: MemberAddRequest): Promise<{ member: MemberInfo; members: MemberInfo[] }>;
  /** Removes a member; resolves with the remaining list. */
  memberRemove(id: number): Promise<MemberInfo[]>;
  /** Promotes a learner to voter; resolves with the list. */
  memberPromote(id: number): Promise<MemberInfo[]>;
  /** This member's identity for response headers. */
  header(): MemberHeader;
  /** This member's status. */
  status(): Promise<MemberStatus>;
}
