/**
 * What the API server itself decides about an object's metadata on create and update (after
 * kube-apiserver's rest.BeforeCreate/BeforeUpdate): name or generateName, namespace from the
 * URL, uid, creationTimestamp, generation, and the fields clients may not set.
 *
 * @module
 */
import { FieldError, generateName } from "../../api/validation.ts";
import { badRequest } from "../errors.ts";

/** An object as the REST layer handles it. */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMetaLike;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** The metadata fields the REST layer reads and writes. */
export interface ObjectMetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: unknown[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** The current time as Kubernetes writes it (RFC 3339, seconds). */
export function nowTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Checks apiVersion/kind/namespace in a body against the URL and fills what is missing:
 * clients may omit them (client libraries do), but may not contradict the URL.
 */
export function defaultTypeAndNamespace(
  object: ApiObject,
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
): void {
  if (object.apiVersion !== undefined && object.apiVersion !== apiVersion) {
    throw badRequest(
      `the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersion})`,
    );
  }
  if (object.kind !== undefined && object.kind !== kind) {
    throw badRequest(
      `the kind in the data (${object.kind}) does not match the expected kind (${kind})`,
    );
  }
  object.apiVersion = apiVersion;
  object.kind = kind;
  if (object.metadata === undefined || object.metadata === null) object.metadata = {};
  if (namespace !== undefined) {
    if (
      object.metadata.namespace !== undefined && object.metadata.namespace !== "" &&
      object.metadata.namespace !== namespace
    ) {
      throw badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    }
    object.metadata.namespace = namespace;
  } else {
    delete object.metadata.namespace;
  }
}

/**
 * Prepares a new object: a generated name when only generateName is given, a fresh uid and
 * creationTimestamp, generation 1, and none of the fields only the server sets. Returns the
 * field errors of the metadata (name required).
 */
export function prepareCreate(object: ApiObject, now = new Date()): FieldError[] {
  const meta = object.metadata;
  const errors: FieldError[] = [];
  if ((meta.name === undefined || meta.name === "") && meta.generateName) {
    meta.name = generateName(meta.generateName);
  }
  if (meta.name === undefined || meta.name === "") {
    errors.push(
      new FieldError("FieldValueRequired", "metadata.name", "", "name or generateName is required"),
    );
  }
  meta.uid = crypto.randomUUID();
  meta.creationTimestamp = nowTimestamp(now);
  // Only objects with a spec track generations (ConfigMaps, Secrets... do not).
  if (object.spec !== undefined) meta.generation = 1;
  else delete meta.generation;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (meta.labels === null) delete meta.labels;
  if (meta.annotations === null) delete meta.annotations;
  return errors;
}

/**
 * Carries over what an update may not change (uid, creationTimestamp, deletion fields,
 * generation unless the spec changed) from the stored object.
 */
export function prepareUpdate(object: ApiObject, old: ApiObject): void {
  const meta = object.metadata;
  if (old.metadata.uid !== undefined) meta.uid = old.metadata.uid;
  if (old.metadata.creationTimestamp !== undefined) {
    meta.creationTimestamp = old.metadata.creationTimestamp;
  }
  for (const field of ["deletionTimestamp", "deletionGracePeriodSeconds"] as const) {
    if (old.metadata[field] === undefined) delete meta[field];
    else meta[field] = old.metadata[field] as never;
  }
  if (old.metadata.generation === undefined) {
    delete meta.generation;
    return;
  }
  const specChanged = JSON.stringify(object.spec ?? null) !== JSON.stringify(old.spec ?? null);
  meta.generation = old.metadata.generation + (specChanged ? 1 : 0);
}
