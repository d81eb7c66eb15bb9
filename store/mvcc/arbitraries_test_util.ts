/**
 * fast-check arbitraries for store requests, shared by this folder's tests.
 *
 * @module
 */

import fc from "fast-check";
import type {
  Compare,
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  RequestOp,
  StoreRequest,
  TxnRequest,
} from "./types.ts";

const bytes = fc.uint8Array({ maxLength: 6 });
const int = fc.maxSafeNat().chain((n) => fc.constantFrom(n, n === 0 ? 0 : -n, n % 1000));
const bool = fc.boolean();

/** Any range request. */
export const rangeRequest: fc.Arbitrary<RangeRequest> = fc.record({
  key: bytes,
  rangeEnd: bytes,
  limit: int,
  revision: int,
  sortOrder: fc.constantFrom("NONE", "ASCEND", "DESCEND"),
  sortTarget: fc.constantFrom("KEY", "VERSION", "CREATE", "MOD", "VALUE"),
  serializable: bool,
  keysOnly: bool,
  countOnly: bool,
  minModRevision: int,
  maxModRevision: int,
  minCreateRevision: int,
  maxCreateRevision: int,
}, { requiredKeys: ["key"], noNullPrototype: true });

/** Any put request. */
export const putRequest: fc.Arbitrary<PutRequest> = fc.record({
  key: bytes,
  value: bytes,
  lease: int,
  prevKv: bool,
  ignoreValue: bool,
  ignoreLease: bool,
}, { requiredKeys: ["key", "value"], noNullPrototype: true });

/** Any delete request. */
export const deleteRangeRequest: fc.Arbitrary<DeleteRangeRequest> = fc.record({
  key: bytes,
  rangeEnd: bytes,
  prevKv: bool,
}, { requiredKeys: ["key"], noNullPrototype: true });

/** Any compare. */
export const compare: fc.Arbitrary<Compare> = fc.record({
  key: bytes,
  rangeEnd: bytes,
  target: fc.constantFrom("VERSION", "CREATE", "MOD", "VALUE", "LEASE"),
  result: fc.constantFrom("EQUAL", "GREATER", "LESS", "NOT_EQUAL"),
  version: int,
  createRevision: int,
  modRevision: int,
  value: bytes,
  lease: int,
}, { requiredKeys: ["key", "target", "result"], noNullPrototype: true });

const txnTree = fc.letrec<{ txn: TxnRequest; op: RequestOp }>((tie) => ({
  txn: fc.record({
    compare: fc.array(compare, { maxLength: 3 }),
    success: fc.array(tie("op"), { maxLength: 3 }),
    failure: fc.array(tie("op"), { maxLength: 3 }),
  }, { noNullPrototype: true }),
  op: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    rangeRequest.map((r) => ({ requestRange: r })),
    putRequest.map((r) => ({ requestPut: r })),
    deleteRangeRequest.map((r) => ({ requestDeleteRange: r })),
    tie("txn").map((r) => ({ requestTxn: r as TxnRequest })),
  ),
}));

/** Any txn request (nested txns included). */
export const txnRequest: fc.Arbitrary<TxnRequest> = txnTree.txn;

/** Any store request. */
export const storeRequest: fc.Arbitrary<StoreRequest> = fc.oneof(
  rangeRequest.map((range) => ({ range })),
  putRequest.map((put) => ({ put })),
  deleteRangeRequest.map((deleteRange) => ({ deleteRange })),
  txnRequest.map((txn) => ({ txn })),
  fc.record({ revision: int, physical: bool }, {
    requiredKeys: ["revision"],
    noNullPrototype: true,
  }).map((
    compaction,
  ) => ({ compaction })),
  fc.record({ id: int, ttl: int }, { noNullPrototype: true }).map((leaseGrant) => ({ leaseGrant })),
  fc.record({ id: int }, { noNullPrototype: true }).map((leaseRevoke) => ({ leaseRevoke })),
  fc.array(fc.record({ id: int, remainingTtl: int }, { noNullPrototype: true }), { maxLength: 4 })
    .map((checkpoints) => ({
      leaseCheckpoint: { checkpoints },
    })),
);
