import assert from "node:assert/strict";
import fc from "fast-check";
import { crc32c } from "./crc32.ts";

/** Bit-at-a-time reference implementation. */
function reference(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

Deno.test("crc32c", async (t) => {
  await t.step("known vectors", () => {
    assert.equal(crc32c(0, new TextEncoder().encode("123456789")), 0xe3069283);
    assert.equal(crc32c(0, new Uint8Array(0)), 0);
    assert.equal(crc32c(0, new Uint8Array(32)), 0x8a9136aa);
  });
  await t.step("matches the bitwise reference and chains", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(100), (data, cut) => {
        const k = Math.min(cut, data.length);
        const whole = crc32c(0, data);
        assert.equal(whole, reference(data));
        assert.equal(crc32c(crc32c(0, data, 0, k), data, k), whole);
      }),
    );
  });
  await t.step("rejects a bad range", () => {
    assert.throws(() => crc32c(0, new Uint8Array(2), 1, 3), RangeError);
  });
});
