/**
 * The API server's typed errors. Each names the Kubernetes `reason` and HTTP `code` it becomes
 * in a `Status`; the HTTP layer maps them in one place (apiserver/status.ts).
 *
 * @module
 */

/** A cause of an error, as in `Status.details.causes`. */
export interface StatusCause {
  /** e.g. "FieldValueInvalid", "FieldValueRequired", "FieldValueDuplicate". */
  readonly reason?: string;
  readonly message: string;
  /** The field path, e.g. "spec.containers[0].image". */
  readonly field?: string;
}

/** What a Status error says about the object it concerns. */
export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  /** The resource's kind as Kubernetes puts it in details: the plural resource name. */
  readonly kind?: string;
  readonly uid?: string;
  readonly causes?: readonly StatusCause[];
  readonly retryAfterSeconds?: number;
}

/** An error the API answers with a `Status` (reason + code + message). */
export class ApiError extends Error {
  override name = "ApiError";
  /** Kubernetes' StatusReason, e.g. "NotFound". */
  readonly reason: string;
  /** The HTTP status code. */
  readonly code: number;
  readonly details: StatusDetails | undefined;

  constructor(reason: string, code: number, message: string, details?: StatusDetails) {
    super(message);
    this.reason = reason;
    this.code = code;
    this.details = details;
  }
}

/** Names a resource in messages: `pods "web"` or `deployments.apps "web"`. */
export interface ResourceRef {
  /** Plural resource name. */
  readonly resource: string;
  /** API group ("" for core). */
  readonly group: string;
}

function qualified(ref: ResourceRef): string {
  return ref.group === "" ? ref.resource : `${ref.resource}.${ref.group}`;
}

function detailsOf(ref: ResourceRef, name: string): StatusDetails {
  return ref.group === ""
    ? { name, kind: ref.resource }
    : { name, group: ref.group, kind: ref.resource };
}

/** 404 `pods "web" not found`. */
export function notFound(ref: ResourceRef, name: string): ApiError {
  return new ApiError(
    "NotFound",
    404,
    `${qualified(ref)} "${name}" not found`,
    detailsOf(ref, name),
  );
}

/** 409 `pods "web" already exists`. */
export function alreadyExists(ref: ResourceRef, name: string): ApiError {
  return new ApiError(
    "AlreadyExists",
    409,
    `${qualified(ref)} "${name}" already exists`,
    detailsOf(ref, name),
  );
}

/**
 * 409 Conflict: the object changed since the client read it (Kubernetes' exact wording, which
 * clients match on).
 */
export function conflict(ref: ResourceRef, name: string, why?: string): ApiError {
  return new ApiError(
    "Conflict",
    409,
    `Operation cannot be fulfilled on ${qualified(ref)} "${name}": ${
      why ??
        "the object has been modified; please apply your changes to the latest version and try again"
    }`,
    detailsOf(ref, name),
  );
}

/** 410 Expired: a resourceVersion older than the store keeps (watch and list from it). */
export function expired(message: string): ApiError {
  return new ApiError("Expired", 410, message);
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError("BadRequest", 400, message);
}

/** 500 InternalError. */
export function internalError(message: string): ApiError {
  return new ApiError("InternalError", 500, `Internal error occurred: ${message}`);
}

/** 504 Timeout (the store did not answer in time; the outcome is unknown). */
export function storeTimeout(message: string): ApiError {
  return new ApiError("Timeout", 504, message);
}

/** 503 ServiceUnavailable (no store leader: retry). */
export function unavailable(message: string): ApiError {
  return new ApiError("ServiceUnavailable", 503, message, { retryAfterSeconds: 1 });
}
