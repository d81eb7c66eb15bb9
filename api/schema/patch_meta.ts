/**
 * What strategic merge patch needs to know about a field: the kind of value (object, map, list,
 * primitive), the patch strategy and merge key, and the list/map type, looked up by path in a
 * schema. Pure: no I/O.
 *
 * @module
 */

import {
  jsonFields,
  type ListType,
  type MapType,
  type PatchStrategy,
  resolve,
  type ResolvedSchema,
  type Schema,
} from "./dsl.ts";

/** The kind of value at a path, as strategic merge patch distinguishes them. */
export type PatchValueKind = "object" | "map" | "list" | "primitive" | "any";

/** Patch metadata of one field (Kubernetes' `LookupPatchMetadataForStruct` result). */
export interface PatchMeta {
  /** What the value is. */
  readonly kind: PatchValueKind;
  /** The value's schema (for a list, the list schema; its elements are `items`). */
  readonly schema: ResolvedSchema;
  /** `merge`, `replace`, `retainKeys` or `merge,retainKeys`; absent means replace/atomic. */
  readonly patchStrategy?: PatchStrategy;
  /** The merge key of a list merged by key. */
  readonly patchMergeKey?: string;
  /** The list's `x-kubernetes-list-type`. */
  readonly listType?: ListType;
  /** The list's `x-kubernetes-list-map-keys`. */
  readonly listMapKeys?: readonly string[];
  /** The map's or struct's `x-kubernetes-map-type`. */
  readonly mapType?: MapType;
}

function kindOf(s: ResolvedSchema): PatchValueKind {
  switch (s.kind) {
    case "object":
      return "object";
    case "map":
      return "map";
    case "array":
      return "list";
    case "any":
      return "any";
    default:
      return "primitive";
  }
}

function describe(s: ResolvedSchema, fieldStrategy?: PatchStrategy): PatchMeta {
  const meta: { -readonly [K in keyof PatchMeta]: PatchMeta[K] } = { kind: kindOf(s), schema: s };
  if (s.kind === "array") {
    if (s.patchStrategy !== undefined) meta.patchStrategy = s.patchStrategy;
    if (s.patchMergeKey !== undefined) meta.patchMergeKey = s.patchMergeKey;
    if (s.listType !== undefined) meta.listType = s.listType;
    if (s.listMapKeys !== undefined) meta.listMapKeys = s.listMapKeys;
  } else if (s.kind === "map" || s.kind === "object") {
    if (s.mapType !== undefined) meta.mapType = s.mapType;
  }
  if (fieldStrategy !== undefined) meta.patchStrategy = fieldStrategy;
  return meta;
}

/** Metadata of the schema itself (the root of a patch). */
export function patchMetaOf(schema: Schema): PatchMeta {
  return describe(resolve(schema));
}

/**
 * The metadata of child `key` of a value described by `parent`: a field of an object, a value
 * of a map, or an element of a list (any key; a name key on a list of objects means the field
 * of its elements). Undefined when the schema has no such child (an unknown field, or a
 * primitive parent).
 */
export function patchMetaFor(parent: Schema, key: string | number): PatchMeta | undefined {
  const p = resolve(parent);
  switch (p.kind) {
    case "object": {
      const f = jsonFields(p).get(String(key));
      return f === undefined ? undefined : describe(resolve(f.field.schema), f.field.patchStrategy);
    }
    case "map":
      return describe(resolve(p.values));
    case "array": {
      const items = resolve(p.items);
      if (typeof key === "number" || /^\d+$/.test(key)) return describe(items);
      return items.kind === "object" ? patchMetaFor(items, key) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The metadata at `path` under `schema`: a dotted string (`spec.containers.ports`) or a list of
 * keys. Lists are stepped through implicitly (a field name after a list names a field of its
 * elements) or by index. Undefined when the path leaves the schema.
 */
export function patchMetaAt(
  schema: Schema,
  path: string | readonly (string | number)[],
): PatchMeta | undefined {
  const keys = typeof path === "string" ? (path === "" ? [] : path.split(".")) : path;
  let meta: PatchMeta | undefined = patchMetaOf(schema);
  for (const k of keys) {
    if (meta === undefined) return undefined;
    meta = patchMetaFor(meta.schema, k);
  }
  return meta;
}
