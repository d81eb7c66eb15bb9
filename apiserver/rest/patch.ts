/**
 * The four patch types of the Kubernetes API: JSON patch (RFC 6902), JSON merge patch
 * (RFC 7386), strategic merge patch (lists merged by their `patchMergeKey`, with the
 * `$patch`, `$retainKeys`, `$deleteFromPrimitiveList` and `$setElementOrder` directives) and
 * apply patches (server-side apply, served as "create or merge").
 *
 * @module
 */
import { cloneJson, type Json } from "../../api/json.ts";
import { patchMetaFor } from "../../api/schema/patch_meta.ts";
import type { Schema } from "../../api/schema/dsl.ts";
import { ApiError, badRequest } from "../errors.ts";

/** The patch media types kube-apiserver accepts. */
export const PATCH_TYPES = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;

/** 415 for a patch media type that is not one of {@link PATCH_TYPES}. */
export function unsupportedPatchType(media: string): ApiError {
  return new ApiError(
    "UnsupportedMediaType",
    415,
    `the body of the request was in an unknown format (${media}) - accepted media types ` +
      `include: ${Object.values(PATCH_TYPES).join(", ")}`,
  );
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: { [key: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key] ?? null, value);
  }
  return result;
}

/** RFC 6901 pointer segments. */
function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw badRequest(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

interface Located {
  parent: { [key: string]: Json } | Json[];
  key: string;
}

function locate(doc: Json, segments: string[], path: string): Located {
  let node: Json = doc;
  for (const segment of segments.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(segment, node.length, path, false)]!;
    else if (isObject(node) && segment in node) node = node[segment]!;
    else throw jsonPatchError(`doc is missing path: "${path}"`);
  }
  if (!Array.isArray(node) && !isObject(node)) {
    throw jsonPatchError(`doc is missing path: "${path}"`);
  }
  return { parent: node, key: segments[segments.length - 1]! };
}

function arrayIndex(segment: string, length: number, path: string, forAdd: boolean): number {
  if (forAdd && segment === "-") return length;
  if (!/^(0|[1-9]\d*)$/.test(segment)) throw jsonPatchError(`invalid array index in "${path}"`);
  const index = Number(segment);
  if (index > length || (!forAdd && index === length)) {
    throw jsonPatchError(`array index out of bounds in "${path}"`);
  }
  return index;
}

function jsonPatchError(message: string): ApiError {
  return new ApiError("Invalid", 422, message);
}

function get(doc: Json, path: string): Json {
  let node: Json = doc;
  for (const segment of pointer(path)) {
    if (Array.isArray(node)) node = node[arrayIndex(segment, node.length, path, false)]!;
    else if (isObject(node) && segment in node) node = node[segment]!;
    else throw jsonPatchError(`doc is missing path: "${path}"`);
  }
  return node;
}

function add(doc: Json, path: string, value: Json): Json {
  const segments = pointer(path);
  if (segments.length === 0) return value;
  const { parent, key } = locate(doc, segments, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, path, true), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: Json, path: string): Json {
  const segments = pointer(path);
  if (segments.length === 0) throw jsonPatchError("cannot remove the whole document");
  const { parent, key } = locate(doc, segments, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, path, false), 1);
  else if (key in parent) delete parent[key];
  else throw jsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

/** RFC 6902 JSON patch. */
export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw badRequest("a JSON patch must be an array of operations");
  let doc: Json = cloneJson(target);
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.op !== "string") {
      throw badRequest('each JSON patch operation must be an object with an "op"');
    }
    const path = typeof operation.path === "string" ? operation.path : undefined;
    if (path === undefined) throw badRequest(`operation ${operation.op} needs a "path"`);
    switch (operation.op) {
      case "add":
        doc = add(doc, path, cloneJson(operation.value ?? null));
        break;
      case "remove":
        doc = remove(doc, path);
        break;
      case "replace":
        get(doc, path);
        doc = add(remove(doc, path), path, cloneJson(operation.value ?? null));
        break;
      case "move": {
        const from = String(operation.from ?? "");
        const value = get(doc, from);
        doc = add(remove(doc, from), path, value);
        break;
      }
      case "copy":
        doc = add(doc, path, cloneJson(get(doc, String(operation.from ?? ""))));
        break;
      case "test":
        if (JSON.stringify(get(doc, path)) !== JSON.stringify(operation.value ?? null)) {
          throw jsonPatchError(`testing value ${path} failed`);
        }
        break;
      default:
        throw badRequest(`unexpected JSON patch operation ${JSON.stringify(operation.op)}`);
    }
  }
  return doc;
}

