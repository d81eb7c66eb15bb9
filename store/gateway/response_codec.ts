/**
 * Typed store responses → the JSON etcd 3.4's gateway writes (jsonpb with proto field names):
 * fields in proto order, int64/uint64 as decimal strings, bytes as base64, enums by name, and
 * every zero value omitted (0, false, empty bytes or strings, empty lists, absent messages).
 * A present but empty message is `{}` (e.g. the header of a nested txn, which etcd leaves
 * empty).
 *
 * @module
 */

import type { LeaseKeepAliveResult, LeaseTimeToLiveResult, MemberHeader } from "../backend.ts";
import type { MemberInfo, MemberStatus } from "../backend.ts";
import type {
  DeleteRangeResponse,
  Event,
  KeyValue,
  PutResponse,
  RangeResponse,
  ResponseOp,
  TxnResponse,
} from "../mvcc/mod.ts";
import { encodeBase64 } from "./base64.ts";
import { goJsonString } from "./go_json.ts";

/** Builds one JSON object, leaving out zero values. */
class JsonObject {
  readonly #parts: string[] = [];

  /** An int64/uint64 given as a number (omitted when 0). */
  int(name: string, value: number | undefined): this {
    if (value !== undefined && value !== 0) this.#parts.push(`"${name}":"${value}"`);
    return this;
  }

  /** A uint64 given as a decimal string (omitted when "0" or empty). */
  uint(name: string, value: string | undefined): this {
    if (value !== undefined && value !== "" && value !== "0") {
      this.#parts.push(`"${name}":${goJsonString(value)}`);
    }
    return this;
  }

  /** A bool (omitted when false). */
  bool(name: string, value: boolean | undefined): this {
    if (value === true) this.#parts.push(`"${name}":true`);
    return this;
  }

  /** A string (omitted when empty). */
  str(name: string, value: string | undefined): this {
    if (value !== undefined && value !== "") this.#parts.push(`"${name}":${goJsonString(value)}`);
    return this;
  }

  /** Bytes as base64 (omitted when empty). */
  bytes(name: string, value: Uint8Array | undefined): this {
    if (value !== undefined && value.length > 0) {
      this.#parts.push(`"${name}":"${encodeBase64(value)}"`);
    }
    return this;
  }

  /** A message given as JSON (omitted when undefined). */
  raw(name: string, json: string | undefined): this {
    if (json !== undefined) this.#parts.push(`"${name}":${json}`);
    return this;
  }

  /** A repeated field given as JSON items (omitted when empty). */
  list(name: string, items: readonly string[]): this {
    if (items.length > 0) this.#parts.push(`"${name}":[${items.join(",")}]`);
    return this;
  }

  toString(): string {
    return `{${this.#parts.join(",")}}`;
  }
}

/** etcdserverpb.ResponseHeader of a top-level answer. */
export function encodeHeader(member: MemberHeader, revision: number): string {
  return new JsonObject()
    .uint("cluster_id", member.clusterId)
    .uint("member_id", member.memberId)
    .int("revision", revision)
    .int("raft_term", member.raftTerm)
    .toString();
}

/** The header of a response inside a txn: only the revision. */
function subHeader(revision: number): string {
  return new JsonObject().int("revision", revision).toString();
}

/** mvccpb.KeyValue. */
export function encodeKeyValue(kv: KeyValue): string {
  return new JsonObject()
    .bytes("key", kv.key)
    .int("create_revision", kv.createRevision)
    .int("mod_revision", kv.modRevision)
    .int("version", kv.version)
    .bytes("value", kv.value)
    .int("lease", kv.lease)
    .toString();
}

/** etcdserverpb.RangeResponse with the given header JSON. */
export function encodeRangeResponse(resp: RangeResponse, header: string): string {
  return new JsonObject()
    .raw("header", header)
    .list("kvs", resp.kvs.map(encodeKeyValue))
    .bool("more", resp.more)
    .int("count", resp.count)
    .toString();
}

/** etcdserverpb.PutResponse with the given header JSON. */
export function encodePutResponse(resp: PutResponse, header: string): string {
  return new JsonObject()
    .raw("header", header)
    .raw("prev_kv", resp.prevKv === undefined ? undefined : encodeKeyValue(resp.prevKv))
    .toString();
}

/** etcdserverpb.DeleteRangeResponse with the given header JSON. */
export function encodeDeleteRangeResponse(resp: DeleteRangeResponse, header: string): string {
  return new JsonObject()
    .raw("header", header)
    .int("deleted", resp.deleted)
    .list("prev_kvs", resp.prevKvs.map(encodeKeyValue))
    .toString();
}

function encodeResponseOp(op: ResponseOp): string {
  const o = new JsonObject();
  if ("responseRange" in op) {
    const r = op.responseRange;
    o.raw("response_range", encodeRangeResponse(r, subHeader(r.header.revision)));
  } else if ("responsePut" in op) {
    const r = op.responsePut;
    o.raw("response_put", encodePutResponse(r, subHeader(r.header.revision)));
  } else if ("responseDeleteRange" in op) {
    const r = op.responseDeleteRange;
    o.raw("response_delete_range", encodeDeleteRangeResponse(r, subHeader(r.header.revision)));
  } else if ("responseTxn" in op) {
    o.raw("response_txn", encodeTxnResponse(op.responseTxn, "{}"));
  }
  return o.toString();
}

