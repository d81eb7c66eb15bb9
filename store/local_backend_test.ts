import assert from "node:assert/strict";
import { createLogger } from "../cli/log.ts";
import { LocalBackend } from "./local_backend.ts";
import { LeaseExistsError, LeaseNotFoundError } from "./mvcc/mod.ts";

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

/** A clock the test moves. */
function clock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

Deno.test("operations apply directly; header and status are the constructor's", async () => {
  using backend = new LocalBackend({
    clusterId: "100",
    memberId: "200",
    raftTerm: 3,
    version: "test",
    expiryCheckMs: 0,
  });
  assert.deepEqual(backend.header(), { clusterId: "100", memberId: "200", raftTerm: 3 });
  const put = await backend.put({ key: bytes("a"), value: bytes("1") });
  assert.equal(put.header.revision, 2);
  const range = await backend.range({ key: bytes("a") });
  assert.equal(range.count, 1);
  const txn = await backend.txn({
    compare: [{ key: bytes("a"), target: "VERSION", result: "EQUAL", version: 1 }],
    success: [{ requestDeleteRange: { key: bytes("a") } }],
    failure: [],
  });
  assert.deepEqual([txn.succeeded, txn.header.revision], [true, 3]);
  await backend.txn({ compare: [], success: [{ requestRange: { key: bytes("a") } }], failure: [] });
  await backend.compact({ revision: 3 });
  await assert.rejects(backend.range({ key: bytes("a"), revision: 2 }), /compacted/);
  const status = await backend.status();
  assert.deepEqual(status, {
    header: { clusterId: "100", memberId: "200", raftTerm: 3, revision: 3 },
    version: "test",
    dbSize: backend.store.size,
    leader: "200",
    raftIndex: 3, // put, write txn, compaction (read-only txns and ranges are not entries)
    raftTerm: 3,
    raftAppliedIndex: 3,
    errors: [],
  });
});

Deno.test("errors are rejections, not synchronous throws", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const pending = backend.put({ key: new Uint8Array(0), value: new Uint8Array(0) });
  await assert.rejects(pending, /key is not provided/);
});

Deno.test("leases: grant (chosen or given ids), keepalive, time to live, revoke", async () => {
  const c = clock();
  using backend = new LocalBackend({ now: c.now, expiryCheckMs: 0, firstLeaseId: 10 });
  assert.deepEqual(await backend.leaseGrant({ ttl: 1 }), { id: 10, ttl: 2 }); // raised to the minimum
  assert.deepEqual(await backend.leaseGrant({ ttl: 30, id: 11 }), { id: 11, ttl: 30 });
  assert.deepEqual(await backend.leaseGrant({ ttl: 30 }), { id: 12, ttl: 30 }); // 11 is taken
  await assert.rejects(backend.leaseGrant({ ttl: 30, id: 11 }), LeaseExistsError);
  await backend.put({ key: bytes("k"), value: bytes("v"), lease: 11 });
  c.advance(10_500);
  assert.deepEqual(await backend.leaseTimeToLive(11), {
    id: 11,
    ttl: 19,
    grantedTtl: 30,
    keys: [],
  });
  assert.deepEqual(await backend.leaseTimeToLive(11, true), {
    id: 11,
    ttl: 19,
    grantedTtl: 30,
    keys: [bytes("k")],
  });
  assert.deepEqual(await backend.leaseKeepAlive(11), { id: 11, ttl: 30 });
  assert.equal((await backend.leaseTimeToLive(11)).ttl, 30);
  assert.deepEqual(await backend.leaseKeepAlive(99), { id: 99, ttl: 0 });
  assert.deepEqual(await backend.leaseTimeToLive(99, true), {
    id: 99,
    ttl: -1,
    grantedTtl: 0,
    keys: [],
  });
  await backend.leaseRevoke(11);
  assert.equal((await backend.range({ key: bytes("k") })).count, 0);
  await assert.rejects(backend.leaseRevoke(11), LeaseNotFoundError);
});

Deno.test("expired leases are revoked by the clock: keys deleted, watchers see DELETE", async () => {
  const c = clock();
  const lines: string[] = [];
  using backend = new LocalBackend({
    now: c.now,
    expiryCheckMs: 0,
    logger: createLogger("store", 2, (l) => lines.push(l)),
  });
  const { id } = await backend.leaseGrant({ ttl: 5 });
  await backend.put({ key: bytes("a"), value: bytes("1"), lease: id });
  await backend.put({ key: bytes("b"), value: bytes("2"), lease: id });
  const watch = backend.watch({ key: bytes("a"), rangeEnd: bytes("c") });
  c.advance(4_999);
  assert.deepEqual(backend.expireLeases(), []);
  assert.deepEqual((await backend.leaseKeepAlive(id)).ttl, 5); // renewed: 5 s from now
  c.advance(4_999);
  assert.deepEqual(backend.expireLeases(), []);
  c.advance(1);
  assert.deepEqual(backend.expireLeases(), [id]);
  assert.equal((await backend.range({ key: bytes("a"), rangeEnd: bytes("c") })).count, 0);
  const [resp] = watch.take();
  assert.deepEqual(resp?.events.map((e) => [e.type, new TextDecoder().decode(e.kv.key)]), [
    ["DELETE", "a"],
    ["DELETE", "b"],
  ]);
  assert.equal(resp?.header.revision, 4); // one revision for the whole lease
  assert.deepEqual(await backend.leaseKeepAlive(id), { id, ttl: 0 });
  assert.ok(lines.some((l) => l.includes("lease expired") && l.includes(`lease=${id}`)));
  watch.cancel();
});

Deno.test("the expiry timer revokes on its own; close stops it", async () => {
  const c = clock();
  const backend = new LocalBackend({ now: c.now, expiryCheckMs: 5 });
  try {
    const { id } = await backend.leaseGrant({ ttl: 2 });
    await backend.put({ key: bytes("a"), value: bytes("1"), lease: id });
    c.advance(2_000);
    for (let i = 0; i < 100 && backend.store.lessor.lookup(id) !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(backend.store.lessor.lookup(id), undefined);
    assert.equal((await backend.range({ key: bytes("a") })).count, 0);
  } finally {
    backend.close();
    backend.close();
  }
});

Deno.test("constructor checks", () => {
  assert.throws(() => new LocalBackend({ firstLeaseId: 0, expiryCheckMs: 0 }), RangeError);
});
