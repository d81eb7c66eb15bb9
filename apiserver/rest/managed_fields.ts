/**
 * Field ownership (`metadata.managedFields`) as kube-apiserver keeps it: every write records
 * which manager set which fields (operation `Update` for create/update/patch, `Apply` for
 * server-side apply), and server-side apply uses the record to detect conflicts with other
 * managers and to remove the fields an applier stopped specifying.
 *
 * Invariants: a field path is owned by an entry only while it exists in the object; entries
 * are keyed by (manager, operation, subresource) and dropped when they own nothing; a
 * non-forced apply never changes a field another manager owns to a different value.
 *
 * @module
 */
import type { Json } from "../../api/json.ts";
import type { Schema } from "../../api/schema/dsl.ts";
import {
  displayPath,
  type FieldValues,
  fieldValues,
  pathOfKey,
  removeFieldPath,
  sameValue,
} from "../../api/schema/field_set.ts";
import { decodeEntries, encodeEntries, ManagedEntry, type Subresource } from "./managed_entry.ts";
import { ApiError, badRequest, type StatusCause } from "../errors.ts";
import type { ApiObject } from "./metadata.ts";

export type { Subresource };

/** Who writes, and through what. */
export interface WriteContext {
  /** The field manager (`fieldManager`, or derived from the User-Agent). */
  readonly manager: string;
  /** The object's `apiVersion` ("v1", "apps/v1"). */
  readonly apiVersion: string;
  /** "" for the main resource, else the subresource's name. */
  readonly subresource: Subresource;
  /** The kind's schema. */
  readonly schema: Schema;
  /** The time to stamp on changed entries (RFC 3339). */
  readonly now: string;
}

/** Top-level fields never tracked through the main resource (system-owned or identity). */
const UNTRACKED: readonly (readonly string[])[] = [
  ["apiVersion"],
  ["kind"],
  ["status"],
  ["metadata", "name"],
  ["metadata", "namespace"],
  ["metadata", "uid"],
  ["metadata", "resourceVersion"],
  ["metadata", "generation"],
  ["metadata", "creationTimestamp"],
  ["metadata", "deletionTimestamp"],
  ["metadata", "deletionGracePeriodSeconds"],
  ["metadata", "managedFields"],
  ["metadata", "selfLink"],
];

/** The tracked paths of `object` with their values, for a write through `subresource`. */
function tracked(object: ApiObject | undefined, subresource: Subresource, schema: Schema) {
  if (object === undefined) return new Map() as FieldValues;
  const value = object as unknown as { [key: string]: Json };
  if (subresource === "status") {
    return value.status === undefined
      ? new Map() as FieldValues
      : fieldValues({ status: value.status }, schema);
  }
  return fieldValues(value, schema, UNTRACKED);
}

/** The longest field manager name kube-apiserver accepts. */
const MAX_MANAGER_LENGTH = 128;

/**
 * The manager of a request: `?fieldManager=`, else the User-Agent's program name (as
 * kube-apiserver derives it: the part before the first "/"). Apply requires the parameter.
 */
export function fieldManagerOf(
  params: URLSearchParams,
  request: Request,
  apply: boolean,
): string {
  const given = params.get("fieldManager");
  if (given !== null) {
    if (given.length > MAX_MANAGER_LENGTH) {
      throw badRequest(
        `fieldManager: Too long: may not be more than ${MAX_MANAGER_LENGTH} bytes`,
      );
    }
    if (!/^[\x20-\x7e]*$/.test(given)) {
      throw badRequest(
        `fieldManager: Invalid value: ${JSON.stringify(given)}: ` +
          "invalid characters, only printable ASCII characters are allowed",
      );
    }
    if (given !== "") return given;
  }
  if (apply) {
    throw new ApiError(
      "Invalid",
      422,
      `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch`,
      {
        kind: "PatchOptions",
        group: "meta.k8s.io",
        causes: [{
          reason: "FieldValueRequired",
          message: "Required value: is required for apply patch",
          field: "fieldManager",
        }],
      },
    );
  }
  const agent = request.headers.get("user-agent") ?? "";
  const program = (agent.split("/")[0] ?? "").trim();
  return program === "" ? "unknown" : program.slice(0, MAX_MANAGER_LENGTH);
}

