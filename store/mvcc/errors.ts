/**
 * Typed errors of the revisioned key/value store. Each carries the gRPC status `code` etcd uses
 * for it and etcd's exact message, so the client API maps them to responses in one place.
 *
 * Invariant: a request that fails with one of these errors left the store unchanged (every
 * check runs before the first mutation), so a failed apply is deterministic on every member.
 *
 * @module
 */

/** gRPC status codes used by the store's errors (the subset etcd maps its errors to). */
export const GrpcCode = {
  InvalidArgument: 3,
  NotFound: 5,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  OutOfRange: 11,
  Unavailable: 14,
} as const;

/** The base class of all store domain errors; `code` is the gRPC status code. */
export class StoreError extends Error {
  /** The gRPC status code etcd answers with. */
  readonly code: number;

  /** Creates an error with etcd's `message` and gRPC `code`. */
  constructor(message: string, code: number) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A read or watch asked for a revision below the compaction point (etcd `ErrCompacted`). */
export class CompactedError extends StoreError {
  /** The store's compaction revision when the request failed. */
  readonly compactRevision: number;

  /** Creates the error; `compactRevision` is the current compaction point. */
  constructor(compactRevision: number) {
    super("mvcc: required revision has been compacted", GrpcCode.OutOfRange);
    this.compactRevision = compactRevision;
  }
}

/** A read asked for a revision above the current one (etcd `ErrFutureRev`). */
export class FutureRevisionError extends StoreError {
  /** The store's current revision when the request failed. */
  readonly currentRevision: number;

  /** Creates the error; `currentRevision` is the store's revision. */
  constructor(currentRevision: number) {
    super("mvcc: required revision is a future revision", GrpcCode.OutOfRange);
    this.currentRevision = currentRevision;
  }
}

/** A write would grow the stored bytes over the quota (etcd `ErrNoSpace`). */
export class QuotaExceededError extends StoreError {
  /** The configured quota in bytes. */
  readonly quotaBytes: number;
  /** The stored bytes the write would have reached. */
  readonly wouldBe: number;

  /** Creates the error for a write that would reach `wouldBe` bytes over `quotaBytes`. */
  constructor(quotaBytes: number, wouldBe: number) {
    super("etcdserver: mvcc: database space exceeded", GrpcCode.ResourceExhausted);
    this.quotaBytes = quotaBytes;
    this.wouldBe = wouldBe;
  }
}

/** A request names a lease that does not exist (etcd `ErrLeaseNotFound`). */
export class LeaseNotFoundError extends StoreError {
  /** The lease id asked for. */
  readonly leaseId: number;

  /** Creates the error for lease `leaseId`. */
  constructor(leaseId: number) {
    super("etcdserver: requested lease not found", GrpcCode.NotFound);
    this.leaseId = leaseId;
  }
}

/** A grant names a lease id already in use (etcd `ErrLeaseExists`). */
export class LeaseExistsError extends StoreError {
  /** The lease id asked for. */
  readonly leaseId: number;

  /** Creates the error for lease `leaseId`. */
  constructor(leaseId: number) {
    super("etcdserver: lease already exists", GrpcCode.FailedPrecondition);
    this.leaseId = leaseId;
  }
}

/** A grant asks for a TTL above the maximum (etcd `ErrLeaseTTLTooLarge`). */
export class LeaseTtlTooLargeError extends StoreError {
  /** Creates the error. */
  constructor() {
    super("etcdserver: too large lease TTL", GrpcCode.OutOfRange);
  }
}

/** Keepalive on a member that is not the primary lessor (etcd `ErrNotPrimary`). */
export class NotPrimaryError extends StoreError {
  /** Creates the error. */
  constructor() {
    super("etcdserver: not primary lessor", GrpcCode.Unavailable);
  }
}

/** `ignoreValue`/`ignoreLease` on a key that does not exist (etcd `ErrKeyNotFound`). */
export class KeyNotFoundError extends StoreError {
  /** Creates the error. */
  constructor() {
    super("etcdserver: key not found", GrpcCode.InvalidArgument);
  }
}

/** Malformed request, caught before execution (empty key, duplicate txn keys, too many ops…). */
export class InvalidRequestError extends StoreError {
  /** Creates the error with etcd's message for the violated rule. */
  constructor(message: string) {
    super(message, GrpcCode.InvalidArgument);
  }
}

/** etcd's messages for {@link InvalidRequestError}. */
export const InvalidRequest = {
  emptyKey: "etcdserver: key is not provided",
  duplicateKey: "etcdserver: duplicate key given in txn request",
  tooManyOps: "etcdserver: too many operations in txn request",
  valueProvided: "etcdserver: value is provided",
  leaseProvided: "etcdserver: lease is provided",
  emptyRequest: "etcdserver: empty request",
} as const;
