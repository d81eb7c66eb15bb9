import assert from "node:assert/strict";
import fc from "fast-check";
import { prefixEnd } from "./bytes.ts";
import { KvStore } from "./kv_store.ts";
import { b, s } from "./test_util.ts";
import type { Event, WatchResponse } from "./types.ts";
import { COMPACTED_REASON, SLOW_WATCHER_REASON, type Watcher } from "./watch_hub.ts";

/** Events of responses as [revision, type, key, value, prevValue]. */
function flat(resps: readonly WatchResponse[]): (string | number | undefined)[][] {
  return resps.flatMap((r) =>
    r.events.map((e: Event) => [
      e.kv.modRevision,
      e.type,
      s(e.kv.key),
      s(e.kv.value),
      e.prevKv === undefined ? undefined : s(e.prevKv.value),
    ])
  );
}

Deno.test("watch: history then live", async (t) => {
  const store = new KvStore();
  store.put({ key: b("a"), value: b("1") }); // 2
  store.put({ key: b("b"), value: b("1") }); // 3
  store.put({ key: b("a"), value: b("2") }); // 4
  store.deleteRange({ key: b("a") }); // 5
  store.put({ key: b("a"), value: b("3") }); // 6

  await t.step("from a past revision with prevKv", () => {
    const w = store.watch({ key: b("a"), startRevision: 3, prevKv: true });
    assert.equal(w.ready, true);
    const resps = w.take();
    assert.equal(resps.length, 1);
    assert.equal(resps[0]!.header.revision, 6);
    assert.deepEqual(flat(resps), [
      [4, "PUT", "a", "2", "1"],
      [5, "DELETE", "a", "", "2"],
      [6, "PUT", "a", "3", undefined],
    ]);
    assert.equal(w.ready, false);
    assert.deepEqual(w.take(), []);
    store.put({ key: b("a"), value: b("4") }); // 7
    store.put({ key: b("zz"), value: b("x") }); // 8
    const live = w.take();
    assert.deepEqual(flat(live), [[7, "PUT", "a", "4", "3"]]);
    assert.equal(live[0]!.header.revision, 7);
    assert.equal(w.requestProgress(), 8);
    w.cancel();
    store.put({ key: b("a"), value: b("5") }); // 9
    assert.deepEqual(w.take(), []);
    assert.equal(store.watchHub.size, 0);
  });

  await t.step("start 0 means the next revision; no prevKv unless asked", () => {
    const w = store.watch({ key: b("a") });
    assert.deepEqual(w.take(), []);
    store.put({ key: b("a"), value: b("6") }); // 10
    assert.deepEqual(flat(w.take()), [[10, "PUT", "a", "6", undefined]]);
    w.cancel();
  });

  await t.step("filters and a prefix range; one revision's events together", () => {
    const p = { key: b("p/"), rangeEnd: prefixEnd(b("p/")) };
    const all = store.watch({ ...p, prevKv: true });
    const noPut = store.watch({ ...p, filters: ["NOPUT"] });
    const noDel = store.watch({ ...p, filters: ["NODELETE"] });
    store.txn({
      compare: [],
      success: [
        { requestPut: { key: b("p/2"), value: b("x") } },
        { requestPut: { key: b("q"), value: b("x") } },
        { requestPut: { key: b("p/1"), value: b("y") } },
      ],
      failure: [],
    }); // 11
    store.deleteRange({ ...p }); // 12
    const resps = all.take();
    assert.equal(resps.length, 2);
    assert.deepEqual(flat(resps), [
      [11, "PUT", "p/2", "x", undefined],
      [11, "PUT", "p/1", "y", undefined],
      [12, "DELETE", "p/1", "", "y"],
      [12, "DELETE", "p/2", "", "x"],
    ]);
    assert.deepEqual(flat(noPut.take()).map((e) => e[1]), ["DELETE", "DELETE"]);
    assert.deepEqual(flat(noDel.take()).map((e) => e[1]), ["PUT", "PUT"]);
    for (const w of [all, noPut, noDel]) w.cancel();
  });

  await t.step("a future start revision waits for it", () => {
    const w = store.watch({ key: b("f"), startRevision: store.revision + 2 });
    store.put({ key: b("f"), value: b("early") });
    assert.equal(w.requestProgress(), store.revision);
    store.put({ key: b("f"), value: b("on time") });
    assert.deepEqual(flat(w.take()).map((e) => e[3]), ["on time"]);
    w.cancel();
  });
});

Deno.test("watch: an empty key means every key from \\0 on, as in etcd", () => {
  const store = new KvStore();
  const w = store.watch({ key: new Uint8Array(0), rangeEnd: b("\0") });
  store.put({ key: b("any"), value: b("1") });
  store.put({ key: b("\0"), value: b("2") });
  assert.deepEqual(flat(w.take()).map((e) => e[2]), ["any", "\0"]);
  w.cancel();
});

