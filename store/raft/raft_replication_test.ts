/**
 * Paper §5.3 (log replication).
 */
import assert from "node:assert/strict";
import { type Message, MessageType, newMessage } from "./messages.ts";
import { StateType } from "./raft.ts";
import { RawNode } from "./raw_node.ts";
import { MemoryStorage } from "./storage.ts";
import { bytes, Network, readMessages, storageWithLog } from "./test_harness.ts";
import { type Entry, EntryType } from "./types.ts";

const terms = (es: readonly Entry[]) => es.map((e) => e.term);

function follower(terms: number[], commit = 0): RawNode {
  const storage = storageWithLog([1, 2, 3], terms);
  storage.setHardState({ term: Math.max(0, ...terms), vote: 0, commit });
  return new RawNode({ id: 2, electionTick: 10, heartbeatTick: 1, storage });
}

function app(init: Partial<Message>): Message {
  return newMessage({ type: MessageType.App, from: 1, to: 2, ...init });
}

function ent(index: number, term: number): Entry {
  return { index, term, type: EntryType.Normal, data: bytes(`t${term}i${index}`) };
}

Deno.test("§5.3 log replication", async (t) => {
  await t.step("proposals are replicated, committed by a majority and applied everywhere", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.propose(1, "a");
    net.propose(1, "b");
    for (const id of [1, 2, 3]) {
      assert.deepEqual(net.get(id).state, ["a", "b"], `node ${id}`);
      assert.equal(net.node(id).raft.raftLog.committed, 3);
    }
  });

  await t.step("followers forward proposals to the leader", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.propose(3, "via-3");
    assert.deepEqual(net.get(1).state, ["via-3"]);
    assert.ok(net.sent.some((m) => m.type === MessageType.Prop && m.from === 3 && m.to === 1));
  });

  await t.step("an entry is committed only once a majority stores it", () => {
    const net = new Network([1, 2, 3, 4, 5]);
    net.campaign(1);
    net.isolate(3);
    net.isolate(4);
    net.isolate(5);
    net.propose(1, "x");
    assert.equal(net.node(1).raft.raftLog.committed, 1, "stored on 2 of 5 only");
    assert.deepEqual(net.get(1).state, []);
    net.heal();
    net.tickAll(); // heartbeat: the lagging followers catch up
    assert.equal(net.node(1).raft.raftLog.committed, 2);
    for (const id of [1, 2, 3, 4, 5]) assert.deepEqual(net.get(id).state, ["x"]);
  });

  await t.step("followers learn the commit index from appends and heartbeats", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.drop((m) => m.type === MessageType.App && m.from === 1 && m.entries.length === 0);
    net.propose(1, "y");
    // The leader committed; the followers only learn it with the next message.
    assert.equal(net.node(1).raft.raftLog.committed, 2);
    assert.equal(net.node(2).raft.raftLog.committed, 1);
    net.tickAll(); // heartbeat carries commit = min(match, committed)
    assert.equal(net.node(2).raft.raftLog.committed, 2);
    assert.deepEqual(net.get(2).state, ["y"]);
  });

  await t.step("AppendEntries consistency check: reject unless (index, logTerm) matches", () => {
    const cases: { prev: [number, number]; reject: boolean }[] = [
      { prev: [0, 0], reject: false },
      { prev: [2, 2], reject: false },
      { prev: [3, 3], reject: false },
      { prev: [3, 2], reject: true }, // term mismatch
      { prev: [4, 3], reject: true }, // missing entry
    ];
    for (const c of cases) {
      const f = follower([1, 2, 3]);
      f.step(app({ term: 3, index: c.prev[0], logTerm: c.prev[1], entries: [] }));
      const resp = readMessages(f).find((m) => m.type === MessageType.AppResp)!;
      assert.equal(resp.reject, c.reject, JSON.stringify(c));
    }
  });

  await t.step("a rejection hints the follower's last entry with term ≤ logTerm", () => {
    // Follower log terms: 1 1 2 2 2 (indexes 1..5); leader probes at (7, 3).
    const f = follower([1, 1, 2, 2, 2]);
    f.step(app({ term: 3, index: 7, logTerm: 3 }));
    let resp = readMessages(f).find((m) => m.type === MessageType.AppResp)!;
    assert.deepEqual([resp.reject, resp.rejectHint, resp.logTerm], [true, 5, 2]);
    // Probe at (5, 3): entry 5 has term 2 -> hint 5, term 2.
    f.step(app({ term: 3, index: 5, logTerm: 3 }));
    resp = readMessages(f).find((m) => m.type === MessageType.AppResp)!;
    assert.deepEqual([resp.rejectHint, resp.logTerm], [5, 2]);
    // Probe at (5, 1): skip the whole term-2 run -> hint 2, term 1.
    f.step(app({ term: 3, index: 5, logTerm: 1 }));
    resp = readMessages(f).find((m) => m.type === MessageType.AppResp)!;
    assert.deepEqual([resp.rejectHint, resp.logTerm], [2, 1]);
  });

  await t.step("conflicting entries are deleted and replaced; matching ones kept", () => {
    const f = follower([1, 1, 2, 2]);
    f.step(app({ term: 3, index: 2, logTerm: 1, entries: [ent(3, 3)], commit: 0 }));
    assert.deepEqual(terms(f.raft.raftLog.allEntries()), [1, 1, 3]);
    // An append that matches what is stored is a no-op (no truncation of later entries).
    f.step(app({ term: 3, index: 1, logTerm: 1, entries: [ent(2, 1)], commit: 0 }));
    assert.deepEqual(terms(f.raft.raftLog.allEntries()), [1, 1, 3]);
  });

  await t.step("the follower commits min(leaderCommit, last new entry)", () => {
    const f = follower([1, 1, 1, 1]);
    f.step(app({ term: 2, index: 1, logTerm: 1, entries: [ent(2, 1)], commit: 4 }));
    assert.equal(f.raft.raftLog.committed, 2, "entries 3..4 are not known to match the leader");
  });

  await t.step("a stale append below the commit index is answered with the commit index", () => {
    const f = follower([1, 1, 1], 3);
    f.step(app({ term: 1, index: 1, logTerm: 1, entries: [ent(2, 1)] }));
    const resp = readMessages(f).find((m) => m.type === MessageType.AppResp)!;
    assert.deepEqual([resp.reject, resp.index], [false, 3]);
  });

  await t.step("Figure 7: the leader brings every follower's log in line with its own", () => {
    const leaderLog = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
    const followers = {
      a: [1, 1, 1, 4, 4, 5, 5, 6, 6],
      b: [1, 1, 1, 4],
      c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
      d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
      e: [1, 1, 1, 4, 4, 4, 4],
      f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
    };
    for (const [name, flog] of Object.entries(followers)) {
      const net = new Network([]);
      net.add(1, storageWithLog([1, 2, 3], leaderLog, 8));
      net.add(2, storageWithLog([1, 2, 3], flog, 7));
      net.add(3, storageWithLog([1, 2, 3], [], 7)); // votes for 1
      net.campaign(1);
      assert.equal(net.state(1), StateType.Leader, name);
      net.propose(1, "new");
      const want = terms(net.node(1).raft.raftLog.allEntries());
      assert.deepEqual(want.slice(0, 10), leaderLog, `${name}: leader never overwrites its log`);
      assert.deepEqual(terms(net.node(2).raft.raftLog.allEntries()), want, name);
      assert.equal(net.node(2).raft.raftLog.committed, want.length, name);
      net.checkLogMatchingFull();
    }
  });

  await t.step("fast back-off needs about one round trip per divergent term", () => {
    // Follower f of Figure 7 diverges for 8 entries over two terms.
    const net = new Network([]);
    net.add(1, storageWithLog([1, 2, 3], [1, 1, 1, 4, 4, 5, 5, 6, 6, 6], 8));
    net.add(2, storageWithLog([1, 2, 3], [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3], 7));
    net.add(3, storageWithLog([1, 2, 3], [], 7));
    net.campaign(1);
    const rejects = net.sent.filter((m) =>
      m.type === MessageType.AppResp && m.from === 2 && m.reject
    );
    assert.ok(rejects.length <= 2, `took ${rejects.length} rejections`);
  });

  await t.step("the leader only appends to its log (Leader Append-Only)", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.propose(1, "a");
    const before = net.node(1).raft.raftLog.allEntries();
    // A follower's rejection or a conflicting append never rewrites the leader's log.
    net.node(1).step(newMessage({
      type: MessageType.AppResp,
      from: 2,
      to: 1,
      term: 1,
      index: 2,
      reject: true,
      rejectHint: 0,
    }));
    net.deliver();
    assert.deepEqual(net.node(1).raft.raftLog.allEntries().slice(0, before.length), before);
  });

  await t.step("the first Ready of a leader persists the no-op before sending appends", () => {
    const storage = new MemoryStorage({ voters: [1, 2], learners: [] });
    const node = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage });
    node.campaign();
    readMessages(node, storage);
    node.step(newMessage({ type: MessageType.VoteResp, from: 2, to: 1, term: 1 }));
    const rd = node.ready();
    assert.deepEqual(rd.entries.map((e) => [e.index, e.term, e.data.byteLength]), [[1, 1, 0]]);
    assert.ok(rd.messages.some((m) => m.type === MessageType.App));
    node.advance(rd);
  });
});
