/**
 * Paper §5.4 (safety): the election restriction and the rule that a leader commits entries
 * from earlier terms only indirectly (Figure 8).
 */
import assert from "node:assert/strict";
import { type Message, MessageType, newMessage } from "./messages.ts";
import { StateType } from "./raft.ts";
import { Network, storageWithLog } from "./test_harness.ts";
import type { NodeId } from "./types.ts";

const termAt = (net: Network, id: NodeId, i: number) => net.node(id).raft.raftLog.termOrZero(i);

Deno.test("§5.4.1 election restriction", async (t) => {
  await t.step("a candidate missing committed entries cannot be elected", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(3);
    net.propose(1, "committed");
    assert.equal(net.node(1).raft.raftLog.committed, 2);
    net.heal();
    net.isolate(1); // the leader fails; 3 lacks the committed entry
    net.campaign(3);
    assert.notEqual(net.state(3), StateType.Leader);
    net.campaign(2);
    assert.equal(net.state(2), StateType.Leader, "2 has the entry and can win");
  });

  await t.step("up-to-date: a higher last term beats a longer log", () => {
    const net = new Network([]);
    net.add(1, storageWithLog([1, 2, 3], [1, 3], 3));
    net.add(2, storageWithLog([1, 2, 3], [1, 2, 2, 2], 3));
    net.add(3, storageWithLog([1, 2, 3], [1, 2, 2, 2], 3));
    net.campaign(1);
    assert.equal(net.state(1), StateType.Leader);
  });
});

/**
 * Figure 8 with S1..S5 as nodes 1..5. Every log starts with entry (1, term 1) committed. The
 * term-start no-op entries of our leaders play the roles of the figure's entries: S1's term-2
 * no-op is the figure's (2, term 2), S5's term-3 no-op the (2, term 3), S1's term-4 no-op the
 * (3, term 4).
 */
function figure8UpToC(): Network {
  const ids = [1, 2, 3, 4, 5];
  const net = new Network([]);
  for (const id of ids) {
    const s = storageWithLog(ids, [1], 1);
    s.setHardState({ term: 1, vote: 0, commit: 1 });
    net.add(id, s);
  }
  const appFrom = (from: NodeId, to?: NodeId[]) => (m: Message) =>
    m.type === MessageType.App && m.from === from && (to === undefined || to.includes(m.to));

  // (a) S1 is leader in term 2 and replicates index 2 to S2 only.
  net.drop(appFrom(1, [3, 4, 5]));
  net.campaign(1);
  assert.equal(net.node(1).raft.term, 2);
  assert.equal(termAt(net, 2, 2), 2);
  assert.equal(termAt(net, 3, 2), 0);

  // (b) S1 crashes; S5 is elected for term 3 by S3, S4 and itself, and accepts a different
  // entry at index 2.
  net.heal();
  net.isolate(1);
  net.drop(appFrom(5));
  net.campaign(5);
  assert.equal(net.state(5), StateType.Leader);
  assert.equal(net.node(5).raft.term, 3);
  assert.equal(termAt(net, 5, 2), 3);

  // (c) S5 crashes; S1 restarts, is elected for term 4 and replicates its entry at index 2 to
  // S3 (S2 has it already). We hand-deliver the append S1 sends after backing off, so only
  // index 2 reaches them and its term-4 entry at index 3 does not.
  net.heal();
  net.isolate(5);
  net.restart(1);
  net.drop(appFrom(1));
  net.campaign(1); // term 3: S3 and S4 already voted for S5
  net.campaign(1); // term 4
  assert.equal(net.state(1), StateType.Leader);
  assert.equal(net.node(1).raft.term, 4);
  assert.equal(termAt(net, 1, 3), 4);
  const entry2 = net.node(1).raft.raftLog.slice(2, 3, Infinity);
  for (const to of [2, 3]) {
    net.node(to).step(newMessage({
      type: MessageType.App,
      from: 1,
      to,
      term: 4,
      index: 1,
      logTerm: 1,
      entries: entry2,
      commit: 1,
    }));
  }
  net.deliver();
  return net;
}

Deno.test("§5.4.2 Figure 8: a leader never commits an old-term entry by counting replicas", async (t) => {
  await t.step("(c) index 2 is on a majority but not committed", () => {
    const net = figure8UpToC();
    for (const id of [1, 2, 3]) assert.equal(termAt(net, id, 2), 2, `S${id}`);
    const st = net.node(1).status();
    assert.equal(st.progress.get(2)?.match, 2);
    assert.equal(st.progress.get(3)?.match, 2);
    assert.equal(net.node(1).raft.raftLog.committed, 1, "the term-2 entry must not be committed");
  });

  await t.step("(d) so S5 may still be elected and overwrite it, safely", () => {
    const net = figure8UpToC();
    net.heal();
    net.isolate(1); // S1 crashes
    net.restart(5);
    net.campaign(5); // term 4: S2..S4 already voted for S1 in term 4
    if (net.state(5) !== StateType.Leader) net.campaign(5); // term 5
    assert.equal(net.state(5), StateType.Leader);
    for (const id of [2, 3, 4, 5]) assert.equal(termAt(net, id, 2), 3, `S${id}`);
    assert.ok(net.node(5).raft.raftLog.committed >= 2);
    // S1 returns and its uncommitted entries are replaced too.
    net.heal();
    net.tickAll();
    assert.equal(termAt(net, 1, 2), 3);
    assert.equal(termAt(net, 1, 3), net.node(5).raft.raftLog.termOrZero(3));
  });

  await t.step("(e) once an entry of S1's term is on a majority, both are committed", () => {
    const net = figure8UpToC();
    net.heal();
    net.isolate(5);
    net.tickAll(); // heartbeat → S1 replicates index 3 (term 4) to S2..S4
    assert.equal(net.node(1).raft.raftLog.committed, 3);
    for (const id of [1, 2, 3, 4]) {
      assert.deepEqual([termAt(net, id, 2), termAt(net, id, 3)], [2, 4]);
    }
    // Now S5 can never be elected: its last term (3) is behind a majority's (4).
    net.heal();
    net.isolate(1);
    net.restart(5);
    net.campaign(5);
    net.campaign(5);
    assert.notEqual(net.state(5), StateType.Leader);
  });
});
