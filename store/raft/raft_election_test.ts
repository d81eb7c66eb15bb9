/**
 * Paper §5.1 (terms) and §5.2 (leader election).
 */
import assert from "node:assert/strict";
import { MessageType, newMessage } from "./messages.ts";
import { StateType } from "./raft.ts";
import { RawNode } from "./raw_node.ts";
import { MemoryStorage } from "./storage.ts";
import { Network, readMessages, storageWithLog, ticksUntilCampaign } from "./test_harness.ts";
import { NONE } from "./types.ts";

Deno.test("§5.1 terms", async (t) => {
  await t.step("a message with a higher term turns any role into a follower at that term", () => {
    for (const role of ["follower", "candidate", "leader"] as const) {
      const net = new Network([1, 2, 3]);
      if (role === "leader") net.campaign(1);
      if (role === "candidate") {
        net.isolate(1);
        net.campaign(1);
        assert.equal(net.state(1), StateType.Candidate);
      }
      const r = net.node(1).raft;
      const higher = r.term + 5;
      net.node(1).step(newMessage({ type: MessageType.App, from: 2, to: 1, term: higher }));
      assert.equal(r.state, StateType.Follower, role);
      assert.equal(r.term, higher, role);
      assert.equal(r.lead, 2, `${role}: App comes from the term's leader`);
      assert.equal(r.vote, NONE, `${role}: new term, no vote yet`);
    }
  });

  await t.step("a vote request with a higher term updates the term, lead unknown", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    const r = net.node(2).raft;
    net.node(2).step(
      newMessage({ type: MessageType.Vote, from: 3, to: 2, term: 7, index: 99, logTerm: 9 }),
    );
    assert.equal(r.term, 7);
    assert.equal(r.lead, NONE);
    assert.equal(r.vote, 3);
  });

  await t.step("a stale-term request is rejected and changes nothing", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.campaign(2); // term 2, leader 2
    const r1 = net.node(1).raft;
    assert.equal(r1.term, 2);
    const before = readMessages(net.node(1), net.get(1).storage).length;
    assert.equal(before, 0);
    // A stale leader's append (term 1) is ignored.
    net.node(1).step(newMessage({
      type: MessageType.App,
      from: 3,
      to: 1,
      term: 1,
      index: 1,
      logTerm: 1,
      entries: [{ term: 1, index: 2, type: 0, data: new Uint8Array([1]) }],
    }));
    assert.equal(r1.term, 2);
    assert.equal(r1.lead, 2);
    assert.equal(r1.raftLog.lastIndex(), 2);
    // A stale vote request is not granted.
    net.node(1).step(
      newMessage({ type: MessageType.Vote, from: 3, to: 1, term: 1, index: 99, logTerm: 9 }),
    );
    const out = readMessages(net.node(1));
    assert.ok(!out.some((m) => m.type === MessageType.VoteResp && !m.reject));
    assert.equal(r1.vote, 2);
  });

  await t.step("a stale leader learns the new term from a response and steps down", () => {
    // PreVote (like CheckQuorum) keeps partitioned nodes from bumping terms, so the stale leader
    // must be told the new term explicitly when it contacts a node that moved on.
    const net = new Network([1, 2, 3], { preVote: true });
    net.campaign(1);
    net.isolate(1);
    // 2 and 3 move on to term 2 without 1.
    net.campaign(2);
    assert.equal(net.state(2), StateType.Leader);
    assert.equal(net.state(1), StateType.Leader, "1 does not know yet");
    net.heal();
    net.tick(1); // stale heartbeat at term 1
    net.deliver();
    assert.equal(net.state(1), StateType.Follower);
    assert.equal(net.node(1).raft.term, 2);
  });
});

