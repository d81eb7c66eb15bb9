/**
 * Paper §7 (log compaction): a follower that needs compacted entries receives a snapshot.
 */
import assert from "node:assert/strict";
import { ConfChangeType } from "./conf_change.ts";
import { MessageType, newMessage } from "./messages.ts";
import { ProgressState } from "./progress.ts";
import { StateType } from "./raft.ts";
import { RawNode, SnapshotStatus } from "./raw_node.ts";
import { MemoryStorage } from "./storage.ts";
import { bytes, Network, readMessages, storageWithLog } from "./test_harness.ts";
import type { Snapshot } from "./types.ts";

/** A 3-node cluster where 3 missed entries 2..11 and the leader compacted through 11. */
function laggingFollower(): Network {
  const net = new Network([1, 2, 3]);
  net.campaign(1);
  net.isolate(3);
  for (let i = 0; i < 10; i++) net.propose(1, `v${i}`);
  net.snapshotAndCompact(1);
  assert.equal(net.get(1).storage.firstIndex(), 12);
  net.heal();
  return net;
}

function snap(index: number, term: number, voters = [1, 2]): Snapshot {
  return {
    metadata: { index, term, confState: { voters, learners: [] } },
    data: bytes(JSON.stringify(["from-snapshot"])),
  };
}

