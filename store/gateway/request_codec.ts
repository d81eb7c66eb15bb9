/**
 * Request JSON → typed store requests, with the rules of etcd 3.4's gateway (golang/protobuf
 * 1.3 jsonpb under grpc-gateway 1.9): fields by their proto name or lowerCamel JSON name,
 * unknown fields ignored, `null` = absent, int64 as a JSON number or a quoted one, bytes as
 * base64 (or an array of byte values), enums by name or number, and Go's error messages for
 * values of the wrong type. Fields are read in proto order, so the first bad field reported is
 * the one etcd reports.
 *
 * kubeno differences, all errors (INVALID_ARGUMENT) where etcd accepts something it then
 * mishandles: enum numbers outside the enum (etcd panics on some), int64 values beyond ±(2^53-1)
 * (JavaScript numbers), txns nested deeper than {@link MAX_TXN_DEPTH}.
 *
 * @module
 */

import type { MemberAddRequest } from "../backend.ts";
import type {
  CompactionRequest,
  Compare,
  CompareResult,
  CompareTarget,
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  RequestOp,
  SortOrder,
  SortTarget,
  TxnRequest,
  WatchFilter,
  WatchRequest,
} from "../mvcc/mod.ts";
import { InvalidRequest, InvalidRequestError } from "../mvcc/mod.ts";
import { Base64Error, decodeBase64 } from "./base64.ts";
import { BadRequestError } from "./errors.ts";
import {
  GoJsonSyntaxError,
  goKindName,
  goQuote,
  type JsonNode,
  parseJsonDocument,
} from "./go_json.ts";

/** Deepest txn nesting decoded (etcd's op budget of 128 forbids deeper nesting anyway). */
export const MAX_TXN_DEPTH = 128;

/** A txn operation with no request in it; etcd answers "etcdserver: key not found" for it. */
export const EMPTY_OP: RequestOp = Object.freeze({}) as unknown as RequestOp;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const EMPTY = new Uint8Array(0);

type Fields = ReadonlyMap<string, JsonNode>;

function typeError(node: JsonNode | string, goType: string): BadRequestError {
  const what = typeof node === "string" ? node : goKindName(node);
  return new BadRequestError(`json: cannot unmarshal ${what} into Go value of type ${goType}`);
}

/**
 * The fields of a message value (`null` = an empty message), refusing any field the message
 * does not have. etcd's gateway ignores unknown fields silently; kubeno refuses them with a
 * 400 naming the field, so a misspelt option (`"keysonly"`) is not quietly dropped.
 * `known` lists proto names; their lowerCamel JSON names are accepted too.
 */
function message(node: JsonNode, known: readonly string[]): Fields {
  let fields: Fields;
  if (node.kind === "object") fields = node.fields;
  else if (node.kind === "null") return new Map();
  else throw typeError(node, "map[string]json.RawMessage");
  for (const name of fields.keys()) {
    if (!known.includes(name) && !known.some((k) => camel(k) === name)) {
      throw new BadRequestError(`json: unknown field ${goQuote(name)}`);
    }
  }
  return fields;
}

/** Proto field names of each request message the gateway decodes. */
const FIELDS = {
  range: [
    "key",
    "range_end",
    "limit",
    "revision",
    "sort_order",
    "sort_target",
    "serializable",
    "keys_only",
    "count_only",
    "min_mod_revision",
    "max_mod_revision",
    "min_create_revision",
    "max_create_revision",
  ],
  put: ["key", "value", "lease", "prev_kv", "ignore_value", "ignore_lease"],
  deleteRange: ["key", "range_end", "prev_kv"],
  compare: [
    "result",
    "target",
    "key",
    "range_end",
    "version",
    "create_revision",
    "mod_revision",
    "value",
    "lease",
  ],
  requestOp: ["request_range", "request_put", "request_delete_range", "request_txn"],
  txn: ["compare", "success", "failure"],
  compaction: ["revision", "physical"],
  leaseGrant: ["TTL", "ID"],
  leaseId: ["ID"],
  leaseTimeToLive: ["ID", "keys"],
  empty: [],
  watchCreate: [
    "key",
    "range_end",
    "start_revision",
    "progress_notify",
    "filters",
    "prev_kv",
    "watch_id",
    "fragment",
  ],
  watchRequest: ["create_request", "cancel_request", "progress_request"],
  watchCancel: ["watch_id"],
  memberAdd: ["peerURLs", "isLearner", "name"],
  memberId: ["ID"],
} as const satisfies Record<string, readonly string[]>;

