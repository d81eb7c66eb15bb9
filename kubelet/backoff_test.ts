import assert from "node:assert/strict";
import { Backoff, formatGoDuration } from "./backoff.ts";

Deno.test("back-off doubles from the initial period to the maximum, per key", () => {
  const backoff = new Backoff({ initialMs: 10_000, maxMs: 300_000 }, () => 0);
  const seen: number[] = [];
  for (let i = 0; i < 8; i++) {
    backoff.next("a");
    seen.push(backoff.get("a"));
  }
  assert.deepEqual(seen, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  assert.equal(backoff.get("b"), 0);
  backoff.reset("a");
  assert.equal(backoff.get("a"), 0);
});

Deno.test("isInBackOffSince and isInBackOffSinceUpdate; a quiet key starts over", () => {
  let now = 1_000;
  const backoff = new Backoff({ initialMs: 100, maxMs: 400 }, () => now);
  assert.equal(backoff.isInBackOffSince("k", now), false);
  backoff.next("k", now);
  assert.equal(backoff.isInBackOffSince("k", now), true);
  assert.equal(backoff.isInBackOffSinceUpdate("k"), true);
  now += 99;
  assert.equal(backoff.isInBackOffSince("k", 1_000), true);
  now += 1;
  assert.equal(backoff.isInBackOffSince("k", 1_000), false);
  assert.equal(backoff.isInBackOffSinceUpdate("k"), false);
  backoff.next("k", now);
  assert.equal(backoff.get("k"), 200);
  // Quiet for more than twice the maximum: the next failure starts at the initial period.
  now += 801;
  backoff.next("k", now);
  assert.equal(backoff.get("k"), 100);
  now += 1_000;
  backoff.gc();
  assert.equal(backoff.get("k"), 0);
  assert.throws(() => new Backoff({ initialMs: 0, maxMs: 1 }), RangeError);
});

Deno.test("Go duration format", () => {
  assert.equal(formatGoDuration(0), "0s");
  assert.equal(formatGoDuration(200), "200ms");
  assert.equal(formatGoDuration(10_000), "10s");
  assert.equal(formatGoDuration(1_500), "1.5s");
  assert.equal(formatGoDuration(80_000), "1m20s");
  assert.equal(formatGoDuration(160_000), "2m40s");
  assert.equal(formatGoDuration(300_000), "5m0s");
  assert.equal(formatGoDuration(3_600_000), "1h0m0s");
});
