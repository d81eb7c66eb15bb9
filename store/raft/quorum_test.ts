import assert from "node:assert/strict";
import fc from "fast-check";
import { committedIndex, majority, VoteResult, voteResult } from "./quorum.ts";

Deno.test("quorum", async (t) => {
  await t.step("majority sizes", () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(majority), [1, 2, 2, 3, 3, 4, 4]);
  });

  await t.step("committedIndex is the majority-th largest acked index", () => {
    const idx = (acks: Record<number, number>) =>
      committedIndex(new Set(Object.keys(acks).map(Number)), (id) => acks[id]);
    assert.equal(idx({ 1: 5 }), 5);
    assert.equal(idx({ 1: 5, 2: 3 }), 3);
    assert.equal(idx({ 1: 5, 2: 3, 3: 4 }), 4);
    assert.equal(idx({ 1: 9, 2: 1, 3: 1, 4: 9 }), 1);
    assert.equal(idx({ 1: 9, 2: 1, 3: 7, 4: 9, 5: 2 }), 7);
    assert.equal(committedIndex(new Set([1, 2, 3]), () => undefined), 0);
    assert.equal(committedIndex(new Set(), () => 1), 0);
  });

  await t.step("committedIndex is acked by a majority and is maximal (fast-check)", () => {
    fc.assert(fc.property(fc.array(fc.nat(100), { minLength: 1, maxLength: 9 }), (acks) => {
      const voters = new Set(acks.map((_, i) => i + 1));
      const c = committedIndex(voters, (id) => acks[id - 1]);
      const atLeast = (v: number) => acks.filter((a) => a >= v).length;
      assert.ok(atLeast(c) >= majority(acks.length));
      assert.ok(atLeast(c + 1) < majority(acks.length));
    }));
  });

  await t.step("voteResult", () => {
    const v = new Set([1, 2, 3]);
    const votes = (o: Record<number, boolean>) =>
      new Map(Object.entries(o).map(([k, b]) => [Number(k), b]));
    assert.equal(voteResult(v, votes({})), VoteResult.Pending);
    assert.equal(voteResult(v, votes({ 1: true })), VoteResult.Pending);
    assert.equal(voteResult(v, votes({ 1: true, 2: true })), VoteResult.Won);
    assert.equal(voteResult(v, votes({ 1: true, 2: false })), VoteResult.Pending);
    assert.equal(voteResult(v, votes({ 1: false, 2: false })), VoteResult.Lost);
    assert.equal(voteResult(v, votes({ 4: true, 5: true })), VoteResult.Pending, "non-voters");
    assert.equal(voteResult(new Set(), votes({})), VoteResult.Won);
  });
});
