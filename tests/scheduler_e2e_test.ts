/**
 * kubectl run with nobody naming a node: the scheduler binds the pod, the kubelet runs it on
 * Docker. A pod no node can fit stays Pending with kube-scheduler's message and an Event.
 */
import assert from "node:assert/strict";
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