Deno.test("watch: catch-up comes in batches of at most 1000 revisions", () => {
  const store = new KvStore();
  for (let i = 0; i < 2500; i++) store.put({ key: b("k"), value: b(String(i)) });
  store.put({ key: b("other"), value: b("") });
  const w = store.watch({ key: b("k"), startRevision: 1 });
  const first = w.take(1);
  assert.equal(first.length, 1);
  assert.equal(first[0]!.events.length, 1000);
  assert.equal(first[0]!.header.revision, 1001);
  assert.equal(w.requestProgress(), 1001);
  const rest = w.take();
  assert.deepEqual(rest.map((r) => r.events.length), [1000, 500]);
  assert.equal(rest[1]!.header.revision, store.revision);
  const revs = [...first, ...rest].flatMap((r) => r.events.map((e) => e.kv.modRevision));
  assert.deepEqual(revs, Array.from({ length: 2500 }, (_, i) => i + 2));
  w.cancel();
});

Deno.test("watch and compaction", async (t) => {
  const store = new KvStore();
  store.put({ key: b("a"), value: b("1") }); // 2
  store.put({ key: b("a"), value: b("2") }); // 3
  store.deleteRange({ key: b("a") }); // 4
  store.put({ key: b("b"), value: b("1") }); // 5
  const early = store.watch({ key: b("a"), startRevision: 2 }); // unsynced, not taken yet
  store.compact({ revision: 4 });

  await t.step("an unsynced watcher behind the compaction is canceled", () => {
    const [resp] = early.take();
    assert.equal(early.canceled, true);
    assert.equal(resp!.canceled, true);
    assert.equal(resp!.compactRevision, 4);
    assert.equal(resp!.cancelReason, COMPACTED_REASON);
    assert.deepEqual(early.take(), []);
  });
  await t.step("a start revision below the compaction is canceled at once", () => {
    const w = store.watch({ key: b("a"), startRevision: 3 });
    const resps = w.take();
    assert.equal(resps.length, 1);
    assert.deepEqual(
      { canceled: resps[0]!.canceled, compactRevision: resps[0]!.compactRevision },
      { canceled: true, compactRevision: 4 },
    );
    assert.ok(resps[0]!.header.revision < 4, "no progress claimed past the start");
  });
  await t.step("watching from exactly the compaction revision misses nothing", () => {
    const w = store.watch({ key: b("a"), rangeEnd: b("\0"), startRevision: 4, prevKv: true });
    assert.deepEqual(flat(w.take()), [
      [4, "DELETE", "a", "", "2"],
      [5, "PUT", "b", "1", undefined],
    ]);
    w.cancel();
  });
});

Deno.test("watch: a slow watcher is canceled, bounded, and says where to resume", () => {
  const store = new KvStore({ watch: { maxPendingEvents: 10 } });
  const w = store.watch({ key: b("k") });
  const other = store.watch({ key: b("k") });
  let signals = 0;
  w.onReady(() => signals++);
  for (let i = 0; i < 10; i++) store.put({ key: b("k"), value: b(String(i)) });
  assert.equal(w.canceled, false);
  other.take(); // this consumer keeps up
  store.put({ key: b("k"), value: b("overflow") }); // revision 12
  assert.equal(w.canceled, true);
  assert.equal(other.canceled, false);
  assert.equal(signals, 11);
  const resps = w.take();
  assert.equal(resps.length, 11);
  const cancel = resps[10]!;
  assert.equal(cancel.canceled, true);
  assert.equal(cancel.cancelReason, SLOW_WATCHER_REASON);
  assert.equal(cancel.header.revision, 11, "everything up to 11 was delivered");
  assert.equal(w.requestProgress(), 11);
  // Resuming from header.revision + 1 continues without a gap.
  const resumed = store.watch({ key: b("k"), startRevision: cancel.header.revision + 1 });
  assert.deepEqual(flat(resumed.take()).map((e) => e[3]), ["overflow"]);
  assert.deepEqual(flat(other.take()).map((e) => e[3]), ["overflow"]);
  resumed.cancel();
  other.cancel();
});

Deno.test("watch: one large revision into an empty buffer is delivered whole", () => {
  const store = new KvStore({ watch: { maxPendingEvents: 3 } });
  const w = store.watch({ key: b("p"), rangeEnd: prefixEnd(b("p")) });
  store.txn({
    compare: [],
    success: Array.from({ length: 8 }, (_, i) => ({
      requestPut: { key: b(`p${i}`), value: b("v") },
    })),
    failure: [],
  });
  const resps = w.take();
  assert.equal(resps.length, 1);
  assert.equal(resps[0]!.events.length, 8);
  w.cancel();
});

