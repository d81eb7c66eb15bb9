import assert from "node:assert/strict";
import {
  CompactedError,
  FutureRevisionError,
  InvalidRequestError,
  KeyNotFoundError,
  LeaseNotFoundError,
  QuotaExceededError,
} from "./errors.ts";
import { prefixEnd } from "./bytes.ts";
import { ENTRY_OVERHEAD } from "./key_index.ts";
import { KvStore } from "./kv_store.ts";
import { isTxnReadOnly } from "./txn.ts";
import { b, kvText, s } from "./test_util.ts";
import type { RangeResponse } from "./types.ts";

const keys = (r: RangeResponse) => r.kvs.map((kv) => s(kv.key));

Deno.test("etcd exchanges from the notes", async (t) => {
  const store = new KvStore();
  await t.step("range on the empty store answers revision 1, nothing", () => {
    const r = store.range({ key: b("x") });
    assert.deepEqual(r, { header: { revision: 1 }, kvs: [], more: false, count: 0 });
  });
  await t.step("first put is revision 2", () => {
    assert.deepEqual(store.put({ key: b("x"), value: b("1") }), { header: { revision: 2 } });
  });
  await t.step("range shows create 2 / mod 2 / version 1", () => {
    const r = store.range({ key: b("x") });
    assert.equal(r.header.revision, 2);
    assert.equal(r.count, 1);
    assert.deepEqual(r.kvs.map(kvText), [
      { key: "x", createRevision: 2, modRevision: 2, version: 1, value: "1", lease: 0 },
    ]);
  });
  await t.step("txn compare MOD == 1 fails and runs the failure range", () => {
    const resp = store.txn({
      compare: [{ key: b("x"), target: "MOD", result: "EQUAL", modRevision: 1 }],
      success: [{ requestPut: { key: b("x"), value: b("2") } }],
      failure: [{ requestRange: { key: b("x") } }],
    });
    assert.equal(resp.succeeded, false);
    assert.equal(resp.header.revision, 2);
    assert.equal(resp.responses.length, 1);
    const op = resp.responses[0]!;
    assert.ok("responseRange" in op);
    assert.equal(op.responseRange.header.revision, 2);
    assert.equal(op.responseRange.count, 1);
    assert.equal(s(op.responseRange.kvs[0]!.value), "1");
    assert.equal(store.revision, 2, "a failed-compare txn with only reads is not a revision");
  });
  await t.step("two puts of a key give create 2 / mod 3 / version 2", () => {
    assert.equal(store.put({ key: b("x"), value: b("2") }).header.revision, 3);
    assert.deepEqual(kvText(store.range({ key: b("x") }).kvs[0]), {
      key: "x",
      createRevision: 2,
      modRevision: 3,
      version: 2,
      value: "2",
      lease: 0,
    });
  });
  await t.step("txn compare MOD == 3 succeeds (Kubernetes' guarded update)", () => {
    const resp = store.txn({
      compare: [{ key: b("x"), target: "MOD", result: "EQUAL", modRevision: 3 }],
      success: [{ requestPut: { key: b("x"), value: b("3"), prevKv: true } }],
      failure: [{ requestRange: { key: b("x") } }],
    });
    assert.equal(resp.succeeded, true);
    assert.equal(resp.header.revision, 4);
    const op = resp.responses[0]!;
    assert.ok("responsePut" in op);
    assert.equal(op.responsePut.header.revision, 4);
    assert.equal(s(op.responsePut.prevKv!.value), "2");
  });
});

