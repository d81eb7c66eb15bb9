/**
 * Requests, responses and records of the revisioned key/value store, as plain data mirroring
 * etcd's v3 API (`etcdserverpb`, `mvccpb`) with camelCase field names. Keys and values are
 * `Uint8Array`s; int64 fields are JavaScript numbers (safe integers). An absent optional field
 * means etcd's zero value.
 *
 * Records handed out by the store (KeyValue, Event) are shared and must be treated as
 * immutable, including their byte arrays.
 *
 * @module
 */

/** A key's state at one revision (etcd `mvccpb.KeyValue`). All fields always present. */
export interface KeyValue {
  /** The key. */
  readonly key: Uint8Array;
  /** Revision of the last creation of this key (0 for a deletion record). */
  readonly createRevision: number;
  /** Revision of the last modification (the put, or the deletion for a deletion record). */
  readonly modRevision: number;
  /** 1 on creation, +1 per put; 0 for a deletion record. */
  readonly version: number;
  /** The value (empty in `keysOnly` results and deletion records). */
  readonly value: Uint8Array;
  /** The attached lease id, 0 for none. */
  readonly lease: number;
}

/** The header of every response. The client API adds cluster id, member id and term. */
export interface ResponseHeader {
  /** The store revision the response reflects. */
  readonly revision: number;
}

/** Sort order of a range (etcd `RangeRequest.SortOrder`). */
export type SortOrder = "NONE" | "ASCEND" | "DESCEND";
/** Sort target of a range (etcd `RangeRequest.SortTarget`). */
export type SortTarget = "KEY" | "VERSION" | "CREATE" | "MOD" | "VALUE";

/**
 * Reads the keys in [key, rangeEnd) (etcd `RangeRequest`). `rangeEnd` absent or empty: only
 * `key`; `rangeEnd` = `[0]` ("\0"): every key ≥ `key`; otherwise the half-open interval (a prefix
 * `p` is `[p, prefixEnd(p))`).
 */
export interface RangeRequest {
  /** The key, or the first key of the range. */
  readonly key: Uint8Array;
  /** End of the range, exclusive (see above). */
  readonly rangeEnd?: Uint8Array;
  /** At most this many kvs (≤ 0: no limit); `more` tells whether some were left out. */
  readonly limit?: number;
  /** Read at this past revision (0 or absent: the current one). */
  readonly revision?: number;
  /** Order of the kvs (NONE: ascending by key). */
  readonly sortOrder?: SortOrder;
  /** What the order sorts by (KEY when absent). */
  readonly sortTarget?: SortTarget;
  /** Ignored by the state machine (a member-local read is the caller's choice). */
  readonly serializable?: boolean;
  /** Return keys and metadata without values. */
  readonly keysOnly?: boolean;
  /** Return only the count. */
  readonly countOnly?: boolean;
  /** Drop kvs with a smaller modRevision (0: no bound); like etcd, filters apply after `count`. */
  readonly minModRevision?: number;
  /** Drop kvs with a larger modRevision (0: no bound). */
  readonly maxModRevision?: number;
  /** Drop kvs with a smaller createRevision (0: no bound). */
  readonly minCreateRevision?: number;
  /** Drop kvs with a larger createRevision (0: no bound). */
  readonly maxCreateRevision?: number;
}

/** The answer to a {@link RangeRequest}. */
export interface RangeResponse {
  /** `revision` is the store's current revision even for a read at a past revision. */
  readonly header: ResponseHeader;
  /** The live kvs, ascending by key unless sorted otherwise. */
  readonly kvs: readonly KeyValue[];
  /** Whether `limit` left matching kvs out. */
  readonly more: boolean;
  /** The number of keys in the range at the read revision, regardless of `limit`. */
  readonly count: number;
}

/** Writes one key (etcd `PutRequest`). */
export interface PutRequest {
  /** The key to write. */
  readonly key: Uint8Array;
  /** The value; must be empty when `ignoreValue` is set. */
  readonly value: Uint8Array;
  /** Lease to attach (0 or absent: none). Must exist. */
  readonly lease?: number;
  /** Return the previous kv. */
  readonly prevKv?: boolean;
  /** Keep the current value (the key must exist). */
  readonly ignoreValue?: boolean;
  /** Keep the current lease (the key must exist). */
  readonly ignoreLease?: boolean;
}

/** The answer to a {@link PutRequest}. */
export interface PutResponse {
  /** `revision` is the revision of this write. */
  readonly header: ResponseHeader;
  /** The previous kv, when asked for and the key existed. */
  readonly prevKv?: KeyValue;
}