/** The field by proto name, else by JSON name; undefined when absent or null. */
function field(fields: Fields, name: string, jsonName?: string): JsonNode | undefined {
  let node = fields.get(name);
  if (node === undefined && jsonName !== undefined) node = fields.get(jsonName);
  return node === undefined || node.kind === "null" ? undefined : node;
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A field by its proto name or the lowerCamel JSON name derived from it. */
function get(fields: Fields, name: string): JsonNode | undefined {
  const json = camel(name);
  return field(fields, name, json === name ? undefined : json);
}

function repeated(node: JsonNode | undefined): readonly JsonNode[] {
  if (node === undefined) return [];
  if (node.kind === "array") return node.items;
  throw typeError(node, "[]json.RawMessage");
}

/** A `bytes` field: base64 string, or an array of byte values. */
export function decodeBytes(node: JsonNode | undefined): Uint8Array | undefined {
  if (node === undefined) return undefined;
  if (node.kind === "string") {
    try {
      return decodeBase64(node.value);
    } catch (error) {
      if (error instanceof Base64Error) throw new BadRequestError(error.message);
      throw error;
    }
  }
  if (node.kind !== "array") throw typeError(node, "[]uint8");
  const out = new Uint8Array(node.items.length);
  node.items.forEach((item, i) => {
    if (item.kind === "null") return;
    if (item.kind !== "number") throw typeError(item, "uint8");
    const n = /^\d+$/.test(item.raw) ? Number(item.raw) : NaN;
    if (!(n <= 255)) throw typeError(`number ${item.raw}`, "uint8");
    out[i] = n;
  });
  return out;
}

/** Parses a JSON number literal as Go's `strconv.ParseInt` into a safe integer. */
function int64FromNumber(raw: string, goType: string, bits: 32 | 64): number {
  if (!/^-?\d+$/.test(raw)) throw typeError(`number ${raw}`, goType);
  const big = BigInt(raw);
  const min = bits === 64 ? INT64_MIN : -(2n ** 31n);
  const max = bits === 64 ? INT64_MAX : 2n ** 31n - 1n;
  if (big < min || big > max) throw typeError(`number ${raw}`, goType);
  const n = Number(big);
  if (!Number.isSafeInteger(n)) {
    throw new BadRequestError(
      `kubeno: int64 value ${raw} is outside the supported range ±${Number.MAX_SAFE_INTEGER}`,
    );
  }
  return n;
}

/** An `int64` field: a number, or a string holding one (jsonpb strips the quotes, raw). */
export function decodeInt64(node: JsonNode | undefined): number | undefined {
  if (node === undefined) return undefined;
  let value = node;
  if (node.kind === "string") {
    try {
      value = parseJsonDocument(node.raw);
    } catch (error) {
      if (error instanceof GoJsonSyntaxError) throw new BadRequestError(error.message);
      throw error;
    }
  }
  if (value.kind === "null") return undefined;
  if (value.kind !== "number") throw typeError(value, "int64");
  return int64FromNumber(value.raw, "int64", 64);
}

/** A `bool` field. */
export function decodeBool(node: JsonNode | undefined): boolean | undefined {
  if (node === undefined) return undefined;
  if (node.kind !== "bool") throw typeError(node, "bool");
  return node.value;
}

/** An enum field: its name, or its number (`goType` names it in errors). */
export function decodeEnum<T extends string>(
  node: JsonNode | undefined,
  goType: string,
  names: readonly T[],
): T | undefined {
  if (node === undefined) return undefined;
  if (node.kind === "string") {
    const i = names.indexOf(node.raw as T);
    if (i < 0) throw new BadRequestError(`unknown value ${goQuote(node.raw)} for enum ${goType}`);
    return names[i];
  }
  if (node.kind !== "number") throw typeError(node, goType);
  const n = int64FromNumber(node.raw, goType, 32);
  const name = names[n];
  if (n < 0 || name === undefined) {
    throw new BadRequestError(`unknown value ${n} for enum ${goType}`);
  }
  return name;
}

const SORT_ORDERS: readonly SortOrder[] = ["NONE", "ASCEND", "DESCEND"];
const SORT_TARGETS: readonly SortTarget[] = ["KEY", "VERSION", "CREATE", "MOD", "VALUE"];
const COMPARE_RESULTS: readonly CompareResult[] = ["EQUAL", "GREATER", "LESS", "NOT_EQUAL"];
const COMPARE_TARGETS: readonly CompareTarget[] = ["VERSION", "CREATE", "MOD", "VALUE", "LEASE"];
const FILTERS: readonly WatchFilter[] = ["NOPUT", "NODELETE"];

/** Sets `obj[key] = value` unless the value is etcd's zero value (absent, 0, false, empty). */
function put<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value === undefined || value === 0 || value === false) return;
  if (value instanceof Uint8Array && value.length === 0) return;
  obj[key] = value;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** etcdserverpb.RangeRequest. */