/** etcdserverpb.TxnResponse with the given header JSON (nested txns get an empty header). */
export function encodeTxnResponse(resp: TxnResponse, header: string): string {
  return new JsonObject()
    .raw("header", header)
    .bool("succeeded", resp.succeeded)
    .list("responses", resp.responses.map(encodeResponseOp))
    .toString();
}

/** A response with only a header (compaction, lease revoke). */
export function encodeHeaderOnly(header: string): string {
  return new JsonObject().raw("header", header).toString();
}

/** etcdserverpb.LeaseGrantResponse. */
export function encodeLeaseGrantResponse(res: { id: number; ttl: number }, header: string): string {
  return new JsonObject().raw("header", header).int("ID", res.id).int("TTL", res.ttl).toString();
}

/** etcdserverpb.LeaseKeepAliveResponse. */
export function encodeLeaseKeepAliveResponse(res: LeaseKeepAliveResult, header: string): string {
  return new JsonObject().raw("header", header).int("ID", res.id).int("TTL", res.ttl).toString();
}

/** etcdserverpb.LeaseTimeToLiveResponse. */
export function encodeLeaseTimeToLiveResponse(res: LeaseTimeToLiveResult, header: string): string {
  return new JsonObject()
    .raw("header", header)
    .int("ID", res.id)
    .int("TTL", res.ttl)
    .int("grantedTTL", res.grantedTtl)
    .list("keys", res.keys.map((k) => `"${encodeBase64(k)}"`))
    .toString();
}

/** etcdserverpb.StatusResponse (`dbSizeInUse` = `dbSize`: kubeno's store has no free pages). */
export function encodeStatusResponse(status: MemberStatus): string {
  const { header } = status;
  return new JsonObject()
    .raw("header", encodeHeader(header, header.revision))
    .str("version", status.version)
    .int("dbSize", status.dbSize)
    .uint("leader", status.leader)
    .int("raftIndex", status.raftIndex)
    .int("raftTerm", status.raftTerm)
    .int("raftAppliedIndex", status.raftAppliedIndex)
    .list("errors", status.errors.map(goJsonString))
    .int("dbSizeInUse", status.dbSize)
    .toString();
}

/** mvccpb.Event (PUT is the zero value, so only DELETE names its type). */
export function encodeEvent(ev: Event): string {
  return new JsonObject()
    .str("type", ev.type === "DELETE" ? "DELETE" : "")
    .raw("kv", encodeKeyValue(ev.kv))
    .raw("prev_kv", ev.prevKv === undefined ? undefined : encodeKeyValue(ev.prevKv))
    .toString();
}

/** The fields of one etcdserverpb.WatchResponse. */
export interface WatchResult {
  /** The header JSON. */
  readonly header: string;
  /** The watcher's id on its stream (-1: none). */
  readonly watchId: number;
  /** The answer to a create request. */
  readonly created?: boolean;
  /** The watcher ended. */
  readonly canceled?: boolean;
  /** The watcher ended because its start revision was compacted: the compaction revision. */
  readonly compactRevision?: number;
  /** Why the watcher ended. */
  readonly cancelReason?: string;
  /** The events of one or more revisions. */
  readonly events?: readonly Event[];
}

/** etcdserverpb.WatchResponse. */
export function encodeWatchResponse(res: WatchResult): string {
  return new JsonObject()
    .raw("header", res.header)
    .int("watch_id", res.watchId)
    .bool("created", res.created)
    .bool("canceled", res.canceled)
    .int("compact_revision", res.compactRevision)
    .str("cancel_reason", res.cancelReason)
    .list("events", (res.events ?? []).map(encodeEvent))
    .toString();
}

/** One line of a gateway stream: `{"result":...}` and a newline. */
export function streamLine(result: string): string {
  return `{"result":${result}}\n`;
}

/** etcdserverpb.Member. */
export function encodeMember(member: MemberInfo): string {
  return new JsonObject()
    .uint("ID", String(member.id))
    .str("name", member.name)
    .list("peerURLs", member.peerUrls.map(goJsonString))
    .bool("isLearner", member.isLearner)
    .toString();
}

/** The answer to member list, remove and promote: the header and the members. */
export function encodeMembersResponse(header: string, members: readonly MemberInfo[]): string {
  return new JsonObject().raw("header", header).list("members", members.map(encodeMember))
    .toString();
}

/** The answer to member add: the header, the new member and the members. */
export function encodeMemberAddResponse(
  header: string,
  member: MemberInfo,
  members: readonly MemberInfo[],
): string {
  return new JsonObject()
    .raw("header", header)
    .raw("member", encodeMember(member))
    .list("members", members.map(encodeMember))
    .toString();
}