/** Deletes the keys in [key, rangeEnd) (same range rules as {@link RangeRequest}). */
export interface DeleteRangeRequest {
  /** The key, or the first key of the range. */
  readonly key: Uint8Array;
  /** End of the range, exclusive. */
  readonly rangeEnd?: Uint8Array;
  /** Return the deleted kvs. */
  readonly prevKv?: boolean;
}

/** The answer to a {@link DeleteRangeRequest}. */
export interface DeleteRangeResponse {
  /** `revision` is the new revision, or the current one when nothing was deleted. */
  readonly header: ResponseHeader;
  /** How many keys were deleted. */
  readonly deleted: number;
  /** The deleted kvs when `prevKv` was asked for, else empty. */
  readonly prevKvs: readonly KeyValue[];
}

/** What a {@link Compare} looks at. */
export type CompareTarget = "VERSION" | "CREATE" | "MOD" | "VALUE" | "LEASE";
/** How a {@link Compare} compares: the key's field OP the given value. */
export type CompareResult = "EQUAL" | "GREATER" | "LESS" | "NOT_EQUAL";

/**
 * One condition of a txn (etcd `Compare`): `target` of `key` (of every key in [key, rangeEnd)
 * when given) compared with the field named after the target (`version`, `createRevision`,
 * `modRevision`, `value`, `lease`; absent = 0 / empty). A missing key compares as all-zero, except
 * that a VALUE compare on a missing key is false.
 */
export interface Compare {
  /** The key, or the first key of the range. */
  readonly key: Uint8Array;
  /** End of the range, exclusive. */
  readonly rangeEnd?: Uint8Array;
  /** Which field of the kv is compared. */
  readonly target: CompareTarget;
  /** The comparison: the kv's field OP the given value. */
  readonly result: CompareResult;
  /** Compared with the kv's `version` (target VERSION). */
  readonly version?: number;
  /** Compared with the kv's `createRevision` (target CREATE). */
  readonly createRevision?: number;
  /** Compared with the kv's `modRevision` (target MOD). */
  readonly modRevision?: number;
  /** Compared with the kv's `value`, bytewise (target VALUE). */
  readonly value?: Uint8Array;
  /** Compared with the kv's `lease` (target LEASE). */
  readonly lease?: number;
}

/** One operation of a txn branch (etcd `RequestOp`): exactly one field. */
export type RequestOp =
  | { readonly requestRange: RangeRequest }
  | { readonly requestPut: PutRequest }
  | { readonly requestDeleteRange: DeleteRangeRequest }
  | { readonly requestTxn: TxnRequest };

/** The answer to one {@link RequestOp}. */
export type ResponseOp =
  | { readonly responseRange: RangeResponse }
  | { readonly responsePut: PutResponse }
  | { readonly responseDeleteRange: DeleteRangeResponse }
  | { readonly responseTxn: TxnResponse };

/**
 * An atomic if/then/else (etcd `TxnRequest`): if every compare holds, run `success`, else
 * `failure`. All writes of a txn share one revision; reads in a branch see earlier writes of it.
 */
export interface TxnRequest {
  /** Conditions, all of which must hold for `success` to run. */
  readonly compare: readonly Compare[];
  /** Operations run when every compare holds. */
  readonly success: readonly RequestOp[];
  /** Operations run otherwise. */
  readonly failure: readonly RequestOp[];
}

/** The answer to a {@link TxnRequest}. */
export interface TxnResponse {
  /** `revision` is the txn's new revision, or the current one when it wrote nothing. */
  readonly header: ResponseHeader;
  /** Whether the compares held (the success branch ran). */
  readonly succeeded: boolean;
  /** One answer per operation of the branch that ran, in order. */
  readonly responses: readonly ResponseOp[];
}

/** Drops history below `revision` (etcd `CompactionRequest`). */
export interface CompactionRequest {
  /** Compact below this revision (it must be above the current compaction revision). */
  readonly revision: number;
  /** Accepted for API compatibility; compaction is always complete when applied. */
  readonly physical?: boolean;
}

/** The answer to a {@link CompactionRequest}. */
export interface CompactionResponse {
  /** `revision` is the current revision (compaction is not a revision). */
  readonly header: ResponseHeader;
}

/** Creates a lease (etcd `LeaseGrantRequest`); the id is chosen before proposing, never 0. */
export interface LeaseGrantRequest {
  /** The lease id (non-zero, unused). */
  readonly id: number;
  /** Time to live in seconds (raised to the configured minimum). */
  readonly ttl: number;
}

