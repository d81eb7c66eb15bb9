/**
 * The deterministic binary codec of store requests, so the Raft log can carry them:
 * `encodeEntry`/`decodeEntry` (a request plus the proposer's id) and `encodeRequest`/
 * `decodeRequest` (id 0).
 *
 * Layout: a version byte (1), the entry id (varint), a request tag byte, then the message. A
 * message writes its required fields in a fixed order, then a varint bit set saying which
 * optional fields follow, then those fields in a fixed order. Booleans are bytes, integers are
 * sign-and-magnitude varints, byte strings are length-prefixed, enums are their index.
 *
 * Invariants: `decode(encode(x))` deep-equals `x` (an absent optional field stays absent, a
 * present one keeps its value, false and 0 included); equal requests encode to identical bytes;
 * decoding rejects truncated, trailing or malformed input with a {@link DecodeError}. Decoded byte
 * strings are views into the input (the store copies what it keeps).
 *
 * @module
 */

import { ByteReader, ByteWriter, DecodeError } from "./binary.ts";
import type {
  Compare,
  CompareResult,
  CompareTarget,
  DeleteRangeRequest,
  LeaseCheckpoint,
  PutRequest,
  RangeRequest,
  RequestOp,
  SortOrder,
  SortTarget,
  StoreRequest,
  TxnRequest,
} from "./types.ts";

export { DecodeError } from "./binary.ts";

/** The codec's format version (the first byte of every entry). */
export const CODEC_VERSION = 1;

/** A request as carried in one log entry, with the proposer's id for matching the answer. */
export interface StoreEntry {
  /** Chosen by the proposer (a non-negative safe integer; 0 when unused). */
  readonly id: number;
  /** The request to apply. */
  readonly request: StoreRequest;
}

const SORT_ORDERS: readonly SortOrder[] = ["NONE", "ASCEND", "DESCEND"];
const SORT_TARGETS: readonly SortTarget[] = ["KEY", "VERSION", "CREATE", "MOD", "VALUE"];
const COMPARE_TARGETS: readonly CompareTarget[] = ["VERSION", "CREATE", "MOD", "VALUE", "LEASE"];
const COMPARE_RESULTS: readonly CompareResult[] = ["EQUAL", "GREATER", "LESS", "NOT_EQUAL"];

type Kind = "bytes" | "int" | "bool" | readonly string[];
type Fields = readonly (readonly [string, Kind])[];

const RANGE_OPTIONAL: Fields = [
  ["rangeEnd", "bytes"],
  ["limit", "int"],
  ["revision", "int"],
  ["sortOrder", SORT_ORDERS],
  ["sortTarget", SORT_TARGETS],
  ["serializable", "bool"],
  ["keysOnly", "bool"],
  ["countOnly", "bool"],
  ["minModRevision", "int"],
  ["maxModRevision", "int"],
  ["minCreateRevision", "int"],
  ["maxCreateRevision", "int"],
];
const PUT_OPTIONAL: Fields = [
  ["lease", "int"],
  ["prevKv", "bool"],
  ["ignoreValue", "bool"],
  ["ignoreLease", "bool"],
];
const DELETE_OPTIONAL: Fields = [["rangeEnd", "bytes"], ["prevKv", "bool"]];
const COMPARE_OPTIONAL: Fields = [
  ["rangeEnd", "bytes"],
  ["version", "int"],
  ["createRevision", "int"],
  ["modRevision", "int"],
  ["value", "bytes"],
  ["lease", "int"],
];
const COMPACTION_OPTIONAL: Fields = [["physical", "bool"]];

function writeValue(w: ByteWriter, kind: Kind, v: unknown, name: string): void {
  if (kind === "bytes") {
    if (!(v instanceof Uint8Array)) throw new TypeError(`encode: ${name} is not a Uint8Array`);
    w.bytes(v);
  } else if (kind === "int") {
    if (typeof v !== "number") throw new TypeError(`encode: ${name} is not a number`);
    w.int(v);
  } else if (kind === "bool") {
    if (typeof v !== "boolean") throw new TypeError(`encode: ${name} is not a boolean`);
    w.byte(v ? 1 : 0);
  } else {
    const i = kind.indexOf(v as string);
    if (i < 0) throw new TypeError(`encode: ${name} is not one of ${kind.join("|")}`);
    w.byte(i);
  }
}

function readValue(r: ByteReader, kind: Kind, name: string): unknown {
  if (kind === "bytes") return r.bytes();
  if (kind === "int") return r.int();
  if (kind === "bool") return r.bool();
  const v = kind[r.byte()];
  if (v === undefined) throw new DecodeError(`decode: bad ${name}`);
  return v;
}

