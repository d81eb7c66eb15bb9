import assert from "node:assert/strict";
import fc from "fast-check";
import {
  decodeMessage,
  encodeMessage,
  isLocalMessage,
  type Message,
  MessageType,
  newMessage,
  voteResponseType,
} from "./messages.ts";
import { type Entry, EntryType, type Snapshot } from "./types.ts";

const safeNat = fc.oneof(
  fc.nat(1000),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(0, 127, 128, 16383, 16384, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
);
const bytesArb = fc.uint8Array({ maxLength: 64 });
const entryArb: fc.Arbitrary<Entry> = fc.record({
  term: safeNat,
  index: safeNat,
  type: fc.constantFrom(EntryType.Normal, EntryType.ConfChange),
  data: bytesArb,
}).map((e) => ({ ...e })); // plain objects (fc.record builds null-prototype ones)
const snapshotArb: fc.Arbitrary<Snapshot> = fc.record({
  metadata: fc.record({
    index: safeNat,
    term: safeNat,
    confState: fc.record({
      voters: fc.array(safeNat, { maxLength: 7 }),
      learners: fc.array(safeNat, { maxLength: 7 }),
    }),
  }),
  data: bytesArb,
}).map((s) => ({
  metadata: { ...s.metadata, confState: { ...s.metadata.confState } },
  data: s.data,
}));
const messageArb: fc.Arbitrary<Message> = fc.record({
  type: fc.integer({ min: 0, max: MessageType.PreVoteResp }),
  to: safeNat,
  from: safeNat,
  term: safeNat,
  logTerm: safeNat,
  index: safeNat,
  entries: fc.array(entryArb, { maxLength: 5 }),
  commit: safeNat,
  snapshot: fc.option(snapshotArb, { nil: undefined }),
  reject: fc.boolean(),
  rejectHint: safeNat,
  context: bytesArb,
}).map((r) => newMessage(r));

Deno.test("messages", async (t) => {
  await t.step("newMessage fills defaults", () => {
    const m = newMessage({ type: MessageType.App });
    assert.equal(m.to, 0);
    assert.equal(m.term, 0);
    assert.deepEqual(m.entries, []);
    assert.equal(m.reject, false);
    assert.equal(m.context.byteLength, 0);
    assert.equal("snapshot" in m, false);
  });

  await t.step("binary codec round-trips any message (fast-check)", () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const back = decodeMessage(encodeMessage(m));
        assert.deepEqual(back, m);
      }),
      { numRuns: 500 },
    );
  });

  await t.step("encoding is compact for a heartbeat", () => {
    const hb = newMessage({ type: MessageType.Heartbeat, to: 2, from: 1, term: 5, commit: 100 });
    assert.ok(encodeMessage(hb).byteLength <= 16);
  });

  await t.step("decode rejects malformed input", () => {
    const good = encodeMessage(newMessage({
      type: MessageType.App,
      to: 2,
      from: 1,
      entries: [{ term: 1, index: 1, type: EntryType.Normal, data: new Uint8Array([1, 2]) }],
    }));
    // Every strict prefix is truncated input.
    for (let n = 0; n < good.byteLength; n++) {
      assert.throws(() => decodeMessage(good.subarray(0, n)), RangeError);
    }
    // Trailing garbage, bad version, bad type.
    assert.throws(() => decodeMessage(new Uint8Array([...good, 0])), RangeError);
    assert.throws(() => decodeMessage(new Uint8Array([9, ...good.subarray(1)])), RangeError);
    const badType = good.slice();
    badType[1] = 99;
    assert.throws(() => decodeMessage(badType), RangeError);
  });

  await t.step("decode never throws anything but RangeError on random bytes (fast-check)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (buf) => {
        try {
          decodeMessage(buf);
        } catch (err) {
          assert.ok(err instanceof RangeError, String(err));
        }
      }),
      { numRuns: 500 },
    );
  });

  await t.step("encode rejects non-integer fields", () => {
    assert.throws(
      () => encodeMessage(newMessage({ type: MessageType.App, term: 1.5 })),
      RangeError,
    );
    assert.throws(
      () => encodeMessage(newMessage({ type: MessageType.App, index: -1 })),
      RangeError,
    );
  });

  await t.step("local and vote helpers", () => {
    assert.ok(isLocalMessage(MessageType.Hup));
    assert.ok(isLocalMessage(MessageType.SnapStatus));
    assert.ok(!isLocalMessage(MessageType.App));
    assert.equal(voteResponseType(MessageType.Vote), MessageType.VoteResp);
    assert.equal(voteResponseType(MessageType.PreVote), MessageType.PreVoteResp);
    assert.throws(() => voteResponseType(MessageType.App), TypeError);
  });
});
