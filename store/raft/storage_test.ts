import assert from "node:assert/strict";
import { CompactedError, SnapshotOutOfDateError, UnavailableError } from "./errors.ts";
import { MemoryStorage } from "./storage.ts";
import { type Entry, EntryType } from "./types.ts";

function ent(index: number, term: number, size = 0): Entry {
  return { index, term, type: EntryType.Normal, data: new Uint8Array(size) };
}

/** A storage whose snapshot is (3, 3) and which holds entries 4..5 (etcd's fixture). */
function fixture(): MemoryStorage {
  const s = new MemoryStorage({ voters: [1, 2, 3], learners: [] });
  s.append([ent(1, 1), ent(2, 2), ent(3, 3), ent(4, 4), ent(5, 5)]);
  s.createSnapshot(3, undefined, new Uint8Array([42]));
  s.compact(3);
  return s;
}

Deno.test("MemoryStorage", async (t) => {
  await t.step("empty storage", () => {
    const s = new MemoryStorage();
    assert.equal(s.firstIndex(), 1);
    assert.equal(s.lastIndex(), 0);
    assert.equal(s.term(0), 0);
    assert.throws(() => s.term(1), UnavailableError);
    assert.deepEqual(s.initialState().confState, { voters: [], learners: [] });
    assert.equal(s.snapshot().metadata.index, 0);
  });

  await t.step("term: compacted, dummy, stored, unavailable", () => {
    const s = fixture();
    assert.throws(() => s.term(2), CompactedError);
    assert.equal(s.term(3), 3);
    assert.equal(s.term(5), 5);
    assert.throws(() => s.term(6), UnavailableError);
  });

  await t.step("entries: bounds and size limit", () => {
    const s = fixture();
    assert.throws(() => s.entries(3, 5, Infinity), CompactedError);
    assert.deepEqual(s.entries(4, 6, Infinity).map((e) => e.index), [4, 5]);
    assert.deepEqual(s.entries(4, 5, Infinity).map((e) => e.index), [4]);
    // A limit smaller than one entry still returns one entry.
    assert.deepEqual(s.entries(4, 6, 0).map((e) => e.index), [4]);
    assert.throws(() => s.entries(4, 7, Infinity), RangeError);
  });

  await t.step("entries: limit counts entry sizes", () => {
    const s = new MemoryStorage();
    s.append([ent(1, 1, 100), ent(2, 1, 100), ent(3, 1, 100)]);
    const one = s.entries(1, 4, 0);
    assert.equal(one.length, 1);
    const size = 116; // payload + overhead
    assert.equal(s.entries(1, 4, size * 2).length, 2);
    assert.equal(s.entries(1, 4, size * 2 - 1).length, 1);
    assert.equal(s.entries(1, 4, Infinity).length, 3);
  });

  await t.step("first and last index after compaction", () => {
    const s = fixture();
    assert.equal(s.firstIndex(), 4);
    assert.equal(s.lastIndex(), 5);
    s.compact(4);
    assert.equal(s.firstIndex(), 5);
    assert.equal(s.lastIndex(), 5);
    assert.throws(() => s.compact(4), CompactedError);
    assert.throws(() => s.compact(9), RangeError);
  });

  await t.step("createSnapshot and applySnapshot", () => {
    const s = fixture();
    assert.throws(() => s.createSnapshot(3, undefined, new Uint8Array()), SnapshotOutOfDateError);
    const snap = s.createSnapshot(5, { voters: [1, 2], learners: [] }, new Uint8Array([7]));
    assert.deepEqual(snap.metadata, {
      index: 5,
      term: 5,
      confState: { voters: [1, 2], learners: [] },
    });
    const t2 = new MemoryStorage();
    t2.applySnapshot(snap);
    assert.equal(t2.firstIndex(), 6);
    assert.equal(t2.lastIndex(), 5);
    assert.equal(t2.term(5), 5);
    assert.deepEqual(t2.initialState().confState, { voters: [1, 2], learners: [] });
    assert.throws(() => t2.applySnapshot(snap), SnapshotOutOfDateError);
  });

  await t.step("append: truncates conflicts, skips compacted, rejects gaps", () => {
    const cases: { add: Entry[]; want: [number, number][] }[] = [
      { add: [ent(4, 4), ent(5, 5)], want: [[4, 4], [5, 5]] },
      { add: [ent(4, 4), ent(5, 6), ent(6, 6)], want: [[4, 4], [5, 6], [6, 6]] },
      { add: [ent(4, 4), ent(5, 5), ent(6, 5)], want: [[4, 4], [5, 5], [6, 5]] },
      // Entries below the first index are skipped.
      { add: [ent(2, 3), ent(3, 3), ent(4, 5)], want: [[4, 5]] },
      { add: [ent(4, 5)], want: [[4, 5]] },
      { add: [ent(6, 5)], want: [[4, 4], [5, 5], [6, 5]] },
      { add: [ent(1, 1)], want: [[4, 4], [5, 5]] },
    ];
    for (const c of cases) {
      const s = fixture();
      s.append(c.add);
      const got = s.entries(s.firstIndex(), s.lastIndex() + 1, Infinity);
      assert.deepEqual(got.map((e) => [e.index, e.term]), c.want);
    }
    const s = fixture();
    assert.throws(() => s.append([ent(7, 5)]));
  });

  await t.step("hard state", () => {
    const s = new MemoryStorage();
    s.setHardState({ term: 3, vote: 2, commit: 0 });
    assert.deepEqual(s.initialState().hardState, { term: 3, vote: 2, commit: 0 });
  });
});