Deno.test("puts, deletes and versions", async (t) => {
  await t.step("a put of the same value still makes a revision", () => {
    const store = new KvStore();
    store.put({ key: b("a"), value: b("v") });
    store.put({ key: b("a"), value: b("v") });
    assert.equal(store.revision, 3);
    assert.equal(store.range({ key: b("a") }).kvs[0]!.version, 2);
  });
  await t.step("prevKv on put; none for a new key", () => {
    const store = new KvStore();
    assert.deepEqual(store.put({ key: b("a"), value: b("1"), prevKv: true }), {
      header: { revision: 2 },
    });
    const r = store.put({ key: b("a"), value: b("2"), prevKv: true });
    assert.deepEqual(kvText(r.prevKv), {
      key: "a",
      createRevision: 2,
      modRevision: 2,
      version: 1,
      value: "1",
      lease: 0,
    });
  });
  await t.step("delete and recreate resets version and createRevision", () => {
    const store = new KvStore();
    store.put({ key: b("a"), value: b("1") }); // 2
    store.put({ key: b("a"), value: b("2") }); // 3
    const del = store.deleteRange({ key: b("a"), prevKv: true }); // 4
    assert.equal(del.header.revision, 4);
    assert.equal(del.deleted, 1);
    assert.equal(s(del.prevKvs[0]!.value), "2");
    assert.equal(store.range({ key: b("a") }).count, 0);
    store.put({ key: b("a"), value: b("3") }); // 5
    assert.deepEqual(kvText(store.range({ key: b("a") }).kvs[0]), {
      key: "a",
      createRevision: 5,
      modRevision: 5,
      version: 1,
      value: "3",
      lease: 0,
    });
  });
  await t.step("deleting nothing is not a revision", () => {
    const store = new KvStore();
    store.put({ key: b("a"), value: b("1") });
    const del = store.deleteRange({ key: b("zz") });
    assert.deepEqual(del, { header: { revision: 2 }, deleted: 0, prevKvs: [] });
    assert.equal(store.revision, 2);
  });
  await t.step("delete a prefix in one revision", () => {
    const store = new KvStore();
    for (const k of ["p/a", "p/b", "p/c", "q"]) store.put({ key: b(k), value: b(k) });
    const del = store.deleteRange({ key: b("p/"), rangeEnd: prefixEnd(b("p/")) });
    assert.equal(del.deleted, 3);
    assert.equal(del.header.revision, 6);
    assert.equal(store.revision, 6);
    assert.deepEqual(keys(store.range({ key: b("\0"), rangeEnd: b("\0") })), ["q"]);
  });
  await t.step("empty key and ignore flags are checked", () => {
    const store = new KvStore();
    assert.throws(() => store.put({ key: b(""), value: b("1") }), InvalidRequestError);
    assert.throws(
      () => store.put({ key: b("a"), value: b(""), ignoreValue: true }),
      KeyNotFoundError,
    );
    assert.throws(
      () => store.put({ key: b("a"), value: b("1"), ignoreValue: true }),
      { message: "etcdserver: value is provided" },
    );
    store.put({ key: b("a"), value: b("keep") });
    store.put({ key: b("a"), value: b(""), ignoreValue: true });
    const kv = store.range({ key: b("a") }).kvs[0]!;
    assert.equal(s(kv.value), "keep");
    assert.equal(kv.version, 2);
    assert.equal(store.revision, 3);
  });
});

