/**
 * Namespace lifecycle (after kube-apiserver's namespace registry and NamespaceLifecycle
 * admission): a new namespace is Active with the `kubernetes` finalizer in spec.finalizers;
 * deleting it marks it Terminating (deletionTimestamp set) and it stays until the namespace
 * controller has emptied it and removed that finalizer through namespaces/finalize; nothing new
 * may be created in it meanwhile; the system namespaces cannot be deleted.
 *
 * @module
 */
import { cloneJson } from "../../api/json.ts";
import { ApiError, type ResourceRef } from "../errors.ts";
import { type ApiObject, nowTimestamp } from "../rest/metadata.ts";

/** The finalizer the namespace controller removes once a namespace is empty. */
export const KUBERNETES_FINALIZER = "kubernetes";

/** Namespaces that may never be deleted (Kubernetes' immortal namespaces). */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
]);

interface NamespaceSpec {
  finalizers?: string[];
}

/** 403 Forbidden, worded as apimachinery's NewForbidden: `pods "x" is forbidden: why`. */
export function forbidden(
  ref: ResourceRef,
  name: string,
  why: string,
  causes?: { reason: string; message: string; field: string }[],
): ApiError {
  const resource = ref.group === "" ? ref.resource : `${ref.resource}.${ref.group}`;
  return new ApiError(
    "Forbidden",
    403,
    name === "" ? `${resource} is forbidden: ${why}` : `${resource} "${name}" is forbidden: ${why}`,
    {
      name,
      ...(ref.group === "" ? {} : { group: ref.group }),
      kind: ref.resource,
      ...(causes === undefined ? {} : { causes }),
    },
  );
}

/** The refusal of a create in a Terminating namespace (with NamespaceTerminating's cause). */
export function namespaceTerminating(ref: ResourceRef, name: string, namespace: string): ApiError {
  return forbidden(
    ref,
    name === "" ? "Unknown" : name,
    `unable to create new content in namespace ${namespace} because it is being terminated`,
    [{
      reason: "NamespaceTerminating",
      message: `namespace ${namespace} is being terminated`,
      field: "metadata.namespace",
    }],
  );
}

/** On create: phase Active and the `kubernetes` finalizer (kept last if others are given). */
export function prepareNamespaceCreate(namespace: ApiObject): void {
  const spec = (namespace.spec ?? {}) as NamespaceSpec;
  const finalizers = spec.finalizers ?? [];
  if (!finalizers.includes(KUBERNETES_FINALIZER)) finalizers.push(KUBERNETES_FINALIZER);
  namespace.spec = { ...spec, finalizers };
  namespace.status = { phase: "Active" };
}

/**
 * On update: the main resource may not change spec.finalizers (only namespaces/finalize may),
 * and namespaces/finalize changes nothing else. Returns the object to write.
 */
export function restrictNamespaceUpdate(
  next: ApiObject,
  old: ApiObject,
  part: "main" | "status" | "finalize",
): ApiObject {
  const oldSpec = (old.spec ?? {}) as NamespaceSpec;
  if (part === "finalize") {
    const finalizers = ((next.spec ?? {}) as NamespaceSpec).finalizers ?? [];
    const written = cloneJson(old);
    written.spec = { ...oldSpec, finalizers };
    if (finalizers.length === 0) delete (written.spec as NamespaceSpec).finalizers;
    return written;
  }
  const spec = { ...((next.spec ?? {}) as NamespaceSpec) };
  if (oldSpec.finalizers === undefined) delete spec.finalizers;
  else spec.finalizers = oldSpec.finalizers;
  next.spec = spec;
  return next;
}

/** True while spec.finalizers keeps a namespace from going away. */
export function namespaceHasFinalizers(namespace: ApiObject): boolean {
  return (((namespace.spec ?? {}) as NamespaceSpec).finalizers ?? []).length > 0;
}

/**
 * The first delete of a namespace: deletionTimestamp and phase Terminating (a clone; the
 * caller writes it). Refuses the immortal namespaces.
 */
export function markNamespaceTerminating(namespace: ApiObject, now = new Date()): ApiObject {
  const name = namespace.metadata.name ?? "";
  if (IMMORTAL_NAMESPACES.has(name)) {
    throw forbidden(
      { resource: "namespaces", group: "" },
      name,
      "this namespace may not be deleted",
    );
  }
  const next = cloneJson(namespace);
  next.metadata.deletionTimestamp ??= nowTimestamp(now);
  next.metadata.deletionGracePeriodSeconds ??= 0;
  next.status = { ...((next.status ?? {}) as object), phase: "Terminating" };
  return next;
}

/**
 * What a namespace delete writes (see {@link markNamespaceTerminating}): the namespace marked
 * Terminating, `namespace` itself when nothing changes, or `undefined` when nothing holds it
 * (no spec or metadata finalizers) and it goes at once.
 */
export function namespaceDeletion(
  namespace: ApiObject,
  gcFinalizers: string[] | undefined,
): ApiObject | undefined {
  const next = markNamespaceTerminating(namespace);
  if (gcFinalizers !== undefined) next.metadata.finalizers = gcFinalizers;
  if (!namespaceHasFinalizers(next) && (next.metadata.finalizers ?? []).length === 0) {
    return undefined;
  }
  const unchanged = namespace.metadata.deletionTimestamp !== undefined &&
    gcFinalizers === undefined &&
    (namespace.status as { phase?: string } | undefined)?.phase === "Terminating";
  return unchanged ? namespace : next;
}
