/**
 * Linearizable reads (thesis §6.4): ReadIndex with a heartbeat round, follower forwarding, and
 * the lease-based option (§6.4.1).
 */
import assert from "node:assert/strict";
import { MessageType } from "./messages.ts";
import { RawNode } from "./raw_node.ts";
import { ReadOnlyOption } from "./read_only.ts";
import { MemoryStorage } from "./storage.ts";
import { bytes, Network, str } from "./test_harness.ts";

Deno.test("ReadIndex", async (t) => {
  await t.step("the leader serves a read after a quorum heartbeat round", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.propose(1, "a");
    const hbBefore = net.sent.filter((m) => m.type === MessageType.Heartbeat).length;
    net.node(1).readIndex(bytes("r1"));
    net.deliver();
    const rs = net.get(1).readStates;
    assert.equal(rs.length, 1);
    assert.equal(rs[0]!.index, 2);
    assert.equal(str(rs[0]!.requestCtx), "r1");
    const hbs = net.sent.filter((m) => m.type === MessageType.Heartbeat).slice(hbBefore);
    assert.equal(hbs.length, 2);
    assert.ok(hbs.every((m) => str(m.context) === "r1"));
  });

  await t.step("no read without a quorum: an isolated leader cannot serve it", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(1);
    net.node(1).readIndex(bytes("r"));
    net.deliver();
    assert.equal(net.get(1).readStates.length, 0);
    // The request stays pending and is confirmed by a later heartbeat round.
    net.heal();
    net.tickAll();
    assert.equal(net.get(1).readStates.length, 1);
  });

  await t.step("followers forward reads to the leader and get the leader's commit index", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.propose(1, "a");
    net.node(3).readIndex(bytes("from-3"));
    net.deliver();
    const rs = net.get(3).readStates;
    assert.equal(rs.length, 1);
    assert.equal(rs[0]!.index, net.node(1).raft.raftLog.committed);
    assert.equal(str(rs[0]!.requestCtx), "from-3");
    assert.ok(net.sent.some((m) => m.type === MessageType.ReadIndex && m.from === 3));
    assert.ok(net.sent.some((m) => m.type === MessageType.ReadIndexResp && m.to === 3));
  });

  await t.step("a read without a known leader is dropped", () => {
    const net = new Network([1, 2, 3]);
    net.node(2).readIndex(bytes("x"));
    net.deliver();
    assert.equal(net.get(2).readStates.length, 0);
  });

  await t.step("a new leader answers only after committing an entry of its term", () => {
    const net = new Network([1, 2, 3]);
    net.drop((m) => m.type === MessageType.App || m.type === MessageType.AppResp);
    net.campaign(1);
    net.node(1).readIndex(bytes("early"));
    net.deliver();
    assert.equal(net.get(1).readStates.length, 0, "postponed");
    net.heal();
    net.tickAll();
    const rs = net.get(1).readStates;
    assert.equal(rs.length, 1);
    assert.equal(rs[0]!.index, 1, "the term's no-op is included");
  });

  await t.step("several pending reads are confirmed together, in order", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.isolate(1);
    for (const c of ["a", "b", "c"]) net.node(1).readIndex(bytes(c));
    net.deliver();
    net.heal();
    net.tickAll();
    assert.deepEqual(net.get(1).readStates.map((r) => str(r.requestCtx)), ["a", "b", "c"]);
  });

  await t.step("a single-voter leader answers at once", () => {
    const net = new Network([1]);
    net.campaign(1);
    net.node(1).readIndex(bytes("solo"));
    net.deliver();
    assert.equal(net.get(1).readStates.length, 1);
  });
});

Deno.test("lease-based reads", async (t) => {
  await t.step("require CheckQuorum", () => {
    assert.throws(
      () =>
        new RawNode({
          id: 1,
          electionTick: 10,
          heartbeatTick: 1,
          storage: new MemoryStorage(),
          readOnlyOption: ReadOnlyOption.LeaseBased,
        }),
      TypeError,
    );
  });

  await t.step("are served without a heartbeat round (leader and forwarded)", () => {
    const net = new Network([1, 2, 3], {
      checkQuorum: true,
      readOnlyOption: ReadOnlyOption.LeaseBased,
    });
    net.campaign(1);
    net.propose(1, "a");
    net.isolate(1); // no heartbeat round could succeed now
    net.node(1).readIndex(bytes("lease"));
    net.deliver();
    assert.equal(net.get(1).readStates.length, 1);
    assert.equal(net.get(1).readStates[0]!.index, 2);
    net.heal();
    const hbBefore = net.sent.filter((m) => m.type === MessageType.Heartbeat).length;
    net.node(2).readIndex(bytes("f"));
    net.deliver();
    assert.equal(net.get(2).readStates.length, 1);
    assert.equal(net.sent.filter((m) => m.type === MessageType.Heartbeat).length, hbBefore);
  });
});
