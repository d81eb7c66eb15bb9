/**
 * Field sets for server-side apply's field ownership (structured-merge-diff's `fieldpath.Set`),
 * computed from a value and its schema. A field set holds the paths of the leaves of a value
 * (scalars, atomic lists and maps, empty objects) and of the "members" that exist on their own
 * (granular maps and the elements of associative lists, written `"."` in FieldsV1), and converts
 * to and from the FieldsV1 trie that `metadata.managedFields` carries. Pure: no I/O.
 *
 * Path elements are written as FieldsV1 writes them: `f:<field or map key>`, `k:<JSON of an
 * associative list element's key fields>`, `v:<JSON of a set element>`, `i:<index>`.
 *
 * @module
 */
import { type PatchMeta, patchMetaFor, patchMetaOf } from "./patch_meta.ts";
import type { Schema } from "./dsl.ts";
import type { Json } from "../json.ts";

/** One field path, as its FieldsV1 elements (`["f:spec", "f:containers", "k:{...}"]`). */
export type FieldPath = readonly string[];

/** A FieldsV1 trie: every key maps to a sub-trie; `{}` (or a `"."` key) marks a member. */
export type FieldsV1 = { [element: string]: FieldsV1 };

/** Marks a member that stands for a node with children (a map, a list element), not a leaf. */
export const NODE: unique symbol = Symbol("field-set-node");

/** The paths of a value with the value at each leaf ({@link NODE} for inner members). */
export type FieldValues = Map<string, Json | typeof NODE>;

/** The key of a path in sets and maps: its elements as JSON. */
export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/** The path a {@link pathKey} names. */
export function pathOfKey(key: string): FieldPath {
  return JSON.parse(key) as string[];
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The key fields of an associative list's elements, or undefined for a set or atomic list. */
function associativeKeys(meta: PatchMeta): readonly string[] | undefined {
  if (meta.listType === "map" && meta.listMapKeys !== undefined && meta.listMapKeys.length > 0) {
    return meta.listMapKeys;
  }
  if (meta.patchMergeKey !== undefined && meta.patchStrategy?.includes("merge")) {
    return [meta.patchMergeKey];
  }
  return undefined;
}

/** True for a list whose scalar elements form a set (`v:` paths). */
function isSetList(meta: PatchMeta): boolean {
  return meta.listType === "set" ||
    (meta.patchStrategy?.includes("merge") === true && meta.patchMergeKey === undefined);
}

/** The `k:` element naming an associative list element (keys in sorted order, as SMD writes). */
function elementKey(element: { [key: string]: Json }, keys: readonly string[]): string {
  const named: { [key: string]: Json } = {};
  for (const k of [...keys].sort()) {
    if (element[k] !== undefined) named[k] = element[k];
  }
  return `k:${JSON.stringify(named)}`;
}

/** The key of `parentKey`'s path extended by `element` (equal to pathKey of the longer path). */
function childKey(parentKey: string, element: string): string {
  return parentKey === "[]"
    ? `[${JSON.stringify(element)}]`
    : `${parentKey.slice(0, -1)},${JSON.stringify(element)}]`;
}

/**
 * Adds the paths of `value` (at the path whose key is `key`) to `out`. `omit` names fields of
 * an object value that are left out, as if deleted (the untracked fields of metadata).
 */
function walk(
  value: Json,
  meta: PatchMeta | undefined,
  key: string,
  out: FieldValues,
  omit?: ReadonlySet<string>,
): void {
  if (meta === undefined || meta.kind === "primitive" || meta.kind === "any") {
    out.set(key, value);
    return;
  }
  if (meta.kind === "object" || meta.kind === "map") {
    if (!isObject(value) || meta.mapType === "atomic") {
      out.set(key, omit === undefined || !isObject(value) ? value : without(value, omit));
      return;
    }
    let members = 0;
    for (const name in value) if (omit === undefined || !omit.has(name)) members++;
    if (members === 0) {
      out.set(key, omit === undefined ? value : {});
      return;
    }
    if (meta.kind === "map") out.set(key, NODE);
    for (const name in value) {
      if (omit !== undefined && omit.has(name)) continue;
      walk(value[name]!, patchMetaFor(meta.schema, name), childKey(key, `f:${name}`), out);
    }
    return;
  }
  // A list.
  if (!Array.isArray(value)) {
    out.set(key, value);
    return;
  }
  const keys = associativeKeys(meta);
  if (keys !== undefined) {
    const items = meta.schema.kind === "array" ? meta.schema.items : undefined;
    for (const element of value) {
      if (!isObject(element)) {
        out.set(key, value);
        return;
      }
      const elementKeyText = childKey(key, elementKey(element, keys));
      out.set(elementKeyText, NODE);
      for (const name in element) {
        const childMeta = items === undefined ? undefined : patchMetaFor(items, name);
        walk(element[name]!, childMeta, childKey(elementKeyText, `f:${name}`), out);
      }
    }
    return;
  }
  if (isSetList(meta) && value.every((v) => v === null || typeof v !== "object")) {
    for (const element of value) out.set(childKey(key, `v:${JSON.stringify(element)}`), element);
    return;
  }
  out.set(key, value);
}

/** A shallow copy of `value` without the fields in `omit`. */
function without(value: { [key: string]: Json }, omit: ReadonlySet<string>) {
  const copy: { [key: string]: Json } = {};
  for (const name in value) if (!omit.has(name)) copy[name] = value[name]!;
  return copy;
}

/**
 * The paths of `value` (an object described by `schema`) with their values, leaving out the
 * fields in `skip`: top-level fields (`["status"]`) or fields one level down
 * (`["metadata", "uid"]`), as if they were not there. The value is not changed or copied.
 */
export function fieldValues(
  value: { [key: string]: Json },
  schema: Schema,
  skip: readonly (readonly string[])[] = [],
): FieldValues {
  const skipped = new Set<string>();
  const nested = new Map<string, Set<string>>();
  for (const path of skip) {
    if (path.length === 1) skipped.add(path[0]!);
    else if (path.length === 2) {
      const names = nested.get(path[0]!) ?? new Set<string>();
      nested.set(path[0]!, names.add(path[1]!));
    } else throw new RangeError(`fieldValues skips paths of one or two fields, not ${path}`);
  }
  const root = patchMetaOf(schema);
  const out: FieldValues = new Map();
  for (const name in value) {
    const child = value[name];
    if (child === undefined || skipped.has(name)) continue;
    const omit = nested.get(name);
    if (isObject(child)) {
      let members = 0;
      for (const field in child) if (omit === undefined || !omit.has(field)) members++;
      if (members === 0) continue;
    }
    walk(child, patchMetaFor(root.schema, name), `[${JSON.stringify(`f:${name}`)}]`, out, omit);
  }
  return out;
}

/** Structural equality of JSON values (and the {@link NODE} marker). */
export function sameValue(
  a: Json | typeof NODE | undefined,
  b: Json | typeof NODE | undefined,
): boolean {
  if (a === b) return true;
  if (a === NODE || b === NODE || a === undefined || b === undefined) return false;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
      .map(([k, v]) => [k, canonical(v)]),
  );
}