/** The answer to a {@link LeaseGrantRequest}. */
export interface LeaseGrantResponse {
  /** `revision` is the current revision (a grant is not a revision). */
  readonly header: ResponseHeader;
  /** The lease id. */
  readonly id: number;
  /** The granted TTL in seconds (after raising to the minimum). */
  readonly ttl: number;
}

/** Revokes a lease and deletes its keys in one revision; expiry is a revoke the leader proposes. */
export interface LeaseRevokeRequest {
  /** The lease to revoke. */
  readonly id: number;
}

/** The answer to a {@link LeaseRevokeRequest}. */
export interface LeaseRevokeResponse {
  /** `revision` is the new revision when keys were deleted, else the current one. */
  readonly header: ResponseHeader;
}

/** Persists a lease's remaining TTL so a new leader does not restart it from the full TTL. */
export interface LeaseCheckpoint {
  /** The lease id (unknown ids are ignored). */
  readonly id: number;
  /** Remaining seconds; 0 clears the checkpoint (the full TTL applies again). */
  readonly remainingTtl: number;
}

/** A batch of {@link LeaseCheckpoint}s (etcd `LeaseCheckpointRequest`). */
export interface LeaseCheckpointRequest {
  /** Remaining TTLs to record. */
  readonly checkpoints: readonly LeaseCheckpoint[];
}

/** The answer to a {@link LeaseCheckpointRequest}. */
export interface LeaseCheckpointResponse {
  /** `revision` is the current revision. */
  readonly header: ResponseHeader;
}

/**
 * One entry of the replicated log for the store (etcd `InternalRaftRequest`): exactly one
 * field names the operation.
 */
export type StoreRequest =
  | { readonly range: RangeRequest }
  | { readonly put: PutRequest }
  | { readonly deleteRange: DeleteRangeRequest }
  | { readonly txn: TxnRequest }
  | { readonly compaction: CompactionRequest }
  | { readonly leaseGrant: LeaseGrantRequest }
  | { readonly leaseRevoke: LeaseRevokeRequest }
  | { readonly leaseCheckpoint: LeaseCheckpointRequest };

/** The answer to a {@link StoreRequest}: the field of the same name as the request's. */
export type StoreResponse =
  | { readonly range: RangeResponse }
  | { readonly put: PutResponse }
  | { readonly deleteRange: DeleteRangeResponse }
  | { readonly txn: TxnResponse }
  | { readonly compaction: CompactionResponse }
  | { readonly leaseGrant: LeaseGrantResponse }
  | { readonly leaseRevoke: LeaseRevokeResponse }
  | { readonly leaseCheckpoint: LeaseCheckpointResponse };

/** Kind of change of a watch event. */
export type EventType = "PUT" | "DELETE";

/**
 * One change (etcd `mvccpb.Event`). A DELETE's `kv` holds the key and `modRevision` = the
 * deletion revision; its other fields are zero.
 */
export interface Event {
  /** PUT (created or updated) or DELETE. */
  readonly type: EventType;
  /** The kv after the change (see above for DELETE). */
  readonly kv: KeyValue;
  /** The key's kv just before this change (only when the watcher asked for it and it existed). */
  readonly prevKv?: KeyValue;
}

/** Event filters of a watch (etcd `WatchCreateRequest.FilterType`). */
export type WatchFilter = "NOPUT" | "NODELETE";

/** Creates a watcher (etcd `WatchCreateRequest`). */
export interface WatchRequest {
  /** The key, or the first key of the range (empty: "\0", every key from the smallest). */
  readonly key: Uint8Array;
  /** Same range rules as {@link RangeRequest}. */
  readonly rangeEnd?: Uint8Array;
  /** First revision to report, inclusive; 0 or absent: the next revision. */
  readonly startRevision?: number;
  /** Attach the previous kv to each event. */
  readonly prevKv?: boolean;
  /** Drop PUT and/or DELETE events. */
  readonly filters?: readonly WatchFilter[];
  /** Recorded for the client API's periodic progress notifications (the hub has no timers). */
  readonly progressNotify?: boolean;
}

/** One message to a watcher's consumer (etcd `WatchResponse` without the gRPC framing). */
export interface WatchResponse {
  /** The watcher this response belongs to. */
  readonly watchId: number;
  /**
   * `revision`: every event of this watcher with a revision ≤ it has been delivered once this
   * response is taken (for events, the last revision the response covers).
   */
  readonly header: ResponseHeader;
  /** Events in revision order; all events of one revision are in the same response. */
  readonly events: readonly Event[];
  /** The watcher ended; no response follows. */
  readonly canceled?: boolean;
  /** Why the watcher was canceled. */
  readonly cancelReason?: string;
  /** Set when canceled because the start revision was compacted: the compaction revision. */
  readonly compactRevision?: number;
}