Deno.test("range", async (t) => {
  const store = new KvStore();
  for (const k of ["a", "b", "b/1", "b/2", "b/3", "c", "d\xff"]) {
    store.put({ key: b(k), value: b(`v-${k}`) });
  }
  // revisions: a=2 b=3 b/1=4 b/2=5 b/3=6 c=7 d\xff=8
  await t.step("prefix", () => {
    const r = store.range({ key: b("b/"), rangeEnd: prefixEnd(b("b/")) });
    assert.deepEqual(keys(r), ["b/1", "b/2", "b/3"]);
    assert.equal(r.count, 3);
    assert.equal(r.more, false);
  });
  await t.step("from key ('\\0' range end) and interval", () => {
    assert.deepEqual(keys(store.range({ key: b("b/2"), rangeEnd: b("\0") })), [
      "b/2",
      "b/3",
      "c",
      "d\xff",
    ]);
    assert.deepEqual(keys(store.range({ key: b("a"), rangeEnd: b("b/1") })), ["a", "b"]);
    assert.deepEqual(keys(store.range({ key: b("c"), rangeEnd: b("a") })), []);
  });
  await t.step("limit counts all and sets more", () => {
    const r = store.range({ key: b("a"), rangeEnd: b("\0"), limit: 2 });
    assert.deepEqual(keys(r), ["a", "b"]);
    assert.equal(r.count, 7);
    assert.equal(r.more, true);
    const all = store.range({ key: b("a"), rangeEnd: b("\0"), limit: 7 });
    assert.equal(all.more, false);
    assert.equal(all.kvs.length, 7);
  });
  await t.step("countOnly and keysOnly", () => {
    const c = store.range({ key: b("b"), rangeEnd: prefixEnd(b("b")), countOnly: true });
    assert.deepEqual(c, { header: { revision: 8 }, kvs: [], more: false, count: 4 });
    const k = store.range({ key: b("b/"), rangeEnd: prefixEnd(b("b/")), keysOnly: true });
    assert.deepEqual(k.kvs.map((kv) => [s(kv.key), kv.value.length, kv.modRevision]), [
      ["b/1", 0, 4],
      ["b/2", 0, 5],
      ["b/3", 0, 6],
    ]);
  });
  await t.step("sort and revision filters", () => {
    const r = store.range({
      key: b("a"),
      rangeEnd: b("\0"),
      sortTarget: "MOD",
      sortOrder: "DESCEND",
      limit: 2,
    });
    assert.deepEqual(keys(r), ["d\xff", "c"]);
    assert.equal(r.more, true);
    const f = store.range({
      key: b("a"),
      rangeEnd: b("\0"),
      minModRevision: 4,
      maxModRevision: 5,
    });
    assert.deepEqual(keys(f), ["b/1", "b/2"]);
    assert.equal(f.count, 7, "count is before filtering, as in etcd");
    const kd = store.range({ key: b("a"), rangeEnd: b("c"), sortOrder: "DESCEND" });
    assert.deepEqual(keys(kd), ["b/3", "b/2", "b/1", "b", "a"]);
  });
  await t.step("at a past revision", () => {
    store.put({ key: b("a"), value: b("new") }); // 9
    store.deleteRange({ key: b("b") }); // 10
    const past = store.range({ key: b("a"), rangeEnd: b("c"), revision: 4 });
    assert.equal(past.header.revision, 10, "the header is the current revision");
    assert.deepEqual(past.kvs.map((kv) => [s(kv.key), s(kv.value)]), [
      ["a", "v-a"],
      ["b", "v-b"],
      ["b/1", "v-b/1"],
    ]);
    assert.deepEqual(keys(store.range({ key: b("a"), rangeEnd: b("b/1"), revision: 10 })), ["a"]);
    assert.equal(store.range({ key: b("a"), revision: 1 }).count, 0);
    assert.throws(() => store.range({ key: b("a"), revision: 11 }), FutureRevisionError);
    assert.throws(() => store.range({ key: b("a"), revision: 11 }), {
      message: "mvcc: required revision is a future revision",
    });
  });
});

