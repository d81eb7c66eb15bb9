import assert from "node:assert/strict";
import { describe, formatAge, valueOf } from "./describe.ts";

const now = Date.parse("2026-01-01T12:00:00Z");
const created = "2026-01-01T11:00:00Z";

Deno.test("formatAge uses kubectl's largest unit", () => {
  assert.equal(formatAge("2026-01-01T11:59:30Z", now), "30s");
  assert.equal(formatAge("2026-01-01T11:50:00Z", now), "10m");
  assert.equal(formatAge("2026-01-01T07:00:00Z", now), "5h");
  assert.equal(formatAge("2025-12-20T12:00:00Z", now), "12d");
  assert.equal(formatAge(undefined, now), "");
});

Deno.test("a pod's card: phase colour, readiness, restarts, node, IP, age", () => {
  const pod = {
    metadata: {
      name: "web-1",
      namespace: "default",
      creationTimestamp: created,
      labels: { a: "b" },
    },
    spec: { nodeName: "n1", containers: [{ name: "x" }, { name: "y" }] },
    status: {
      phase: "Running",
      podIP: "10.244.0.5",
      containerStatuses: [{ ready: true, restartCount: 2 }, { ready: false, restartCount: 1 }],
    },
  };
  const card = describe("pods", pod, now);
  assert.equal(card.id, "default/web-1");
  assert.equal(card.health, "progress"); // running, but one container is not ready
  assert.equal(card.state, "Running");
  assert.deepEqual(card.facts, [
    ["ready", "1/2"],
    ["restarts", "3"],
    ["node", "n1"],
    ["IP", "10.244.0.5"],
    ["age", "60m"],
  ]);
  assert.equal(card.labels, "a=b");
  assert.equal(describe("pods", { ...pod, status: { phase: "Failed" } }, now).health, "bad");
  assert.equal(describe("pods", { ...pod, status: { phase: "Succeeded" } }, now).health, "done");
  assert.equal(
    describe("pods", { ...pod, metadata: { ...pod.metadata, deletionTimestamp: created } }, now)
      .state,
    "Terminating",
  );
});

Deno.test("node, service and controller cards", () => {
  const node = {
    metadata: { name: "n1" },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: "Ready", status: "False" }],
      addresses: [{ type: "InternalIP", address: "10.0.0.1" }],
    },
  };
  const nodeCard = describe("nodes", node, now);
  assert.equal(nodeCard.health, "bad");
  assert.equal(nodeCard.state, "NotReady,SchedulingDisabled");
  assert.deepEqual(nodeCard.facts, [["IP", "10.0.0.1"]]);
  const service = describe("services", {
    metadata: { name: "s", namespace: "default" },
    spec: {
      type: "NodePort",
      clusterIP: "10.96.0.9",
      ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }],
      selector: { app: "web" },
    },
  }, now);
  assert.deepEqual(service.facts, [
    ["cluster IP", "10.96.0.9"],
    ["ports", "80:30080/TCP"],
    ["selector", "app=web"],
  ]);
  const deployment = describe("deployments", {
    metadata: { name: "d", namespace: "default" },
    spec: {
      replicas: 3,
      selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] },
    },
    status: { replicas: 3, readyReplicas: 2 },
  }, now);
  assert.equal(deployment.health, "progress");
  assert.equal(deployment.state, "2/3 ready");
  assert.deepEqual(deployment.facts, [["replicas", "3"], ["selector", "app in (web)"]]);
  const rc = describe("replicationcontrollers", {
    metadata: { name: "r", namespace: "default" },
    spec: { replicas: 1, selector: { app: "web" } },
    status: { replicas: 1, readyReplicas: 1 },
  }, now);
  assert.equal(rc.health, "ok");
  assert.deepEqual(rc.facts, [["replicas", "1"], ["selector", "app=web"]]);
});

Deno.test("valueOf reads labels and the field keys", () => {
  const pod = {
    metadata: { name: "p", namespace: "ns", labels: { app: "web" } },
    spec: { nodeName: "n1" },
    status: { phase: "Pending" },
  };
  assert.equal(valueOf("pods", pod, "app"), "web");
  assert.equal(valueOf("pods", pod, "tier"), undefined);
  assert.equal(valueOf("pods", pod, ".node"), "n1");
  assert.equal(valueOf("pods", pod, ".namespace"), "ns");
  assert.equal(valueOf("pods", pod, ".phase"), "Pending");
  assert.equal(valueOf("nodes", { metadata: { name: "n2" } }, ".node"), "n2");
  assert.equal(valueOf("pods", { metadata: { name: "q" } }, ".node"), undefined);
});
