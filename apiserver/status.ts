/**
 * Errors as Kubernetes `Status` objects: the one place where any failure becomes an HTTP
 * answer. Unknown errors become a 500 InternalError Status (and are logged by the caller);
 * the server never answers with a stack trace or crashes on input.
 *
 * @module
 */
import { ApiError } from "./errors.ts";

/** A metav1.Status of kind Status. */
export interface StatusObject {
  readonly kind: "Status";
  readonly apiVersion: "v1";
  readonly metadata: Record<string, never>;
  readonly status: "Success" | "Failure";
  readonly message?: string;
  readonly reason?: string;
  readonly details?: unknown;
  readonly code: number;
}

/** The Status for an error (an {@link ApiError}, or anything else as a 500). */
export function statusFor(error: unknown): StatusObject {
  if (error instanceof ApiError) {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: error.message,
      reason: error.reason,
      ...(error.details === undefined ? {} : { details: error.details }),
      code: error.code,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `Internal error occurred: ${message}`,
    reason: "InternalError",
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** A JSON response with Kubernetes' content type. */
export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...Object.fromEntries(new Headers(headers)) },
  });
}

/** The HTTP answer for an error. */
export function errorResponse(error: unknown): Response {
  const status = statusFor(error);
  const headers: Record<string, string> = {};
  const retry = error instanceof ApiError ? error.details?.retryAfterSeconds : undefined;
  if (retry !== undefined) headers["retry-after"] = String(retry);
  return jsonResponse(status, status.code, headers);
}

/** A success Status (what DELETE of a collection and some subresources answer). */
export function successStatus(details?: unknown): StatusObject {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    ...(details === undefined ? {} : { details }),
    code: 200,
  };
}