/** The entry for (manager, operation, subresource), created (at the end) when missing. */
function entryFor(
  entries: ManagedEntry[],
  ctx: WriteContext,
  operation: ManagedEntry["operation"],
): ManagedEntry {
  let entry = entries.find((e) =>
    e.manager === ctx.manager && e.operation === operation && e.subresource === ctx.subresource
  );
  if (entry === undefined) {
    entry = new ManagedEntry({
      manager: ctx.manager,
      operation,
      apiVersion: ctx.apiVersion,
      subresource: ctx.subresource,
    });
    entries.push(entry);
  }
  return entry;
}

/** The paths whose value differs between two snapshots, and those that went away. */
function diff(before: FieldValues, after: FieldValues) {
  const changed = new Set<string>();
  const removed = new Set<string>();
  for (const [key, value] of after) {
    if (!before.has(key) || !sameValue(before.get(key), value)) changed.add(key);
  }
  for (const key of before.keys()) if (!after.has(key)) removed.add(key);
  return { changed, removed };
}

/**
 * The entries a client sent, when it meant to set them: a body whose managedFields differ from
 * the stored ones replaces them (an empty list clears them), as kube-apiserver allows.
 */
function baseEntries(old: ApiObject | undefined, next: ApiObject): ManagedEntry[] {
  const sent = next.metadata.managedFields;
  const stored = old?.metadata.managedFields;
  if (
    sent === undefined || sent === stored ||
    JSON.stringify(sent) === JSON.stringify(stored ?? [])
  ) {
    return decodeEntries(stored, true);
  }
  return decodeEntries(sent, false);
}

/**
 * Records an `Update` by `ctx.manager` (create when `old` is undefined): the fields it changed
 * become its own and leave every other manager; removed fields leave everyone. Sets
 * `next.metadata.managedFields` in place.
 */
export function recordUpdate(old: ApiObject | undefined, next: ApiObject, ctx: WriteContext): void {
  const entries = baseEntries(old, next);
  const { changed, removed } = diff(
    tracked(old, ctx.subresource, ctx.schema),
    tracked(next, ctx.subresource, ctx.schema),
  );
  const own = changed.size > 0 ? entryFor(entries, ctx, "Update") : undefined;
  const paths = new Map<string, readonly string[]>();
  const pathOf = (key: string) => {
    let path = paths.get(key);
    if (path === undefined) paths.set(key, path = pathOfKey(key));
    return path;
  };
  for (const entry of entries) {
    for (const key of removed) entry.delete(key, pathOf(key));
    if (entry === own) continue;
    for (const key of changed) entry.delete(key, pathOf(key));
  }
  if (own !== undefined) {
    for (const key of changed) own.add(key, pathOf(key));
    own.time = ctx.now;
    own.apiVersion = ctx.apiVersion;
  }
  setEntries(next, entries);
}

function setEntries(object: ApiObject, entries: readonly ManagedEntry[]): void {
  const encoded = encodeEntries(entries);
  if (encoded.length > 0) object.metadata.managedFields = encoded;
  else delete object.metadata.managedFields;
}

/**
 * A conflicting manager as kube-apiserver names it: `"x"`, plus `with subresource "scale"`,
 * plus `using v1 at <time>` for an Update.
 */
function managerLabel(entry: ManagedEntry): string {
  let label = JSON.stringify(entry.manager);
  if (entry.subresource !== "") label += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === "Update") {
    label += ` using ${entry.apiVersion}`;
    if (entry.time !== undefined) label += ` at ${entry.time}`;
  }
  return label;
}

/**
 * A server-side apply that would change fields other managers own: final for this request
 * (unlike a resourceVersion conflict, retrying on a fresh read cannot help).
 */
export class ApplyConflictError extends ApiError {
  override name = "ApplyConflictError";
}

