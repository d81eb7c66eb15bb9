/**
 * A node whose heartbeat stops: two hollow-node processes, one stopped. The node lifecycle
 * controller marks its node Ready=Unknown, taints it unreachable (NoSchedule, NoExecute),
 * evicts its pods with an Event after the eviction timeout, and the RC's replacements are
 * scheduled onto the live nodes; when the node's process comes back the taints go away. Pod GC
 * deletes a pod bound to a node that does not exist.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { eventually } from "./support/wait.ts";

const RC = JSON.stringify({
  apiVersion: "v1",
  kind: "ReplicationController",
  metadata: { name: "lifecycle-web" },
  spec: {
    replicas: 6,
    selector: { app: "lifecycle-web" },
    template: {
      metadata: { labels: { app: "lifecycle-web" } },
      spec: { containers: [{ name: "web", image: "kubeno/busybox" }] },
    },
  },
});

Deno.test("stopping a hollow node's heartbeat gets its pods evicted and rescheduled", async () => {
  const server = await ApiServerProcess.start();
  const id = crypto.randomUUID().slice(0, 6);
  const live = `live-${id}-`;
  const doomed = `doomed-${id}-`;
  const fleet = (name: string, prefix: string, count: number) =>
    server.component(name, [
      "hollow-nodes",
      "--count",
      String(count),
      "--name-prefix",
      prefix,
      "--lease-duration",
      "2",
    ]);
  const children = [
    server.component("controllers", [
      "controllers",
      "--node-monitor-grace-period",
      "3s",
      "--pod-eviction-timeout",
      "2s",
      "--node-monitor-period",
      "250ms",
      "--pod-gc-period",
      "1s",
    ]),
    server.component("scheduler", ["scheduler"]),
    fleet("hollow-live", live, 2),
  ];
  let doomedFleet = fleet("hollow-doomed", doomed, 1);
  const node = `${doomed}0`;
  const placement = async () => {
    const out = await server.kubectl("1.33", [
      "get",
      "pods",
      "-l",
      "app=lifecycle-web",
      "-o",
      'jsonpath={range .items[*]}{.spec.nodeName} {.status.phase} {.metadata.deletionTimestamp}{"\\n"}{end}',
    ]);
    return out.stdout.trim().split("\n").filter((l) => l !== "").map((l) => l.split(" "));
  };
  const nodeState = async () => {
    const out = await server.kubectl("1.33", [
      "get",
      "node",
      node,
      "-o",
      'jsonpath={.status.conditions[?(@.type=="Ready")].status} {range .spec.taints[*]}{.key}:{.effect},{end}',
    ]);
    return out.stdout;
  };
  try {
    // All three nodes Ready first: pods placed before the doomed node is up never move to it.
    await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "nodes",
        "-o",
        'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
      ]);
      const ready = out.stdout.split("\n").filter((s) => s === "True");
      return ready.length === 3 ? true : undefined;
    }, "three Ready nodes");
    const applied = await server.kubectl("1.33", ["apply", "-f", "-"], RC);
    assert.equal(applied.code, 0, applied.stderr);
    await eventually(async () => {
      const rows = await placement();
      return rows.length === 6 && rows.every((r) => r[1] === "Running") &&
          rows.some((r) => r[0] === node)
        ? true
        : undefined;
    }, "6 pods Running, some on the doomed node");

    await stopComponent(doomedFleet);
    const state = await eventually(
      async () => {
        const s = await nodeState();
        return s.startsWith("Unknown ") && s.includes("node.kubernetes.io/unreachable:NoExecute")
          ? s
          : undefined;
      },
      "the stopped node to be NotReady and tainted unreachable",
      30_000,
    );
    assert.match(state, /node\.kubernetes\.io\/unreachable:NoSchedule/);

    await eventually(
      async () => {
        const rows = await placement();
        const serving = rows.filter((r) => r[1] === "Running" && !r[2]);
        return serving.length === 6 && serving.every((r) => r[0]!.startsWith(live))
          ? true
          : undefined;
      },
      "6 Running replacements on the live nodes",
      60_000,
    );
    const events = await server.kubectl("1.33", [
      "get",
      "events",
      "--field-selector",
      "reason=TaintManagerEviction",
      "-o",
      "jsonpath={.items[*].message}",
    ]);
    assert.match(events.stdout, /Marking for deletion Pod default\/lifecycle-web-/);

    // Back again: Ready, and the lifecycle taints are removed.
    doomedFleet = fleet("hollow-doomed", doomed, 1);
    await eventually(
      async () => {
        const s = await nodeState();
        return s.trim() === "True" ? s : undefined;
      },
      "the node Ready again without taints",
      30_000,
    );

    // Pod GC: a pod bound to a node that does not exist is deleted.
    const orphan = await server.kubectl(
      "1.33",
      ["apply", "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "orphan" },
        spec: { nodeName: `ghost-${id}`, containers: [{ name: "c", image: "kubeno/busybox" }] },
      }),
    );
    assert.equal(orphan.code, 0, orphan.stderr);
    await eventually(
      async () => {
        const out = await server.kubectl("1.33", ["get", "pod", "orphan", "--ignore-not-found"]);
        return out.code === 0 && out.stdout.trim() === "" ? true : undefined;
      },
      "the pod of a missing node to be garbage-collected",
      30_000,
    );
    await server.kubectl("1.33", ["delete", "rc", "lifecycle-web"]);
  } finally {
    await stopComponent(doomedFleet);
    for (const child of children) await stopComponent(child);
    await server.stop();
  }
});
