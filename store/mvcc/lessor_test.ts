import assert from "node:assert/strict";
import {
  LeaseExistsError,
  LeaseNotFoundError,
  LeaseTtlTooLargeError,
  NotPrimaryError,
} from "./errors.ts";
import { prefixEnd } from "./bytes.ts";
import { KvStore } from "./kv_store.ts";
import { Lessor, MAX_LEASE_TTL } from "./lessor.ts";
import { b, s } from "./test_util.ts";

Deno.test("lessor", async (t) => {
  await t.step("grant: minimum TTL, duplicates, zero id, too large", () => {
    const l = new Lessor({ minTtl: 5 });
    assert.equal(l.grant(1, 2).ttl, 5);
    assert.equal(l.grant(2, 60).ttl, 60);
    assert.throws(() => l.grant(1, 10), LeaseExistsError);
    assert.throws(() => l.grant(0, 10), LeaseNotFoundError);
    assert.throws(() => l.grant(3, MAX_LEASE_TTL + 1), LeaseTtlTooLargeError);
    assert.deepEqual(l.ids(), [1, 2]);
  });
  await t.step("only the primary tracks deadlines and reports expiry", () => {
    const l = new Lessor({ minTtl: 1 });
    l.grant(1, 10, 0);
    assert.equal(l.lookup(1)!.expiry, Infinity);
    assert.deepEqual(l.expired(1e9), []);
    assert.throws(() => l.renew(1, 0), NotPrimaryError);
    l.promote(1_000, 500);
    assert.equal(l.lookup(1)!.expiry, 1_000 + 500 + 10_000);
    l.grant(2, 5, 2_000);
    assert.equal(l.lookup(2)!.expiry, 7_000);
    assert.deepEqual(l.expired(6_999), []);
    assert.deepEqual(l.expired(20_000), [2, 1], "earliest deadline first");
    assert.deepEqual(l.expired(20_000, 1), [2]);
    l.demote();
    assert.deepEqual(l.expired(1e9), []);
    assert.equal(l.remaining(1, 0), 10);
  });
  await t.step("renew moves the deadline; expired leases cannot be renewed", () => {
    const l = new Lessor({ minTtl: 1 });
    l.promote(0, 0);
    l.grant(1, 10, 0);
    assert.deepEqual(l.renew(1, 9_000), { ttl: 10 });
    assert.equal(l.lookup(1)!.expiry, 19_000);
    assert.equal(l.remaining(1, 10_000), 9);
    assert.throws(() => l.renew(1, 19_000), LeaseNotFoundError);
    assert.throws(() => l.renew(9, 0), LeaseNotFoundError);
  });
  await t.step("checkpoints survive failover; renew asks to clear them", () => {
    const l = new Lessor({ minTtl: 1 });
    l.grant(1, 100, 0);
    l.checkpoint([{ id: 1, remainingTtl: 30 }, { id: 99, remainingTtl: 1 }]);
    l.promote(50_000, 2_000);
    assert.equal(l.lookup(1)!.expiry, 50_000 + 2_000 + 30_000, "counts from the remainder");
    assert.deepEqual(l.checkpoints(62_000), [{ id: 1, remainingTtl: 20 }]);
    assert.deepEqual(l.renew(1, 60_000), {
      ttl: 100,
      clearCheckpoint: { id: 1, remainingTtl: 0 },
    });
  });
});

