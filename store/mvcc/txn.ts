/**
 * Request validation and txn compare evaluation, as etcd does them before executing anything:
 * the shape checks of its gRPC layer (`checkPutRequest`, `checkTxnRequest`, `checkIntervals`)
 * and its compare semantics (`applyCompare`, `compareKV`).
 *
 * The txn rule that matters for the state machine: within one branch (nested txns included)
 * no key is put twice and no put falls inside a deleted range. Hence every key changes at most
 * once per revision, which the key index relies on.
 *
 * @module
 */

import { compareBytes, inKeyRange, type KeyRange, keyRange, toKeyString } from "./bytes.ts";
import { InvalidRequest, InvalidRequestError } from "./errors.ts";
import type {
  Compare,
  DeleteRangeRequest,
  KeyValue,
  PutRequest,
  RangeRequest,
  RequestOp,
  TxnRequest,
} from "./types.ts";

/** etcd's default bound on the operations of one txn branch (`--max-txn-ops`). */
export const DEFAULT_MAX_TXN_OPS = 128;

function requireKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length === 0) {
    throw new InvalidRequestError(InvalidRequest.emptyKey);
  }
}

/** Throws {@link InvalidRequestError} unless `r` is a well-formed range request. */
export function validateRange(r: RangeRequest): void {
  requireKey(r.key);
}

/** Throws {@link InvalidRequestError} unless `r` is a well-formed put request. */
export function validatePut(r: PutRequest): void {
  requireKey(r.key);
  if (r.ignoreValue && r.value.length !== 0) {
    throw new InvalidRequestError(InvalidRequest.valueProvided);
  }
  if (r.ignoreLease && (r.lease ?? 0) !== 0) {
    throw new InvalidRequestError(InvalidRequest.leaseProvided);
  }
}

/** Throws {@link InvalidRequestError} unless `r` is a well-formed delete request. */
export function validateDeleteRange(r: DeleteRangeRequest): void {
  requireKey(r.key);
}

function validateOp(op: RequestOp, maxOps: number): void {
  if ("requestRange" in op) validateRange(op.requestRange);
  else if ("requestPut" in op) validatePut(op.requestPut);
  else if ("requestDeleteRange" in op) validateDeleteRange(op.requestDeleteRange);
  else if ("requestTxn" in op) validateTxnShape(op.requestTxn, maxOps);
  else throw new InvalidRequestError(InvalidRequest.emptyRequest);
}

function validateTxnShape(t: TxnRequest, maxOps: number): void {
  const opc = Math.max(t.compare.length, t.success.length, t.failure.length);
  if (opc > maxOps) throw new InvalidRequestError(InvalidRequest.tooManyOps);
  for (const c of t.compare) requireKey(c.key);
  for (const op of t.success) validateOp(op, maxOps - opc);
  for (const op of t.failure) validateOp(op, maxOps - opc);
}

interface Writes {
  readonly puts: Set<string>;
  readonly dels: KeyRange[];
}

function inAny(dels: readonly KeyRange[], k: string): boolean {
  for (const d of dels) if (inKeyRange(d, k)) return true;
  return false;
}

/** etcd `checkIntervals`: the puts and deleted ranges of a branch, or a duplicate-key error. */
function checkIntervals(ops: readonly RequestOp[]): Writes {
  const dels: KeyRange[] = [];
  for (const op of ops) {
    if ("requestDeleteRange" in op) {
      const d = op.requestDeleteRange;
      dels.push(keyRange(d.key, d.rangeEnd));
    }
  }
  const puts = new Set<string>();
  const dup = () => new InvalidRequestError(InvalidRequest.duplicateKey);
  const nestedDels: KeyRange[] = [];
  for (const op of ops) {
    if (!("requestTxn" in op)) continue;
    const then = checkIntervals(op.requestTxn.success);
    const els = checkIntervals(op.requestTxn.failure);
    for (const k of then.puts) {
      if (puts.has(k) || inAny(dels, k)) throw dup();
      puts.add(k);
    }
    for (const k of els.puts) {
      // A key put by both branches of the same nested txn is fine: only one branch runs.
      if ((puts.has(k) && !then.puts.has(k)) || inAny(dels, k)) throw dup();
      puts.add(k);
    }
    nestedDels.push(...then.dels, ...els.dels);
  }
  dels.push(...nestedDels);
  for (const op of ops) {
    if (!("requestPut" in op)) continue;
    const k = toKeyString(op.requestPut.key);
    if (puts.has(k) || inAny(dels, k)) throw dup();
    puts.add(k);
  }
  return { puts, dels };
}

/**
 * Throws {@link InvalidRequestError} unless `t` is a well-formed txn: non-empty keys, at most
 * `maxOps` compares and operations per branch (nested txns share the budget as in etcd),
 * ignoreValue/ignoreLease without value/lease, no overlapping writes in a branch.
 */
export function validateTxn(t: TxnRequest, maxOps: number = DEFAULT_MAX_TXN_OPS): void {
  validateTxnShape(t, maxOps);
  checkIntervals(t.success);
  checkIntervals(t.failure);
}

/** A KeyValue of all zeros: what a compare sees for a missing key. */
const ZERO_KV: KeyValue = {
  key: new Uint8Array(0),
  createRevision: 0,
  modRevision: 0,
  version: 0,
  value: new Uint8Array(0),
  lease: 0,
};

/** Whether `kv` satisfies `c` (etcd `compareKV`). */
export function compareKv(c: Compare, kv: KeyValue): boolean {
  let d: number;
  switch (c.target) {
    case "VALUE":
      d = compareBytes(kv.value, c.value ?? ZERO_KV.value);
      break;
    case "CREATE":
      d = kv.createRevision - (c.createRevision ?? 0);
      break;
    case "MOD":
      d = kv.modRevision - (c.modRevision ?? 0);
      break;
    case "VERSION":
      d = kv.version - (c.version ?? 0);
      break;
    case "LEASE":
      d = kv.lease - (c.lease ?? 0);
      break;
    default:
      throw new InvalidRequestError(InvalidRequest.emptyRequest);
  }
  switch (c.result) {
    case "EQUAL":
      return d === 0;
    case "NOT_EQUAL":
      return d !== 0;
    case "GREATER":
      return d > 0;
    case "LESS":
      return d < 0;
    default:
      throw new InvalidRequestError(InvalidRequest.emptyRequest);
  }
}

/**
 * Whether compare `c` holds (etcd `applyCompare`), given `kvs`: the live kvs of its key or range.
 * Every kv must satisfy it; with none, a VALUE compare fails and others compare against zeros.
 */
export function compareHolds(c: Compare, kvs: readonly KeyValue[]): boolean {
  if (kvs.length === 0) return c.target === "VALUE" ? false : compareKv(c, ZERO_KV);
  for (const kv of kvs) if (!compareKv(c, kv)) return false;
  return true;
}

/** Whether a txn can change nothing: no put or delete in either branch, nested txns included. */
export function isTxnReadOnly(t: TxnRequest): boolean {
  const ro = (ops: readonly RequestOp[]): boolean =>
    ops.every((op) => "requestRange" in op || ("requestTxn" in op && isTxnReadOnly(op.requestTxn)));
  return ro(t.success) && ro(t.failure);
}
