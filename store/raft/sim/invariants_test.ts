import assert from "node:assert/strict";
import { RawNode } from "../raw_node.ts";
import { entriesWithTerms, storageWithLog } from "../test_harness.ts";
import { type Entry, NONE } from "../types.ts";
import { type DurableState, Invariants, InvariantViolation, type NodeView } from "./invariants.ts";

/** A node whose log holds entries of `terms`, optionally made leader of `leaderTerm`. */
function node(id: number, terms: number[], leaderTerm?: number): NodeView {
  const storage = storageWithLog([1, 2, 3], terms);
  const raw = new RawNode({ id, electionTick: 10, heartbeatTick: 1, storage });
  if (leaderTerm !== undefined) {
    const r = raw.raft;
    r.term = leaderTerm - 1;
    r.becomeCandidate();
    r.becomeLeader();
  }
  return { id, incarnation: 1, raft: raw.raft };
}

function violation(name: string): (e: unknown) => boolean {
  return (e) => e instanceof InvariantViolation && e.invariant === name;
}

Deno.test("invariants: two leaders in one term break election safety", () => {
  const a = node(1, [1, 1], 3);
  const b = node(2, [1, 1], 3);
  const views = [a];
  const inv = new Invariants(() => views);
  inv.checkAll();
  views.push(b);
  assert.throws(() => inv.checkAll(), violation("election-safety"));
});

Deno.test("invariants: same index and term with other data or predecessor break log matching", () => {
  const inv = new Invariants(() => []);
  const [e1, e2] = entriesWithTerms([1, 2]) as [Entry, Entry];
  inv.registerEntry(1, e2, 1);
  inv.registerEntry(2, e2, 1);
  assert.throws(
    () => inv.registerEntry(3, { ...e2, data: new Uint8Array([9]) }, 1),
    violation("log-matching"),
  );
  assert.throws(() => inv.registerEntry(3, e2, 3), violation("log-matching"));
  inv.registerEntry(1, e1, 0);
  assert.ok(inv.isStaleSuccessor(e2, 5));
  assert.ok(!inv.isStaleSuccessor(e2, 1));
});

Deno.test("invariants: a leader missing a committed entry breaks leader completeness", () => {
  const views: NodeView[] = [];
  const inv = new Invariants(() => views);
  // Index 3 (term 2) is committed, seen by a node in term 2.
  const [, , e3] = entriesWithTerms([1, 1, 2]) as [Entry, Entry, Entry];
  inv.recordCommitted(1, e3, "commits", 2);
  // A leader of term 3 whose index 3 has term 1 (Figure 8's overwrite).
  views.push(node(2, [1, 1, 1], 3));
  assert.throws(() => inv.checkAll(), violation("leader-completeness"));
});

Deno.test("invariants: a leader of a term before the commit was known need not hold it", () => {
  const views: NodeView[] = [node(2, [1, 1, 1], 3)];
  const inv = new Invariants(() => views);
  inv.checkAll();
  const [, , e3] = entriesWithTerms([1, 1, 2]) as [Entry, Entry, Entry];
  // Committed in term 4 (e.g. by a later leader): the stale leader of term 3 is fine.
  inv.recordCommitted(1, e3, "commits", 4);
  inv.checkAll();
});

Deno.test("invariants: applying another entry at a committed index breaks state machine safety", () => {
  const v = node(1, [1, 1, 2]);
  v.raft.raftLog.commitTo(3);
  const inv = new Invariants(() => []);
  const [, , e3] = entriesWithTerms([1, 1, 2]) as [Entry, Entry, Entry];
  inv.recordCommitted(2, e3, "commits", 2);
  assert.throws(
    () => inv.observeApplied(v, { ...e3, term: 3 }),
    violation("state-machine-safety"),
  );
  inv.observeState(1, 3, 0xabc, "snapshot");
  assert.throws(() => inv.observeState(2, 3, 0xabd, "snapshot"), violation("state-machine-safety"));
});

Deno.test("invariants: a commit index going down, or past the leader's own term, is caught", () => {
  const v = node(1, [1, 1, 2], 3);
  const inv = new Invariants(() => [v]);
  inv.checkAll();
  v.raft.raftLog.commitTo(3); // index 3 has term 2: not the leader's term 3
  assert.throws(() => inv.checkAll(), violation("leader-commit-rule"));
  const w = node(2, [1, 1, 2]);
  w.raft.raftLog.commitTo(2);
  const inv2 = new Invariants(() => [w]);
  inv2.checkAll();
  w.raft.raftLog.committed = 1;
  assert.throws(() => inv2.checkAll(), violation("commit-monotonic"));
});

Deno.test("invariants: a restart must recover the acknowledged vote, commit and entries", () => {
  const inv = new Invariants(() => []);
  const durable = (
    term: number,
    vote: number,
    commit: number,
    terms: number[],
  ): DurableState => ({
    hardState: { term, vote, commit },
    snapshotIndex: 0,
    firstIndex: 1,
    lastIndex: terms.length,
    term: (i) => terms[i - 1] ?? -1,
  });
  const before = durable(3, 2, 2, [1, 1, 3]);
  inv.checkRecovery(1, before, durable(3, 2, 2, [1, 1, 3]), Infinity);
  inv.checkRecovery(1, before, durable(4, NONE, 2, [1, 1, 3, 4]), Infinity);
  assert.throws(
    () => inv.checkRecovery(1, before, durable(3, NONE, 2, [1, 1, 3]), Infinity),
    violation("durability"),
  );
  assert.throws(
    () => inv.checkRecovery(1, before, durable(3, 2, 2, [1, 1]), Infinity),
    violation("durability"),
  );
  // Entry 3 was being overwritten when the node crashed: losing it is allowed.
  inv.checkRecovery(1, before, durable(3, 2, 2, [1, 1]), 3);
});