Deno.test("watch: progress never runs ahead of delivered events (etcd #15220)", () => {
  const store = new KvStore();
  store.put({ key: b("k"), value: b("0") }); // 2
  const w = store.watch({ key: b("k"), startRevision: 2 });
  assert.equal(w.requestProgress(), 1, "history not taken yet");
  w.take();
  assert.equal(w.requestProgress(), 2);
  store.put({ key: b("k"), value: b("1") }); // 3 queued
  store.put({ key: b("x"), value: b("1") }); // 4 not for w
  assert.equal(w.requestProgress(), 2, "revision 3 is queued, not delivered");
  assert.equal(w.take(1)[0]!.header.revision, 3);
  assert.equal(w.requestProgress(), 4);
  w.cancel();
});

Deno.test("watch: wait() and responses() for async consumers", async () => {
  const store = new KvStore();
  const w = store.watch({ key: b("k") });
  const got: string[] = [];
  const consumer = (async () => {
    for await (const resp of w.responses()) {
      for (const e of resp.events) got.push(s(e.kv.value));
      if (got.length === 3) w.cancel();
    }
  })();
  for (const v of ["1", "2", "3"]) {
    store.put({ key: b("k"), value: b(v) });
    await Promise.resolve();
  }
  await consumer;
  assert.deepEqual(got, ["1", "2", "3"]);
});

// ---- property: random workload against a reference model ---------------------------------------

type Op =
  | { op: "put"; k: string; v: string }
  | { op: "del"; k: string }
  | { op: "delPrefix"; p: string }
  | { op: "txn"; puts: string[]; v: string }
  | { op: "compact"; back: number }
  | { op: "watch"; k: string; prefix: boolean; start: number; prevKv: boolean }
  | { op: "take"; w: number; max: number }
  | { op: "progress"; w: number };