Deno.test("§7 snapshots and log compaction", async (t) => {
  await t.step("a follower behind the compacted index gets a snapshot and catches up", () => {
    const net = laggingFollower();
    net.tickAll(); // heartbeat -> response -> probe -> compacted -> MsgSnap
    const snaps = net.sent.filter((m) => m.type === MessageType.Snap);
    assert.equal(snaps.length, 1);
    assert.equal(snaps[0]!.to, 3);
    assert.equal(snaps[0]!.snapshot?.metadata.index, 11);
    net.propose(1, "after");
    assert.deepEqual(net.get(3).state, net.get(1).state);
    assert.equal(net.get(3).state.length, 11);
    assert.equal(net.get(3).storage.firstIndex(), 12);
    const pr = net.node(1).status().progress.get(3)!;
    assert.equal(pr.state, ProgressState.Replicate);
    assert.equal(pr.match, 12);
  });

  await t.step("the leader pauses replication while the snapshot is in flight", () => {
    const net = laggingFollower();
    net.autoReportSnapshots = false;
    net.drop((m) => m.type === MessageType.Snap);
    net.tickAll();
    const pr = () => net.node(1).status().progress.get(3)!;
    assert.equal(pr().state, ProgressState.Snapshot);
    assert.equal(pr().pendingSnapshot, 11);
    const before = net.sent.length;
    net.propose(1, "x");
    assert.ok(!net.sent.slice(before).some((m) => m.to === 3 && m.type === MessageType.App));
  });

  await t.step("a failed snapshot report moves the follower to probe and it is retried", () => {
    const net = laggingFollower();
    net.autoReportSnapshots = false;
    net.drop((m) => m.type === MessageType.Snap);
    net.tickAll();
    net.node(1).reportSnapshot(3, SnapshotStatus.Failure);
    const pr = net.node(1).status().progress.get(3)!;
    assert.equal(pr.state, ProgressState.Probe);
    assert.equal(pr.isPaused(), true, "waits for a heartbeat response before probing again");
    net.heal();
    net.tickAll();
    net.tickAll();
    assert.equal(net.sent.filter((m) => m.type === MessageType.Snap).length, 2);
    assert.deepEqual(net.get(3).state, net.get(1).state);
  });

  await t.step("a successful snapshot report probes from after the snapshot", () => {
    const net = laggingFollower();
    net.autoReportSnapshots = false;
    net.drop((m) => m.type === MessageType.Snap);
    net.tickAll();
    net.node(1).reportSnapshot(3, SnapshotStatus.Finish);
    const pr = net.node(1).status().progress.get(3)!;
    assert.equal(pr.state, ProgressState.Probe);
    assert.equal(pr.next, 12);
  });

  await t.step("snapshot reports for a follower not in snapshot state are ignored", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.node(1).reportSnapshot(2, SnapshotStatus.Failure);
    assert.equal(net.node(1).status().progress.get(2)!.state, ProgressState.Replicate);
  });

  await t.step(
    "a follower installs a snapshot: log replaced, commit advanced, conf restored",
    () => {
      const storage = storageWithLog([1, 2], [1, 1], 1);
      const node = new RawNode({ id: 2, electionTick: 10, heartbeatTick: 1, storage });
      node.step(
        newMessage({ type: MessageType.Snap, from: 1, to: 2, term: 2, snapshot: snap(9, 2) }),
      );
      const rd = node.ready();
      assert.equal(rd.snapshot?.metadata.index, 9);
      assert.equal(rd.hardState?.commit, 9);
      assert.deepEqual(rd.committedEntries, [], "nothing to apply until the snapshot is installed");
      const ack = rd.messages.find((m) => m.type === MessageType.AppResp)!;
      assert.deepEqual([ack.reject, ack.index], [false, 9]);
      storage.applySnapshot(rd.snapshot!);
      node.advance(rd);
      assert.equal(node.raft.raftLog.applied, 9);
      assert.equal(node.raft.raftLog.firstIndex(), 10);
      assert.equal(node.raft.raftLog.lastIndex(), 9);
    },
  );

  await t.step("a stale snapshot (index ≤ commit) is ignored and answered with the commit", () => {
    const storage = storageWithLog([1, 2], [1, 1, 1], 1);
    storage.setHardState({ term: 1, vote: 0, commit: 3 });
    const node = new RawNode({ id: 2, electionTick: 10, heartbeatTick: 1, storage });
    node.step(
      newMessage({ type: MessageType.Snap, from: 1, to: 2, term: 1, snapshot: snap(2, 1) }),
    );
    const msgs = readMessages(node);
    assert.equal(node.raft.raftLog.lastIndex(), 3);
    assert.equal(msgs.find((m) => m.type === MessageType.AppResp)?.index, 3);
  });

  await t.step("a snapshot matching the log only fast-forwards the commit index", () => {
    const storage = storageWithLog([1, 2], [1, 1, 1, 1], 1);
    const node = new RawNode({ id: 2, electionTick: 10, heartbeatTick: 1, storage });
    node.step(
      newMessage({ type: MessageType.Snap, from: 1, to: 2, term: 1, snapshot: snap(3, 1) }),
    );
    const rd = node.ready();
    assert.equal(rd.snapshot, undefined);
    assert.equal(node.raft.raftLog.committed, 3);
    assert.equal(node.raft.raftLog.lastIndex(), 4, "entries after the snapshot are kept");
    node.advance(rd);
  });

  await t.step("a restarted node resumes from its snapshot", () => {
    const storage = new MemoryStorage();
    storage.applySnapshot(snap(5, 2, [1, 2, 3]));
    storage.setHardState({ term: 2, vote: 1, commit: 5 });
    const node = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage });
    assert.equal(node.raft.raftLog.committed, 5);
    assert.equal(node.raft.raftLog.applied, 5);
    assert.equal(node.raft.term, 2);
    assert.deepEqual(node.status().confState.voters, [1, 2, 3]);
    assert.equal(node.hasReady(), false);
    assert.equal(node.raft.state, StateType.Follower);
  });

  await t.step("a joiner installs a snapshot taken before it was added", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    for (let i = 0; i < 5; i++) net.propose(1, `v${i}`);
    net.snapshotAndCompact(1); // membership {1,2,3} at index 6
    net.add(4, new MemoryStorage());
    net.proposeConfChange(1, ConfChangeType.AddNode, 4);
    net.tickAll();
    assert.ok(net.sent.some((m) => m.type === MessageType.Snap && m.to === 4));
    assert.deepEqual(net.get(4).state, net.get(1).state);
    assert.deepEqual(net.node(4).status().confState.voters, [1, 2, 3, 4]);
    assert.equal(net.node(4).raft.promotable(), true);
  });
});
