/**
 * What a request is about, from its path and method (after kube-apiserver's
 * RequestInfoFactory): the API group and version, namespace, resource, name, subresource and
 * the Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection).
 *
 * @module
 */

/** A request to a resource path. */
export interface ResourceRequest {
  readonly kind: "resource";
  /** "" for the core group (/api/v1). */
  readonly group: string;
  readonly version: string;
  readonly namespace?: string;
  /** Plural resource name, e.g. "pods". */
  readonly resource: string;
  readonly name?: string;
  readonly subresource?: string;
  readonly verb: string;
}

/** A request that is not about a resource (discovery, health, version, OpenAPI...). */
export interface NonResourceRequest {
  readonly kind: "nonresource";
  readonly path: string;
}

/** What a request is about. */
export type RequestInfo = ResourceRequest | NonResourceRequest;

/**
 * Parses a request. Resource paths are `/api/v1/...` and `/apis/<group>/<version>/...`, with
 * `namespaces/<ns>/<resource>[/<name>[/<subresource>]]` or `<resource>[/<name>[/<sub>]]`.
 * Paths with fewer parts (discovery documents) are non-resource requests.
 */
export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const parts = path.split("/").filter((part) => part !== "").map(decodeURIComponent);
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return { kind: "nonresource", path };
  }
  let namespace: string | undefined;
  // `namespaces/<ns>/<resource>...`; but `namespaces/<ns>` alone (or with a subresource of the
  // namespace itself, like /finalize or /status) is the namespace object.
  if (rest[0] === "namespaces" && rest.length >= 3 && !["status", "finalize"].includes(rest[2]!)) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (resource === undefined) return { kind: "nonresource", path };
  const watch = url.searchParams.get("watch");
  const isWatch = watch === "true" || watch === "1";
  let verb: string;
  switch (method) {
    case "GET":
    case "HEAD":
      verb = name === undefined ? (isWatch ? "watch" : "list") : (isWatch ? "watch" : "get");
      break;
    case "POST":
      verb = "create";
      break;
    case "PUT":
      verb = "update";
      break;
    case "PATCH":
      verb = "patch";
      break;
    case "DELETE":
      verb = name === undefined ? "deletecollection" : "delete";
      break;
    default:
      verb = method.toLowerCase();
  }
  return {
    kind: "resource",
    group,
    version,
    resource,
    verb,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}
