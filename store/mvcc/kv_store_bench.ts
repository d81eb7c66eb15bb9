/**
 * Throughput of the state machine in-process: `scripts/deno bench store/mvcc/`.
 *
 * @module
 */

import { prefixEnd } from "./bytes.ts";
import { decodeRequest, encodeRequest } from "./codec.ts";
import { KvStore } from "./kv_store.ts";

const enc = new TextEncoder();
const N = 10_000;
const keys = Array.from({ length: N }, (_, i) => enc.encode(`/registry/pods/ns${i % 50}/p-${i}`));
const value = new Uint8Array(256).fill(97);

Deno.bench("put: create 10k keys (256-byte values)", { n: 20 }, () => {
  const store = new KvStore();
  for (let i = 0; i < N; i++) store.put({ key: keys[i]!, value });
});

const updated = new KvStore();
for (let i = 0; i < N; i++) updated.put({ key: keys[i]!, value });
Deno.bench("put: update 10k existing keys", { n: 20 }, () => {
  for (let i = 0; i < N; i++) updated.put({ key: keys[i]!, value });
});

Deno.bench("txn: 10k guarded updates (mod_revision compare)", { n: 20 }, () => {
  for (let i = 0; i < N; i++) {
    const mod = updated.range({ key: keys[i]! }).kvs[0]!.modRevision;
    updated.txn({
      compare: [{ key: keys[i]!, target: "MOD", result: "EQUAL", modRevision: mod }],
      success: [{ requestPut: { key: keys[i]!, value } }],
      failure: [{ requestRange: { key: keys[i]! } }],
    });
  }
});

Deno.bench("apply through the codec: 10k puts", { n: 20 }, () => {
  for (let i = 0; i < N; i++) {
    updated.apply(decodeRequest(encodeRequest({ put: { key: keys[i]!, value } })));
  }
});

Deno.bench("range: 10k single-key gets", { n: 20 }, () => {
  for (let i = 0; i < N; i++) updated.range({ key: keys[i]! });
});

const ns = enc.encode("/registry/pods/ns7/");
Deno.bench("range: prefix of 200 keys", () => {
  updated.range({ key: ns, rangeEnd: prefixEnd(ns) });
});

Deno.bench("put with 100 key watchers and 10 prefix watchers", { n: 20 }, () => {
  const store = new KvStore();
  const ws = [
    ...keys.slice(0, 100).map((key) => store.watch({ key })),
    ...Array.from({ length: 10 }, (_, i) => {
      const p = enc.encode(`/registry/pods/ns${i}/`);
      return store.watch({ key: p, rangeEnd: prefixEnd(p) });
    }),
  ];
  for (let i = 0; i < N; i++) {
    store.put({ key: keys[i]!, value });
    if (i % 100 === 0) { for (const w of ws) w.take(); }
  }
  for (const w of ws) w.cancel();
});
