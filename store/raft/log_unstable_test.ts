import assert from "node:assert/strict";
import { Unstable } from "./log_unstable.ts";
import { SILENT_LOGGER } from "./logger.ts";
import { type Entry, EntryType, type Snapshot } from "./types.ts";

function ent(index: number, term: number): Entry {
  return { index, term, type: EntryType.Normal, data: new Uint8Array() };
}
function snap(index: number, term: number): Snapshot {
  return {
    metadata: { index, term, confState: { voters: [1], learners: [] } },
    data: new Uint8Array(),
  };
}
function unstable(offset: number, ents: Entry[], s?: Snapshot): Unstable {
  const u = new Unstable(offset, SILENT_LOGGER);
  u.entries = ents;
  u.snapshot = s;
  return u;
}

Deno.test("Unstable", async (t) => {
  await t.step("first/last index and term", () => {
    const u = unstable(5, [ent(5, 1)], snap(4, 1));
    assert.equal(u.maybeFirstIndex(), 5);
    assert.equal(u.maybeLastIndex(), 5);
    assert.equal(u.maybeTerm(4), 1);
    assert.equal(u.maybeTerm(5), 1);
    assert.equal(u.maybeTerm(6), undefined);
    assert.equal(u.maybeTerm(3), undefined);
    const v = unstable(5, [ent(5, 1)]);
    assert.equal(v.maybeFirstIndex(), undefined);
    assert.equal(v.maybeTerm(4), undefined);
  });

  await t.step("handed-out entries are not handed out again", () => {
    const u = unstable(5, [ent(5, 1), ent(6, 1)]);
    assert.equal(u.nextEntries().length, 2);
    u.acceptInProgress();
    assert.equal(u.nextEntries().length, 0);
    u.truncateAndAppend([ent(7, 1)]);
    assert.deepEqual(u.nextEntries().map((e) => e.index), [7]);
  });

  await t.step("truncateAndAppend: append, replace, truncate (rewinds in-progress)", () => {
    const u = unstable(5, [ent(5, 1), ent(6, 1), ent(7, 1)]);
    u.acceptInProgress();
    u.truncateAndAppend([ent(6, 2)]);
    assert.deepEqual(u.entries.map((e) => [e.index, e.term]), [[5, 1], [6, 2]]);
    assert.equal(u.offsetInProgress, 6);
    u.truncateAndAppend([ent(4, 3), ent(5, 3)]);
    assert.equal(u.offset, 4);
    assert.deepEqual(u.entries.map((e) => [e.index, e.term]), [[4, 3], [5, 3]]);
  });

  await t.step("stableTo only when the term matches", () => {
    const u = unstable(5, [ent(5, 1), ent(6, 1)]);
    u.acceptInProgress();
    u.stableTo(5, 2); // overwritten meanwhile: ignored
    assert.equal(u.offset, 5);
    u.stableTo(5, 1);
    assert.equal(u.offset, 6);
    assert.deepEqual(u.entries.map((e) => e.index), [6]);
    u.stableTo(6, 1);
    assert.equal(u.entries.length, 0);
    assert.equal(u.offset, 7);
  });

  await t.step("restore and stableSnapTo", () => {
    const u = unstable(5, [ent(5, 1)]);
    u.restore(snap(9, 2));
    assert.equal(u.offset, 10);
    assert.equal(u.entries.length, 0);
    assert.ok(u.nextSnapshot());
    u.acceptInProgress();
    assert.equal(u.nextSnapshot(), undefined);
    u.stableSnapTo(8);
    assert.ok(u.snapshot);
    u.stableSnapTo(9);
    assert.equal(u.snapshot, undefined);
  });
});
