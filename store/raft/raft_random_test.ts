/**
 * Randomized fault injection: seeded runs with message loss, duplication and reordering,
 * partitions, crash/restart and log compaction. The harness checks Election Safety, Log
 * Matching on committed prefixes, State Machine Safety and commit monotonicity at every round;
 * after healing, the cluster must converge (liveness). A failing seed reproduces exactly.
 */
import assert from "node:assert/strict";
import { ProposalDroppedError } from "./errors.ts";
import { newRand } from "./rand.ts";
import { ConfChangeType } from "./conf_change.ts";
import { MemoryStorage } from "./storage.ts";
import { Network } from "./test_harness.ts";

function runSeed(seed: number): void {
  const rand = newRand(seed);
  const ids = [1, 2, 3, 4, 5];
  const preVote = rand.intn(2) === 0;
  const net = new Network(ids, { preVote, checkQuorum: preVote && rand.intn(2) === 0, seed });
  net.chaos = { rand, dropPct: 10, dupPct: 5 };
  let proposals = 0;
  for (let step = 0; step < 250; step++) {
    const r = rand.intn(100);
    const id = ids[rand.intn(ids.length)]!;
    if (r < 55) {
      net.tickAll();
    } else if (r < 80) {
      try {
        net.node(id).propose(new TextEncoder().encode(`s${seed}-p${proposals++}`));
      } catch (err) {
        if (!(err instanceof ProposalDroppedError)) throw err;
      }
      net.deliver();
    } else if (r < 86) {
      net.isolate(id);
    } else if (r < 92) {
      net.heal();
    } else if (r < 96) {
      net.restart(id);
    } else {
      const applied = net.node(id).raft.raftLog.applied;
      if (applied > net.get(id).storage.snapshot().metadata.index) net.snapshotAndCompact(id);
    }
    net.checkLogMatchingFull();
  }
  // Heal everything; the cluster must elect a leader and converge.
  net.heal();
  net.chaos = undefined;
  let done = false;
  for (let i = 0; i < 300 && !done; i++) {
    net.tickAll();
    const l = net.leader();
    if (l === undefined) continue;
    const { term, raftLog } = net.node(l).raft;
    done = ids.every((id) => {
      const r = net.node(id).raft;
      return r.lead === l && r.term === term && r.raftLog.applied === raftLog.committed;
    });
  }
  assert.ok(done, `seed ${seed}: cluster did not converge`);
  const l = net.leader()!;
  net.propose(l, "final");
  net.tickAll();
  const want = net.get(l).state;
  assert.equal(want.at(-1), "final");
  for (const id of ids) assert.deepEqual(net.get(id).state, want, `seed ${seed}: node ${id}`);
}

Deno.test("randomized faults keep Raft safe and live", async (t) => {
  for (let seed = 1; seed <= 40; seed++) {
    await t.step(`seed ${seed}`, () => runSeed(seed));
  }
});

/** Like {@link runSeed}, with membership changes: nodes 4..6 join, learners get promoted, members are removed. */
function runMembershipSeed(seed: number): void {
  const rand = newRand(seed);
  const ids = [1, 2, 3, 4, 5, 6];
  const preVote = rand.intn(2) === 0;
  const opts = { preVote, checkQuorum: preVote && rand.intn(2) === 0, seed };
  const net = new Network([1, 2, 3], opts);
  for (const id of [4, 5, 6]) {
    net.add(id, new MemoryStorage({ voters: [1, 2, 3], learners: [] }), opts);
  }
  net.chaos = { rand, dropPct: 10, dupPct: 5 };
  const removed = new Set<number>(); // never re-add a removed id
  const types = [ConfChangeType.AddNode, ConfChangeType.AddLearner, ConfChangeType.RemoveNode];
  let proposals = 0;
  for (let step = 0; step < 250; step++) {
    const r = rand.intn(100);
    const id = ids[rand.intn(ids.length)]!;
    const attempt = (f: () => void) => {
      try {
        f();
      } catch (err) {
        if (!(err instanceof ProposalDroppedError)) throw err;
      }
      net.deliver();
    };
    if (r < 50) {
      net.tickAll();
    } else if (r < 70) {
      attempt(() => net.node(id).propose(new TextEncoder().encode(`m${seed}-p${proposals++}`)));
    } else if (r < 78) {
      const l = net.leader();
      const type = types[rand.intn(types.length)]!;
      if (l === undefined || (type !== ConfChangeType.RemoveNode && removed.has(id))) continue;
      if (type === ConfChangeType.RemoveNode) removed.add(id);
      attempt(() => net.node(l).proposeConfChange({ type, nodeId: id }));
    } else if (r < 84) {
      net.isolate(id);
    } else if (r < 92) {
      net.heal();
    } else if (r < 96) {
      net.restart(id);
    } else {
      const applied = net.node(id).raft.raftLog.applied;
      if (applied > net.get(id).storage.snapshot().metadata.index) net.snapshotAndCompact(id);
    }
    net.checkLogMatchingFull();
  }
  net.heal();
  net.chaos = undefined;
  let done = false;
  for (let i = 0; i < 300 && !done; i++) {
    net.tickAll();
    const l = net.leader();
    if (l === undefined) continue;
    const { term, raftLog } = net.node(l).raft;
    const cs = net.node(l).status().confState;
    done = [...cs.voters, ...cs.learners].every((id) => {
      const r = net.node(id).raft;
      return r.lead === l && r.term === term && r.raftLog.applied === raftLog.committed;
    });
  }
  assert.ok(done, `seed ${seed}: cluster did not converge`);
}

Deno.test("randomized faults with membership changes", async (t) => {
  for (let seed = 1; seed <= 25; seed++) {
    await t.step(`seed ${seed}`, () => runMembershipSeed(seed));
  }
});
