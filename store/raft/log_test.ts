import assert from "node:assert/strict";
import { CompactedError, RaftInvariantError, UnavailableError } from "./errors.ts";
import { RaftLog } from "./log.ts";
import { SILENT_LOGGER } from "./logger.ts";
import { MemoryStorage } from "./storage.ts";
import { type Entry, EntryType } from "./types.ts";

function ent(index: number, term: number): Entry {
  return { index, term, type: EntryType.Normal, data: new Uint8Array() };
}
function ents(terms: number[], start = 1): Entry[] {
  return terms.map((t, i) => ent(start + i, t));
}
function logWith(stored: Entry[], unstable: Entry[] = []): RaftLog {
  const s = new MemoryStorage();
  s.append(stored);
  const l = new RaftLog(s, SILENT_LOGGER);
  l.append(unstable);
  return l;
}
const ids = (es: Entry[]) => es.map((e) => [e.index, e.term]);

Deno.test("RaftLog", async (t) => {
  await t.step("§5.3 findConflict: first mismatching or new entry", () => {
    const l = logWith(ents([1, 2, 3]));
    assert.equal(l.findConflict([]), 0);
    assert.equal(l.findConflict(ents([1, 2, 3])), 0);
    assert.equal(l.findConflict(ents([2, 3], 2)), 0);
    assert.equal(l.findConflict(ents([1, 2, 3, 4, 4])), 4);
    assert.equal(l.findConflict(ents([3, 4], 3)), 4);
    assert.equal(l.findConflict(ents([4, 4], 1)), 1);
    assert.equal(l.findConflict(ents([4, 4], 2)), 2);
  });

  await t.step("§5.3 findConflictByTerm: last index ≤ i with term ≤ t", () => {
    // log: terms 1 1 3 3 5 5 at 1..6
    const l = logWith(ents([1, 1, 3, 3, 5, 5]));
    assert.deepEqual(l.findConflictByTerm(6, 5), { index: 6, term: 5 });
    assert.deepEqual(l.findConflictByTerm(6, 4), { index: 4, term: 3 });
    assert.deepEqual(l.findConflictByTerm(6, 2), { index: 2, term: 1 });
    assert.deepEqual(l.findConflictByTerm(6, 0), { index: 0, term: 0 });
    assert.deepEqual(l.findConflictByTerm(3, 9), { index: 3, term: 3 });
  });

  await t.step("findConflictByTerm stops at compacted entries", () => {
    const s = new MemoryStorage();
    s.append(ents([1, 2, 3, 4, 5]));
    s.createSnapshot(3, undefined, new Uint8Array());
    s.compact(3);
    const l = new RaftLog(s, SILENT_LOGGER);
    assert.deepEqual(l.findConflictByTerm(5, 1), { index: 2, term: 0 });
    assert.deepEqual(l.findConflictByTerm(5, 4), { index: 4, term: 4 });
  });

  await t.step("§5.3 maybeAppend: consistency check, truncation, commit bound", () => {
    const base = () => {
      const l = logWith(ents([1, 2, 3]));
      l.commitTo(1);
      return l;
    };
    // prev entry mismatch: rejected
    let l = base();
    assert.equal(l.maybeAppend(3, 2, 3, ents([4], 4)), undefined);
    // prev entry beyond the end: rejected
    assert.equal(l.maybeAppend(4, 3, 3, ents([4], 5)), undefined);
    // matching: appended, commit = min(leaderCommit, lastNew)
    l = base();
    assert.equal(l.maybeAppend(3, 3, 5, ents([4, 4], 4)), 5);
    assert.equal(l.committed, 5);
    l = base();
    assert.equal(l.maybeAppend(3, 3, 9, ents([4], 4)), 4);
    assert.equal(l.committed, 4, "commit bounded by the last new entry");
    // conflicting suffix truncated
    l = base();
    assert.equal(l.maybeAppend(1, 1, 1, ents([4, 4], 2)), 3);
    assert.deepEqual(ids(l.allEntries()), [[1, 1], [2, 4], [3, 4]]);
    // a stale, shorter append does not truncate matching entries after it
    l = base();
    assert.equal(l.maybeAppend(1, 1, 1, ents([2], 2)), 2);
    assert.equal(l.lastIndex(), 3);
    // never truncates committed entries
    l = base();
    l.commitTo(3);
    assert.throws(() => l.maybeAppend(1, 1, 3, ents([9], 2)), RaftInvariantError);
  });

  await t.step("§5.4.1 isUpToDate: higher last term wins, then longer log", () => {
    const l = logWith(ents([1, 2, 3]));
    assert.ok(l.isUpToDate(1, 4));
    assert.ok(l.isUpToDate(3, 3));
    assert.ok(l.isUpToDate(4, 3));
    assert.ok(!l.isUpToDate(2, 3));
    assert.ok(!l.isUpToDate(9, 2));
  });

  await t.step("§5.4.2 maybeCommit only for an entry of the given term", () => {
    const l = logWith(ents([1, 1, 2]));
    assert.equal(l.maybeCommit(2, 2), false, "index 2 has term 1, not the current term 2");
    assert.equal(l.committed, 0);
    assert.ok(l.maybeCommit(3, 2));
    assert.equal(l.committed, 3);
    assert.equal(l.maybeCommit(2, 1), false, "never backwards");
  });

  await t.step("term: range checks across storage and unstable", () => {
    const s = new MemoryStorage();
    s.append(ents([1, 2, 3, 4]));
    s.createSnapshot(2, undefined, new Uint8Array());
    s.compact(2);
    const l = new RaftLog(s, SILENT_LOGGER);
    l.append(ents([5], 5));
    assert.throws(() => l.term(1), CompactedError);
    assert.equal(l.term(2), 2);
    assert.equal(l.term(5), 5);
    assert.throws(() => l.term(6), UnavailableError);
    assert.equal(l.termOrZero(6), 0);
    assert.equal(l.matchTerm(6, 0), false);
  });

  await t.step("slice spans storage and unstable, honouring maxSize", () => {
    const l = logWith(ents([1, 1, 1]), ents([2, 2], 4));
    assert.deepEqual(ids(l.slice(2, 6, Infinity)), [[2, 1], [3, 1], [4, 2], [5, 2]]);
    assert.deepEqual(ids(l.slice(2, 6, 0)), [[2, 1]]);
    assert.deepEqual(ids(l.slice(3, 6, 32)), [[3, 1], [4, 2]]);
    assert.deepEqual(ids(l.slice(4, 6, 0)), [[4, 2]]);
    assert.throws(() => l.slice(0, 2, Infinity), CompactedError);
    assert.throws(() => l.slice(2, 7, Infinity), RaftInvariantError);
  });

  await t.step("committed entries: handed out once, not past a pending snapshot", () => {
    const l = logWith(ents([1, 1]), ents([1], 3));
    l.commitTo(3);
    assert.deepEqual(ids(l.nextCommittedEnts()), [[1, 1], [2, 1], [3, 1]]);
    l.acceptApplying(3);
    assert.equal(l.hasNextCommittedEnts(), false);
    l.appliedTo(3);
    assert.equal(l.applied, 3);
    assert.throws(() => l.appliedTo(4), RaftInvariantError);
    l.restore({
      metadata: { index: 10, term: 2, confState: { voters: [1], learners: [] } },
      data: new Uint8Array(),
    });
    assert.equal(l.committed, 10);
    assert.equal(l.lastIndex(), 10);
    assert.equal(l.hasNextCommittedEnts(), false, "wait for the snapshot to be installed");
  });

  await t.step("unstable entries become stable after stableTo", () => {
    const l = logWith([], ents([1, 1]));
    assert.equal(l.hasNextUnstableEnts(), true);
    l.acceptUnstable();
    assert.equal(l.hasNextUnstableEnts(), false);
    l.storage instanceof MemoryStorage && l.storage.append(ents([1, 1]));
    l.stableTo(2, 1);
    assert.equal(l.unstable.entries.length, 0);
    assert.equal(l.lastIndex(), 2);
  });

  await t.step("append below commit is an invariant violation", () => {
    const l = logWith(ents([1, 1, 1]));
    l.commitTo(2);
    assert.throws(() => l.append(ents([2], 2)), RaftInvariantError);
    assert.throws(() => l.append(ents([2], 9)), RaftInvariantError);
    assert.throws(() => l.commitTo(9), RaftInvariantError);
  });
});
