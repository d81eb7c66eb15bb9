import assert from "node:assert/strict";
import fc from "fast-check";
import { storeRequest } from "./arbitraries_test_util.ts";
import {
  CODEC_VERSION,
  decodeEntry,
  DecodeError,
  decodeRequest,
  encodeEntry,
  encodeRequest,
} from "./codec.ts";
import { b } from "./test_util.ts";

Deno.test("codec", async (t) => {
  await t.step("round-trips every request (property)", () => {
    fc.assert(
      fc.property(storeRequest, fc.maxSafeNat(), (request, id) => {
        const bytes = encodeEntry({ id, request });
        assert.deepEqual(decodeEntry(bytes), { id, request });
        assert.deepEqual(encodeEntry(decodeEntry(bytes)), bytes, "re-encoding is identical");
      }),
      { numRuns: 500 },
    );
  });
  await t.step("absent and zero-valued optional fields stay distinct", () => {
    const a = encodeRequest({ put: { key: b("k"), value: b("") } });
    const c = encodeRequest({ put: { key: b("k"), value: b(""), lease: 0, prevKv: false } });
    assert.notDeepEqual(a, c);
    assert.deepEqual(decodeRequest(c), {
      put: { key: b("k"), value: b(""), lease: 0, prevKv: false },
    });
    assert.equal(a[0], CODEC_VERSION);
  });
  await t.step("rejects truncated, trailing and unknown input", () => {
    fc.assert(
      fc.property(storeRequest, (request) => {
        const bytes = encodeRequest(request);
        for (let n = 0; n < bytes.length; n++) {
          assert.throws(() => decodeRequest(bytes.subarray(0, n)), DecodeError);
        }
        const longer = new Uint8Array(bytes.length + 1);
        longer.set(bytes);
        assert.throws(() => decodeRequest(longer), DecodeError);
      }),
      { numRuns: 100 },
    );
    assert.throws(() => decodeRequest(Uint8Array.of(99, 0, 1)), DecodeError);
    assert.throws(() => decodeRequest(Uint8Array.of(CODEC_VERSION, 0, 42)), DecodeError);
  });
  await t.step("refuses to encode numbers that are not safe integers", () => {
    assert.throws(() => encodeRequest({ leaseRevoke: { id: 2 ** 60 } }), RangeError);
    assert.throws(() => encodeRequest({ leaseRevoke: { id: 1.5 } }), RangeError);
  });
});
