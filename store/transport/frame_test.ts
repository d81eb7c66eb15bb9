import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeFrame, FrameError, FrameKind, FrameReader, MAX_FRAME_BYTES } from "./frame.ts";

/** A reader that hands out the given bytes in pieces of the given sizes. */
function pieceReader(bytes: Uint8Array, sizes: number[]) {
  let offset = 0;
  let i = 0;
  return {
    read(p: Uint8Array): Promise<number | null> {
      if (offset >= bytes.length) return Promise.resolve(null);
      const size = Math.max(1, Math.min(sizes[i++ % sizes.length]!, p.length));
      const piece = bytes.subarray(offset, offset + size);
      p.set(piece);
      offset += piece.length;
      return Promise.resolve(piece.length);
    },
  };
}

Deno.test("frames survive any fragmentation of the byte stream", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.uint8Array({ maxLength: 300_000 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 5 }),
      async (payloads, sizes) => {
        const stream = new Uint8Array(
          payloads.flatMap((payload) => [...encodeFrame(FrameKind.Message, payload)]),
        );
        const reader = new FrameReader(pieceReader(stream, sizes));
        for (const payload of payloads) {
          const frame = await reader.next();
          assert.equal(frame?.kind, FrameKind.Message);
          assert.deepEqual(frame.payload, payload);
        }
        assert.equal(await reader.next(), null);
      },
    ),
    { numRuns: 40 },
  );
});

Deno.test("a stream cut inside a frame is an error, not a clean end", async () => {
  const frame = encodeFrame(FrameKind.Message, new Uint8Array([1, 2, 3]));
  const reader = new FrameReader(pieceReader(frame.subarray(0, 6), [2]));
  await assert.rejects(reader.next(), FrameError);
});

Deno.test("garbage lengths and kinds are refused", async () => {
  const hugeLength = new Uint8Array([0xff, 0xff, 0xff, 0xff, 4]);
  await assert.rejects(new FrameReader(pieceReader(hugeLength, [5])).next(), /bad frame length/);
  const badKind = new Uint8Array([0, 0, 0, 1, 99]);
  await assert.rejects(new FrameReader(pieceReader(badKind, [5])).next(), /unknown frame kind 99/);
});

Deno.test("frames larger than the limit are refused when encoding", () => {
  assert.throws(
    () => encodeFrame(FrameKind.Message, new Uint8Array(MAX_FRAME_BYTES)),
    RangeError,
  );
});
