/**
 * How the simulated clients' operations (the linearizability checker's KV model: get, put,
 * delete, compare-and-set) map onto the store's requests and answers. Values are strings;
 * `null` means "absent".
 *
 * - put(k, v) → `put {key, value, prevKv}`; the model sees the previous value.
 * - delete(k) → `deleteRange {key}`; the model sees whether the key existed.
 * - cas(k, e, v) → `txn` comparing VALUE = e (or VERSION = 0 when e is absent), then putting v
 *   (or deleting when v is absent); the model sees whether it succeeded.
 * - get(k) is a linearizable read (ReadIndex) served from the local state machine with
 *   `range {key}`; it never enters the log.
 *
 * @module
 */

import type { KvStore } from "../../mvcc/kv_store.ts";
import type { Compare, RequestOp, StoreRequest, StoreResponse } from "../../mvcc/types.ts";
import type { KvInput, KvOutput, KvValue } from "../../../tests/support/mod.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function bytes(s: string): Uint8Array {
  return enc.encode(s);
}

/** The store request of a write operation (put, delete, cas). Throws for get. */
export function writeRequest(input: KvInput): StoreRequest {
  const key = bytes(input.key);
  switch (input.op) {
    case "put":
      return { put: { key, value: bytes(input.value), prevKv: true } };
    case "delete":
      return { deleteRange: { key } };
    case "cas": {
      const compare: Compare = input.expected === null
        ? { key, target: "VERSION", result: "EQUAL", version: 0 }
        : { key, target: "VALUE", result: "EQUAL", value: bytes(input.expected) };
      const op: RequestOp = input.value === null
        ? { requestDeleteRange: { key } }
        : { requestPut: { key, value: bytes(input.value) } };
      return { txn: { compare: [compare], success: [op], failure: [] } };
    }
    case "get":
      throw new TypeError("writeRequest: get is served by ReadIndex");
  }
}

/** The model's view of the answer to a write request. */
export function writeOutput(input: KvInput, res: StoreResponse): KvOutput {
  switch (input.op) {
    case "put": {
      if (!("put" in res)) throw new TypeError("expected a put response");
      const prev = res.put.prevKv;
      return { op: "put", prev: prev === undefined ? null : dec.decode(prev.value) };
    }
    case "delete":
      if (!("deleteRange" in res)) throw new TypeError("expected a deleteRange response");
      return { op: "delete", existed: res.deleteRange.deleted > 0 };
    case "cas":
      if (!("txn" in res)) throw new TypeError("expected a txn response");
      return { op: "cas", succeeded: res.txn.succeeded };
    case "get":
      throw new TypeError("writeOutput: get is served by ReadIndex");
  }
}

/** Serves get(key) from a state machine. */
export function readValue(kv: KvStore, key: string): KvValue {
  const kvs = kv.range({ key: bytes(key) }).kvs;
  const first = kvs[0];
  return first === undefined ? null : dec.decode(first.value);
}