/** 409 Conflict listing every field another manager owns with a different value. */
function applyConflict(conflicts: readonly { entry: ManagedEntry; key: string }[]): ApiError {
  const causes: StatusCause[] = conflicts.map(({ entry, key }) => ({
    reason: "FieldManagerConflict",
    message: `conflict with ${managerLabel(entry)}`,
    field: displayPath(pathOfKey(key)),
  }));
  let detail: string;
  if (conflicts.length === 1) {
    detail = `${causes[0]?.message}: ${causes[0]?.field}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const cause of causes) {
      const label = cause.message.replace(/^conflict with /, "");
      byManager.set(label, [...(byManager.get(label) ?? []), cause.field!]);
    }
    detail = [...byManager].sort(([a], [b]) => a < b ? -1 : 1)
      .flatMap(([label, fields]) => [`conflicts with ${label}:`, ...fields.map((f) => `- ${f}`)])
      .join("\n");
  }
  const count = conflicts.length;
  return new ApplyConflictError(
    "Conflict",
    409,
    `Apply failed with ${count} conflict${count === 1 ? "" : "s"}: ${detail}`,
    { causes },
  );
}

/**
 * Server-side apply of `config` by `ctx.manager` onto `live`, whose merge with the config is
 * `merged` (changed in place and returned): refuses (409) to change fields other managers own
 * unless `force`; removes the fields this manager applied before and no longer specifies when
 * nobody else owns them; records the applied fields as the manager's `Apply` entry.
 */
export function recordApply(
  live: ApiObject,
  config: ApiObject,
  merged: ApiObject,
  ctx: WriteContext,
  force: boolean,
): ApiObject {
  const entries = decodeEntries(live.metadata.managedFields, true);
  const liveValues = tracked(live, ctx.subresource, ctx.schema);
  const applied = tracked(config, ctx.subresource, ctx.schema);
  const others = entries.filter((e) => e.manager !== ctx.manager);

  const conflicts: { entry: ManagedEntry; key: string }[] = [];
  for (const [key, value] of applied) {
    if (sameValue(liveValues.get(key), value)) continue;
    for (const entry of others) if (entry.has(key)) conflicts.push({ entry, key });
  }
  if (conflicts.length > 0 && !force) throw applyConflict(conflicts);

  const own = entryFor(entries, ctx, "Apply");
  // Fields this applier owned and no longer specifies go, unless someone else still owns them
  // or something under them; deepest first so a map is judged after its entries.
  const dropped = [...own.fields].filter((key) => !applied.has(key))
    .sort((a, b) => pathOfKey(b).length - pathOfKey(a).length);
  const stillOwned = (key: string): boolean => {
    const prefix = key.slice(0, -1); // the JSON array without its closing bracket
    const owns = (k: string) => k === key || k.startsWith(`${prefix},`);
    if ([...applied.keys()].some(owns)) return true;
    return entries.some((e) => e !== own && [...e.fields].some(owns));
  };
  for (const key of dropped) {
    if (!stillOwned(key)) {
      removeFieldPath(merged as unknown as { [k: string]: Json }, pathOfKey(key));
    }
  }

  const { changed, removed } = diff(liveValues, tracked(merged, ctx.subresource, ctx.schema));
  for (const entry of entries) {
    if (entry === own) continue;
    for (const key of removed) entry.delete(key);
    for (const key of changed) entry.delete(key);
  }
  own.replace(applied.keys());
  own.time = ctx.now;
  own.apiVersion = ctx.apiVersion;
  setEntries(merged, entries);
  return merged;
}

/**
 * Records the creation of `created` by server-side apply of `config`: the applied fields are
 * the applier's; defaulted fields belong to nobody, as in Kubernetes.
 */
export function recordApplyCreate(created: ApiObject, config: ApiObject, ctx: WriteContext): void {
  const entries: ManagedEntry[] = [];
  const own = entryFor(entries, ctx, "Apply");
  own.replace(tracked(config, ctx.subresource, ctx.schema).keys());
  own.time = ctx.now;
  setEntries(created, entries);
}