/** Orders paths element by element (a path before the paths under it). */
function comparePaths(a: FieldPath, b: FieldPath): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The FieldsV1 trie of a set of path keys, keys in SMD's order (`"."` first, then sorted).
 * Paths are inserted in sorted order, so every node's keys are created in order and nothing is
 * re-sorted afterwards; a member is seen before its children, so its `"."` marker goes in
 * just before its first child.
 */
export function toFieldsV1(paths: Iterable<string>): FieldsV1 {
  const sorted: FieldPath[] = [];
  for (const key of paths) sorted.push(pathOfKey(key));
  sorted.sort(comparePaths);
  const root: FieldsV1 = {};
  const members = new Set<FieldsV1>();
  for (const path of sorted) {
    let node = root;
    for (const element of path) {
      let child = node[element];
      if (child === undefined) {
        // A member that also has children is marked with ".": {} (SMD's way to keep both).
        if (members.has(node) && !("." in node)) node["."] = {};
        node[element] = child = {};
      }
      node = child;
    }
    members.add(node);
  }
  return root;
}

/** True when the FieldsV1 trie holds `path` (as {@link fromFieldsV1} would list it). */
export function trieHas(trie: FieldsV1, path: FieldPath): boolean {
  if (path.length === 0) return false;
  let node: FieldsV1 | undefined = trie;
  for (const element of path) {
    node = Object.hasOwn(node, element) ? node[element] : undefined;
    if (node === undefined || !isObject(node)) return false;
  }
  for (const _ in node) return Object.hasOwn(node, ".");
  return true;
}

/** The set of path keys a FieldsV1 trie holds. */
export function fromFieldsV1(trie: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown, path: string[]) => {
    if (!isObject(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0 && path.length > 0) out.add(pathKey(path));
    for (const key of keys) {
      if (key === ".") out.add(pathKey(path));
      else visit(node[key], [...path, key]);
    }
  };
  visit(trie, []);
  return out;
}

/**
 * Removes the value at `path` from `object` (in place). Returns false when nothing is there.
 * Maps and objects left empty by the removal stay (as `{}`), as Kubernetes keeps them.
 */
export function removeFieldPath(object: { [key: string]: Json }, path: FieldPath): boolean {
  let parent: Json = object;
  for (const [i, element] of path.entries()) {
    const last = i === path.length - 1;
    const kind = element.slice(0, 2);
    const body = element.slice(2);
    if (kind === "f:") {
      if (!isObject(parent) || !(body in parent)) return false;
      if (last) {
        delete parent[body];
        return true;
      }
      parent = parent[body] ?? null;
    } else if (kind === "k:" || kind === "v:") {
      if (!Array.isArray(parent)) return false;
      const wanted = JSON.parse(body) as Json;
      const index = parent.findIndex((element) =>
        kind === "v:" ? sameValue(element, wanted) : isObject(element) && isObject(wanted) &&
          Object.entries(wanted).every(([k, v]) => sameValue(element[k], v))
      );
      if (index < 0) return false;
      if (last) {
        parent.splice(index, 1);
        return true;
      }
      parent = parent[index] ?? null;
    } else if (kind === "i:") {
      const index = Number(body);
      if (!Array.isArray(parent) || !(index in parent)) return false;
      if (last) {
        parent.splice(index, 1);
        return true;
      }
      parent = parent[index] ?? null;
    } else {
      return false;
    }
  }
  return false;
}

/** A path written the way Kubernetes' conflict messages write it (`.spec.replicas`). */
export function displayPath(path: FieldPath): string {
  return path.map((element) => {
    const body = element.slice(2);
    switch (element.slice(0, 2)) {
      case "f:":
        return `.${body}`;
      case "k:": {
        const keys = JSON.parse(body) as { [key: string]: Json };
        return `[${Object.entries(keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
      }
      case "v:":
        return `[=${body}]`;
      default:
        return `[${body}]`;
    }
  }).join("");
}
