/**
 * PreVote (thesis §9.6) and CheckQuorum / leader lease (thesis §6.2, §4.2.3).
 */
import assert from "node:assert/strict";
import { MessageType, newMessage } from "./messages.ts";
import { StateType } from "./raft.ts";
import { Network, readMessages } from "./test_harness.ts";

Deno.test("PreVote", async (t) => {
  await t.step("an election with PreVote: pre-vote round, then a real one", () => {
    const net = new Network([1, 2, 3], { preVote: true });
    net.campaign(1);
    assert.equal(net.state(1), StateType.Leader);
    assert.equal(net.node(1).raft.term, 1);
    const types = net.sent.filter((m) => m.from === 1).map((m) => m.type);
    assert.ok(types.indexOf(MessageType.PreVote) < types.indexOf(MessageType.Vote));
  });

  await t.step("a partitioned node does not inflate its term", () => {
    const net = new Network([1, 2, 3], { preVote: true });
    net.campaign(1);
    net.isolate(3);
    for (let i = 0; i < 100; i++) net.node(3).tick();
    net.deliver();
    assert.equal(net.node(3).raft.term, 1);
    assert.equal(net.state(3), StateType.PreCandidate);
  });

  await t.step("with PreVote + CheckQuorum a returning node does not disrupt the leader", () => {
    const net = new Network([1, 2, 3], { preVote: true, checkQuorum: true });
    net.campaign(1);
    net.isolate(3);
    for (let i = 0; i < 100; i++) {
      net.tickAll();
    }
    net.heal();
    for (let i = 0; i < 30; i++) net.tickAll();
    assert.equal(net.leader(), 1);
    assert.equal(net.node(1).raft.term, 1);
    assert.equal(net.state(3), StateType.Follower);
    assert.equal(net.node(3).raft.lead, 1);
  });

  await t.step("without PreVote the returning node's higher term deposes the leader", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(3);
    for (let i = 0; i < 100; i++) net.node(3).tick();
    net.deliver();
    assert.ok(net.node(3).raft.term > 3);
    net.heal();
    for (let i = 0; i < 30 && net.node(1).raft.term === 1; i++) net.tickAll();
    assert.notEqual(net.node(1).raft.term, 1, "the leader was forced to a new term");
  });

  await t.step("pre-votes are refused to a candidate with a stale log", () => {
    const net = new Network([1, 2, 3], { preVote: true });
    net.campaign(1);
    net.isolate(3);
    net.propose(1, "a");
    net.heal();
    net.isolate(1);
    net.campaign(3);
    assert.equal(net.state(3), StateType.PreCandidate, "did not win the pre-vote");
    assert.equal(net.node(3).raft.term, 1, "and never bumped its term");
    assert.equal(net.node(2).raft.term, 1);
  });

  await t.step("a pre-vote grant does not record a vote or change the voter's term", () => {
    const net = new Network([1, 2, 3], { preVote: true });
    const r = net.node(2).raft;
    net.node(2).step(
      newMessage({ type: MessageType.PreVote, from: 1, to: 2, term: 5, index: 0, logTerm: 0 }),
    );
    const resp = readMessages(net.node(2)).find((m) => m.type === MessageType.PreVoteResp)!;
    assert.equal(resp.reject, false);
    assert.equal(resp.term, 5, "answered with the proposed term");
    assert.equal(r.term, 0);
    assert.equal(r.vote, 0);
  });

  await t.step("a pre-candidate that learns a higher term from a rejection follows it", () => {
    const net = new Network([1, 2, 3], { preVote: true });
    net.isolate(1);
    net.campaign(1);
    const r = net.node(1).raft;
    assert.equal(r.state, StateType.PreCandidate);
    net.node(1).step(
      newMessage({ type: MessageType.PreVoteResp, from: 2, to: 1, term: 9, reject: true }),
    );
    assert.equal(r.state, StateType.Follower);
    assert.equal(r.term, 9);
  });
});

Deno.test("CheckQuorum", async (t) => {
  await t.step("a leader that cannot hear from a quorum steps down", () => {
    const net = new Network([1, 2, 3], { checkQuorum: true });
    net.campaign(1);
    net.isolate(1);
    // Within one election timeout (10 ticks) it still leads; after two it must have stepped down.
    for (let i = 0; i < 20; i++) net.node(1).tick();
    net.deliver();
    assert.equal(net.state(1), StateType.Follower);
    assert.equal(net.node(1).raft.lead, 0);
  });

  await t.step("a leader with an active quorum keeps leading", () => {
    const net = new Network([1, 2, 3], { checkQuorum: true });
    net.campaign(1);
    net.isolate(3); // one follower down is fine
    for (let i = 0; i < 50; i++) {
      net.node(1).tick();
      net.node(2).tick();
      net.deliver();
    }
    assert.equal(net.state(1), StateType.Leader);
    assert.equal(net.node(1).raft.term, 1);
  });

  await t.step("followers ignore vote requests while their leader's lease holds", () => {
    const net = new Network([1, 2, 3], { checkQuorum: true });
    net.campaign(1);
    net.node(2).step(
      newMessage({ type: MessageType.Vote, from: 3, to: 2, term: 2, index: 10, logTerm: 10 }),
    );
    assert.equal(net.node(2).raft.term, 1, "term unchanged");
    assert.equal(net.node(2).raft.lead, 1);
    assert.deepEqual(readMessages(net.node(2)), [], "not even a rejection");
  });

  await t.step("after the lease expires a vote request is considered", () => {
    const net = new Network([1, 2, 3], { checkQuorum: true });
    net.campaign(1);
    net.isolate(1);
    for (let i = 0; i < 10; i++) net.node(2).tick(); // 2 has not heard from 1 for a timeout
    readMessages(net.node(2));
    net.node(2).step(
      newMessage({ type: MessageType.Vote, from: 3, to: 2, term: 3, index: 10, logTerm: 10 }),
    );
    assert.equal(net.node(2).raft.term, 3);
    assert.equal(net.node(2).raft.vote, 3);
  });

  await t.step("a leader ignores vote requests within its own lease", () => {
    const net = new Network([1, 2, 3], { checkQuorum: true });
    net.campaign(1);
    net.node(1).step(
      newMessage({ type: MessageType.Vote, from: 3, to: 1, term: 5, index: 10, logTerm: 10 }),
    );
    assert.equal(net.state(1), StateType.Leader);
    assert.equal(net.node(1).raft.term, 1);
  });
});
