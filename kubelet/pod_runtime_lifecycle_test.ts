/**
 * PodRuntime on a real Docker engine: restarts with CrashLoopBackOff, phases by restartPolicy,
 * logs, killPod, a runtime restart that finds its pods and keeps their addresses, and a dead
 * sandbox being replaced.
 */
import assert from "node:assert/strict";
import {
  busybox,
  eventually,
  testPod,
  testRuntime,
  withDockerTestEnv,
} from "./docker_test_util.ts";
import type { ContainerStatus } from "./pod_types.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("a crashing container restarts with CrashLoopBackOff back-off and a restartCount", async () => {
  await withDockerTestEnv(async (env) => {
    const runtime = await testRuntime(env, 1, {
      crashLoopBackoff: { initialMs: 400, maxMs: 1600 },
    });
    const pod = testPod("crash", [busybox("crash", ["sh", "-c", "echo crashed; exit 3"])]);
    const seen: { at: number; status: ContainerStatus }[] = [];
    const start = Date.now();
    // Sync like the kubelet's pod worker would, until the third restart.
    while (Date.now() - start < 8000) {
      const { status } = await runtime.syncPod(pod);
      const container = status.containerStatuses[0]!;
      seen.push({ at: Date.now() - start, status: container });
      if (container.restartCount >= 3) break;
      await sleep(100);
    }
    const backoffs = seen
      .map((s) => s.status.state?.waiting)
      .filter((w) => w?.reason === "CrashLoopBackOff")
      .map((w) => w!.message);
    const uid = pod.metadata!.uid;
    const messages = [...new Set(backoffs)];
    assert.deepEqual(messages, [
      `back-off 400ms restarting failed container=crash pod=crash_default(${uid})`,
      `back-off 800ms restarting failed container=crash pod=crash_default(${uid})`,
    ]);
    // The restarts are spaced by the back-off: the 2nd 400 ms after the 1st instance exited,
    // the 3rd 800 ms after the 2nd did (an instance may exit a little before the sync that
    // started it returns, hence the slack).
    const firstAt = (count: number) => seen.find((s) => s.status.restartCount >= count)!.at;
    assert.ok(
      firstAt(2) - firstAt(1) >= 300,
      JSON.stringify(seen.map((s) => [s.at, s.status.restartCount])),
    );
    assert.ok(firstAt(3) - firstAt(2) >= 700);
    const last = seen.find((s) => s.status.state?.waiting?.reason === "CrashLoopBackOff")!.status;
    assert.equal(last.lastState?.terminated?.exitCode, 3);
    assert.equal(last.lastState?.terminated?.reason, "Error");
    assert.equal(last.ready, false);
    const status = await runtime.podStatus(pod);
    assert.equal(status.phase, "Running", "restartPolicy Always keeps a crashing pod Running");
    const previous = await new Response(
      await runtime.containerLogs(pod, "crash", { previous: true }),
    ).text();
    assert.equal(previous, "crashed\n");
    // Only the newest instance and the one before are kept.
    const [listed] = await runtime.listPods();
    assert.ok(listed!.containers.length <= 2, JSON.stringify(listed));
  });
});

