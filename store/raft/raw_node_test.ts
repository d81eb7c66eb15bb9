/**
 * The RawNode / Ready contract.
 */
import assert from "node:assert/strict";
import { ConfChangeType, decodeConfChange } from "./conf_change.ts";
import { ProposalDroppedError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { encodeMessage, MessageType, newMessage } from "./messages.ts";
import { type Config, StateType } from "./raft.ts";
import { RawNode, type Ready } from "./raw_node.ts";
import { MemoryStorage } from "./storage.ts";
import { bytes, Network, str } from "./test_harness.ts";
import { EntryType } from "./types.ts";

function single(extra: Partial<Config> = {}): { node: RawNode; storage: MemoryStorage } {
  const storage = new MemoryStorage({ voters: [1], learners: [] });
  const node = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage, ...extra });
  return { node, storage };
}

function persist(storage: MemoryStorage, rd: Ready): void {
  if (rd.snapshot) storage.applySnapshot(rd.snapshot);
  storage.append(rd.entries);
  if (rd.hardState) storage.setHardState(rd.hardState);
}

Deno.test("RawNode", async (t) => {
  await t.step("a fresh node has nothing to do", () => {
    const { node } = single();
    assert.equal(node.hasReady(), false);
    assert.equal(node.id, 1);
  });

  await t.step("Ready carries changed soft/hard state, entries, committed entries", () => {
    const { node, storage } = single();
    node.campaign();
    assert.equal(node.hasReady(), true);
    const rd = node.ready();
    assert.deepEqual(rd.softState, { lead: 1, raftState: StateType.Leader });
    assert.deepEqual(rd.hardState, { term: 1, vote: 1, commit: 1 });
    assert.deepEqual(rd.entries.map((e) => [e.index, e.term]), [[1, 1]]);
    assert.deepEqual(rd.committedEntries.map((e) => e.index), [1]);
    assert.equal(rd.mustSync, true);
    assert.deepEqual(rd.messages, []);
    persist(storage, rd);
    node.advance(rd);
    assert.equal(node.hasReady(), false);
    assert.equal(node.status().applied, 1);
  });

  await t.step("unchanged state is not repeated; commit-only changes need no sync", () => {
    const { node, storage } = single();
    node.campaign();
    let rd = node.ready();
    persist(storage, rd);
    node.advance(rd);
    node.propose(bytes("x"));
    rd = node.ready();
    assert.equal(rd.softState, undefined);
    assert.deepEqual(rd.hardState, { term: 1, vote: 1, commit: 2 });
    assert.equal(rd.mustSync, true, "new entries");
    persist(storage, rd);
    node.advance(rd);
    for (let i = 0; i < 5; i++) node.tick();
    assert.equal(node.hasReady(), false, "a lone leader's heartbeats go nowhere");
  });

  await t.step("ready() twice before advance hands nothing out twice", () => {
    const { node, storage } = single();
    node.campaign();
    const rd1 = node.ready();
    node.propose(bytes("y"));
    const rd2 = node.ready();
    assert.deepEqual(rd2.entries.map((e) => e.index), [2]);
    assert.deepEqual(rd2.committedEntries.map((e) => e.index), [2]);
    persist(storage, rd1);
    node.advance(rd1);
    persist(storage, rd2);
    node.advance(rd2);
    assert.equal(node.hasReady(), false);
    assert.equal(node.status().applied, 2);
  });

  await t.step("proposals without a leader throw ProposalDroppedError", () => {
    const storage = new MemoryStorage({ voters: [1, 2, 3], learners: [] });
    const node = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage });
    assert.throws(() => node.propose(bytes("x")), ProposalDroppedError);
    const net = new Network([1, 2, 3], { disableProposalForwarding: true });
    net.campaign(1);
    assert.throws(() => net.node(2).propose(bytes("x")), ProposalDroppedError);
  });

  await t.step("step rejects local messages and ignores responses from strangers", () => {
    const { node } = single();
    assert.throws(() => node.step(newMessage({ type: MessageType.Hup })), TypeError);
    assert.throws(() => node.step(newMessage({ type: MessageType.Beat })), TypeError);
    node.campaign();
    node.step(newMessage({ type: MessageType.AppResp, from: 9, to: 1, term: 1, index: 1 }));
    assert.equal(node.raft.state, StateType.Leader);
  });

  await t.step("bootstrap: committed conf-change entries, then a normal start", () => {
    const storage = new MemoryStorage();
    const node = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage });
    node.bootstrap([1, 2, 3]);
    const rd = node.ready();
    assert.deepEqual(rd.hardState, { term: 1, vote: 0, commit: 3 });
    assert.equal(rd.entries.length, 3);
    assert.ok(rd.entries.every((e) => e.type === EntryType.ConfChange));
    assert.equal(rd.committedEntries.length, 3);
    persist(storage, rd);
    let cs;
    for (const e of rd.committedEntries) cs = node.applyConfChange(decodeConfChange(e.data));
    assert.deepEqual(cs, { voters: [1, 2, 3], learners: [] });
    node.advance(rd);
    assert.throws(() => node.bootstrap([1]), TypeError);
    assert.throws(
      () =>
        new RawNode({ id: 2, electionTick: 10, heartbeatTick: 1, storage: new MemoryStorage() })
          .bootstrap([]),
      TypeError,
    );
  });

  await t.step("restart: persisted state is reloaded; `applied` skips re-delivery", () => {
    const { node, storage } = single();
    node.campaign();
    for (const d of ["a", "b"]) node.propose(bytes(d));
    const rd = node.ready();
    persist(storage, rd);
    node.advance(rd);
    const again = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage });
    assert.equal(again.raft.term, 1);
    assert.equal(again.raft.raftLog.committed, 3);
    const rd2 = again.ready();
    assert.deepEqual(rd2.committedEntries.map((e) => str(e.data)), ["", "a", "b"]);
    again.advance(rd2);
    const skip = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, storage, applied: 3 });
    assert.equal(skip.hasReady(), false);
  });

  await t.step("maxCommittedSizePerReady splits application across Readys", () => {
    const { node, storage } = single({ maxCommittedSizePerReady: 1 });
    node.campaign();
    for (const d of ["a", "b", "c"]) node.propose(bytes(d));
    const sizes: number[] = [];
    while (node.hasReady()) {
      const rd = node.ready();
      persist(storage, rd);
      if (rd.committedEntries.length) sizes.push(rd.committedEntries.length);
      node.advance(rd);
    }
    assert.deepEqual(sizes, [1, 1, 1, 1]);
  });

  await t.step("readStates are delivered in a Ready", () => {
    const { node } = single();
    node.campaign();
    node.advance(node.ready());
    node.readIndex(bytes("q"));
    const rd = node.ready();
    assert.equal(rd.readStates.length, 1);
    assert.equal(rd.readStates[0]!.index, 1);
    node.advance(rd);
    assert.equal(node.hasReady(), false);
  });

  await t.step("config is validated", () => {
    const storage = new MemoryStorage();
    const base = { id: 1, electionTick: 10, heartbeatTick: 1, storage };
    assert.throws(() => new RawNode({ ...base, id: 0 }), RangeError);
    assert.throws(() => new RawNode({ ...base, electionTick: 1 }), RangeError);
    assert.throws(() => new RawNode({ ...base, heartbeatTick: 0 }), RangeError);
    assert.throws(() => new RawNode({ ...base, maxInflightMsgs: 0 }), RangeError);
  });

  await t.step("status reports progress on the leader only", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    const st = net.node(1).status();
    assert.equal(st.softState.raftState, StateType.Leader);
    assert.deepEqual([...st.progress.keys()].sort(), [1, 2, 3]);
    assert.equal(net.node(2).status().progress.size, 0);
    assert.deepEqual(st.confState, { voters: [1, 2, 3], learners: [] });
  });

  await t.step("the injected logger receives structured lines", () => {
    const lines: string[] = [];
    const rec = (level: string) => (msg: string) => void lines.push(`${level}:${msg}`);
    const logger: Logger = {
      debug: rec("debug"),
      info: rec("info"),
      warn: rec("warn"),
      error: rec("error"),
    };
    const { node } = single({ logger });
    node.campaign();
    assert.ok(lines.includes("info:raft: became leader"));
  });

  await t.step("runs are deterministic: same seeds, same messages", () => {
    const run = () => {
      const net = new Network([1, 2, 3, 4, 5], { preVote: true, checkQuorum: true });
      for (let i = 0; i < 60; i++) {
        net.tickAll();
        const l = net.leader();
        if (l !== undefined && i % 7 === 0) net.propose(l, `v${i}`);
        if (i === 30 && l !== undefined) net.isolate(l);
      }
      return net.sent.map((m) => Array.from(encodeMessage(m)).join(",")).join(";");
    };
    assert.equal(run(), run());
  });

  await t.step("conf changes proposed through RawNode take effect on apply", () => {
    const net = new Network([1, 2, 3]);
    net.campaign(1);
    net.node(1).proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 3 });
    // Appended but not yet applied: membership unchanged.
    assert.deepEqual(net.node(1).status().confState.voters, [1, 2, 3]);
    net.deliver();
    assert.deepEqual(net.node(1).status().confState.voters, [1, 2]);
  });
});