const KEYS = ["a", "a/1", "a/2", "b", "b/1"];
const keyArb = fc.constantFrom(...KEYS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant("put" as const),
      k: keyArb,
      v: fc.string({ maxLength: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("del" as const), k: keyArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("delPrefix" as const),
      p: fc.constantFrom("a", "b", "a/"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("txn" as const),
      puts: fc.uniqueArray(keyArb, { minLength: 1, maxLength: 3 }),
      v: fc.string({ maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("compact" as const), back: fc.nat(6) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("watch" as const),
      k: fc.constantFrom("a", "b", "a/"),
      prefix: fc.boolean(),
      start: fc.integer({ min: -1, max: 12 }),
      prevKv: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("take" as const),
      w: fc.nat(20),
      max: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("progress" as const), w: fc.nat(20) }) },
);

interface ModelEvent {
  rev: number;
  type: "PUT" | "DELETE";
  key: string;
  value: string;
  createRevision: number;
  version: number;
  prev: { value: string; modRevision: number } | undefined;
}

interface Tracked {
  w: Watcher;
  start: number;
  k: string;
  prefix: boolean;
  prevKv: boolean;
  got: Event[];
  lastRespRev: number;
  canceledBy?: WatchResponse;
}

Deno.test("watch: no gaps, no duplicates, honest progress under random workloads (property)", () => {
  fc.assert(
    fc.property(
      fc.array(opArb, { minLength: 10, maxLength: 120, size: "max" }),
      fc.constantFrom(2, 4, 10_000),
      fc.constantFrom(1, 2, 1000),
      (ops, maxPendingEvents, batchRevisions) => {
        const store = new KvStore({ watch: { maxPendingEvents, batchRevisions } });
        const model = new Map<
          string,
          { value: string; create: number; mod: number; ver: number }
        >();
        const history: ModelEvent[] = [];
        let rev = 1;
        const write = (changes: { key: string; value: string | undefined }[]) => {
          const evs: ModelEvent[] = [];
          for (const c of changes) {
            const cur = model.get(c.key);
            const prev = cur && { value: cur.value, modRevision: cur.mod };
            if (c.value === undefined) {
              if (!cur) continue;
              model.delete(c.key);
              evs.push({
                rev: rev + 1,
                type: "DELETE",
                key: c.key,
                value: "",
                createRevision: 0,
                version: 0,
                prev,
              });
            } else {
              const next = {
                value: c.value,
                create: cur ? cur.create : rev + 1,
                mod: rev + 1,
                ver: cur ? cur.ver + 1 : 1,
              };
              model.set(c.key, next);
              evs.push({
                rev: rev + 1,
                type: "PUT",
                key: c.key,
                value: c.value,
                createRevision: next.create,
                version: next.ver,
                prev,
              });
            }
          }
          if (evs.length > 0) {
            rev++;
            history.push(...evs);
          }
        };
        const tracked: Tracked[] = [];
        const matches = (t: Tracked, key: string) => t.prefix ? key.startsWith(t.k) : key === t.k;
        const expected = (t: Tracked, upTo: number) =>
          history.filter((e) => e.rev >= t.start && e.rev <= upTo && matches(t, e.key));
        const drain = (t: Tracked, max: number) => {
          for (const resp of t.w.take(max)) {
            assert.ok(resp.header.revision >= t.lastRespRev, "responses in order");
            if (resp.events.length > 0) {
              assert.ok(
                resp.events[0]!.kv.modRevision > t.lastRespRev,
                "a revision is never split",
              );
              assert.ok(resp.events.at(-1)!.kv.modRevision <= resp.header.revision);
            }
            t.lastRespRev = resp.header.revision;
            t.got.push(...resp.events);
            if (resp.canceled) t.canceledBy = resp;
          }
        };
        const check = (t: Tracked, upTo: number) => {
          const want = expected(t, upTo);
          const got = t.got.map((e) => ({
            rev: e.kv.modRevision,
            type: e.type,
            key: s(e.kv.key),
            value: s(e.kv.value),
            createRevision: e.kv.createRevision,
            version: e.kv.version,
            prev: e.prevKv && { value: s(e.prevKv.value), modRevision: e.prevKv.modRevision },
          }));
          const wantShown = want.slice(0, got.length).map((e) => ({
            ...e,
            prev: t.prevKv ? e.prev : undefined,
          }));
          assert.deepEqual(got, wantShown, "delivered events are exactly a prefix of the expected");
          return want;
        };

        for (const o of ops) {
          switch (o.op) {
            case "put":
              store.put({ key: b(o.k), value: b(o.v) });
              write([{ key: o.k, value: o.v }]);
              break;
            case "del":
              store.deleteRange({ key: b(o.k) });
              write([{ key: o.k, value: undefined }]);
              break;
            case "delPrefix": {
              store.deleteRange({ key: b(o.p), rangeEnd: prefixEnd(b(o.p)) });
              const victims = [...model.keys()].filter((k) => k.startsWith(o.p)).sort();
              write(victims.map((key) => ({ key, value: undefined })));
              break;
            }
            case "txn":
              store.txn({
                compare: [],
                success: o.puts.map((k) => ({ requestPut: { key: b(k), value: b(o.v) } })),
                failure: [],
              });
              write(o.puts.map((key) => ({ key, value: o.v })));
              break;
            case "compact": {
              const at = rev - o.back;
              if (at > store.compactRevision) store.compact({ revision: at });
              break;
            }
            case "watch": {
              const start = o.start < 0 ? 0 : o.start;
              const w = store.watch({
                key: b(o.k),
                ...(o.prefix ? { rangeEnd: prefixEnd(b(o.k)) } : {}),
                startRevision: start,
                prevKv: o.prevKv,
              });
              const effective = start === 0 ? rev + 1 : start;
              tracked.push({
                w,
                start: effective,
                k: o.k,
                prefix: o.prefix,
                prevKv: o.prevKv,
                got: [],
                lastRespRev: 0,
              });
              break;
            }
            case "take": {
              const t = tracked[o.w % Math.max(1, tracked.length)];
              if (t) drain(t, o.max);
              break;
            }
            case "progress": {
              const t = tracked[o.w % Math.max(1, tracked.length)];
              if (!t) break;
              const p = t.w.requestProgress();
              assert.ok(p <= rev, "progress is not in the future");
              const want = expected(t, p);
              assert.ok(t.got.length >= want.length, `progress ${p} claims undelivered events`);
              break;
            }
          }
        }
        for (const t of tracked) {
          drain(t, Infinity);
          const want = check(t, rev);
          if (t.canceledBy === undefined) {
            assert.equal(t.got.length, want.length, "a live watcher got everything");
            assert.equal(t.w.requestProgress(), rev);
          } else if (t.canceledBy.compactRevision !== undefined) {
            assert.ok(t.start < t.canceledBy.compactRevision);
          } else {
            assert.equal(t.canceledBy.cancelReason, SLOW_WATCHER_REASON);
            const upTo = t.canceledBy.header.revision;
            assert.equal(t.got.length, expected(t, upTo).length, "served fully up to the cancel");
          }
          t.w.cancel();
        }
        assert.equal(store.watchHub.size, 0);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("watch: a consumer one response behind keeps a small queue", () => {
  const store = new KvStore({ watch: { maxPendingEvents: 5 } });
  const w = store.watch({ key: b("k") });
  store.put({ key: b("k"), value: b("first") });
  let taken = 0;
  for (let i = 0; i < 5000; i++) {
    store.put({ key: b("k"), value: b(String(i)) });
    taken += w.take(1).length;
  }
  assert.equal(w.canceled, false);
  assert.equal(taken, 5000);
  assert.equal(w.take().length, 1);
  w.cancel();
});
