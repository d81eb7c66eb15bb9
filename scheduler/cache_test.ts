import assert from "node:assert/strict";
import type { KubeObject } from "../client/mod.ts";
import { feasibleNodesToFind, SchedulerCache } from "./cache.ts";

const node = (name: string): KubeObject => ({
  metadata: { name },
  status: { allocatable: { cpu: "4", memory: "16Gi", pods: "110" } },
});

const pod = (name: string, nodeName?: string, hostPort?: number): KubeObject => ({
  metadata: { name, namespace: "default", labels: { app: name } },
  spec: {
    ...(nodeName ? { nodeName } : {}),
    containers: [{
      name: "c",
      resources: { requests: { cpu: "500m", memory: "1Gi" } },
      ...(hostPort ? { ports: [{ containerPort: 80, hostPort }] } : {}),
    }],
  },
});

function info(cache: SchedulerCache, name: string) {
  return cache.nodes().find((n) => n.node.metadata.name === name)!;
}

Deno.test("placements follow pod events; assumptions count until the bind is seen", () => {
  const cache = new SchedulerCache();
  cache.setPod("default/early", pod("early", "n1")); // seen before its node
  cache.setNode(node("n1"));
  cache.setNode(node("n2"));
  assert.deepEqual(info(cache, "n1").requested, { milliCpu: 500, memory: 2 ** 30, pods: 1 });

  cache.assume("default/a", pod("a", undefined, 8080), "n2");
  assert.equal(cache.isAssumed("default/a"), true);
  assert.deepEqual([...info(cache, "n2").usedPorts], ["TCP/8080"]);
  cache.setPod("default/a", pod("a")); // an update before the bind lands keeps the assumption
  assert.equal(info(cache, "n2").requested.pods, 1);
  cache.setPod("default/a", pod("a", "n2", 8080)); // the bind is seen
  assert.equal(cache.isAssumed("default/a"), false);
  assert.equal(info(cache, "n2").requested.pods, 1);

  cache.assume("default/b", pod("b"), "n2");
  cache.forget("default/b"); // bind failed
  assert.equal(info(cache, "n2").requested.pods, 1);

  cache.removePod("default/a");
  assert.deepEqual(info(cache, "n2").requested, { milliCpu: 0, memory: 0, pods: 0 });
  assert.equal(info(cache, "n2").usedPorts.size, 0);
  assert.equal(info(cache, "n2").podLabels.length, 0);

  const done = { ...pod("early", "n1"), status: { phase: "Succeeded" } };
  cache.setPod("default/early", done);
  assert.equal(info(cache, "n1").requested.pods, 0, "terminated pods free their room");
  cache.removeNode("n1");
  assert.deepEqual(cache.nodes().map((n) => n.node.metadata.name), ["n2"]);
});

Deno.test("the feasible sample shrinks in percentage as the cluster grows", () => {
  assert.equal(feasibleNodesToFind(50), 50);
  assert.equal(feasibleNodesToFind(1000), 420); // 42%
  assert.equal(feasibleNodesToFind(5000), 500); // 10%
  assert.equal(feasibleNodesToFind(10_000), 500); // 5%
  assert.equal(feasibleNodesToFind(150), 100); // never fewer than 100
});
