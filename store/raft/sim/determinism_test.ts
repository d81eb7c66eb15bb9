import assert from "node:assert/strict";
import { Cluster } from "./cluster.ts";
import { runScenario } from "./runner.ts";
import { scenarioFor } from "./scenarios.ts";

Deno.test("raft sim: a seed reproduces exactly", async () => {
  for (const seed of [3, 11, 25]) {
    const a = await runScenario(scenarioFor(seed));
    const b = await runScenario(scenarioFor(seed));
    assert.deepEqual(a, b);
  }
});

Deno.test("raft sim: scenarios derive from the seed alone", () => {
  assert.deepEqual(scenarioFor(12345), scenarioFor(12345));
  assert.notDeepEqual(scenarioFor(1), scenarioFor(2));
  const c = new Cluster(scenarioFor(1));
  assert.equal(c.nodes.size, scenarioFor(1).nodes);
});
