import assert from "node:assert/strict";
import { CidrSet, CidrsExhaustedError } from "./node_ipam_cidrs.ts";

Deno.test("blocks are handed out in order, each once, and refused when exhausted", () => {
  const set = new CidrSet("10.244.0.0/22", 24);
  assert.deepEqual([set.allocate(), set.allocate(), set.allocate(), set.allocate()], [
    "10.244.0.0/24",
    "10.244.1.0/24",
    "10.244.2.0/24",
    "10.244.3.0/24",
  ]);
  assert.throws(() => set.allocate(), CidrsExhaustedError);
  set.release("10.244.2.0/24");
  assert.equal(set.allocate(), "10.244.2.0/24");
});

Deno.test("occupied blocks (rebuilt after a restart) are skipped; foreign ranges ignored", () => {
  const set = new CidrSet("10.244.0.0/16", 24);
  assert.equal(set.occupy("10.244.0.0/24"), true);
  assert.equal(set.occupy("10.244.1.0/24"), true);
  assert.equal(set.occupy("10.245.0.0/24"), false, "outside the cluster CIDR");
  assert.equal(set.occupy("10.244.4.0/23"), false, "another mask size");
  assert.equal(set.occupy("not a cidr"), false);
  assert.equal(set.allocate(), "10.244.2.0/24");
  assert.deepEqual(set.size, { total: 256, used: 3 });
});

Deno.test("a released block is not reused before the others (round-robin)", () => {
  const set = new CidrSet("10.0.0.0/8", 24);
  const first = set.allocate();
  set.release(first);
  assert.equal(set.allocate(), "10.0.1.0/24");
  assert.throws(() => new CidrSet("10.0.0.0/16", 8), RangeError);
});
