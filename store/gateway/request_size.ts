/**
 * etcd's request size limits, on the protobuf size of a request as etcd measures it: gRPC
 * refuses a message over max-request-bytes + 512 KiB ("grpc: received message larger than
 * max", RESOURCE_EXHAUSTED), and a request that goes through Raft (every write) is refused
 * when its log entry would exceed max-request-bytes ("etcdserver: request is too large").
 * Reads are only subject to the first limit. Sizes are computed exactly (proto3 encoding),
 * and so is the Raft entry around a request ({@link raftEnvelopeBytes}), whose request id
 * etcd derives from the member id.
 *
 * @module
 */

import type {
  CompactionRequest,
  Compare,
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  RequestOp,
  TxnRequest,
} from "../mvcc/mod.ts";
import { MessageTooLargeError, RequestTooLargeError } from "./errors.ts";

/** etcd's default `--max-request-bytes`: 1.5 MiB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
/** What etcd adds to max-request-bytes for gRPC's receive limit. */
export const GRPC_OVERHEAD_BYTES = 512 * 1024;

/**
 * Bytes a request of `size` bytes gains in its Raft entry (etcd `InternalRaftRequest`): the
 * request header (field 100) holding the request id, then the request's own field tag and
 * length. etcd's request ids put the low 16 bits of the member id on top of a 48-bit
 * timestamp and counter, so the id's varint — 10 bytes when bit 15 of the member id is set,
 * usually 9 — depends on the member (measured on etcd 3.4.23: 18 and 17 bytes in all).
 */
export function raftEnvelopeBytes(memberId: string, size: number): number {
  let m16 = 0;
  try {
    m16 = Number(BigInt(memberId) & 0xffffn);
  } catch {
    // not a number: treat like a member id with zero low bits
  }
  const idBits = 48 + (m16 === 0 ? 0 : Math.floor(Math.log2(m16)) + 1);
  const idVarint = Math.ceil(idBits / 7);
  const header = 1 + idVarint; // the id field
  return 2 + varintSize(header) + header + 1 + varintSize(size);
}

/** Bytes of a varint (negative int64s take 10). */
export function varintSize(n: number): number {
  if (n < 0) return 10;
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

const tag = (field: number) => varintSize(field << 3);
const int = (field: number, n: number | undefined) =>
  n === undefined || n === 0 ? 0 : tag(field) + varintSize(n);
const bool = (field: number, b: boolean | undefined) => (b ? tag(field) + 1 : 0);
const bytes = (field: number, b: Uint8Array | undefined) =>
  b === undefined || b.length === 0 ? 0 : tag(field) + varintSize(b.length) + b.length;
const msg = (field: number, size: number) => tag(field) + varintSize(size) + size;

const SORT_ORDER = { NONE: 0, ASCEND: 1, DESCEND: 2 } as const;
const SORT_TARGET = { KEY: 0, VERSION: 1, CREATE: 2, MOD: 3, VALUE: 4 } as const;
const COMPARE_RESULT = { EQUAL: 0, GREATER: 1, LESS: 2, NOT_EQUAL: 3 } as const;
const COMPARE_TARGET = { VERSION: 0, CREATE: 1, MOD: 2, VALUE: 3, LEASE: 4 } as const;

/** Protobuf size of an etcdserverpb.RangeRequest. */
export function rangeRequestSize(r: RangeRequest): number {
  return bytes(1, r.key) + bytes(2, r.rangeEnd) + int(3, r.limit) + int(4, r.revision) +
    int(5, SORT_ORDER[r.sortOrder ?? "NONE"]) + int(6, SORT_TARGET[r.sortTarget ?? "KEY"]) +
    bool(7, r.serializable) + bool(8, r.keysOnly) + bool(9, r.countOnly) +
    int(10, r.minModRevision) + int(11, r.maxModRevision) + int(12, r.minCreateRevision) +
    int(13, r.maxCreateRevision);
}

/** Protobuf size of an etcdserverpb.PutRequest. */
export function putRequestSize(r: PutRequest): number {
  return bytes(1, r.key) + bytes(2, r.value) + int(3, r.lease) + bool(4, r.prevKv) +
    bool(5, r.ignoreValue) + bool(6, r.ignoreLease);
}

/** Protobuf size of an etcdserverpb.DeleteRangeRequest. */
export function deleteRangeRequestSize(r: DeleteRangeRequest): number {
  return bytes(1, r.key) + bytes(2, r.rangeEnd) + bool(3, r.prevKv);
}

function compareSize(c: Compare): number {
  return int(1, COMPARE_RESULT[c.result]) + int(2, COMPARE_TARGET[c.target]) + bytes(3, c.key) +
    int(4, c.version) + int(5, c.createRevision) + int(6, c.modRevision) + bytes(7, c.value) +
    int(8, c.lease) + bytes(64, c.rangeEnd);
}

function requestOpSize(op: RequestOp): number {
  if ("requestRange" in op) return msg(1, rangeRequestSize(op.requestRange));
  if ("requestPut" in op) return msg(2, putRequestSize(op.requestPut));
  if ("requestDeleteRange" in op) return msg(3, deleteRangeRequestSize(op.requestDeleteRange));
  if ("requestTxn" in op) return msg(4, txnRequestSize(op.requestTxn));
  return 0;
}

/** Protobuf size of an etcdserverpb.TxnRequest. */
export function txnRequestSize(t: TxnRequest): number {
  let size = 0;
  for (const c of t.compare) size += msg(1, compareSize(c));
  for (const op of t.success) size += msg(2, requestOpSize(op));
  for (const op of t.failure) size += msg(3, requestOpSize(op));
  return size;
}

/** Protobuf size of an etcdserverpb.CompactionRequest. */
export function compactionRequestSize(r: CompactionRequest): number {
  return int(1, r.revision) + bool(2, r.physical);
}

/**
 * Throws etcd's error when a request of protobuf size `size` is over the limits for
 * `maxRequestBytes`. `raftMember`: the id of the member proposing it when the request goes
 * through the log (a write), undefined for a read.
 */
export function checkRequestSize(
  size: number,
  raftMember: string | undefined,
  maxRequestBytes: number,
): void {
  const grpcMax = maxRequestBytes + GRPC_OVERHEAD_BYTES;
  if (size > grpcMax) throw new MessageTooLargeError(size, grpcMax);
  if (raftMember !== undefined && size + raftEnvelopeBytes(raftMember, size) > maxRequestBytes) {
    throw new RequestTooLargeError();
  }
}
