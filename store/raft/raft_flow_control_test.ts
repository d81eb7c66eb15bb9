/**
 * Replication flow control: probe/replicate/snapshot progress states, the bounded in-flight
 * window, batching by maxSizePerMsg, and the uncommitted-size limit.
 */
import assert from "node:assert/strict";
import { ProposalDroppedError } from "./errors.ts";
import { type Message, MessageType, newMessage } from "./messages.ts";
import { ProgressState } from "./progress.ts";
import { bytes, Network, type NodeOptions } from "./test_harness.ts";

const appsTo = (msgs: readonly Message[], to: number) =>
  msgs.filter((m) => m.type === MessageType.App && m.to === to && m.entries.length > 0);

function cluster(opts: NodeOptions = {}): Network {
  const net = new Network([1, 2, 3], opts);
  net.campaign(1);
  return net;
}

Deno.test("flow control", async (t) => {
  await t.step("a follower is probed, then replicated to once it acks", () => {
    const net = new Network([1, 2, 3]);
    net.node(1).campaign();
    net.deliverOneRound(); // votes out
    net.deliverOneRound(); // votes in: 1 becomes leader, sends probes
    const pr = () => net.node(1).status().progress.get(2)!;
    assert.equal(pr().state, ProgressState.Probe);
    net.deliver();
    assert.equal(pr().state, ProgressState.Replicate);
    assert.equal(pr().match, 1);
  });

  await t.step("probe: at most one append until the follower responds", () => {
    const net = cluster();
    net.node(1).reportUnreachable(2);
    assert.equal(net.node(1).status().progress.get(2)!.state, ProgressState.Probe);
    net.isolate(2);
    const before = net.sent.length;
    for (let i = 0; i < 5; i++) net.propose(1, `p${i}`);
    for (let i = 0; i < 3; i++) net.tickAll(); // heartbeats go unanswered
    assert.equal(appsTo(net.sent.slice(before), 2).length, 1);
    net.heal();
    net.tickAll();
    assert.equal(net.node(1).status().progress.get(2)!.state, ProgressState.Replicate);
    assert.deepEqual(net.get(2).state, net.get(1).state);
  });

  await t.step("replicate: in-flight appends never exceed maxInflightMsgs", () => {
    const net = cluster({ maxInflightMsgs: 3, maxSizePerMsg: 0 });
    net.isolate(2);
    const before = net.sent.length;
    for (let i = 0; i < 10; i++) net.node(1).propose(bytes(`e${i}`));
    net.deliver();
    const pr = net.node(1).status().progress.get(2)!;
    assert.equal(pr.state, ProgressState.Replicate);
    assert.equal(appsTo(net.sent.slice(before), 2).length, 3);
    assert.equal(pr.inflights.count(), 3);
    assert.ok(pr.inflights.full());
    // Heartbeats get no answer: still nothing more is sent.
    for (let i = 0; i < 3; i++) net.tickAll();
    assert.equal(appsTo(net.sent.slice(before), 2).length, 3);
    // The lost appends are recovered once the follower answers again.
    net.heal();
    net.tickAll();
    net.tickAll();
    assert.deepEqual(net.get(2).state, net.get(1).state);
    assert.equal(net.get(2).state.length, 10);
  });

  await t.step("acks free the window, and the window bounds every moment", () => {
    const net = cluster({ maxInflightMsgs: 2, maxSizePerMsg: 0 });
    for (let i = 0; i < 8; i++) net.node(1).propose(bytes(`e${i}`));
    for (let round = 0; round < 50; round++) {
      const pr = net.node(1).raft.trk.progress.get(2)!;
      assert.ok(pr.inflights.count() <= 2);
      if (net.deliverOneRound().length === 0) break;
    }
    assert.equal(net.get(2).state.length, 8);
  });

  await t.step("batching: one append carries at most maxSizePerMsg bytes", () => {
    const per = 16 + 10; // overhead + payload
    const net = cluster({ maxSizePerMsg: 2 * per });
    net.isolate(2);
    for (let i = 0; i < 9; i++) net.propose(1, `xxxxxxxx-${i}`);
    const before = net.sent.length;
    net.heal();
    net.tickAll();
    net.tickAll();
    const apps = appsTo(net.sent.slice(before), 2);
    assert.ok(apps.length >= 5);
    assert.ok(apps.every((m) => m.entries.length <= 2));
    assert.equal(net.get(2).state.length, 9);
  });

  await t.step("a catching-up follower gets the backlog in few, large appends", () => {
    const net = cluster();
    net.isolate(2);
    for (let i = 0; i < 20; i++) net.propose(1, `b${i}`);
    const before = net.sent.length;
    net.heal();
    net.tickAll();
    const apps = appsTo(net.sent.slice(before), 2);
    assert.ok(apps.length <= 2, `${apps.length} appends`);
    assert.ok(apps.some((m) => m.entries.length === 20));
    assert.equal(net.get(2).state.length, 20);
  });

  await t.step("replicate falls back to probe on a rejection or an unreachable report", () => {
    const net = cluster();
    net.propose(1, "a");
    const pr = () => net.node(1).status().progress.get(2)!;
    assert.equal(pr().state, ProgressState.Replicate);
    net.isolate(2);
    net.node(1).step(newMessage({
      type: MessageType.AppResp,
      from: 2,
      to: 1,
      term: 1,
      index: 5,
      reject: true,
      rejectHint: 2,
      logTerm: 1,
    }));
    assert.equal(pr().state, ProgressState.Probe);
    net.heal();
    net.tickAll();
    assert.equal(pr().state, ProgressState.Replicate);
    net.node(1).reportUnreachable(2);
    assert.equal(pr().state, ProgressState.Probe);
  });

  await t.step("a stale rejection is ignored", () => {
    const net = cluster();
    net.propose(1, "a");
    const pr = () => net.node(1).status().progress.get(2)!;
    net.node(1).step(newMessage({
      type: MessageType.AppResp,
      from: 2,
      to: 1,
      term: 1,
      index: 1, // ≤ match
      reject: true,
      rejectHint: 0,
    }));
    assert.equal(pr().state, ProgressState.Replicate);
  });

  await t.step("the uncommitted-size limit drops proposals until entries commit", () => {
    const net = cluster({ maxUncommittedEntriesSize: 100 });
    net.isolate(1);
    net.node(1).propose(new Uint8Array(60));
    net.node(1).propose(new Uint8Array(30));
    assert.throws(() => net.node(1).propose(new Uint8Array(30)), ProposalDroppedError);
    net.deliver();
    net.heal();
    net.tickAll();
    net.tickAll();
    net.node(1).propose(new Uint8Array(30));
  });
});
