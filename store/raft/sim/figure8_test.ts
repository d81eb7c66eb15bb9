/**
 * The Raft paper's Figure 8, scripted on the simulator (3 members, one entry per MsgApp): a
 * leader that commits an entry of an earlier term by counting its replicas lets a later leader
 * overwrite it. Random search finds this rarely (see README.md); scripted, it is found every
 * time — with the direct leader-commit-rule check turned off, so what catches it is Leader
 * Completeness. The unmutated core goes through the same script safely.
 *
 * 1. Node 1 leads; every log ends at index i−1. Node 1 is cut off and appends X at i alone.
 * 2. Node 3 is elected by node 2 and cut off at once: its first entry Y lands at i, only there.
 * 3. Nodes 1 and 2 reconnect; node 1 is elected (its X beats node 2's log) and sends X to node 2,
 *    one entry per message; node 2's ack of i arrives — the mutant commits X now — and node 1
 *    is cut off before its own-term entry reaches node 2.
 * 4. Nodes 2 and 3 reconnect; node 3 (Y has a later term than X) is elected with node 2's vote
 *    and would overwrite X.
 *
 * @module
 */

import assert from "node:assert/strict";
import { StateType } from "../raft.ts";
import { Cluster } from "./cluster.ts";
import { InvariantViolation } from "./invariants.ts";
import type { MutationName } from "./mutations.ts";
import { type Scenario, scenarioFor } from "./scenarios.ts";
import type { SimNode } from "./sim_node.ts";

function figure8Scenario(mutation: MutationName | undefined): Scenario {
  const base = scenarioFor(1, {
    profile: "calm",
    nodes: 3,
    oneEntryPerMessage: true,
    checkCommitRule: false,
    ...(mutation === undefined ? {} : { mutation }),
  });
  return {
    ...base,
    node: { ...base.node, snapshotEvery: 10_000, heartbeatTick: 2 },
    net: { ...base.net, faults: { loss: 0, duplicate: 0, spike: 0, spikeMs: 0 } },
  };
}

/**
 * Runs events (checking invariants after each: a violation is thrown) until `done()` holds;
 * returns false if it does not within `withinMs`.
 */
async function runUntil(c: Cluster, done: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = c.world.now + withinMs;
  await c.world.settle();
  while (!done()) {
    if (!(await c.world.step(deadline))) return false;
    c.inv.checkAll();
  }
  return true;
}

/** Like {@link runUntil}, but failing the test on timeout. */
async function until(c: Cluster, what: string, done: () => boolean, withinMs = 3000) {
  if (!(await runUntil(c, done, withinMs))) {
    throw new Error(
      `figure 8: timed out waiting: ${what}\n${c.describe()}\n${c.world.lastTrace(60).join("\n")}`,
    );
  }
}

function raftOf(n: SimNode) {
  const v = n.view();
  if (v === undefined) throw new Error(`node ${n.id} is down`);
  return v.raft;
}

function isLeader(n: SimNode, aboveTerm = 0): boolean {
  const r = n.view()?.raft;
  return r !== undefined && r.state === StateType.Leader && r.term > aboveTerm;
}

/** The highest term any member is in. */
function maxTerm(c: Cluster): number {
  return Math.max(...[...c.nodes.values()].map((n) => n.view()?.raft.term ?? 0));
}

/** Makes `n` campaign every 50 ms until it leads a term newer than any so far. */
async function elect(c: Cluster, n: SimNode): Promise<void> {
  const above = maxTerm(c);
  for (let i = 0; i < 40 && !isLeader(n, above); i++) {
    n.campaign();
    await runUntil(c, () => isLeader(n, above), 50);
  }
  assert.ok(isLeader(n, above), `node ${n.id} did not get elected`);
}

/** Replaces the network's partition with `groups`. */
function partition(c: Cluster, groups: number[][]): void {
  c.net.heal();
  c.net.partition(groups);
}

async function runFigure8(mutation: MutationName | undefined): Promise<Cluster> {
  const c = new Cluster(figure8Scenario(mutation));
  const [n1, n2, n3] = [c.nodes.get(1)!, c.nodes.get(2)!, c.nodes.get(3)!];
  for (const n of c.nodes.values()) n.start();
  await until(c, "bootstrap applied", () => [n1, n2, n3].every((n) => (n.applied ?? 0) >= 3));
  await elect(c, n1);
  await until(c, "logs converge", () => {
    const commit = raftOf(n1).raftLog.committed;
    return raftOf(n1).committedEntryInCurrentTerm() &&
      [n1, n2, n3].every((n) => n.applied === commit && raftOf(n).raftLog.lastIndex() === commit);
  });
  const i = raftOf(n1).raftLog.lastIndex() + 1;

  // 1. X at i on node 1 only.
  partition(c, [[1], [2, 3]]);
  n1.clientRequest({ id: 1, input: { op: "put", key: "x", value: "X" }, reply: () => {} });
  await until(c, "X persisted on node 1", () => raftOf(n1).raftLog.storage.lastIndex() === i);
  const termX = raftOf(n1).raftLog.term(i);

  // 2. Node 3 elected by node 2, then cut off before its first entry Y (at i) leaves.
  await elect(c, n3);
  partition(c, [[1], [2], [3]]);
  await until(c, "Y persisted on node 3", () => raftOf(n3).raftLog.storage.lastIndex() === i);
  assert.ok(raftOf(n3).raftLog.term(i) > termX);

  // 3. Node 1 elected with node 2; cut off right after node 2 acknowledged X.
  partition(c, [[1, 2], [3]]);
  await elect(c, n1);
  await until(
    c,
    "node 2 acknowledged X",
    () => isLeader(n1) && (raftOf(n1).trk.progress.get(2)?.match ?? 0) >= i,
  );
  partition(c, [[1], [2], [3]]);
  assert.equal(raftOf(n1).raftLog.term(i), termX);
  // The real rule waits for an entry of node 1's own term; the mutant has committed X.
  assert.equal(raftOf(n1).raftLog.committed >= i, mutation === "commit-by-count");

  // 4. Node 3 elected with node 2's vote: it does not hold X.
  partition(c, [[1], [2, 3]]);
  await elect(c, n3);
  await until(c, "node 3 replicates Y to node 2", () => raftOf(n2).raftLog.term(i) !== termX);
  return c;
}

Deno.test("figure 8: committing a previous-term entry by count is caught", async () => {
  await assert.rejects(
    () => runFigure8("commit-by-count"),
    (e) => {
      assert.ok(e instanceof InvariantViolation, String(e));
      assert.equal(e.invariant, "leader-completeness");
      return true;
    },
  );
});

Deno.test("figure 8: the real commit rule goes through the same script safely", async () => {
  const c = await runFigure8(undefined);
  // X was never committed: node 3's entry replaced it on node 2, and the cluster heals.
  c.net.heal();
  await until(c, "everyone converges", () => c.converged(), 5000);
});
