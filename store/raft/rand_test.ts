import assert from "node:assert/strict";
import { newRand } from "./rand.ts";

Deno.test("rand", async (t) => {
  await t.step("same seed, same sequence; different seeds differ", () => {
    const seq = (seed: number) => {
      const r = newRand(seed);
      return Array.from({ length: 20 }, () => r.intn(1000));
    };
    assert.deepEqual(seq(7), seq(7));
    assert.notDeepEqual(seq(7), seq(8));
  });

  await t.step("intn stays in range and covers it", () => {
    const r = newRand(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.intn(10);
      assert.ok(Number.isInteger(v) && v >= 0 && v < 10);
      seen.add(v);
    }
    assert.equal(seen.size, 10);
    assert.throws(() => r.intn(0), RangeError);
  });
});
