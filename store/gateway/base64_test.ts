import assert from "node:assert/strict";
import fc from "fast-check";
import { Base64Error, decodeBase64, encodeBase64 } from "./base64.ts";

function errorOffset(text: string): number | undefined {
  try {
    decodeBase64(text);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof Base64Error);
    assert.equal(error.message, `illegal base64 data at input byte ${error.offset}`);
    return error.offset;
  }
}

Deno.test("decoding errors at Go's offsets (observed on etcd 3.4.23)", () => {
  const cases: [string, number | undefined][] = [
    ["!!!", 0],
    ["eA", 0],
    ["eA=x", 2],
    ["eA===", 4],
    ["e A==", 1],
    ["eHh4eA", 4],
    ["e_-=", 1],
    ["\ufffd", 0],
    ["eA==\n", undefined],
    ["eA\r\n==", undefined],
    ["e\nA==", undefined],
    ["eA=", 3],
    ["=", 0],
    ["eA==eA==", 4],
    ["", undefined],
    ["zz==", undefined],
  ];
  for (const [text, offset] of cases) assert.equal(errorOffset(text), offset, JSON.stringify(text));
});

Deno.test("lenient like Go: newlines ignored, trailing bits accepted", () => {
  assert.deepEqual(decodeBase64("eA==\n"), Uint8Array.of(0x78));
  assert.deepEqual(decodeBase64("eHh\n4eA=="), new TextEncoder().encode("xxxx"));
  assert.deepEqual(decodeBase64("eB=="), Uint8Array.of(0x78));
});

Deno.test("round trip over arbitrary bytes, also through the slow path (property)", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const text = encodeBase64(bytes);
      assert.equal(text, btoa(String.fromCharCode(...bytes)));
      assert.deepEqual(decodeBase64(text), bytes);
      // With newlines the fast path is skipped: the Go-style decoder must agree.
      assert.deepEqual(decodeBase64(text.replace(/(.{3})/g, "$1\n")), bytes);
    }),
  );
});