Deno.test("phases follow restartPolicy; termination messages; logs follow, tail and timestamps", async () => {
  await withDockerTestEnv(async (env) => {
    const runtime = await testRuntime(env, 1);
    const succeeded = testPod("done", [busybox("main", ["sh", "-c", "echo ok"])], {
      restartPolicy: "OnFailure",
    });
    const failed = testPod("failed", [
      busybox("main", ["sh", "-c", "echo bye > /dev/termination-log; exit 7"]),
      busybox("logs", ["sh", "-c", "echo boom; sleep 0.2; echo oops >&2; exit 1"], {
        terminationMessagePolicy: "FallbackToLogsOnError",
      }),
    ], { restartPolicy: "Never" });
    const ticker = testPod("ticker", [
      busybox("tick", ["sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.3; done; sleep 3600"]),
    ]);
    await Promise.all([
      runtime.syncPod(succeeded),
      runtime.syncPod(failed),
      runtime.syncPod(ticker),
    ]);

    // A follow stream delivers lines as they are printed.
    const follow = await runtime.containerLogs(ticker, "tick", { follow: true });
    const reader = follow.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("line 3")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    await reader.cancel();
    assert.equal(text, "line 1\nline 2\nline 3\n");
    const tail = await new Response(await runtime.containerLogs(ticker, "tick", { tailLines: 1 }))
      .text();
    assert.equal(tail, "line 3\n");
    const stamped = await new Response(
      await runtime.containerLogs(ticker, "tick", { timestamps: true, tailLines: 1 }),
    ).text();
    assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line 3\n$/);

    const done = await eventually("the OnFailure pod to succeed", async () => {
      const status = (await runtime.syncPod(succeeded)).status;
      return status.phase === "Succeeded" ? status : undefined;
    });
    assert.equal(done.containerStatuses[0]!.restartCount, 0);
    assert.equal(done.containerStatuses[0]!.state?.terminated?.reason, "Completed");

    const fail = await eventually("the Never pod to fail", async () => {
      const status = (await runtime.syncPod(failed)).status;
      return status.phase === "Failed" ? status : undefined;
    });
    const [main, logs] = fail.containerStatuses;
    assert.equal(main!.state?.terminated?.exitCode, 7);
    assert.equal(main!.state?.terminated?.message, "bye\n");
    assert.equal(logs!.state?.terminated?.message, "boom\noops\n");
    assert.match(main!.state!.terminated!.containerID!, /^docker:\/\/[0-9a-f]{64}$/);
    assert.match(main!.imageID, /^docker:\/\/sha256:[0-9a-f]{64}$/);
    assert.deepEqual(
      fail.conditions.find((c) => c.type === "Ready"),
      { type: "Ready", status: "False", reason: "PodCompleted" },
    );

    await assert.rejects(
      runtime.containerLogs(ticker, "tick", { previous: true }),
      /previous terminated container "tick" in pod "ticker" not found/,
    );
    await assert.rejects(
      runtime.containerLogs(ticker, "nope"),
      /container nope is not valid for pod ticker/,
    );
  });
});

Deno.test("a restarted runtime finds its pods and keeps their addresses, even without its state file", async () => {
  await withDockerTestEnv(async (env) => {
    const first = await testRuntime(env, 3);
    const a = testPod("a", [busybox("main", ["sleep", "3600"])]);
    const b = testPod("b", [busybox("main", ["sleep", "3600"])]);
    const aIP = (await first.syncPod(a)).status.podIP!;
    const bIP = (await first.syncPod(b)).status.podIP!;
    assert.notEqual(aIP, bIP);

    // A new runtime instance (a kubelet restart) with the state file gone.
    await Deno.remove(`${env.dataDir}/node-3/ipam/${env.networkConfig.name}.json`);
    const second = await testRuntime(env, 3);
    const pods = await second.listPods();
    assert.deepEqual(pods.map((p) => p.name).sort(), ["a", "b"]);
    const found = pods.find((p) => p.name === "a")!;
    assert.equal(found.namespace, "default");
    assert.equal(found.uid, a.metadata!.uid);
    assert.deepEqual(found.sandboxes.map((s) => [s.state, s.ip]), [["running", aIP]]);
    assert.deepEqual(found.containers.map((c) => [c.name, c.state, c.restartCount]), [[
      "main",
      "running",
      0,
    ]]);

    // Syncing a running pod changes nothing; a new pod gets a fresh address.
    const again = await second.syncPod(a);
    assert.equal(again.status.podIP, aIP);
    assert.equal(again.status.containerStatuses[0]!.restartCount, 0);
    const c = testPod("c", [busybox("main", ["sleep", "3600"])]);
    const cIP = (await second.syncPod(c)).status.podIP!;
    assert.ok(![aIP, bIP].includes(cIP), `${cIP} is new`);

    // An orphan (no spec at hand) is killed by uid; its address is freed.
    await second.killPod(b.metadata!.uid!);
    assert.deepEqual((await second.listPods()).map((p) => p.name).sort(), ["a", "c"]);
    const state = JSON.parse(
      await Deno.readTextFile(`${env.dataDir}/node-3/ipam/${env.networkConfig.name}.json`),
    );
    assert.deepEqual(Object.keys(state.allocations).sort(), [aIP, cIP].sort());
  });
});

