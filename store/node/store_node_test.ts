import assert from "node:assert/strict";
import { retrying, TestCluster } from "./test_cluster.ts";
import { StoreNode } from "./store_node.ts";
import { StoreError } from "../mvcc/mod.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array) => new TextDecoder().decode(value);

async function get(node: StoreNode, key: string): Promise<string | undefined> {
  const answer = await node.range({ key: bytes(key) });
  const kv = answer.kvs[0];
  return kv === undefined ? undefined : text(kv.value);
}

Deno.test("three members replicate writes made through any member", async () => {
  const cluster = await TestCluster.start(3);
  try {
    const writes = cluster.nodes.flatMap((node, i) =>
      [...Array(20)].map((_, j) => node!.put({ key: bytes(`k${i}-${j}`), value: bytes(`v${j}`) }))
    );
    const answers = await Promise.all(writes);
    const revisions = answers.map((answer) => answer.header.revision).sort((a, b) => a - b);
    assert.deepEqual(revisions, [...Array(60)].map((_, i) => i + 2), "one revision per write");
    for (const node of cluster.nodes) {
      const all = await node!.range({ key: bytes("k"), rangeEnd: bytes("l") });
      assert.equal(all.count, 60);
      assert.equal(all.header.revision, 61);
    }
  } finally {
    await cluster.stop();
  }
});

Deno.test("a linearizable read on a follower sees a write acknowledged by the leader", async () => {
  const cluster = await TestCluster.start(3);
  try {
    const leader = await cluster.leader();
    const follower = cluster.nodes[(leader + 1) % 3]!;
    for (let i = 0; i < 30; i++) {
      await retrying(() => cluster.nodes[leader]!.put({ key: bytes("x"), value: bytes(`${i}`) }));
      assert.equal(await get(follower, "x"), `${i}`);
    }
  } finally {
    await cluster.stop();
  }
});

Deno.test("after the leader crashes, a new leader serves and nothing acknowledged is lost", async () => {
  const cluster = await TestCluster.start(3);
  try {
    const leader = await cluster.leader();
    const acknowledged: string[] = [];
    for (let i = 0; i < 50; i++) {
      await retrying(() =>
        cluster.nodes[(leader + 1) % 3]!.put({ key: bytes(`a${i}`), value: bytes("1") })
      );
      acknowledged.push(`a${i}`);
    }
    await cluster.crash(leader);
    const survivor = cluster.nodes[(leader + 1) % 3]!;
    // As a client does: retry what failed for want of a leader, within two seconds.
    const crashedAt = performance.now();
    for (;;) {
      try {
        await survivor.put({ key: bytes("z-after"), value: bytes("crash") });
        break;
      } catch (error) {
        assert.ok(error instanceof StoreError && error.code === 14, String(error));
        assert.ok(performance.now() - crashedAt < 2000, "no leader within 2 s");
      }
    }
    const newLeader = await cluster.leader();
    assert.notEqual(newLeader, leader);
    for (const key of acknowledged) assert.equal(await get(survivor, key), "1", key);

    // The crashed member restarts from its disk and catches up.
    const restarted = await cluster.startMember(leader);
    await cluster.leader();
    assert.equal(await get(restarted, "z-after"), "crash");
    assert.equal((await restarted.range({ key: bytes("a"), rangeEnd: bytes("b") })).count, 50);
  } finally {
    await cluster.stop();
  }
});

