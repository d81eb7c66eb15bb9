import assert from "node:assert/strict";
import type { KubeObject } from "../client/mod.ts";
import {
  filterNode,
  type NodeInfo,
  podRequests,
  scoreNode,
  unschedulableMessage,
} from "./plugins.ts";

function node(
  name: string,
  opts: {
    ready?: boolean;
    cpu?: string;
    labels?: Record<string, string>;
    taints?: unknown[];
    unschedulable?: boolean;
  } = {},
): NodeInfo {
  return {
    node: {
      metadata: { name, labels: opts.labels ?? {} },
      spec: { taints: opts.taints ?? [], unschedulable: opts.unschedulable ?? false },
      status: {
        allocatable: { cpu: opts.cpu ?? "2", memory: "4Gi", pods: "110" },
        conditions: [{ type: "Ready", status: opts.ready === false ? "False" : "True" }],
      },
    },
    requested: { milliCpu: 0, memory: 0, pods: 0 },
    usedPorts: new Set(),
    podLabels: [],
  };
}

function pod(spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject {
  return {
    metadata: { name: "p", namespace: "default", labels },
    spec: { containers: [{ name: "c", image: "i" }], ...spec },
  };
}

const why = filterNode;

Deno.test("filters say why a node cannot run a pod, as kube-scheduler does", () => {
  assert.equal(why(pod(), node("a")), undefined);
  assert.equal(why(pod(), node("a", { ready: false })), "node(s) were not ready");
  assert.equal(why(pod(), node("a", { unschedulable: true })), "node(s) were unschedulable");
  assert.equal(
    why(pod({ nodeSelector: { disk: "ssd" } }), node("a")),
    "node(s) didn't match Pod's node affinity/selector",
  );
  assert.equal(
    why(pod({ nodeSelector: { disk: "ssd" } }), node("a", { labels: { disk: "ssd" } })),
    undefined,
  );
  const big = pod({
    containers: [{ name: "c", image: "i", resources: { requests: { cpu: "3" } } }],
  });
  assert.equal(why(big, node("a")), "Insufficient cpu");
  const tainted = node("a", { taints: [{ key: "gpu", value: "yes", effect: "NoSchedule" }] });
  assert.equal(why(pod(), tainted), "node(s) had untolerated taint {gpu: yes}");
  assert.equal(why(pod({ tolerations: [{ key: "gpu", operator: "Exists" }] }), tainted), undefined);
  assert.deepEqual(podRequests(big), { milliCpu: 3000, memory: 0, pods: 1 });
});

Deno.test("the unschedulable message counts reasons", () => {
  assert.equal(
    unschedulableMessage(3, [
      "node(s) were not ready",
      "Insufficient cpu",
      "node(s) were not ready",
    ]),
    "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were not ready.",
  );
});

Deno.test("scores prefer the emptier node and spread pods of one app", () => {
  const score = scoreNode;
  const empty = node("a");
  const busy = {
    ...node("b"),
    requested: { milliCpu: 1500, memory: 0, pods: 3 },
    podLabels: [{ app: "web" }],
  };
  const web = pod({}, { app: "web" });
  assert.ok(score(web, empty) > score(web, busy));
});