Deno.test("txn", async (t) => {
  await t.step("several writes are one revision, reads see earlier writes", () => {
    const store = new KvStore();
    store.put({ key: b("k1"), value: b("old") }); // 2
    const resp = store.txn({
      compare: [{ key: b("k1"), target: "VALUE", result: "EQUAL", value: b("old") }],
      success: [
        { requestRange: { key: b("k1") } },
        { requestPut: { key: b("k1"), value: b("new") } },
        { requestPut: { key: b("k2"), value: b("two") } },
        { requestRange: { key: b("k"), rangeEnd: prefixEnd(b("k")) } },
        { requestDeleteRange: { key: b("k0"), prevKv: true } },
      ],
      failure: [],
    });
    assert.equal(resp.succeeded, true);
    assert.equal(resp.header.revision, 3);
    assert.equal(store.revision, 3);
    const [r0, , , r3, d4] = resp.responses;
    assert.ok(r0 && "responseRange" in r0 && r3 && "responseRange" in r3);
    assert.equal(r0.responseRange.header.revision, 2);
    assert.equal(s(r0.responseRange.kvs[0]!.value), "old");
    assert.equal(r3.responseRange.header.revision, 3);
    assert.deepEqual(r3.responseRange.kvs.map((kv) => [s(kv.key), s(kv.value), kv.modRevision]), [
      ["k1", "new", 3],
      ["k2", "two", 3],
    ]);
    assert.ok(d4 && "responseDeleteRange" in d4);
    assert.equal(d4.responseDeleteRange.deleted, 0);
    const events = store.log.get(3)!;
    assert.deepEqual(events.map((e) => [e.type, s(e.kv.key)]), [["PUT", "k1"], ["PUT", "k2"]]);
  });
  await t.step("read-only txns and failed compares do not bump the revision", () => {
    const store = new KvStore();
    store.put({ key: b("a"), value: b("1") });
    const ro = store.txn({
      compare: [],
      success: [{ requestRange: { key: b("a") } }],
      failure: [],
    });
    assert.equal(ro.succeeded, true);
    assert.equal(ro.header.revision, 2);
    const failed = store.txn({
      compare: [{ key: b("a"), target: "VERSION", result: "GREATER", version: 5 }],
      success: [{ requestPut: { key: b("a"), value: b("x") } }],
      failure: [],
    });
    assert.equal(failed.succeeded, false);
    assert.deepEqual(failed.responses, []);
    assert.equal(store.revision, 2);
  });
  await t.step("compares on missing keys and ranges", () => {
    const store = new KvStore();
    const cmp = (c: Parameters<KvStore["txn"]>[0]["compare"][number]) =>
      store.txn({ compare: [c], success: [], failure: [] }).succeeded;
    assert.equal(cmp({ key: b("m"), target: "VERSION", result: "EQUAL", version: 0 }), true);
    assert.equal(cmp({ key: b("m"), target: "CREATE", result: "EQUAL" }), true);
    assert.equal(cmp({ key: b("m"), target: "VALUE", result: "EQUAL", value: b("") }), false);
    store.put({ key: b("r/1"), value: b("a") });
    store.put({ key: b("r/2"), value: b("b") });
    const r = { key: b("r/"), rangeEnd: prefixEnd(b("r/")) };
    assert.equal(cmp({ ...r, target: "VERSION", result: "EQUAL", version: 1 }), true);
    assert.equal(cmp({ ...r, target: "MOD", result: "LESS", modRevision: 3 }), false);
    assert.equal(cmp({ ...r, target: "VALUE", result: "NOT_EQUAL", value: b("c") }), true);
    assert.equal(cmp({ ...r, target: "LEASE", result: "EQUAL", lease: 0 }), true);
    assert.equal(cmp({ key: b("r/1"), target: "VALUE", result: "GREATER", value: b("") }), true);
  });
  await t.step("overlapping writes are rejected before anything runs", () => {
    const store = new KvStore();
    const dup = { message: "etcdserver: duplicate key given in txn request" };
    assert.throws(() =>
      store.txn({
        compare: [],
        success: [
          { requestPut: { key: b("a"), value: b("1") } },
          { requestPut: { key: b("a"), value: b("2") } },
        ],
        failure: [],
      }), dup);
    assert.throws(() =>
      store.txn({
        compare: [],
        success: [
          { requestDeleteRange: { key: b("a"), rangeEnd: b("c") } },
          { requestPut: { key: b("b"), value: b("2") } },
        ],
        failure: [],
      }), dup);
    // Both branches of one nested txn may put the same key.
    const ok = store.txn({
      compare: [],
      success: [{
        requestTxn: {
          compare: [{ key: b("n"), target: "VERSION", result: "EQUAL", version: 0 }],
          success: [{ requestPut: { key: b("n"), value: b("created") } }],
          failure: [{ requestPut: { key: b("n"), value: b("updated") } }],
        },
      }, { requestPut: { key: b("o"), value: b("1") } }],
      failure: [],
    });
    assert.equal(ok.header.revision, 2);
    const nested = ok.responses[0]!;
    assert.ok("responseTxn" in nested);
    assert.equal(nested.responseTxn.succeeded, true);
    assert.equal(s(store.range({ key: b("n") }).kvs[0]!.value), "created");
    assert.throws(
      () =>
        store.txn({
          compare: Array.from({ length: 129 }, () => ({
            key: b("a"),
            target: "VERSION" as const,
            result: "EQUAL" as const,
          })),
          success: [],
          failure: [],
        }),
      { message: "etcdserver: too many operations in txn request" },
    );
  });
  await t.step("a failing check leaves the state untouched", () => {
    const store = new KvStore();
    store.put({ key: b("a"), value: b("1") });
    assert.throws(
      () =>
        store.txn({
          compare: [],
          success: [
            { requestPut: { key: b("b"), value: b("1") } },
            { requestPut: { key: b("c"), value: b("1"), lease: 42 } },
          ],
          failure: [],
        }),
      LeaseNotFoundError,
    );
    assert.throws(
      () =>
        store.txn({
          compare: [],
          success: [
            { requestPut: { key: b("b"), value: b("1") } },
            { requestRange: { key: b("a"), revision: 5 } },
          ],
          failure: [],
        }),
      FutureRevisionError,
    );
    assert.equal(store.revision, 2);
    assert.equal(store.range({ key: b("b") }).count, 0);
  });
});

