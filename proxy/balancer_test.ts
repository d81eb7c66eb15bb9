import assert from "node:assert/strict";
import fc from "fast-check";
import { backend, Balancer } from "./balancer.ts";

const three = [backend("10.0.0.1", 80), backend("10.0.0.2", 80), backend("10.0.0.3", 80)];

Deno.test("balancer: round robin, continuing across updates", () => {
  const b = new Balancer();
  b.setBackends(three);
  assert.deepEqual([1, 2, 3, 4].map(() => b.pick("c")?.ip), [
    "10.0.0.1",
    "10.0.0.2",
    "10.0.0.3",
    "10.0.0.1",
  ]);
  const removed = b.setBackends([three[0]!, three[2]!, backend("10.0.0.4", 80)]);
  assert.deepEqual(removed, ["10.0.0.2:80"]);
  assert.equal(b.size, 3);
  assert.equal(new Balancer().pick("c"), undefined);
});

Deno.test("balancer: ClientIP affinity pins per client and expires after the last use", () => {
  let now = 0;
  const b = new Balancer({ now: () => now });
  b.setBackends(three);
  b.setAffinity({ type: "ClientIP", timeoutSeconds: 10 });
  const a = b.pick("1.1.1.1")?.key;
  const c = b.pick("2.2.2.2")?.key;
  assert.notEqual(a, c);
  for (let i = 0; i < 5; i++) {
    now += 9000; // sliding: each use extends the pin
    assert.equal(b.pick("1.1.1.1")?.key, a);
  }
  assert.equal(b.affinityEntries, 1, "2.2.2.2 expired");
  now += 10_001;
  assert.equal(b.affinityEntries, 0);
  // A pin to a removed backend moves.
  const pinned = b.pick("3.3.3.3")!;
  b.setBackends(three.filter((x) => x.key !== pinned.key));
  assert.notEqual(b.pick("3.3.3.3")?.key, pinned.key);
  b.setAffinity({ type: "None" });
  assert.equal(b.affinityEntries, 0);
});

Deno.test("balancer: bad backends are skipped for a while, and used when nothing else is left", () => {
  let now = 0;
  const b = new Balancer({ now: () => now, badBackendMs: 1000 });
  b.setBackends(three);
  b.markBad("10.0.0.2:80");
  assert.deepEqual([1, 2, 3, 4].map(() => b.pick("c")?.ip), [
    "10.0.0.1",
    "10.0.0.3",
    "10.0.0.1",
    "10.0.0.3",
  ]);
  b.markBad("10.0.0.1:80");
  b.markBad("10.0.0.3:80");
  assert.ok(b.pick("c"), "all bad: still try one");
  assert.equal(b.pick("c", new Set(three.map((x) => x.key))), undefined, "all tried: none left");
  now += 1001;
  assert.equal(b.isBad("10.0.0.2:80"), false);
});

Deno.test("balancer: picks spread evenly and only return current backends (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 200 }), (n, picks) => {
      const b = new Balancer();
      b.setBackends(Array.from({ length: n }, (_, i) => backend(`10.0.${i >> 8}.${i & 255}`, 80)));
      const counts = new Map<string, number>();
      for (let i = 0; i < picks; i++) {
        const key = b.pick("c")!.key;
        assert.ok(b.has(key));
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const values = [...counts.values()];
      assert.ok(Math.max(...values) - Math.min(...values) <= 1);
    }),
  );
});
