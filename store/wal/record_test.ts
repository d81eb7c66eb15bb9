import assert from "node:assert/strict";
import fc from "fast-check";
import {
  decodeEntry,
  decodeHardState,
  decodeSegmentHeader,
  decodeSnapshotMetadata,
  encodeEntry,
  encodeHardState,
  encodeSegmentHeader,
  encodeSnapshotMetadata,
} from "./codec.ts";
import {
  encodeRecords,
  findValidFrameAfter,
  FRAME_ALIGN,
  frameSize,
  readFrame,
  RecordType,
} from "./record.ts";
import { parseSegmentName, segmentName } from "./segment.ts";

const u53 = fc.maxSafeNat();

Deno.test("codec and record framing", async (t) => {
  await t.step("codecs round-trip", () => {
    fc.assert(
      fc.property(u53, u53, fc.integer({ min: 0, max: 1 }), fc.uint8Array({ maxLength: 64 }), (
        term,
        index,
        type,
        data,
      ) => {
        const e = { term, index, type, data };
        assert.deepEqual(decodeEntry(encodeEntry(e)), e);
      }),
    );
    fc.assert(fc.property(u53, u53, u53, (term, vote, commit) => {
      const hs = { term, vote, commit };
      assert.deepEqual(decodeHardState(encodeHardState(hs)), hs);
    }));
    fc.assert(
      fc.property(u53, u53, fc.array(u53, { maxLength: 5 }), fc.array(u53, { maxLength: 3 }), (
        index,
        term,
        voters,
        learners,
      ) => {
        const m = { index, term, confState: { voters, learners } };
        assert.deepEqual(decodeSnapshotMetadata(encodeSnapshotMetadata(m)), m);
      }),
    );
    const h = { seq: 3, baseIndex: 99, metadata: new Uint8Array([1, 2]) };
    assert.deepEqual(decodeSegmentHeader(encodeSegmentHeader(h)), h);
    assert.throws(() => encodeHardState({ term: -1, vote: 0, commit: 0 }), RangeError);
    assert.throws(() => encodeHardState({ term: 0.5, vote: 0, commit: 0 }), RangeError);
    assert.throws(() => decodeHardState(new Uint8Array(23)), /truncated/);
    assert.throws(() => decodeHardState(new Uint8Array(25)), /trailing/);
  });

  await t.step("segment names", () => {
    assert.equal(segmentName(1, 5), "0000000000000001-0000000000000005.wal");
    assert.deepEqual(parseSegmentName(segmentName(1, 5)), {
      name: segmentName(1, 5),
      seq: 1,
      baseIndex: 5,
    });
    assert.equal(parseSegmentName("0000000000000001-0000000000000005.wal.tmp"), undefined);
  });

  await t.step("frames are aligned, chained and self-verifying", () => {
    const records = [
      { type: RecordType.Entry, payload: new Uint8Array([1, 2, 3]) },
      { type: RecordType.State, payload: new Uint8Array(24) },
      { type: RecordType.Snapshot, payload: new Uint8Array(0) },
    ];
    const { bytes, crc } = encodeRecords(records, 1234);
    assert.equal(bytes.length, frameSize(3) + frameSize(24) + frameSize(0));
    let at = 0;
    let prev = 1234;
    for (const r of records) {
      assert.equal(at % FRAME_ALIGN, 0);
      const f = readFrame(bytes, at);
      assert.ok(f.ok);
      assert.equal(f.type, r.type);
      assert.deepEqual(f.payload, r.payload);
      assert.equal(f.prevCrc, prev);
      prev = f.crc;
      at = f.end;
    }
    assert.equal(prev, crc);
    assert.deepEqual(readFrame(bytes, at), { ok: false, kind: "eof", reason: "end of file" });
    assert.equal(readFrame(bytes.subarray(0, 10), 0).ok, false);
    const flipped = bytes.slice();
    flipped[17]! ^= 4;
    const f = readFrame(flipped, 0);
    assert.ok(!f.ok && f.reason === "crc mismatch");
    assert.equal(findValidFrameAfter(flipped, 0), frameSize(3));
    assert.equal(findValidFrameAfter(new Uint8Array(4096), 0), undefined);
  });
});