const DIRECTIVE_PREFIXES = ["$setElementOrder/", "$deleteFromPrimitiveList/"];

/**
 * Strategic merge patch: like a merge patch, except lists whose schema declares
 * `patchStrategy: merge` are merged element by element by their `patchMergeKey` (or, for
 * primitive lists, by value), with Kubernetes' `$patch: replace|delete|merge`,
 * `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>` and `$retainKeys` directives.
 */
export function strategicMergePatch(target: Json, patch: Json, schema: Schema): Json {
  return smpObject(isObject(target) ? target : {}, patch, schema);
}

function smpObject(target: { [key: string]: Json }, patch: Json, schema: Schema): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === "replace") {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === "delete") return null;
  let result: { [key: string]: Json } = { ...target };
  const retain = patch.$retainKeys;
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch" || key === "$retainKeys") continue;
    if (key.startsWith("$deleteFromPrimitiveList/")) {
      const field = key.slice("$deleteFromPrimitiveList/".length);
      const drop = new Set((Array.isArray(value) ? value : []).map((v) => JSON.stringify(v)));
      const current = result[field];
      if (Array.isArray(current)) {
        result[field] = current.filter((v) => !drop.has(JSON.stringify(v)));
      }
      continue;
    }
    if (key.startsWith("$setElementOrder/")) continue; // applied after the merge below
    if (value === null) {
      delete result[key];
      continue;
    }
    const meta = patchMetaFor(schema, key);
    const childSchema = meta?.schema;
    if (meta?.kind === "list" && Array.isArray(value) && meta.patchStrategy?.includes("merge")) {
      const items = patchMetaFor(meta.schema, 0);
      result[key] = smpList(
        Array.isArray(result[key]) ? (result[key] as Json[]) : [],
        value,
        meta.patchMergeKey,
        items?.kind === "object" ? items.schema : undefined,
      );
    } else if (
      (meta?.kind === "object" || meta?.kind === "map") && isObject(value) && childSchema
    ) {
      result[key] = smpObject(isObject(result[key]) ? result[key] : {}, value, childSchema);
    } else if (isObject(value)) {
      result[key] = mergePatch(result[key] ?? null, value);
    } else {
      result[key] = value;
    }
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith("$setElementOrder/") || !Array.isArray(order)) continue;
    const field = key.slice("$setElementOrder/".length);
    const meta = patchMetaFor(schema, field);
    const list = result[field];
    if (Array.isArray(list)) result[field] = reorder(list, order, meta?.patchMergeKey);
  }
  if (Array.isArray(retain)) {
    const keep = new Set(retain.map(String));
    result = Object.fromEntries(Object.entries(result).filter(([k]) => keep.has(k)));
  }
  return result;
}

function smpList(
  target: Json[],
  patch: Json[],
  mergeKey: string | undefined,
  itemSchema: Schema | undefined,
): Json[] {
  if (patch.some((item) => isObject(item) && item.$patch === "replace")) {
    return patch.filter((item) => !(isObject(item) && item.$patch === "replace"));
  }
  if (mergeKey === undefined) {
    // A merged primitive list: union, target order first.
    const seen = new Set(target.map((v) => JSON.stringify(v)));
    return [...target, ...patch.filter((v) => !seen.has(JSON.stringify(v)))];
  }
  const result = [...target];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const id = JSON.stringify(item[mergeKey] ?? null);
    const index = result.findIndex((t) =>
      isObject(t) && JSON.stringify(t[mergeKey] ?? null) === id
    );
    if (item.$patch === "delete") {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const merged = itemSchema === undefined
        ? mergePatch(result[index]!, item)
        : smpObject(result[index] as { [key: string]: Json }, item, itemSchema);
      result[index] = merged;
    } else {
      const { $patch: _, ...rest } = item;
      result.push(rest);
    }
  }
  return result;
}

function reorder(list: Json[], order: Json[], mergeKey: string | undefined): Json[] {
  const keyOf = (v: Json) =>
    JSON.stringify(mergeKey !== undefined && isObject(v) ? v[mergeKey] ?? null : v);
  const rank = new Map(order.map((v, i) => [keyOf(v), i]));
  return [...list].sort((a, b) =>
    (rank.get(keyOf(a)) ?? Infinity) - (rank.get(keyOf(b)) ?? Infinity)
  );
}

/** True for keys that are patch directives, not fields. */
export function isDirective(key: string): boolean {
  return key.startsWith("$") || DIRECTIVE_PREFIXES.some((p) => key.startsWith(p));
}