Deno.test("compaction", async (t) => {
  const store = new KvStore();
  store.put({ key: b("a"), value: b("1") }); // 2
  store.put({ key: b("a"), value: b("2") }); // 3
  store.put({ key: b("b"), value: b("1") }); // 4
  store.deleteRange({ key: b("b") }); // 5
  store.put({ key: b("a"), value: b("3") }); // 6
  const sizeBefore = store.size;
  await t.step("reads below fail, at and above work", () => {
    assert.deepEqual(store.compact({ revision: 5 }), { header: { revision: 6 } });
    assert.equal(store.compactRevision, 5);
    const err = assert.throws(() => store.range({ key: b("a"), revision: 4 }), CompactedError);
    void err;
    assert.throws(() => store.range({ key: b("a"), revision: 4 }), {
      message: "mvcc: required revision has been compacted",
    });
    const at5 = store.range({ key: b("a"), rangeEnd: b("\0"), revision: 5 });
    assert.deepEqual(at5.kvs.map((kv) => [s(kv.key), s(kv.value)]), [["a", "2"]]);
    assert.equal(s(store.range({ key: b("a") }).kvs[0]!.value), "3");
    assert.equal(store.keyCount, 1, "the deleted key's history is gone");
    assert.ok(store.size < sizeBefore);
  });
  await t.step("compacting again at or below fails; future fails", () => {
    assert.throws(() => store.compact({ revision: 5 }), CompactedError);
    assert.throws(() => store.compact({ revision: 3 }), CompactedError);
    assert.throws(() => store.compact({ revision: 7 }), FutureRevisionError);
    store.compact({ revision: 6 });
    assert.equal(store.size, b("a").length + b("3").length + ENTRY_OVERHEAD);
    assert.equal(store.revision, 6, "compaction is not a revision");
  });
});

Deno.test("quota", async (t) => {
  const cost = (k: string, v: string) => k.length + v.length + ENTRY_OVERHEAD;
  const store = new KvStore({ quotaBytes: 3 * cost("k1", "0123456789") });
  await t.step("writes up to the quota succeed, the next fails typed", () => {
    store.put({ key: b("k1"), value: b("0123456789") });
    store.put({ key: b("k2"), value: b("0123456789") });
    store.put({ key: b("k3"), value: b("0123456789") });
    const err = assert.throws(
      () => store.put({ key: b("k4"), value: b("x") }),
      QuotaExceededError,
    );
    void err;
    assert.throws(() => store.put({ key: b("k1"), value: b("") }), {
      message: "etcdserver: mvcc: database space exceeded",
    });
    assert.throws(
      () =>
        store.txn({
          compare: [],
          success: [
            { requestDeleteRange: { key: b("k2") } },
            { requestPut: { key: b("k9"), value: b("") } },
          ],
          failure: [],
        }),
      QuotaExceededError,
    );
    assert.equal(store.revision, 4);
  });
  await t.step("deletes still work; compaction frees room", () => {
    store.deleteRange({ key: b("k1"), rangeEnd: b("k3") });
    assert.equal(store.revision, 5);
    assert.throws(() => store.put({ key: b("k4"), value: b("x") }), QuotaExceededError);
    store.compact({ revision: 5 });
    store.put({ key: b("k4"), value: b("x") });
    assert.equal(store.revision, 6);
  });
});

