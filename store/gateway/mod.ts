/**
 * kubeno's store client API: the subset of etcd 3.4's v3 JSON gateway (grpc-gateway) that
 * kube-apiserver-style clients and the store load tool use — `/v3/kv/range|put|deleterange|
 * txn|compaction`, `/v3/watch`, `/v3/lease/grant|revoke|keepalive|timetolive` (also under
 * `/v3/kv/lease/`), `/v3/maintenance/status` — byte-compatible with etcd's answers: the same
 * field names and order, base64 bytes, int64 as strings, zero values omitted, the same errors
 * (gRPC code, message, HTTP status), checked side by side against a real etcd.
 *
 * Use {@link serveGateway} to listen on a socket, or {@link handleGatewayRequest} to answer a
 * `Request` directly (tests, embedding).
 *
 * @module
 */

export { handleGatewayRequest, jsonResponse } from "./routes.ts";
export { type GatewayServer, serveGateway, type ServeGatewayOptions } from "./server.ts";
export { DEFAULT_PROGRESS_INTERVAL_MS, type GatewayOptions } from "./options.ts";
export { DEFAULT_MAX_REQUEST_BYTES } from "./request_size.ts";
export {
  BadRequestError,
  type GatewayErrorInfo,
  httpStatusFromCode,
  MessageTooLargeError,
  RequestTooLargeError,
  toGatewayError,
} from "./errors.ts";
export { DUPLICATE_WATCH_ID_REASON } from "./watch_stream.ts";
