/**
 * Helpers shared by this folder's tests (not part of the public surface).
 *
 * @module
 */

import type { KeyValue } from "./types.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** UTF-8 bytes of `s`. */
export function b(s: string): Uint8Array {
  return enc.encode(s);
}

/** UTF-8 text of `u`. */
export function s(u: Uint8Array): string {
  return dec.decode(u);
}

/** A KeyValue as plain comparable data with string key and value. */
export function kvText(kv: KeyValue | undefined): Record<string, unknown> | undefined {
  if (kv === undefined) return undefined;
  return {
    key: s(kv.key),
    createRevision: kv.createRevision,
    modRevision: kv.modRevision,
    version: kv.version,
    value: s(kv.value),
    lease: kv.lease,
  };
}
