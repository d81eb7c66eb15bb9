/**
 * The client API's request handling, socket-free: {@link handleGatewayRequest} routes one HTTP
 * request to the store backend and answers like etcd 3.4's gateway — POST only, JSON in and
 * out, an unknown path 404 and a wrong method 405 (plain text, like Go's `http.Error`), CORS
 * preflight answered, errors mapped by errors.ts.
 *
 * @module
 */

import type { StoreBackend } from "../backend.ts";
import {
  InvalidRequest,
  InvalidRequestError,
  isTxnReadOnly,
  KeyNotFoundError,
  type TxnRequest,
  validateTxn,
} from "../mvcc/mod.ts";
import { readBody } from "./body_reader.ts";
import {
  BadRequestError,
  CORS_HEADERS,
  errorResponse,
  logFailure,
  plainResponse,
} from "./errors.ts";
import { GoJsonSyntaxError, type JsonNode, readJsonValue } from "./go_json.ts";
import { handleLeaseKeepAlive } from "./keepalive_stream.ts";
import {
  currentRevision,
  type GatewayOptions,
  type ResolvedOptions,
  resolveOptions,
} from "./options.ts";
import {
  decodeCompactionRequest,
  decodeDeleteRangeRequest,
  decodeEmptyRequest,
  decodeLeaseGrantRequest,
  decodeLeaseId,
  decodeLeaseTimeToLiveRequest,
  decodeMemberAddRequest,
  decodeMemberId,
  decodePutRequest,
  decodeRangeRequest,
  decodeTxnRequest,
  hasEmptyOp,
} from "./request_codec.ts";
import {
  checkRequestSize,
  compactionRequestSize,
  deleteRangeRequestSize,
  putRequestSize,
  rangeRequestSize,
  txnRequestSize,
} from "./request_size.ts";
import {
  encodeDeleteRangeResponse,
  encodeHeader,
  encodeHeaderOnly,
  encodeLeaseGrantResponse,
  encodeLeaseTimeToLiveResponse,
  encodeMemberAddResponse,
  encodeMembersResponse,
  encodePutResponse,
  encodeRangeResponse,
  encodeStatusResponse,
  encodeTxnResponse,
} from "./response_codec.ts";
import { handleWatch } from "./watch_stream.ts";

/** A unary endpoint: the decoded body in, the JSON answer out. */
type Unary = (backend: StoreBackend, body: JsonNode, options: ResolvedOptions) => Promise<string>;

const header = (backend: StoreBackend, revision: number) =>
  encodeHeader(backend.header(), revision);

/** The member that would propose a write (its id sizes the Raft entry). */
const member = (backend: StoreBackend) => backend.header().memberId;

/** etcd checks a txn's shape before running it; an empty operation is "key not found" there. */
function checkEmptyOps(txn: TxnRequest): void {
  if (!hasEmptyOp(txn)) return;
  try {
    validateTxn(txn);
  } catch (error) {
    if (error instanceof InvalidRequestError && error.message === InvalidRequest.emptyRequest) {
      throw new KeyNotFoundError();
    }
    throw error;
  }
  throw new KeyNotFoundError();
}

const leaseRevoke: Unary = async (backend, body) => {
  const id = decodeLeaseId(body);
  await backend.leaseRevoke(id);
  return encodeHeaderOnly(header(backend, await currentRevision(backend)));
};

const leaseTimeToLive: Unary = async (backend, body) => {
  const req = decodeLeaseTimeToLiveRequest(body);
  const res = await backend.leaseTimeToLive(req.id, req.keys);
  return encodeLeaseTimeToLiveResponse(res, header(backend, await currentRevision(backend)));
};

