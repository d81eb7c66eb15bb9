/**
 * kubeno's revisioned key/value store (the state machine under Raft, like etcd's mvcc): range,
 * put, delete, txn, compaction, leases, watch from a revision, snapshots, a request codec.
 *
 * Typical use by the store node: decode each committed entry with {@link decodeEntry} and
 * `store.apply(request, now)`; answer local reads with `store.range(...)`; serve watches with
 * `store.watch(...)` and `watcher.take()`; on leadership, `store.lessor.promote(now, extend)`
 * and periodically propose `leaseRevoke` for `store.lessor.expired(now)`.
 *
 * @module
 */

export {
  CompactedError,
  FutureRevisionError,
  GrpcCode,
  InvalidRequest,
  InvalidRequestError,
  KeyNotFoundError,
  LeaseExistsError,
  LeaseNotFoundError,
  LeaseTtlTooLargeError,
  NotPrimaryError,
  QuotaExceededError,
  StoreError,
} from "./errors.ts";
export type * from "./types.ts";
export { compareBytes, EMPTY_BYTES, equalBytes, prefixEnd } from "./bytes.ts";
export {
  CODEC_VERSION,
  decodeEntry,
  DecodeError,
  decodeRequest,
  encodeEntry,
  encodeRequest,
  type StoreEntry,
} from "./codec.ts";
export {
  DEFAULT_QUOTA_BYTES,
  KvStore,
  type KvStoreOptions,
  type LeaseTimeToLive,
} from "./kv_store.ts";
export { ENTRY_OVERHEAD } from "./key_index.ts";
export { EventLog } from "./event_log.ts";
export {
  type LeaseView,
  Lessor,
  type LessorOptions,
  MAX_LEASE_TTL,
  type RenewResult,
} from "./lessor.ts";
export {
  DEFAULT_MAX_TXN_OPS,
  isTxnReadOnly,
  validateDeleteRange,
  validatePut,
  validateRange,
  validateTxn,
} from "./txn.ts";
export {
  COMPACTED_REASON,
  DEFAULT_BATCH_REVISIONS,
  DEFAULT_MAX_PENDING_EVENTS,
  RESTORED_REASON,
  SLOW_WATCHER_REASON,
  type Watcher,
  WatchHub,
  type WatchHubOptions,
  type WatchSource,
} from "./watch_hub.ts";
export { SNAPSHOT_VERSION } from "./snapshot.ts";
