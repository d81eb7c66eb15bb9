/**
 * GroupBy: objects with the same value for a key form a group; groups nest, one level per key.
 * Pure, so the grouping is unit-tested apart from the page.
 *
 * @module
 */

/** One group: the objects whose value for `key` is `value` (undefined: the key is unset). */
export interface Group<T> {
  /** The GroupBy key of this level ("" for the root). */
  readonly key: string;
  readonly value: string | undefined;
  /** A stable identity of the group within the tree (keys and values from the root). */
  readonly path: string;
  /** How many objects are in this group and below. */
  readonly count: number;
  /** Subgroups by the next key; empty at the innermost level. */
  readonly groups: readonly Group<T>[];
  /** The objects, at the innermost level only (otherwise empty). */
  readonly items: readonly T[];
}

/** Orders group values naturally ("pod-2" before "pod-10"); unset values come last. */
export function compareValues(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * Groups `items` by `keys` (outermost first); `valueOf` reads an item's value for a key. The
 * root has every item; its `groups` follow the first key. Items keep their order in a group.
 */
export function groupBy<T>(
  items: readonly T[],
  keys: readonly string[],
  valueOf: (item: T, key: string) => string | undefined,
): Group<T> {
  return build(items, keys, valueOf, "", undefined, "");
}

function build<T>(
  items: readonly T[],
  keys: readonly string[],
  valueOf: (item: T, key: string) => string | undefined,
  key: string,
  value: string | undefined,
  path: string,
): Group<T> {
  const [next, ...rest] = keys;
  if (next === undefined) return { key, value, path, count: items.length, groups: [], items };
  const byValue = new Map<string | undefined, T[]>();
  for (const item of items) {
    const v = valueOf(item, next);
    const bucket = byValue.get(v);
    if (bucket === undefined) byValue.set(v, [item]);
    else bucket.push(item);
  }
  const groups = [...byValue.keys()].sort(compareValues).map((v) =>
    build(byValue.get(v)!, rest, valueOf, next, v, `${path}/${next}=${v ?? "(unset)"}`)
  );
  return { key, value, path, count: items.length, groups, items: [] };
}