const UNARY: ReadonlyMap<string, Unary> = new Map<string, Unary>([
  ["/v3/kv/range", async (backend, body, options) => {
    const req = decodeRangeRequest(body);
    checkRequestSize(rangeRequestSize(req), undefined, options.maxRequestBytes);
    const resp = await backend.range(req);
    return encodeRangeResponse(resp, header(backend, resp.header.revision));
  }],
  ["/v3/kv/put", async (backend, body, options) => {
    const req = decodePutRequest(body);
    checkRequestSize(putRequestSize(req), member(backend), options.maxRequestBytes);
    const resp = await backend.put(req);
    return encodePutResponse(resp, header(backend, resp.header.revision));
  }],
  ["/v3/kv/deleterange", async (backend, body, options) => {
    const req = decodeDeleteRangeRequest(body);
    checkRequestSize(deleteRangeRequestSize(req), member(backend), options.maxRequestBytes);
    const resp = await backend.deleteRange(req);
    return encodeDeleteRangeResponse(resp, header(backend, resp.header.revision));
  }],
  ["/v3/kv/txn", async (backend, body, options) => {
    const req = decodeTxnRequest(body);
    checkEmptyOps(req);
    const raft = isTxnReadOnly(req) ? undefined : member(backend);
    checkRequestSize(txnRequestSize(req), raft, options.maxRequestBytes);
    const resp = await backend.txn(req);
    return encodeTxnResponse(resp, header(backend, resp.header.revision));
  }],
  ["/v3/kv/compaction", async (backend, body, options) => {
    const req = decodeCompactionRequest(body);
    checkRequestSize(compactionRequestSize(req), member(backend), options.maxRequestBytes);
    const resp = await backend.compact(req);
    return encodeHeaderOnly(header(backend, resp.header.revision));
  }],
  ["/v3/lease/grant", async (backend, body) => {
    const req = decodeLeaseGrantRequest(body);
    const res = await backend.leaseGrant(req);
    return encodeLeaseGrantResponse(res, header(backend, await currentRevision(backend)));
  }],
  ["/v3/lease/revoke", leaseRevoke],
  ["/v3/kv/lease/revoke", leaseRevoke],
  ["/v3/lease/timetolive", leaseTimeToLive],
  ["/v3/kv/lease/timetolive", leaseTimeToLive],
  ["/v3/cluster/member/list", async (backend, body) => {
    decodeEmptyRequest(body);
    const members = await backend.memberList();
    return encodeMembersResponse(header(backend, await currentRevision(backend)), members);
  }],
  ["/v3/cluster/member/add", async (backend, body) => {
    const { member: added, members } = await backend.memberAdd(decodeMemberAddRequest(body));
    return encodeMemberAddResponse(
      header(backend, await currentRevision(backend)),
      added,
      members,
    );
  }],
  ["/v3/cluster/member/remove", async (backend, body) => {
    const members = await backend.memberRemove(decodeMemberId(body));
    return encodeMembersResponse(header(backend, await currentRevision(backend)), members);
  }],
  ["/v3/cluster/member/promote", async (backend, body) => {
    const members = await backend.memberPromote(decodeMemberId(body));
    return encodeMembersResponse(header(backend, await currentRevision(backend)), members);
  }],
  ["/v3/maintenance/status", async (backend, body) => {
    decodeEmptyRequest(body);
    return encodeStatusResponse(await backend.status());
  }],
]);

/** Streaming endpoints. */
const STREAMS: ReadonlyMap<
  string,
  (backend: StoreBackend, request: Request, options: ResolvedOptions) => Promise<Response>
> = new Map([
  ["/v3/watch", handleWatch],
  ["/v3/lease/keepalive", handleLeaseKeepAlive],
]);

/** A JSON answer with etcd's headers. */
export function jsonResponse(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { ...CORS_HEADERS, "content-type": "application/json" },
  });
}

/** Decodes the first JSON value of a unary body; an empty body is an empty request. */
function firstValue(bytes: Uint8Array): JsonNode {
  try {
    const result = readJsonValue(bytes, 0, true);
    return result.kind === "value" ? result.node : { kind: "null" };
  } catch (error) {
    if (error instanceof GoJsonSyntaxError) throw new BadRequestError(error.message);
    throw error;
  }
}

async function handleUnary(
  backend: StoreBackend,
  request: Request,
  path: string,
  handler: Unary,
  options: ResolvedOptions,
): Promise<Response> {
  try {
    const bytes = await readBody(request.body, options.maxBodyBytes);
    const body = await handler(backend, firstValue(bytes), options);
    return jsonResponse(body);
  } catch (error) {
    logFailure(options.logger, path, error);
    return errorResponse(error);
  }
}

/**
 * Answers one request of etcd's v3 JSON gateway from `backend`, without a socket: unary
 * endpoints answer once; `/v3/watch` and `/v3/lease/keepalive` answer with a stream of
 * newline-delimited `{"result":...}` objects that ends when the client goes away (or
 * `options.signal` aborts).
 */
export async function handleGatewayRequest(
  backend: StoreBackend,
  request: Request,
  options: GatewayOptions = {},
): Promise<Response> {
  const resolved = resolveOptions(options);
  const path = new URL(request.url).pathname;
  if (request.method === "OPTIONS") {
    await request.body?.cancel();
    return new Response(null, { status: 200, headers: CORS_HEADERS });
  }
  const unary = UNARY.get(path);
  const stream = STREAMS.get(path);
  if (unary === undefined && stream === undefined) {
    await request.body?.cancel();
    return plainResponse(404);
  }
  if (request.method !== "POST") {
    await request.body?.cancel();
    return plainResponse(405);
  }
  resolved.logger?.debug(3, "request", { path });
  if (unary !== undefined) return await handleUnary(backend, request, path, unary, resolved);
  return await stream!(backend, request, resolved);
}