function writeOptional(w: ByteWriter, msg: object, fields: Fields): void {
  const rec = msg as Record<string, unknown>;
  let flags = 0;
  for (let i = 0; i < fields.length; i++) {
    if (rec[fields[i]![0]] !== undefined) flags += 2 ** i;
  }
  w.uint(flags);
  for (const [name, kind] of fields) {
    const v = rec[name];
    if (v !== undefined) writeValue(w, kind, v, name);
  }
}

function readOptional(r: ByteReader, out: Record<string, unknown>, fields: Fields): void {
  let flags = r.uint();
  if (flags >= 2 ** fields.length) throw new DecodeError("decode: unknown optional fields");
  for (const [name, kind] of fields) {
    if (flags % 2 === 1) out[name] = readValue(r, kind, name);
    flags = Math.floor(flags / 2);
  }
}

function writeRange(w: ByteWriter, m: RangeRequest): void {
  writeValue(w, "bytes", m.key, "key");
  writeOptional(w, m, RANGE_OPTIONAL);
}

function readRange(r: ByteReader): RangeRequest {
  const out: Record<string, unknown> = { key: r.bytes() };
  readOptional(r, out, RANGE_OPTIONAL);
  return out as unknown as RangeRequest;
}

function writePut(w: ByteWriter, m: PutRequest): void {
  writeValue(w, "bytes", m.key, "key");
  writeValue(w, "bytes", m.value, "value");
  writeOptional(w, m, PUT_OPTIONAL);
}

function readPut(r: ByteReader): PutRequest {
  const out: Record<string, unknown> = { key: r.bytes(), value: r.bytes() };
  readOptional(r, out, PUT_OPTIONAL);
  return out as unknown as PutRequest;
}

function writeDelete(w: ByteWriter, m: DeleteRangeRequest): void {
  writeValue(w, "bytes", m.key, "key");
  writeOptional(w, m, DELETE_OPTIONAL);
}

function readDelete(r: ByteReader): DeleteRangeRequest {
  const out: Record<string, unknown> = { key: r.bytes() };
  readOptional(r, out, DELETE_OPTIONAL);
  return out as unknown as DeleteRangeRequest;
}

function writeCompare(w: ByteWriter, c: Compare): void {
  writeValue(w, "bytes", c.key, "key");
  writeValue(w, COMPARE_TARGETS, c.target, "target");
  writeValue(w, COMPARE_RESULTS, c.result, "result");
  writeOptional(w, c, COMPARE_OPTIONAL);
}

function readCompare(r: ByteReader): Compare {
  const out: Record<string, unknown> = {
    key: r.bytes(),
    target: readValue(r, COMPARE_TARGETS, "target"),
    result: readValue(r, COMPARE_RESULTS, "result"),
  };
  readOptional(r, out, COMPARE_OPTIONAL);
  return out as unknown as Compare;
}

const OP_RANGE = 1;
const OP_PUT = 2;
const OP_DELETE = 3;
const OP_TXN = 4;

function writeOp(w: ByteWriter, op: RequestOp): void {
  if ("requestRange" in op) {
    w.byte(OP_RANGE);
    writeRange(w, op.requestRange);
  } else if ("requestPut" in op) {
    w.byte(OP_PUT);
    writePut(w, op.requestPut);
  } else if ("requestDeleteRange" in op) {
    w.byte(OP_DELETE);
    writeDelete(w, op.requestDeleteRange);
  } else if ("requestTxn" in op) {
    w.byte(OP_TXN);
    writeTxn(w, op.requestTxn);
  } else {
    throw new TypeError("encode: empty RequestOp");
  }
}

function readOp(r: ByteReader, depth: number): RequestOp {
  const tag = r.byte();
  switch (tag) {
    case OP_RANGE:
      return { requestRange: readRange(r) };
    case OP_PUT:
      return { requestPut: readPut(r) };
    case OP_DELETE:
      return { requestDeleteRange: readDelete(r) };
    case OP_TXN:
      return { requestTxn: readTxn(r, depth + 1) };
    default:
      throw new DecodeError(`decode: unknown RequestOp tag ${tag}`);
  }
}

function writeList<T>(
  w: ByteWriter,
  items: readonly T[],
  write: (w: ByteWriter, x: T) => void,
): void {
  w.uint(items.length);
  for (const x of items) write(w, x);
}

function readList<T>(r: ByteReader, read: (r: ByteReader) => T): T[] {
  const n = r.uint();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(read(r));
  return out;
}

function writeTxn(w: ByteWriter, t: TxnRequest): void {
  writeList(w, t.compare, writeCompare);
  writeList(w, t.success, writeOp);
  writeList(w, t.failure, writeOp);
}