Deno.test("apply dispatches every request kind", () => {
  const store = new KvStore();
  const put = store.apply({ put: { key: b("a"), value: b("1") } });
  assert.deepEqual(put, { put: { header: { revision: 2 } } });
  const range = store.apply({ range: { key: b("a") } });
  assert.ok("range" in range && range.range.count === 1);
  assert.ok("leaseGrant" in store.apply({ leaseGrant: { id: 7, ttl: 10 } }));
  assert.ok("leaseCheckpoint" in store.apply({ leaseCheckpoint: { checkpoints: [] } }));
  assert.ok("txn" in store.apply({ txn: { compare: [], success: [], failure: [] } }));
  assert.ok("deleteRange" in store.apply({ deleteRange: { key: b("a") } }));
  assert.ok("leaseRevoke" in store.apply({ leaseRevoke: { id: 7 } }));
  assert.ok("compaction" in store.apply({ compaction: { revision: 3 } }));
  assert.equal(store.revision, 3);
});

Deno.test("100k keys: ranges, compaction and snapshot at scale", () => {
  const store = new KvStore();
  const n = 100_000;
  const value = new Uint8Array(64).fill(7);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    store.put({ key: b(`/registry/pods/ns${i % 10}/pod-${(i * 7919) % n}`), value });
  }
  const rate = Math.round(n / ((performance.now() - started) / 1000));
  console.log(`  ${rate} puts/s creating ${n} keys (256-byte values are in kv_store_bench.ts)`);
  assert.equal(store.revision, n + 1);
  const ns3 = b("/registry/pods/ns3/");
  const r = store.range({ key: ns3, rangeEnd: prefixEnd(ns3), limit: 500 });
  assert.equal(r.count, n / 10);
  assert.equal(r.kvs.length, 500);
  assert.equal(r.more, true);
  const names = r.kvs.map((kv) => s(kv.key));
  assert.deepEqual(names, [...names].sort());
  const page2 = store.range({
    key: Uint8Array.of(...r.kvs[499]!.key, 0),
    rangeEnd: prefixEnd(ns3),
    limit: 500,
  });
  assert.equal(page2.count, n / 10 - 500);
  for (let i = 0; i < n; i += 2) {
    store.deleteRange({ key: b(`/registry/pods/ns${i % 10}/pod-${(i * 7919) % n}`) });
  }
  store.compact({ revision: store.revision });
  assert.equal(store.keyCount, n / 2);
  const copy = new KvStore();
  copy.restore(store.snapshot());
  assert.equal(copy.hash(), store.hash());
  assert.equal(
    copy.range({ key: b("/"), rangeEnd: b("\0"), countOnly: true }).count,
    n / 2,
  );
});

Deno.test("isTxnReadOnly and hash", () => {
  const read = { requestRange: { key: b("a") } };
  const write = { requestPut: { key: b("a"), value: b("") } };
  assert.equal(isTxnReadOnly({ compare: [], success: [read], failure: [read] }), true);
  assert.equal(isTxnReadOnly({ compare: [], success: [read], failure: [write] }), false);
  assert.equal(
    isTxnReadOnly({
      compare: [],
      success: [{ requestTxn: { compare: [], success: [], failure: [write] } }],
      failure: [],
    }),
    false,
  );
  const x = new KvStore();
  const y = new KvStore();
  assert.equal(x.hash(), y.hash());
  x.put({ key: b("a"), value: b("1") });
  assert.notEqual(x.hash(), y.hash());
  y.put({ key: b("a"), value: b("1") });
  assert.equal(x.hash(), y.hash());
});