Deno.test("§5.2 leader election", async (t) => {
  await t.step("a single voter elects itself on its first timeout", () => {
    const net = new Network([1]);
    net.tickAll(20);
    assert.equal(net.state(1), StateType.Leader);
    assert.equal(net.node(1).raft.term, 1);
    // Its term-start no-op is committed at once.
    assert.equal(net.node(1).raft.raftLog.committed, 1);
  });

  await t.step("a candidate with votes from a majority wins; everyone follows it", () => {
    const net = new Network([1, 2, 3, 4, 5]);
    net.isolate(4);
    net.isolate(5);
    net.campaign(1);
    assert.equal(net.state(1), StateType.Leader);
    for (const id of [2, 3]) {
      assert.equal(net.state(id), StateType.Follower);
      assert.equal(net.node(id).raft.lead, 1);
      assert.equal(net.node(id).raft.vote, 1);
    }
  });

  await t.step("without a majority the candidate does not win", () => {
    const net = new Network([1, 2, 3, 4, 5]);
    for (const id of [3, 4, 5]) net.isolate(id);
    net.campaign(1);
    assert.equal(net.state(1), StateType.Candidate);
    assert.equal(net.node(1).raft.term, 1);
  });

  await t.step("a majority of rejections sends the candidate back to follower", () => {
    // 1's log is behind everyone else's: all reject it (§5.4.1).
    const net = new Network([]);
    net.add(1, storageWithLog([1, 2, 3], [1], 1));
    net.add(2, storageWithLog([1, 2, 3], [1, 1], 1));
    net.add(3, storageWithLog([1, 2, 3], [1, 1], 1));
    net.campaign(1);
    assert.equal(net.state(1), StateType.Follower);
    assert.equal(net.node(1).raft.term, 2);
  });

  await t.step("each node votes for at most one candidate per term", () => {
    const node = new RawNode({
      id: 1,
      electionTick: 10,
      heartbeatTick: 1,
      storage: new MemoryStorage({ voters: [1, 2, 3], learners: [] }),
    });
    const vote = (from: number) => {
      node.step(newMessage({ type: MessageType.Vote, from, to: 1, term: 1 }));
      return readMessages(node).find((m) => m.type === MessageType.VoteResp)!;
    };
    assert.equal(vote(2).reject, false);
    assert.equal(vote(3).reject, true, "already voted for 2 in term 1");
    assert.equal(vote(2).reject, false, "a repeated request from 2 is granted again");
    assert.equal(node.raft.vote, 2);
  });

  await t.step("the vote is persisted (hard state) before the grant is sent", () => {
    const storage = new MemoryStorage({ voters: [1, 2, 3], learners: [] });
    const node = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage });
    node.step(newMessage({ type: MessageType.Vote, from: 2, to: 1, term: 4 }));
    const rd = node.ready();
    assert.deepEqual(rd.hardState, { term: 4, vote: 2, commit: 0 });
    assert.equal(rd.mustSync, true);
    assert.equal(rd.messages.length, 1);
    node.advance(rd);
  });

  await t.step("a candidate that hears from a leader of its term steps down", () => {
    const net = new Network([1, 2, 3]);
    net.isolate(1);
    net.campaign(1);
    assert.equal(net.state(1), StateType.Candidate);
    const term = net.node(1).raft.term;
    net.node(1).step(
      newMessage({ type: MessageType.App, from: 2, to: 1, term, index: 0, logTerm: 0 }),
    );
    assert.equal(net.state(1), StateType.Follower);
    assert.equal(net.node(1).raft.lead, 2);
    assert.equal(net.node(1).raft.term, term);
    const hb = new Network([1, 2, 3]);
    hb.isolate(1);
    hb.campaign(1);
    hb.node(1).step(newMessage({ type: MessageType.Heartbeat, from: 3, to: 1, term }));
    assert.equal(hb.state(1), StateType.Follower);
    assert.equal(hb.node(1).raft.lead, 3);
  });

  await t.step("randomized election timeout lies in [T, 2T) and is reproducible", () => {
    const mk = (seed: number) =>
      new RawNode({
        id: 1,
        electionTick: 10,
        heartbeatTick: 1,
        seed,
        storage: new MemoryStorage({ voters: [1, 2, 3], learners: [] }),
      });
    const seen = new Set<number>();
    const run = (seed: number) => {
      const node = mk(seed);
      const out: number[] = [];
      for (let i = 0; i < 50; i++) {
        const n = ticksUntilCampaign(node);
        assert.ok(n >= 10 && n < 20, `timeout ${n} outside [10, 20)`);
        out.push(n);
        seen.add(n);
        node.raft.becomeFollower(node.raft.term, NONE);
      }
      return out;
    };
    assert.deepEqual(run(42), run(42), "same seed, same timeouts");
    assert.notDeepEqual(run(42), run(43));
    assert.ok(seen.size >= 5, "timeouts are spread out");
  });

  await t.step("a split vote is retried at a higher term until someone wins", () => {
    const net = new Network([1, 2, 3, 4]);
    // 1 and 2 campaign at once: 3 votes for 1, 4 votes for 2: nobody has 3 of 4.
    net.cut(1, 4);
    net.cut(2, 3);
    net.cut(1, 2);
    net.node(1).campaign();
    net.node(2).campaign();
    net.deliver();
    assert.equal(net.state(1), StateType.Candidate);
    assert.equal(net.state(2), StateType.Candidate);
    net.heal();
    for (let i = 0; i < 100 && net.leader() === undefined; i++) net.tickAll();
    const leader = net.leader();
    assert.ok(leader !== undefined, "a leader is eventually elected");
    assert.ok(net.node(leader).raft.term >= 2);
  });

  await t.step("followers elect a new leader after the leader fails", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(1);
    for (let i = 0; i < 40 && (net.leader() === 1 || net.leader() === undefined); i++) {
      for (const id of [2, 3]) net.node(id).tick();
      net.deliver();
    }
    const l = [2, 3].find((id) => net.state(id) === StateType.Leader);
    assert.ok(l !== undefined);
    assert.equal(net.node(l).raft.term, 2);
  });

  await t.step("leader sends heartbeats every heartbeat interval", () => {
    const net = new Network([1, 2, 3], { heartbeatTick: 3 });
    net.campaign(1);
    const count = () => net.sent.filter((m) => m.type === MessageType.Heartbeat).length;
    net.tick(1, 2);
    net.deliver();
    assert.equal(count(), 0);
    net.tick(1, 1);
    net.deliver();
    assert.equal(count(), 2);
  });
});