export function decodeRangeRequest(node: JsonNode): RangeRequest {
  const f = message(node, FIELDS.range);
  const r: Mutable<RangeRequest> = { key: decodeBytes(get(f, "key")) ?? EMPTY };
  const rangeEnd = decodeBytes(get(f, "range_end"));
  const limit = decodeInt64(get(f, "limit"));
  const revision = decodeInt64(get(f, "revision"));
  const sortOrder = decodeEnum(
    get(f, "sort_order"),
    "etcdserverpb.RangeRequest_SortOrder",
    SORT_ORDERS,
  );
  const sortTarget = decodeEnum(
    get(f, "sort_target"),
    "etcdserverpb.RangeRequest_SortTarget",
    SORT_TARGETS,
  );
  const serializable = decodeBool(get(f, "serializable"));
  const keysOnly = decodeBool(get(f, "keys_only"));
  const countOnly = decodeBool(get(f, "count_only"));
  const minMod = decodeInt64(get(f, "min_mod_revision"));
  const maxMod = decodeInt64(get(f, "max_mod_revision"));
  const minCreate = decodeInt64(get(f, "min_create_revision"));
  const maxCreate = decodeInt64(get(f, "max_create_revision"));
  if (rangeEnd !== undefined && rangeEnd.length > 0) r.rangeEnd = rangeEnd;
  put(r, "limit", limit);
  put(r, "revision", revision);
  if (sortOrder !== undefined && sortOrder !== "NONE") r.sortOrder = sortOrder;
  if (sortTarget !== undefined && sortTarget !== "KEY") r.sortTarget = sortTarget;
  put(r, "serializable", serializable);
  put(r, "keysOnly", keysOnly);
  put(r, "countOnly", countOnly);
  put(r, "minModRevision", minMod);
  put(r, "maxModRevision", maxMod);
  put(r, "minCreateRevision", minCreate);
  put(r, "maxCreateRevision", maxCreate);
  return r;
}

/** etcdserverpb.PutRequest. */
export function decodePutRequest(node: JsonNode): PutRequest {
  const f = message(node, FIELDS.put);
  const key = decodeBytes(get(f, "key")) ?? EMPTY;
  const value = decodeBytes(get(f, "value")) ?? EMPTY;
  const r: Mutable<PutRequest> = { key, value };
  put(r, "lease", decodeInt64(get(f, "lease")));
  put(r, "prevKv", decodeBool(get(f, "prev_kv")));
  put(r, "ignoreValue", decodeBool(get(f, "ignore_value")));
  put(r, "ignoreLease", decodeBool(get(f, "ignore_lease")));
  return r;
}

/** etcdserverpb.DeleteRangeRequest. */
export function decodeDeleteRangeRequest(node: JsonNode): DeleteRangeRequest {
  const f = message(node, FIELDS.deleteRange);
  const r: Mutable<DeleteRangeRequest> = { key: decodeBytes(get(f, "key")) ?? EMPTY };
  const rangeEnd = decodeBytes(get(f, "range_end"));
  if (rangeEnd !== undefined && rangeEnd.length > 0) r.rangeEnd = rangeEnd;
  put(r, "prevKv", decodeBool(get(f, "prev_kv")));
  return r;
}