Deno.test("a dead sandbox is replaced and the containers restart in the new one; kill honours SIGTERM", async () => {
  await withDockerTestEnv(async (env) => {
    const runtime = await testRuntime(env, 4);
    const pod = testPod("phoenix", [
      busybox("main", [
        "sh",
        "-c",
        "trap 'echo got-term; exit 0' TERM; while :; do sleep 0.1; done",
      ]),
    ], { terminationGracePeriodSeconds: 10 });
    const first = await runtime.syncPod(pod);
    const ip = first.status.podIP!;
    const [listed] = await runtime.listPods();
    await env.docker.killContainer(listed!.sandboxes[0]!.id);

    const second = await runtime.syncPod(pod);
    assert.deepEqual(second.errors, []);
    assert.equal(second.status.podIP, ip, "the pod keeps its address");
    assert.equal(second.status.containerStatuses[0]!.restartCount, 1);
    assert.ok(second.status.containerStatuses[0]!.state?.running);
    const [relisted] = await runtime.listPods();
    assert.deepEqual(relisted!.sandboxes.map((s) => [s.attempt, s.state]), [[1, "running"]]);

    // The container exits on SIGTERM well before the grace period ends.
    const started = Date.now();
    const logs = await runtime.containerLogs(pod, "main", { follow: true });
    const text = new Response(logs).text();
    await runtime.killPod(pod);
    assert.ok(Date.now() - started < 5000, "SIGTERM, not the 10 s SIGKILL");
    assert.equal(await text, "got-term\n");
    assert.deepEqual(await runtime.listPods(), []);
  });
});

Deno.test("a hostNetwork pod uses the node's network; a changed spec replaces the container", async () => {
  await withDockerTestEnv(async (env) => {
    const events: string[] = [];
    const runtime = await testRuntime(env, 5, {
      hostIP: "127.0.0.1",
      onEvent: (e) => events.push(`${e.container ?? "-"} ${e.reason}`),
    });
    const pod = testPod("hostnet", [busybox("main", ["sleep", "3600"])], { hostNetwork: true });
    const first = await runtime.syncPod(pod);
    assert.deepEqual(first.errors, []);
    assert.equal(first.status.podIP, "127.0.0.1");
    const seen = await runtime.exec(pod, "main", ["hostname"]);
    assert.equal(seen.stdout.trim(), Deno.hostname());
    const [listed] = await runtime.listPods();
    assert.deepEqual(listed!.sandboxes.map((s) => s.ip), [""]);
    const info = await env.docker.inspectContainer(listed!.containers[0]!.id);
    assert.equal(info?.HostConfig.NetworkMode, "host");
    assert.deepEqual(events, ["main Pulled", "main Created", "main Started"]);

    // A new command: the running container is replaced, its restart count goes up.
    const changed = {
      ...pod,
      spec: { ...pod.spec!, containers: [busybox("main", ["sh", "-c", "echo v2; sleep 3600"])] },
    };
    const second = await runtime.syncPod(changed);
    const status = second.status.containerStatuses[0]!;
    assert.equal(status.restartCount, 1);
    assert.ok(status.state?.running);
    assert.equal(
      await eventually("v2 output", async () => {
        const text = await new Response(await runtime.containerLogs(changed, "main")).text();
        return text === "" ? undefined : text;
      }),
      "v2\n",
    );
    assert.ok(events.includes("main Killing"));
  });
});
