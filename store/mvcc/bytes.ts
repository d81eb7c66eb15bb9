/**
 * Byte-string helpers and etcd's key-range rules.
 *
 * Internally a key is also held as a "key string": one UTF-16 code unit per byte (0..255). Such
 * strings compare with `<` exactly like the bytes compare lexicographically (unsigned), hash well
 * in a `Map`, and are cheap to build, so the index orders and looks up key strings.
 *
 * @module
 */

/** An empty byte string, shared (zero-length, so nothing can be written into it). */
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

const CHUNK = 4096;

/** The key string of `bytes`: one code unit per byte, preserving byte order. */
export function toKeyString(bytes: Uint8Array): string {
  if (bytes.length <= CHUNK) {
    return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  let s = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return s;
}

/** The bytes of a key string made by {@link toKeyString}. */
export function fromKeyString(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Lexicographic unsigned comparison of byte strings: negative, 0 or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Whether two byte strings are equal. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The range end that selects every key starting with `prefix` (etcd `GetPrefixRangeEnd`): the
 * prefix with trailing 0xff bytes dropped and its last byte incremented; `[0]` (all keys from the
 * prefix on) when the prefix is empty or all 0xff.
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i]! < 0xff) {
      const end = prefix.slice(0, i + 1);
      end[i] = prefix[i]! + 1;
      return end;
    }
  }
  return Uint8Array.of(0);
}

/**
 * A resolved key range in key strings. `single`: only `lo`. Otherwise lo ≤ k < hi, with
 * `hi === undefined` meaning unbounded.
 */
export interface KeyRange {
  readonly lo: string;
  readonly hi: string | undefined;
  readonly single: boolean;
}

/**
 * Resolves etcd's `key`/`rangeEnd` pair: no or empty `rangeEnd` = the single key; `rangeEnd` =
 * `[0]` = every key ≥ `key`; else [key, rangeEnd) (empty when rangeEnd ≤ key).
 */
export function keyRange(key: Uint8Array, rangeEnd: Uint8Array | undefined): KeyRange {
  const lo = toKeyString(key);
  if (rangeEnd === undefined || rangeEnd.length === 0) return { lo, hi: lo, single: true };
  if (rangeEnd.length === 1 && rangeEnd[0] === 0) return { lo, hi: undefined, single: false };
  return { lo, hi: toKeyString(rangeEnd), single: false };
}

/** Whether key string `k` is in range `r`. */
export function inKeyRange(r: KeyRange, k: string): boolean {
  if (r.single) return k === r.lo;
  return k >= r.lo && (r.hi === undefined || k < r.hi);
}

/** Whether two ranges share at least one key. */
export function rangesIntersect(a: KeyRange, b: KeyRange): boolean {
  if (a.single) return inKeyRange(b, a.lo);
  if (b.single) return inKeyRange(a, b.lo);
  // Half-open intervals [lo, hi): they meet when each starts before the other ends.
  const aBeforeBEnd = b.hi === undefined || a.lo < b.hi;
  const bBeforeAEnd = a.hi === undefined || b.lo < a.hi;
  return aBeforeBEnd && bBeforeAEnd && (a.hi === undefined || a.lo < a.hi) &&
    (b.hi === undefined || b.lo < b.hi);
}
