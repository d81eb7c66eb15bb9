/**
 * Leadership transfer (thesis §3.10): MsgTransferLeader / MsgTimeoutNow.
 */
import assert from "node:assert/strict";
import { ConfChangeType } from "./conf_change.ts";
import { ProposalDroppedError } from "./errors.ts";
import { MessageType, newMessage } from "./messages.ts";
import { StateType } from "./raft.ts";
import { MemoryStorage } from "./storage.ts";
import { Network } from "./test_harness.ts";
import { NONE } from "./types.ts";

Deno.test("leader transfer", async (t) => {
  await t.step("to an up-to-date follower: it campaigns at once and wins", () => {
    const net = new Network([1, 2, 3], { checkQuorum: true, preVote: true });
    net.campaign(1);
    net.node(1).transferLeadership(2);
    net.deliver();
    assert.equal(net.state(2), StateType.Leader);
    assert.equal(net.node(2).raft.term, 2);
    assert.equal(net.state(1), StateType.Follower);
    assert.equal(net.node(1).raft.lead, 2);
    // TimeoutNow skips the pre-vote, and the vote bypasses the followers' lease.
    assert.ok(net.sent.some((m) => m.type === MessageType.TimeoutNow && m.to === 2));
    assert.ok(!net.sent.some((m) => m.type === MessageType.PreVote && m.from === 2));
  });

  await t.step("to a lagging follower: it is caught up first, then told to campaign", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(3);
    net.propose(1, "a");
    net.propose(1, "b");
    net.heal();
    net.node(1).transferLeadership(3);
    net.deliver();
    assert.equal(net.state(3), StateType.Leader);
    assert.deepEqual(net.get(3).state, ["a", "b"]);
  });

  await t.step("proposals are dropped while a transfer is in progress", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(3);
    net.node(1).transferLeadership(3);
    net.deliver();
    assert.equal(net.node(1).raft.leadTransferee, 3);
    assert.throws(() => net.node(1).propose(new Uint8Array([1])), ProposalDroppedError);
  });

  await t.step("a transfer that does not finish within an election timeout is aborted", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(3);
    net.node(1).transferLeadership(3);
    net.deliver();
    for (let i = 0; i < 10; i++) net.tickAll();
    assert.equal(net.node(1).raft.leadTransferee, NONE);
    assert.equal(net.state(1), StateType.Leader);
    net.propose(1, "ok-again");
    assert.deepEqual(net.get(1).state, ["ok-again"]);
  });

  await t.step("a follower forwards the request to the leader", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.node(2).transferLeadership(3);
    net.deliver();
    assert.equal(net.state(3), StateType.Leader);
  });

  await t.step("a request forwarded twice (stale leader hint) reaches the leader", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    const term = net.node(2).raft.term;
    // 3 still believes 2 leads: its forwarded request arrives at follower 2 with 3's term.
    net.node(2).step(newMessage({ type: MessageType.TransferLeader, from: 3, to: 2, term }));
    const fwd = net.node(2).ready().messages.find((m) => m.type === MessageType.TransferLeader);
    assert.equal(fwd?.to, 1);
    assert.equal(fwd?.from, 3);
    assert.equal(fwd?.term, term);
  });

  await t.step("transfer to self or to a learner is ignored", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.node(1).transferLeadership(1);
    net.deliver();
    assert.equal(net.state(1), StateType.Leader);
    net.add(4, new MemoryStorage({ voters: [1, 2, 3], learners: [] }));
    net.proposeConfChange(1, ConfChangeType.AddLearner, 4);
    net.node(1).transferLeadership(4);
    net.deliver();
    assert.equal(net.state(1), StateType.Leader);
    assert.equal(net.node(1).raft.leadTransferee, NONE);
  });

  await t.step("a second request for another node replaces the first", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(3);
    net.node(1).transferLeadership(3);
    net.deliver();
    net.node(1).transferLeadership(2);
    net.deliver();
    assert.equal(net.state(2), StateType.Leader);
  });
});
