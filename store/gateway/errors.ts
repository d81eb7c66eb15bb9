/**
 * Errors of the client API and the one place that maps any error to etcd's gateway answer:
 * a gRPC code and message (etcd's `rpctypes`), the HTTP status grpc-gateway v1 derives from
 * the code, and the two body shapes — `{"error","message","code"}` for a failed request and
 * `{"error":{"grpc_code","http_code","message","http_status"}}` inside a stream.
 *
 * @module
 */

import { CompactedError, FutureRevisionError, GrpcCode, StoreError } from "../mvcc/mod.ts";
import { TimeoutError } from "../backend.ts";
import type { Logger } from "../../cli/log.ts";
import { goJsonString } from "./go_json.ts";

/** gRPC code UNKNOWN: what the gateway answers for errors that are not gRPC statuses. */
export const UNKNOWN = 2;

/** A malformed request (bad JSON, base64, field type, enum name): gRPC INVALID_ARGUMENT. */
export class BadRequestError extends StoreError {
  /** Creates the error with Go's (or etcd's) message. */
  constructor(message: string) {
    super(message, GrpcCode.InvalidArgument);
  }
}

/** etcd's "request is too large": the request would exceed `--max-request-bytes`. */
export class RequestTooLargeError extends StoreError {
  /** Creates the error. */
  constructor() {
    super("etcdserver: request is too large", GrpcCode.InvalidArgument);
  }
}

/** gRPC's own limit on a received message (etcd: max request bytes + 512 KiB). */
export class MessageTooLargeError extends StoreError {
  /** Creates the error for a message of `size` bytes over the limit `max`. */
  constructor(size: number, max: number) {
    super(
      `grpc: received message larger than max (${size} vs. ${max})`,
      GrpcCode.ResourceExhausted,
    );
  }
}

/** An error as etcd's gateway reports it. */
export interface GatewayErrorInfo {
  /** The gRPC status code. */
  readonly code: number;
  /** The gRPC status message. */
  readonly message: string;
  /** The HTTP status grpc-gateway answers with. */
  readonly httpStatus: number;
}

/** grpc-gateway v1's `HTTPStatusFromCode`. */
export function httpStatusFromCode(code: number): number {
  switch (code) {
    case 0:
      return 200;
    case 1: // CANCELED
      return 408;
    case 2: // UNKNOWN
      return 500;
    case 3: // INVALID_ARGUMENT
      return 400;
    case 4: // DEADLINE_EXCEEDED
      return 504;
    case 5: // NOT_FOUND
      return 404;
    case 6: // ALREADY_EXISTS
      return 409;
    case 7: // PERMISSION_DENIED
      return 403;
    case 8: // RESOURCE_EXHAUSTED
      return 429;
    case 9: // FAILED_PRECONDITION
      return 412;
    case 10: // ABORTED
      return 409;
    case 11: // OUT_OF_RANGE
      return 400;
    case 12: // UNIMPLEMENTED
      return 501;
    case 13: // INTERNAL
      return 500;
    case 14: // UNAVAILABLE
      return 503;
    case 15: // DATA_LOSS
      return 500;
    case 16: // UNAUTHENTICATED
      return 401;
    default:
      return 500;
  }
}

/** Go's `http.StatusText` for the statuses {@link httpStatusFromCode} yields. */
export function httpStatusText(status: number): string {
  const texts: Record<number, string> = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    412: "Precondition Failed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return texts[status] ?? "";
}

/**
 * The gRPC code and message etcd answers for `error`. Store errors keep their code, with
 * etcd's client-facing wording where its gRPC layer differs from the mvcc one (compacted and
 * future revisions say "etcdserver: mvcc: ...", a timeout is UNAVAILABLE); anything else is
 * UNKNOWN with its message, as for a Go error that is not a gRPC status.
 */
export function toGatewayError(error: unknown): GatewayErrorInfo {
  let code = UNKNOWN;
  let message: string;
  if (error instanceof StoreError) {
    code = error.code;
    message = error.message;
    if (error instanceof CompactedError || error instanceof FutureRevisionError) {
      message = `etcdserver: ${message}`;
    } else if (error instanceof TimeoutError) {
      code = GrpcCode.Unavailable; // etcd's ErrGRPCTimeout is codes.Unavailable
    }
  } else if (error instanceof Error) {
    message = error.message;
  } else {
    message = String(error);
  }
  return { code, message, httpStatus: httpStatusFromCode(code) };
}

/** The CORS headers etcd's gateway puts on every answer. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, GET, OPTIONS, PUT, DELETE",
  "access-control-allow-headers": "accept, content-type, authorization",
};

/** The JSON body of a failed request: `{"error":msg,"message":msg,"code":n}`. */
export function errorBody(info: Pick<GatewayErrorInfo, "code" | "message">): string {
  const msg = goJsonString(info.message);
  return `{"error":${msg},"message":${msg},"code":${info.code}}`;
}

/** The failed-request answer for `error` (see {@link toGatewayError}). */
export function errorResponse(error: unknown): Response {
  return errorInfoResponse(toGatewayError(error));
}

/** The failed-request answer for a gRPC code and message. */
export function errorInfoResponse(info: Pick<GatewayErrorInfo, "code" | "message">): Response {
  return new Response(errorBody(info), {
    status: httpStatusFromCode(info.code),
    headers: { ...CORS_HEADERS, "content-type": "application/json" },
  });
}

/** The chunk grpc-gateway writes when a stream fails: `{"error":{...}}` (no newline after). */
export function streamErrorChunk(info: Pick<GatewayErrorInfo, "code" | "message">): string {
  const http = httpStatusFromCode(info.code);
  const parts = [`"grpc_code":${info.code}`, `"http_code":${http}`];
  if (info.message !== "") parts.push(`"message":${goJsonString(info.message)}`);
  const text = httpStatusText(http);
  if (text !== "") parts.push(`"http_status":${goJsonString(text)}`);
  return `{"error":{${parts.join(",")}}}`;
}

/** A plain-text answer like Go's `http.Error` (unknown path, wrong method). */
export function plainResponse(status: number): Response {
  return new Response(`${httpStatusText(status)}\n`, {
    status,
    headers: {
      ...CORS_HEADERS,
      "content-type": "text/plain; charset=utf-8",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * The answer when the first request of a stream (watch, keepalive) cannot be decoded:
 * grpc-gateway reports such an error as UNKNOWN (HTTP 500) with its message.
 */
export function firstRequestError(error: unknown): Response {
  return errorInfoResponse({ code: UNKNOWN, message: toGatewayError(error).message });
}

/** Logs a failed request: store errors are the client's business (debug), others are bugs. */
export function logFailure(logger: Logger | undefined, path: string, error: unknown): void {
  if (error instanceof StoreError) {
    logger?.debug(2, "request failed", { path, error });
  } else {
    logger?.error("request failed unexpectedly", {
      path,
      error,
      stack: error instanceof Error ? error.stack : undefined,
    });
  }
}
