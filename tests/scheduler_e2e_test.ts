/**
 * kubectl run with nobody naming a node: the scheduler binds the pod, the kubelet runs it on
 * Docker. A pod no node can fit stays Pending with kube-scheduler's message and an Event.
 */
import assert from "node:assert/strict";
import { Quantity } from "../api/quantity.ts";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

Deno.test("the scheduler binds pods to a Ready node; an unfittable pod is reported", async () => {
  const server = await ApiServerProcess.start();
  const node = `sched-${crypto.randomUUID().slice(0, 6)}`;
  const kubelet = server.kubelet(node, "10.244.205.0/24");
  const scheduler = server.component("scheduler", ["scheduler"]);
  try {
    const run = await server.kubectl("1.33", [
      "run",
      "sleeper",
      "--image=kubeno/busybox",
      "--image-pull-policy=IfNotPresent",
      "--overrides",
      '{"spec":{"terminationGracePeriodSeconds":1}}',
      "--",
      "sleep",
      "3600",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const placed = await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "pod",
        "sleeper",
        "-o",
        "jsonpath={.status.phase} {.spec.nodeName}",
      ]);
      return out.stdout.startsWith("Running ") ? out.stdout : undefined;
    }, "the pod to be scheduled and run");
    assert.equal(placed, `Running ${node}`);

    const huge = await server.kubectl("1.33", [
      "run",
      "huge",
      "--image=kubeno/busybox",
      "--image-pull-policy=IfNotPresent",
      "--overrides",
      '{"spec":{"containers":[{"name":"huge","image":"kubeno/busybox","imagePullPolicy":"IfNotPresent","args":["sleep","1"],"resources":{"requests":{"cpu":"5000"}}}]}}',
    ]);
    assert.equal(huge.code, 0, huge.stderr);
    const message = await eventually(
      async () => {
        const out = await server.kubectl("1.33", [
          "get",
          "pod",
          "huge",
          "-o",
          'jsonpath={.status.conditions[?(@.type=="PodScheduled")].message}',
        ]);
        return out.stdout === "" ? undefined : out.stdout;
      },
      "the unschedulable condition",
      20_000,
    );
    assert.equal(message, "0/1 nodes are available: 1 Insufficient cpu.");
    // Events are written in the background: look until they are there.
    const eventOf = (pod: string, reason: string) =>
      eventually(async () => {
        const out = await server.kubectl("1.33", [
          "get",
          "events",
          "--field-selector",
          `involvedObject.name=${pod},reason=${reason}`,
          "-o",
          "jsonpath={.items[*].message}",
        ]);
        return out.stdout === "" ? undefined : out.stdout;
      }, `the ${reason} event of ${pod}`);
    // One event per scheduling attempt, and attempts wait for the cluster to change: the
    // scheduler's own status write must not retrigger it (it once looped, an event each time).
    const failures = (await eventOf("huge", "FailedScheduling")).split(/(?<=\.) (?=0\/)/);
    assert.ok(failures.every((m) => m === message), failures.join("\n"));
    assert.ok(failures.length <= 2, `${failures.length} FailedScheduling events`);
    assert.equal(
      await eventOf("sleeper", "Scheduled"),
      `Successfully assigned default/sleeper to ${node}`,
    );

    await server.kubectl("1.33", ["delete", "pod", "sleeper", "huge"]);
  } finally {
    await stopComponent(scheduler);
    await stopComponent(kubelet);
    await removeNodeContainers(node);
    await server.stop();
  }
});

Deno.test("a pod waiting for room is scheduled once a pod on the node finishes", async () => {
  const server = await ApiServerProcess.start();
  const node = `sched-${crypto.randomUUID().slice(0, 6)}`;
  const kubelet = server.kubelet(node, "10.244.205.0/24");
  const scheduler = server.component("scheduler", ["scheduler"]);
  // Each pod asks for 60% of the node's CPU: the second fits only after the first is done.
  const allocatable = await eventually(async () => {
    const out = await server.kubectl("1.33", [
      "get",
      "node",
      node,
      "-o",
      "jsonpath={.status.allocatable.cpu}",
    ]);
    return out.code === 0 && out.stdout !== "" ? out.stdout : undefined;
  }, "the node registered");
  const request = `${Math.floor(Number(Quantity.parse(allocatable).milliValue()) * 0.6)}m`;
  const pod = (name: string, seconds: number) =>
    JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name },
      spec: {
        restartPolicy: "Never",
        terminationGracePeriodSeconds: 1,
        containers: [{
          name: "c",
          image: "kubeno/busybox",
          imagePullPolicy: "IfNotPresent",
          args: ["sleep", String(seconds)],
          resources: { requests: { cpu: request } },
        }],
      },
    });
  const field = (name: string, path: string) =>
    server.kubectl("1.33", ["get", "pod", name, "-o", `jsonpath=${path}`]).then((o) => o.stdout);
  try {
    await server.kubectlOk(["create", "-f", "-"], pod("first", 3));
    await eventually(
      async () => (await field("first", "{.spec.nodeName}")) === node || undefined,
      "the first pod bound",
    );
    await server.kubectlOk(["create", "-f", "-"], pod("second", 1));
    const waiting = await eventually(async () => {
      const message = await field(
        "second",
        '{.status.conditions[?(@.type=="PodScheduled")].message}',
      );
      return message === "" ? undefined : message;
    }, "the second pod reported unschedulable");
    assert.equal(waiting, "0/1 nodes are available: 1 Insufficient cpu.");
    // Nothing about the node changes when the first pod ends: its finishing alone frees room.
    const placed = await eventually(
      async () => (await field("second", "{.spec.nodeName}")) || undefined,
      "the second pod scheduled after the first finished",
      60_000,
    );
    assert.equal(placed, node);
    assert.equal(await field("first", "{.status.phase}"), "Succeeded");
    await server.kubectl("1.33", ["delete", "pod", "first", "second", "--wait=false"]);
  } finally {
    await stopComponent(scheduler);
    await stopComponent(kubelet);
    await removeNodeContainers(node);
    await server.stop();
  }
});
