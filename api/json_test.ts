import assert from "node:assert/strict";
import { cloneJson } from "./json.ts";

Deno.test("cloneJson copies deeply and shares nothing", () => {
  const original = { a: [1, { b: "x" }, null], c: { d: true, e: undefined }, f: 2.5 };
  const copy = cloneJson(original);
  assert.deepEqual(copy, original);
  assert.notEqual(copy.a, original.a);
  assert.notEqual(copy.a[1], original.a[1]);
  assert.notEqual(copy.c, original.c);
  assert.ok("e" in copy.c);
  (copy.a[1] as { b: string }).b = "y";
  assert.equal((original.a[1] as { b: string }).b, "x");
  assert.equal(cloneJson("s"), "s");
  assert.equal(cloneJson(null), null);
});