/** Nesting bound for txns while decoding, so hostile input cannot exhaust the stack. */
const MAX_TXN_DEPTH = 64;

function readTxn(r: ByteReader, depth: number): TxnRequest {
  if (depth > MAX_TXN_DEPTH) throw new DecodeError("decode: txn nested too deeply");
  const compare = readList(r, readCompare);
  const success = readList(r, (r) => readOp(r, depth));
  const failure = readList(r, (r) => readOp(r, depth));
  return { compare, success, failure };
}

function writeCheckpoint(w: ByteWriter, c: LeaseCheckpoint): void {
  w.int(c.id);
  w.int(c.remainingTtl);
}

function readCheckpoint(r: ByteReader): LeaseCheckpoint {
  const id = r.int();
  return { id, remainingTtl: r.int() };
}

const TAG_RANGE = 1;
const TAG_PUT = 2;
const TAG_DELETE = 3;
const TAG_TXN = 4;
const TAG_COMPACTION = 5;
const TAG_LEASE_GRANT = 6;
const TAG_LEASE_REVOKE = 7;
const TAG_LEASE_CHECKPOINT = 8;

function writeRequest(w: ByteWriter, req: StoreRequest): void {
  if ("range" in req) {
    w.byte(TAG_RANGE);
    writeRange(w, req.range);
  } else if ("put" in req) {
    w.byte(TAG_PUT);
    writePut(w, req.put);
  } else if ("deleteRange" in req) {
    w.byte(TAG_DELETE);
    writeDelete(w, req.deleteRange);
  } else if ("txn" in req) {
    w.byte(TAG_TXN);
    writeTxn(w, req.txn);
  } else if ("compaction" in req) {
    w.byte(TAG_COMPACTION);
    w.int(req.compaction.revision);
    writeOptional(w, req.compaction, COMPACTION_OPTIONAL);
  } else if ("leaseGrant" in req) {
    w.byte(TAG_LEASE_GRANT);
    w.int(req.leaseGrant.id);
    w.int(req.leaseGrant.ttl);
  } else if ("leaseRevoke" in req) {
    w.byte(TAG_LEASE_REVOKE);
    w.int(req.leaseRevoke.id);
  } else if ("leaseCheckpoint" in req) {
    w.byte(TAG_LEASE_CHECKPOINT);
    writeList(w, req.leaseCheckpoint.checkpoints, writeCheckpoint);
  } else {
    throw new TypeError("encode: unknown StoreRequest");
  }
}

function readRequest(r: ByteReader): StoreRequest {
  const tag = r.byte();
  switch (tag) {
    case TAG_RANGE:
      return { range: readRange(r) };
    case TAG_PUT:
      return { put: readPut(r) };
    case TAG_DELETE:
      return { deleteRange: readDelete(r) };
    case TAG_TXN:
      return { txn: readTxn(r, 0) };
    case TAG_COMPACTION: {
      const out: Record<string, unknown> = { revision: r.int() };
      readOptional(r, out, COMPACTION_OPTIONAL);
      return { compaction: out as unknown as { revision: number } };
    }
    case TAG_LEASE_GRANT: {
      const id = r.int();
      return { leaseGrant: { id, ttl: r.int() } };
    }
    case TAG_LEASE_REVOKE:
      return { leaseRevoke: { id: r.int() } };
    case TAG_LEASE_CHECKPOINT:
      return { leaseCheckpoint: { checkpoints: readList(r, readCheckpoint) } };
    default:
      throw new DecodeError(`decode: unknown request tag ${tag}`);
  }
}

/** Encodes a log entry (request + proposer id). Throws TypeError/RangeError on a malformed one. */
export function encodeEntry(entry: StoreEntry): Uint8Array {
  const w = new ByteWriter(128);
  w.byte(CODEC_VERSION);
  w.uint(entry.id);
  writeRequest(w, entry.request);
  return w.finish();
}

/** Decodes a log entry made by {@link encodeEntry}; throws {@link DecodeError} on bad input. */
export function decodeEntry(bytes: Uint8Array): StoreEntry {
  const r = new ByteReader(bytes);
  const version = r.byte();
  if (version !== CODEC_VERSION) throw new DecodeError(`decode: unknown codec version ${version}`);
  const id = r.uint();
  const request = readRequest(r);
  r.end();
  return { id, request };
}

/** Encodes a request alone (entry id 0). */
export function encodeRequest(request: StoreRequest): Uint8Array {
  return encodeEntry({ id: 0, request });
}

/** Decodes a request made by {@link encodeRequest} (or the request of any entry). */
export function decodeRequest(bytes: Uint8Array): StoreRequest {
  return decodeEntry(bytes).request;
}