/** etcdserverpb.Compare. */
function decodeCompare(node: JsonNode): Compare {
  const f = message(node, FIELDS.compare);
  const result = decodeEnum(
    get(f, "result"),
    "etcdserverpb.Compare_CompareResult",
    COMPARE_RESULTS,
  );
  const target = decodeEnum(
    get(f, "target"),
    "etcdserverpb.Compare_CompareTarget",
    COMPARE_TARGETS,
  );
  const c: Mutable<Compare> = {
    key: decodeBytes(get(f, "key")) ?? EMPTY,
    target: target ?? "VERSION",
    result: result ?? "EQUAL",
  };
  const rangeEnd = decodeBytes(get(f, "range_end"));
  if (rangeEnd !== undefined && rangeEnd.length > 0) c.rangeEnd = rangeEnd;
  // The target_union oneof.
  put(c, "version", decodeInt64(get(f, "version")));
  put(c, "createRevision", decodeInt64(get(f, "create_revision")));
  put(c, "modRevision", decodeInt64(get(f, "mod_revision")));
  put(c, "value", decodeBytes(get(f, "value")));
  put(c, "lease", decodeInt64(get(f, "lease")));
  return c;
}

/** etcdserverpb.RequestOp: the first request present in proto order, else {@link EMPTY_OP}. */
function decodeRequestOp(node: JsonNode, depth: number): RequestOp {
  const f = message(node, FIELDS.requestOp);
  const range = get(f, "request_range");
  if (range !== undefined) return { requestRange: decodeRangeRequest(range) };
  const putReq = get(f, "request_put");
  if (putReq !== undefined) return { requestPut: decodePutRequest(putReq) };
  const del = get(f, "request_delete_range");
  if (del !== undefined) return { requestDeleteRange: decodeDeleteRangeRequest(del) };
  const txn = get(f, "request_txn");
  if (txn !== undefined) return { requestTxn: decodeTxnAt(txn, depth + 1) };
  return EMPTY_OP;
}

function decodeTxnAt(node: JsonNode, depth: number): TxnRequest {
  if (depth > MAX_TXN_DEPTH) throw new BadRequestError(InvalidRequest.tooManyOps);
  const f = message(node, FIELDS.txn);
  const compare = repeated(get(f, "compare")).map(decodeCompare);
  const success = repeated(get(f, "success")).map((op) => decodeRequestOp(op, depth));
  const failure = repeated(get(f, "failure")).map((op) => decodeRequestOp(op, depth));
  return { compare, success, failure };
}

/** etcdserverpb.TxnRequest (empty operations become {@link EMPTY_OP}). */
export function decodeTxnRequest(node: JsonNode): TxnRequest {
  return decodeTxnAt(node, 0);
}

/** Whether a txn holds an {@link EMPTY_OP} anywhere. */
export function hasEmptyOp(txn: TxnRequest): boolean {
  const scan = (ops: readonly RequestOp[]): boolean =>
    ops.some((op) => op === EMPTY_OP || ("requestTxn" in op && hasEmptyOp(op.requestTxn)));
  return scan(txn.success) || scan(txn.failure);
}

/** etcdserverpb.CompactionRequest. */
export function decodeCompactionRequest(node: JsonNode): CompactionRequest {
  const f = message(node, FIELDS.compaction);
  const revision = decodeInt64(get(f, "revision")) ?? 0;
  const physical = decodeBool(get(f, "physical"));
  return physical ? { revision, physical } : { revision };
}

/** etcdserverpb.LeaseGrantRequest (`TTL`, `ID`). */
export function decodeLeaseGrantRequest(node: JsonNode): { ttl: number; id?: number } {
  const f = message(node, FIELDS.leaseGrant);
  const ttl = decodeInt64(field(f, "TTL")) ?? 0;
  const id = decodeInt64(field(f, "ID")) ?? 0;
  return id === 0 ? { ttl } : { ttl, id };
}

/** The `ID` of a lease revoke or keepalive request. */
export function decodeLeaseId(node: JsonNode): number {
  return decodeInt64(field(message(node, FIELDS.leaseId), "ID")) ?? 0;
}

/** etcdserverpb.LeaseTimeToLiveRequest (`ID`, `keys`). */
export function decodeLeaseTimeToLiveRequest(node: JsonNode): { id: number; keys: boolean } {
  const f = message(node, FIELDS.leaseTimeToLive);
  const id = decodeInt64(field(f, "ID")) ?? 0;
  const keys = decodeBool(field(f, "keys")) ?? false;
  return { id, keys };
}