Deno.test("every member restarts from disk with its data", async () => {
  const cluster = await TestCluster.start(3);
  try {
    for (let i = 0; i < 40; i++) {
      await retrying(() =>
        cluster.nodes[i % 3]!.put({ key: bytes(`r${i}`), value: bytes(`${i}`) })
      );
    }
    for (let i = 0; i < 3; i++) await cluster.crash(i);
    for (let i = 0; i < 3; i++) await cluster.startMember(i);
    await cluster.leader();
    for (const node of cluster.nodes) {
      const all = await node!.range({ key: bytes("r"), rangeEnd: bytes("s") });
      assert.equal(all.count, 40);
    }
    const next = await retrying(() =>
      cluster.nodes[0]!.put({ key: bytes("r-next"), value: bytes("x") })
    );
    assert.equal(next.header.revision, 42);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a member that missed compacted entries catches up by snapshot", async () => {
  const cluster = await TestCluster.start(3, { snapshotCount: 50, catchUpEntries: 10 });
  try {
    const leader = await cluster.leader();
    const lagging = (leader + 2) % 3;
    await cluster.crash(lagging);
    for (let i = 0; i < 300; i++) {
      await retrying(() =>
        cluster.nodes[leader]!.put({ key: bytes(`s${i % 37}`), value: bytes(`${i}`) })
      );
    }
    const node = await cluster.startMember(lagging);
    await cluster.leader();
    assert.equal(await get(node, "s0"), "296");
    assert.ok(
      cluster.logs.some((line) => line.includes("installed a snapshot from the leader")),
      "caught up by snapshot",
    );
  } finally {
    await cluster.stop();
  }
});

Deno.test("a leased key disappears on every member when its lease expires", async () => {
  const cluster = await TestCluster.start(3);
  try {
    const follower = cluster.nodes[((await cluster.leader()) + 1) % 3]!;
    const lease = await retrying(() => follower.leaseGrant({ ttl: 2 }));
    assert.ok(lease.id > 0);
    await retrying(() =>
      follower.put({ key: bytes("ephemeral"), value: bytes("x"), lease: lease.id })
    );
    const alive = await follower.leaseKeepAlive(lease.id);
    assert.equal(alive.ttl, 2);
    const ttl = await follower.leaseTimeToLive(lease.id, true);
    assert.deepEqual(ttl.keys.map(text), ["ephemeral"]);
    assert.equal(await get(follower, "ephemeral"), "x");
    const deadline = Date.now() + 6000;
    while ((await get(follower, "ephemeral")) !== undefined) {
      assert.ok(Date.now() < deadline, "the lease did not expire");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const node of cluster.nodes) assert.equal(await get(node!, "ephemeral"), undefined);
    assert.equal((await follower.leaseTimeToLive(lease.id)).ttl, -1);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a graceful stop of the leader hands leadership over", async () => {
  const cluster = await TestCluster.start(3);
  try {
    const leader = await cluster.leader();
    await cluster.nodes[leader]!.stop();
    cluster.nodes[leader] = undefined;
    const started = performance.now();
    const next = await cluster.leader(2000);
    assert.notEqual(next, leader);
    assert.ok(performance.now() - started < 1000);
    await retrying(() => cluster.nodes[next]!.put({ key: bytes("k"), value: bytes("v") }));
  } finally {
    await cluster.stop();
  }
});

Deno.test("a data directory of another member is refused", async () => {
  const cluster = await TestCluster.start(1);
  try {
    await cluster.crash(0);
    const other = { ...cluster.members[0]!, name: "other" };
    await assert.rejects(
      StoreNode.start({ name: "other", dataDir: `${cluster.root}/m1`, initialCluster: [other] }),
      /belongs to member m1 of cluster m1=127\.0\.0\.1:\d+, not member other of cluster other=/,
    );
  } finally {
    await cluster.stop();
  }
});

Deno.test("a new member joins as a learner, catches up and is promoted", async () => {
  const cluster = await TestCluster.start(3);
  try {
    for (let i = 0; i < 20; i++) {
      await retrying(() => cluster.nodes[0]!.put({ key: bytes(`j${i}`), value: bytes(`${i}`) }));
    }
    const slot = cluster.addSlot("m4");
    const { member, members } = await cluster.nodes[1]!.memberAdd({
      name: "m4",
      peer: cluster.members[slot]!.peer,
      learner: true,
    });
    assert.equal(member.name, "m4");
    assert.equal(member.isLearner, true);
    assert.equal(members.length, 4);
    const joined = await cluster.startMember(slot, true);
    assert.equal(joined.id, member.id);
    await cluster.nodes[0]!.memberPromote(member.id);
    const list = await joined.memberList();
    assert.deepEqual(list.map((m) => [m.name, m.isLearner]).sort(), [
      ["m1", false],
      ["m2", false],
      ["m3", false],
      ["m4", false],
    ]);
    assert.equal(await get(joined, "j19"), "19");
    await retrying(() => joined.put({ key: bytes("from-m4"), value: bytes("hi") }));
    assert.equal(await get(cluster.nodes[0]!, "from-m4"), "hi");
  } finally {
    await cluster.stop();
  }
});

Deno.test("a member wiped and re-added under a new id catches up by snapshot", async () => {
  const cluster = await TestCluster.start(3, { snapshotCount: 40, catchUpEntries: 5 });
  try {
    const leader = await cluster.leader();
    const victim = (leader + 1) % 3;
    const oldId = cluster.nodes[victim]!.id;
    await cluster.crash(victim);
    await cluster.wipe(victim);
    const survivor = cluster.nodes[leader]!;
    await survivor.memberRemove(oldId);
    for (let i = 0; i < 200; i++) {
      await retrying(() => survivor.put({ key: bytes(`w${i % 17}`), value: bytes(`${i}`) }));
    }
    const { member } = await survivor.memberAdd({
      name: cluster.members[victim]!.name,
      peer: cluster.members[victim]!.peer,
    });
    assert.notEqual(member.id, oldId, "a re-added member gets a new id");
    const rejoined = await cluster.startMember(victim, true);
    assert.equal(await get(rejoined, "w16"), "186");
    assert.ok(cluster.logs.some((line) => line.includes("installed a snapshot from the leader")));
    assert.equal((await rejoined.memberList()).length, 3);
  } finally {
    await cluster.stop();
  }
});

Deno.test("a removed member stops serving and says why", async () => {
  const cluster = await TestCluster.start(3);
  try {
    const leader = await cluster.leader();
    const victim = (leader + 1) % 3;
    const removed = cluster.nodes[victim]!;
    await cluster.nodes[leader]!.memberRemove(removed.id);
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await removed.put({ key: bytes("k"), value: bytes("v") });
      } catch (error) {
        if (String(error).includes("permanently removed")) break;
      }
      assert.ok(Date.now() < deadline, "the removed member kept serving");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await retrying(() =>
      cluster.nodes[leader]!.put({ key: bytes("still"), value: bytes("works") })
    );
  } finally {
    await cluster.stop();
  }
});

Deno.test("joining without having been added is refused with the reason", async () => {
  const cluster = await TestCluster.start(1);
  try {
    const slot = cluster.addSlot("m9");
    await assert.rejects(cluster.startMember(slot, true), /m9 is not a member of this cluster/);
  } finally {
    await cluster.stop();
  }
});
