/**
 * Paper §6 / thesis §4 (cluster membership changes): single-server changes, learners, one
 * change at a time, and a leader must commit an entry of its term before changing membership.
 */
import assert from "node:assert/strict";
import { ConfChangeType } from "./conf_change.ts";
import { ProposalDroppedError } from "./errors.ts";
import { MessageType } from "./messages.ts";
import { StateType } from "./raft.ts";
import { MemoryStorage } from "./storage.ts";
import { Network } from "./test_harness.ts";
import { EntryType } from "./types.ts";

const conf = (net: Network, id: number) => net.node(id).status().confState;

Deno.test("§6 membership changes", async (t) => {
  await t.step("add a voter: the new node catches up and counts toward the quorum", () => {
    const net = Network.bootstrapped([1, 2, 3]);
    net.campaign(1);
    net.propose(1, "before");
    // The joiner starts empty: it learns the membership from the log's conf-change entries.
    net.add(4, new MemoryStorage());
    net.proposeConfChange(1, ConfChangeType.AddNode, 4);
    for (const id of [1, 2, 3, 4]) {
      assert.deepEqual(conf(net, id), { voters: [1, 2, 3, 4], learners: [] }, `node ${id}`);
    }
    assert.deepEqual(net.get(4).state, ["before"]);
    // Quorum is now 3 of 4: with 3 and 4 down nothing commits.
    net.isolate(3);
    net.isolate(4);
    net.propose(1, "stuck");
    assert.deepEqual(net.get(1).state, ["before"]);
    net.heal();
    net.tickAll();
    for (const id of [1, 2, 3, 4]) assert.deepEqual(net.get(id).state, ["before", "stuck"]);
  });

  await t.step("remove a voter: the quorum shrinks and its progress is dropped", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(3);
    net.proposeConfChange(1, ConfChangeType.RemoveNode, 3);
    assert.deepEqual(conf(net, 1), { voters: [1, 2], learners: [] });
    assert.equal(net.node(1).status().progress.has(3), false);
    // Both remaining voters are needed now.
    net.isolate(2);
    net.propose(1, "needs-2");
    assert.deepEqual(net.get(1).state, []);
    net.heal();
    net.isolate(3);
    net.tickAll();
    assert.deepEqual(net.get(1).state, ["needs-2"]);
  });

  await t.step("removing a voter may let a pending entry commit at once", () => {
    const net = new Network([1, 2, 3, 4]);
    net.campaign(1);
    net.isolate(4);
    // 3 of 4 ack the removal of 4; then 3 goes down and "x" sits on 1, 2 only.
    net.proposeConfChange(1, ConfChangeType.RemoveNode, 4);
    assert.deepEqual(conf(net, 1).voters, [1, 2, 3]);
    net.isolate(3);
    net.propose(1, "x");
    assert.deepEqual(net.get(1).state, ["x"], "2 of 3 voters is a majority");
  });

  await t.step("a removed leader steps down and the rest elect a new one", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.proposeConfChange(1, ConfChangeType.RemoveNode, 1);
    assert.equal(net.state(1), StateType.Follower);
    assert.equal(net.node(1).raft.promotable(), false);
    for (let i = 0; i < 50 && net.leader() === undefined; i++) net.tickAll();
    const l = net.leader();
    assert.ok(l === 2 || l === 3, `new leader ${l}`);
    net.propose(l, "after");
    assert.deepEqual(net.get(2).state, ["after"]);
  });

  await t.step("a learner receives the log, never votes or campaigns, then is promoted", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.add(4, new MemoryStorage({ voters: [1, 2, 3], learners: [] }));
    net.proposeConfChange(1, ConfChangeType.AddLearner, 4);
    net.propose(1, "a");
    assert.deepEqual(conf(net, 4), { voters: [1, 2, 3], learners: [4] });
    assert.equal(net.node(4).raft.isLearner, true);
    assert.deepEqual(net.get(4).state, ["a"], "the learner catches up");
    // The learner does not count toward the quorum.
    net.isolate(2);
    net.isolate(3);
    net.propose(1, "b");
    assert.deepEqual(net.get(1).state, ["a"]);
    // It never campaigns, even without a leader.
    net.isolate(1);
    for (let i = 0; i < 40; i++) net.node(4).tick();
    net.deliver();
    assert.equal(net.state(4), StateType.Follower);
    assert.ok(!net.sent.some((m) => m.from === 4 && m.type === MessageType.Vote));
    // Promotion: now it is a voter and can help commit.
    net.heal();
    net.tickAll();
    net.proposeConfChange(1, ConfChangeType.AddNode, 4);
    assert.deepEqual(conf(net, 1), { voters: [1, 2, 3, 4], learners: [] });
    assert.equal(net.node(4).raft.isLearner, false);
    assert.equal(net.node(1).status().progress.get(4)?.isLearner, false);
  });

  await t.step("only one conf change may be pending: a second one becomes an empty entry", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.node(1).proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 4 });
    net.node(1).proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 5 });
    net.deliver();
    const log = net.node(1).raft.raftLog.allEntries();
    assert.deepEqual(log.map((e) => e.type), [
      EntryType.Normal, // no-op
      EntryType.ConfChange,
      EntryType.Normal, // refused change
    ]);
    assert.deepEqual(conf(net, 1), { voters: [1, 2, 3], learners: [4] });
    // Once the first is applied, the next one is accepted.
    net.proposeConfChange(1, ConfChangeType.AddLearner, 5);
    assert.deepEqual(conf(net, 1), { voters: [1, 2, 3], learners: [4, 5] });
  });

  await t.step("a new leader must commit an entry of its term before a conf change", () => {
    const net = new Network([1, 2, 3]);
    net.drop((m) => m.type === MessageType.App);
    net.campaign(1);
    assert.equal(net.state(1), StateType.Leader);
    assert.equal(net.node(1).raft.committedEntryInCurrentTerm(), false);
    net.node(1).proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 3 });
    const last = net.node(1).raft.raftLog.allEntries().at(-1)!;
    assert.equal(last.type, EntryType.Normal, "refused before the term's no-op commits");
    net.heal();
    net.tickAll();
    net.proposeConfChange(1, ConfChangeType.RemoveNode, 3);
    assert.deepEqual(conf(net, 1).voters, [1, 2]);
  });

  await t.step("invalid changes are refused: removing the last voter, demoting a voter", () => {
    const net = new Network([1]);
    net.campaign(1);
    net.proposeConfChange(1, ConfChangeType.RemoveNode, 1);
    assert.deepEqual(conf(net, 1).voters, [1]);
    net.proposeConfChange(1, ConfChangeType.AddLearner, 1);
    assert.deepEqual(conf(net, 1), { voters: [1], learners: [] });
  });

  await t.step("a node with unapplied committed conf changes does not campaign", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    // 2 learns the change is committed but has not applied it yet.
    net.drop((m) => m.to === 2 && m.type === MessageType.App && m.entries.length === 0);
    net.node(1).proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 4 });
    net.flushReadies();
    const batch = net.queue;
    net.queue = [];
    for (const m of batch) net.node(m.to).step(m);
    net.deliverOneRound(); // acks reach 1, which commits
    net.node(1).tick();
    net.flushReadies();
    const hb = net.queue.filter((m) => m.to === 2);
    net.queue = [];
    for (const m of hb) net.node(2).step(m); // heartbeat carries the commit index
    const r2 = net.node(2).raft;
    assert.ok(r2.raftLog.committed > r2.raftLog.applied);
    assert.ok(r2.raftLog.hasUnappliedConfChanges());
    net.node(2).campaign();
    assert.equal(r2.state, StateType.Follower);
  });

  await t.step("proposals to a removed leader are dropped", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.proposeConfChange(1, ConfChangeType.RemoveNode, 1);
    assert.throws(() => net.node(1).propose(new Uint8Array([1])), ProposalDroppedError);
  });
});