/** Checks a request with no fields (maintenance status): only its JSON type matters. */
export function decodeEmptyRequest(node: JsonNode): void {
  message(node, FIELDS.empty);
}

/** A decoded etcdserverpb.WatchCreateRequest. */
export interface WatchCreate {
  /** The watch itself. */
  readonly request: WatchRequest;
  /** The id the client asked for (0: the stream picks one). */
  readonly watchId: number;
}

/** One message of a watch stream (etcdserverpb.WatchRequest). */
export type WatchStreamRequest =
  | { readonly create: WatchCreate }
  | { readonly cancel: { readonly watchId: number } }
  | { readonly progress: true }
  /** None of the three: ignored, as etcd does. */
  | { readonly none: true };

function decodeWatchCreate(node: JsonNode): WatchCreate {
  const f = message(node, FIELDS.watchCreate);
  const r: Mutable<WatchRequest> = { key: decodeBytes(get(f, "key")) ?? EMPTY };
  const rangeEnd = decodeBytes(get(f, "range_end"));
  const startRevision = decodeInt64(get(f, "start_revision"));
  const progressNotify = decodeBool(get(f, "progress_notify"));
  const filters = repeated(get(f, "filters")).map((item) =>
    item.kind === "null"
      ? FILTERS[0]!
      : decodeEnum(item, "etcdserverpb.WatchCreateRequest_FilterType", FILTERS)!
  );
  const prevKv = decodeBool(get(f, "prev_kv"));
  const watchId = decodeInt64(get(f, "watch_id")) ?? 0;
  decodeBool(get(f, "fragment")); // accepted; responses are never fragmented
  if (rangeEnd !== undefined && rangeEnd.length > 0) r.rangeEnd = rangeEnd;
  put(r, "startRevision", startRevision);
  put(r, "progressNotify", progressNotify);
  if (filters.length > 0) r.filters = filters;
  put(r, "prevKv", prevKv);
  return { request: r, watchId };
}

/** etcdserverpb.WatchRequest: create, cancel or progress. */
export function decodeWatchRequest(node: JsonNode): WatchStreamRequest {
  const f = message(node, FIELDS.watchRequest);
  const create = get(f, "create_request");
  if (create !== undefined) return { create: decodeWatchCreate(create) };
  const cancel = get(f, "cancel_request");
  if (cancel !== undefined) {
    return {
      cancel: { watchId: decodeInt64(get(message(cancel, FIELDS.watchCancel), "watch_id")) ?? 0 },
    };
  }
  const progress = get(f, "progress_request");
  if (progress !== undefined) {
    message(progress, FIELDS.empty);
    return { progress: true };
  }
  return { none: true };
}

/** A JSON string field. */
function decodeString(node: JsonNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node.kind !== "string") throw typeError(node, "string");
  return node.value;
}

/**
 * etcdserverpb.MemberAddRequest (`peerURLs`, `isLearner`) plus kubeno's `name`: the member
 * joins under that name. One peer URL, `http://host:port`.
 */
export function decodeMemberAddRequest(node: JsonNode): MemberAddRequest {
  const f = message(node, FIELDS.memberAdd);
  const urls = repeated(field(f, "peerURLs")).map((item) => decodeString(item) ?? "");
  const name = decodeString(field(f, "name")) ?? "";
  const learner = decodeBool(field(f, "isLearner")) ?? false;
  if (urls.length !== 1) {
    throw new InvalidRequestError("etcdserver: a member needs exactly one peer URL");
  }
  const match = /^http:\/\/(?:\[([^\]]+)\]|([^:/[\]]+)):(\d{1,5})\/?$/.exec(urls[0]!);
  const hostname = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (hostname === undefined || !(port > 0 && port < 65536)) {
    throw new InvalidRequestError(
      `etcdserver: peer URL ${JSON.stringify(urls[0])} must be http://host:port`,
    );
  }
  if (name === "") {
    throw new InvalidRequestError(
      'etcdserver: kubeno needs the new member\'s name (field "name"); it joins under it',
    );
  }
  return { name, peer: { hostname, port }, learner };
}

/** etcdserverpb.MemberRemoveRequest / MemberPromoteRequest (`ID`). */
export function decodeMemberId(node: JsonNode): number {
  return decodeInt64(field(message(node, FIELDS.memberId), "ID")) ?? 0;
}