Deno.test("leases in the store", async (t) => {
  await t.step("attach on put, revoke deletes the keys in one revision", () => {
    const store = new KvStore({ minLeaseTtl: 1 });
    assert.deepEqual(store.apply({ leaseGrant: { id: 7, ttl: 30 } }), {
      leaseGrant: { header: { revision: 1 }, id: 7, ttl: 30 },
    });
    store.put({ key: b("l/b"), value: b("1"), lease: 7 }); // 2
    store.put({ key: b("l/a"), value: b("1"), lease: 7 }); // 3
    store.put({ key: b("l/c"), value: b("1"), lease: 7 }); // 4
    store.put({ key: b("l/c"), value: b("2") }); // 5: detached by overwrite without lease
    store.put({ key: b("m"), value: b("1"), lease: 7 }); // 6
    store.deleteRange({ key: b("m") }); // 7: detached by delete
    store.put({ key: b("m"), value: b("2") }); // 8
    assert.deepEqual(store.leaseTimeToLive(7, 0)!.keys.map(s), ["l/a", "l/b"]);
    const w = store.watch({ key: b("l/"), rangeEnd: prefixEnd(b("l/")), prevKv: true });
    assert.deepEqual(store.leaseRevoke({ id: 7 }), { header: { revision: 9 } });
    const [resp] = w.take();
    assert.deepEqual(resp!.events.map((e) => [e.type, s(e.kv.key), e.kv.modRevision]), [
      ["DELETE", "l/a", 9],
      ["DELETE", "l/b", 9],
    ]);
    assert.equal(resp!.events[0]!.prevKv!.lease, 7);
    assert.deepEqual(
      store.range({ key: b("\0"), rangeEnd: b("\0") }).kvs.map((kv) => s(kv.key)),
      ["l/c", "m"],
    );
    assert.throws(() => store.leaseRevoke({ id: 7 }), LeaseNotFoundError);
    assert.equal(store.lessor.lookup(7), undefined);
    w.cancel();
  });
  await t.step("put with an unknown lease fails; ignoreLease keeps it", () => {
    const store = new KvStore();
    assert.throws(() => store.put({ key: b("k"), value: b("v"), lease: 5 }), {
      message: "etcdserver: requested lease not found",
    });
    store.leaseGrant({ id: 5, ttl: 10 });
    store.put({ key: b("k"), value: b("v"), lease: 5 });
    store.put({ key: b("k"), value: b("w"), ignoreLease: true });
    assert.equal(store.range({ key: b("k") }).kvs[0]!.lease, 5);
    assert.equal(store.lessor.lookup(5)!.keys.size, 1);
  });
  await t.step("revoking a lease without keys is not a revision", () => {
    const store = new KvStore();
    store.leaseGrant({ id: 1, ttl: 10 });
    store.leaseRevoke({ id: 1 });
    assert.equal(store.revision, 1);
  });
  await t.step("expiry: the lessor reports, the leader proposes revoke, apply deletes", () => {
    const leader = new KvStore({ minLeaseTtl: 1 });
    const follower = new KvStore({ minLeaseTtl: 1 });
    leader.lessor.promote(0, 0);
    const log = [
      { leaseGrant: { id: 3, ttl: 5 } },
      { put: { key: b("session"), value: b("x"), lease: 3 } },
    ];
    for (const req of log) {
      leader.apply(req, 1_000);
      follower.apply(req, 1_000);
    }
    assert.deepEqual(leader.lessor.expired(5_999), []);
    const due = leader.lessor.expired(6_000);
    assert.deepEqual(due, [3]);
    assert.deepEqual(follower.lessor.expired(1e12), [], "followers never decide expiry");
    assert.equal(leader.range({ key: b("session") }).count, 1, "nothing expires by itself");
    for (const id of due) {
      leader.apply({ leaseRevoke: { id } });
      follower.apply({ leaseRevoke: { id } });
    }
    assert.equal(leader.range({ key: b("session") }).count, 0);
    assert.equal(leader.hash(), follower.hash());
  });
  await t.step("promote extends deadlines so a new leader does not expire leases early", () => {
    const store = new KvStore({ minLeaseTtl: 1 });
    store.apply({ leaseGrant: { id: 1, ttl: 10 } }, 0);
    // This member becomes leader much later (its clock reads 100 s).
    store.lessor.promote(100_000, 1_000);
    assert.deepEqual(store.lessor.expired(110_999), []);
    assert.deepEqual(store.lessor.expired(111_000), [1]);
  });
});
