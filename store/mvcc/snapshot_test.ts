import assert from "node:assert/strict";
import fc from "fast-check";
import { prefixEnd } from "./bytes.ts";
import { DecodeError, decodeRequest, encodeRequest } from "./codec.ts";
import { KvStore } from "./kv_store.ts";
import { b } from "./test_util.ts";
import type { StoreRequest, WatchResponse } from "./types.ts";

const key = fc.constantFrom("a", "a/1", "a/2", "b", "c");
const value = fc.constantFrom("", "v", "value-2", "xxxxxxxxxx");
const lease = fc.constantFrom(0, 0, 1, 2);

/** A request, with the compaction target given relative to the current revision. */
type Step = { req: StoreRequest } | { compactBack: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ k: key, v: value, lease }).map(({ k, v, lease }) => ({
      req: { put: { key: b(k), value: b(v), lease, prevKv: true } },
    })),
  },
  {
    weight: 2,
    arbitrary: key.map((k) => ({ req: { deleteRange: { key: b(k), prevKv: true } } })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("a", "a/").map((p) => ({
      req: { deleteRange: { key: b(p), rangeEnd: prefixEnd(b(p)) } },
    })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: key, k2: key, v: value, mod: fc.nat(8) }).map(
      ({ k, k2, v, mod }) => ({
        req: {
          txn: {
            compare: [{
              key: b(k),
              target: "MOD" as const,
              result: "EQUAL" as const,
              modRevision: mod,
            }],
            success: [
              { requestPut: { key: b(k), value: b(v) } },
              { requestRange: { key: b("a"), rangeEnd: b("\0") } },
            ],
            failure: [{ requestDeleteRange: { key: b(k2) } }, { requestRange: { key: b(k2) } }],
          },
        },
      }),
    ),
  },
  { weight: 1, arbitrary: fc.nat(5).map((back) => ({ compactBack: back })) },
  {
    weight: 1,
    arbitrary: fc.record({ id: fc.constantFrom(1, 2), ttl: fc.nat(20) }).map((g) => ({
      req: { leaseGrant: g },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(1, 2).map((id) => ({ req: { leaseRevoke: { id } } })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ id: fc.constantFrom(1, 2), remainingTtl: fc.nat(9) }).map((cp) => ({
      req: { leaseCheckpoint: { checkpoints: [cp] } },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ k: key, rev: fc.nat(12) }).map(({ k, rev }) => ({
      req: { range: { key: b(k), rangeEnd: b("\0"), revision: rev } },
    })),
  },
);

/** Applies a step like the Raft log would (through the codec); the answer or error text. */
function run(store: KvStore, st: Step): unknown {
  const req: StoreRequest = "req" in st
    ? st.req
    : { compaction: { revision: store.revision - st.compactBack } };
  try {
    return store.apply(decodeRequest(encodeRequest(req)), 0);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const drainAll = (resps: WatchResponse[]) => resps.map((r) => ({ ...r, watchId: 0 }));

Deno.test("snapshot/restore: the restored store behaves identically (property)", () => {
  fc.assert(
    fc.property(
      fc.array(step, { minLength: 1, maxLength: 60, size: "max" }),
      fc.array(step, { maxLength: 40, size: "max" }),
      (before, after) => {
        const a = new KvStore({ minLeaseTtl: 1, quotaBytes: 1500 });
        for (const st of before) run(a, st);
        const snap = a.snapshot();
        const c = new KvStore({ minLeaseTtl: 1, quotaBytes: 1500 });
        c.restore(snap);
        assert.deepEqual(c.snapshot(), snap, "same state, same bytes");
        assert.equal(c.size, a.size);
        assert.equal(c.revision, a.revision);
        assert.equal(c.compactRevision, a.compactRevision);
        // Watchers from the oldest retained revision see the same history on both.
        const from = Math.max(a.compactRevision, 1);
        const wa = a.watch({ key: b("\0"), rangeEnd: b("\0"), startRevision: from, prevKv: true });
        const wc = c.watch({ key: b("\0"), rangeEnd: b("\0"), startRevision: from, prevKv: true });
        assert.deepEqual(drainAll(wc.take()), drainAll(wa.take()));
        for (const st of after) assert.deepEqual(run(c, st), run(a, st));
        assert.deepEqual(drainAll(wc.take()), drainAll(wa.take()));
        assert.deepEqual(c.snapshot(), a.snapshot());
        assert.equal(c.size, a.size);
        wa.cancel();
        wc.cancel();
      },
    ),
    { numRuns: 250 },
  );
});

Deno.test("snapshot", async (t) => {
  await t.step("an empty store round-trips", () => {
    const a = new KvStore();
    const c = new KvStore();
    c.put({ key: b("gone"), value: b("1") });
    c.restore(a.snapshot());
    assert.equal(c.revision, 1);
    assert.equal(c.keyCount, 0);
    assert.deepEqual(c.snapshot(), a.snapshot());
  });
  await t.step("a bad snapshot is rejected and changes nothing", () => {
    const a = new KvStore();
    a.put({ key: b("k"), value: b("v") });
    const snap = a.snapshot();
    assert.throws(() => a.restore(snap.subarray(0, snap.length - 1)), DecodeError);
    assert.throws(() => a.restore(Uint8Array.of(1, 2, 3)), DecodeError);
    assert.equal(a.revision, 2);
    assert.deepEqual(a.snapshot(), snap);
  });
  await t.step("leases and attachments come back; watchers re-aim after restore", () => {
    const a = new KvStore({ minLeaseTtl: 1 });
    a.leaseGrant({ id: 9, ttl: 50 });
    a.leaseCheckpoint({ checkpoints: [{ id: 9, remainingTtl: 20 }] });
    a.put({ key: b("x"), value: b("1"), lease: 9 });
    const follower = new KvStore({ minLeaseTtl: 1 });
    const w = follower.watch({ key: b("x"), startRevision: 1 });
    follower.restore(a.snapshot());
    assert.deepEqual(w.take().flatMap((r) => r.events.map((e) => e.kv.modRevision)), [2]);
    const lease = follower.lessor.lookup(9)!;
    assert.deepEqual([lease.ttl, lease.remainingTtl, [...lease.keys]], [50, 20, ["x"]]);
    follower.leaseRevoke({ id: 9 });
    assert.equal(follower.range({ key: b("x") }).count, 0);
    assert.equal(w.take()[0]!.events[0]!.type, "DELETE");
    w.cancel();
  });
});
