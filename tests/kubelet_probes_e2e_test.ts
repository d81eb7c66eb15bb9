/**
 * Probes and init containers end to end: `kubeno apiserver` and `kubeno kubelet` processes, the
 * real kubectl and the real Docker engine. One node runs pods that exercise a failing liveness
 * exec probe (restarts, events), a readiness httpGet probe on a named port flipped by a file the
 * test controls, a startup probe that holds the liveness probe back, tcpSocket probes, init
 * containers that run in order and hand files to the app through an emptyDir, and failing init
 * containers (Init:Error / Init:CrashLoopBackOff, and Failed under restartPolicy Never); then a
 * restarted kubelet adopts the initialized pod without running its init containers again.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { freePort } from "./support/store_cluster.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

interface ContainerStatusJson {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  containerID?: string;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: unknown;
    terminated?: { exitCode: number; reason?: string };
  };
  lastState?: { terminated?: { exitCode: number; reason?: string } };
}

interface PodJson {
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatusJson[];
    initContainerStatuses?: ContainerStatusJson[];
  };
}

function condition(pod: PodJson, type: string): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === type)?.status;
}

function container(pod: PodJson, name: string): ContainerStatusJson | undefined {
  return pod.status?.containerStatuses?.find((c) => c.name === name);
}

Deno.test("probes restart, gate and mark containers ready; init containers run in order", async (t) => {
  const server = await ApiServerProcess.start();
  const node = `probes-${crypto.randomUUID().slice(0, 6)}`;
  const www = await Deno.makeTempDir({ prefix: "kubeno-probes-www-" });
  await Deno.chmod(www, 0o755);
  const subnet = 100 + Math.floor(Math.random() * 90);
  const kubeletArgs = [
    "kubelet",
    "--node-name",
    node,
    "--listen",
    `127.0.0.1:${freePort()}`,
    "--data-dir",
    `${server.root}/kubelet`,
    "--pod-cidr",
    `10.244.${subnet}.0/24`,
  ];
  let kubelet = server.component("kubelet", kubeletArgs);
  const kubectl = (args: string[], stdin?: string) => server.kubectlOk(args, stdin);
  const pod = async (name: string): Promise<PodJson> =>
    JSON.parse(await kubectl(["get", "pod", name, "-o", "json"]));
  const podUntil = (name: string, what: string, check: (p: PodJson) => boolean, ms = 60_000) =>
    eventually(
      async () => {
        const p = await pod(name);
        return check(p) ? p : undefined;
      },
      `${name}: ${what}`,
      ms,
    );
  const eventMessages = async (name: string): Promise<string[]> => {
    const list = JSON.parse(await kubectl(["get", "events", "-o", "json"])) as {
      items: { involvedObject?: { name?: string }; message?: string; reason?: string }[];
    };
    return list.items.filter((e) => e.involvedObject?.name === name).map((e) =>
      `${e.reason}: ${e.message}`
    );
  };
  try {
    await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "node",
        node,
        "-o",
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      ]);
      return out.stdout === "True" ? true : undefined;
    }, "the node to be Ready");

    const common = `  nodeName: ${node}
  terminationGracePeriodSeconds: 1`;
    const busybox = `image: kubeno/busybox
    imagePullPolicy: IfNotPresent`;
    await kubectl(
      ["apply", "-f", "-"],
      `apiVersion: v1
kind: Pod
metadata: {name: liveness}
spec:
${common}
  containers:
  - name: app
    ${busybox}
    command: ["sleep", "3600"]
    livenessProbe:
      exec: {command: ["cat", "/tmp/healthy"]}
      periodSeconds: 1
      failureThreshold: 2
      terminationGracePeriodSeconds: 1
---
apiVersion: v1
kind: Pod
metadata: {name: readiness}
spec:
${common}
  volumes:
  - name: www
    hostPath: {path: ${www}}
  containers:
  - name: web
    ${busybox}
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    ports: [{name: http, containerPort: 8080}]
    volumeMounts: [{name: www, mountPath: /www}]
    readinessProbe:
      httpGet: {path: /ready, port: http}
      periodSeconds: 1
---
apiVersion: v1
kind: Pod
metadata: {name: startup}
spec:
${common}
  containers:
  - name: slow
    ${busybox}
    command: ["sh", "-c", "sleep 6; touch /tmp/started; sleep 3600"]
    startupProbe:
      exec: {command: ["cat", "/tmp/started"]}
      periodSeconds: 1
      failureThreshold: 30
    livenessProbe:
      exec: {command: ["cat", "/tmp/started"]}
      periodSeconds: 1
      failureThreshold: 1
---
apiVersion: v1
kind: Pod
metadata: {name: tcp}
spec:
${common}
  containers:
  - name: open
    ${busybox}
    command: ["httpd", "-f", "-p", "8080"]
    ports: [{name: web, containerPort: 8080}]
    readinessProbe:
      tcpSocket: {port: web}
      periodSeconds: 1
  - name: closed
    ${busybox}
    command: ["sleep", "3600"]
    readinessProbe:
      tcpSocket: {port: 9090}
      periodSeconds: 1
---
apiVersion: v1
kind: Pod
metadata: {name: init-order}
spec:
${common}
  volumes:
  - name: work
    emptyDir: {}
  initContainers:
  - name: first
    ${busybox}
    command: ["sh", "-c", "echo one > /work/log"]
    volumeMounts: [{name: work, mountPath: /work}]
  - name: second
    ${busybox}
    command: ["sh", "-c", "test -f /work/log && echo two >> /work/log"]
    volumeMounts: [{name: work, mountPath: /work}]
  containers:
  - name: app
    ${busybox}
    command: ["sh", "-c", "cat /work/log; sleep 3600"]
    volumeMounts: [{name: work, mountPath: /work}]
---
apiVersion: v1
kind: Pod
metadata: {name: init-fail}
spec:
${common}
  initContainers:
  - name: broken
    ${busybox}
    command: ["sh", "-c", "exit 3"]
  containers:
  - name: app
    ${busybox}
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata: {name: init-never}
spec:
${common}
  restartPolicy: Never
  initContainers:
  - name: broken
    ${busybox}
    command: ["sh", "-c", "exit 4"]
  containers:
  - name: app
    ${busybox}
    command: ["sleep", "3600"]
`,
    );

    await t.step("a failing liveness exec probe restarts the container", async () => {
      const restarted = await podUntil(
        "liveness",
        "a restart",
        (p) => (container(p, "app")?.restartCount ?? 0) >= 1,
      );
      const app = container(restarted, "app")!;
      assert.equal(app.lastState?.terminated?.reason, "Error", JSON.stringify(app));
      assert.equal(restarted.status?.phase, "Running");
      const events = await eventually(async () => {
        const all = await eventMessages("liveness");
        return all.some((e) => e.startsWith("Killing: Container app failed liveness probe"))
          ? all
          : undefined;
      }, "the liveness events");
      assert.ok(
        events.some((e) =>
          /^Unhealthy: Liveness probe failed: cat: can't open '\/tmp\/healthy'/.test(e)
        ),
        events.join("\n"),
      );
      assert.ok(
        events.includes("Killing: Container app failed liveness probe, will be restarted"),
        events.join("\n"),
      );
    });

    await t.step("a readiness httpGet probe on a named port flips Ready with a file", async () => {
      const unready = await podUntil(
        "readiness",
        "running, not ready",
        (p) => p.status?.phase === "Running" && container(p, "web")?.state?.running !== undefined,
      );
      assert.equal(container(unready, "web")?.ready, false);
      assert.equal(condition(unready, "Ready"), "False");
      assert.equal(condition(unready, "ContainersReady"), "False");
      await Deno.writeTextFile(`${www}/ready`, "ok\n");
      const ready = await podUntil("readiness", "Ready", (p) => condition(p, "Ready") === "True");
      assert.equal(container(ready, "web")?.ready, true);
      assert.equal(condition(ready, "ContainersReady"), "True");
      await Deno.remove(`${www}/ready`);
      const dropped = await podUntil(
        "readiness",
        "not Ready again",
        (p) => condition(p, "Ready") === "False",
      );
      assert.equal(container(dropped, "web")?.ready, false);
      assert.equal(container(dropped, "web")?.restartCount, 0, "readiness never restarts");
      const events = await eventMessages("readiness");
      assert.ok(
        events.includes(
          "Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404",
        ),
        events.join("\n"),
      );
    });

    await t.step("a startup probe holds the liveness probe back", async () => {
      const started = await podUntil(
        "startup",
        "started and ready",
        (p) => container(p, "slow")?.started === true && container(p, "slow")?.ready === true,
      );
      assert.equal(
        container(started, "slow")?.restartCount,
        0,
        "the liveness probe would have failed during the first 6 s",
      );
      const events = await eventMessages("startup");
      assert.ok(
        events.some((e) => e.startsWith("Unhealthy: Startup probe failed")),
        events.join("\n"),
      );
      assert.ok(!events.some((e) => e.includes("Liveness probe failed")), events.join("\n"));
    });

    await t.step("tcpSocket probes see an open and a closed port", async () => {
      const p = await podUntil(
        "tcp",
        "the open container ready",
        (p) => container(p, "open")?.ready === true,
      );
      assert.equal(container(p, "closed")?.ready, false);
      assert.equal(condition(p, "Ready"), "False");
      const events = await eventually(async () => {
        const all = await eventMessages("tcp");
        return all.some((e) => e.includes(":9090: connect: connection refused")) ? all : undefined;
      }, "the tcp probe event");
      assert.ok(
        events.some((e) =>
          /^Unhealthy: Readiness probe failed: dial tcp 10\.244\.\d+\.\d+:9090: connect: connection refused$/
            .test(e)
        ),
        events.join("\n"),
      );
    });

    await t.step("init containers run in order and hand their files to the app", async () => {
      const running = await podUntil(
        "init-order",
        "Running",
        (p) => p.status?.phase === "Running" && container(p, "app")?.state?.running !== undefined,
      );
      assert.equal(condition(running, "Initialized"), "True");
      const inits = running.status?.initContainerStatuses ?? [];
      assert.deepEqual(
        inits.map((s) => [s.name, s.state?.terminated?.reason, s.ready]),
        [["first", "Completed", true], ["second", "Completed", true]],
      );
      const logs = await eventually(async () => {
        const out = await server.kubectl("1.33", ["logs", "init-order", "-c", "app"]);
        return out.stdout === "one\ntwo\n" ? out.stdout : undefined;
      }, "the app's output");
      assert.equal(logs, "one\ntwo\n");
      // Events name the container by where it is in the spec, as kubectl describe shows them.
      const started = await eventually(async () => {
        const list = JSON.parse(await kubectl(["get", "events", "-o", "json"])) as {
          items: { involvedObject?: { name?: string; fieldPath?: string }; reason?: string }[];
        };
        const paths = list.items.filter((e) =>
          e.involvedObject?.name === "init-order" && e.reason === "Started"
        ).map((e) => e.involvedObject?.fieldPath).sort();
        return paths.length === 3 ? paths : undefined;
      }, "the Started events of init-order");
      assert.deepEqual(started, [
        "spec.containers{app}",
        "spec.initContainers{first}",
        "spec.initContainers{second}",
      ]);
    });

    await t.step(
      "a failing init container blocks the app (Init:Error, Init:CrashLoopBackOff shapes)",
      async () => {
        // The shapes kubectl's pod printer turns into Init:Error and Init:CrashLoopBackOff.
        const shapes = new Set<string>();
        await eventually(
          async () => {
            const broken = (await pod("init-fail")).status?.initContainerStatuses?.[0];
            const shape = broken?.state?.terminated?.reason ?? broken?.state?.waiting?.reason ?? "";
            shapes.add(shape);
            return shape === "CrashLoopBackOff" ? shape : undefined;
          },
          "the init container in CrashLoopBackOff",
          60_000,
          100,
        );
        const p = await pod("init-fail");
        assert.equal(p.status?.phase, "Pending");
        assert.equal(condition(p, "Initialized"), "False");
        assert.equal(
          p.status?.conditions?.find((c) => c.type === "Initialized")?.message,
          "containers with incomplete status: [broken]",
        );
        assert.equal(container(p, "app")?.state?.waiting?.reason, "PodInitializing");
        assert.equal(container(p, "app")?.containerID, undefined, "the app never started");
        const broken = p.status?.initContainerStatuses?.[0];
        assert.equal(broken?.lastState?.terminated?.exitCode, 3);
        assert.ok((broken?.restartCount ?? 0) >= 1, JSON.stringify(broken));
        assert.ok(
          shapes.has("Error") || shapes.has("CrashLoopBackOff"),
          [...shapes].join(","),
        );

        const never = await podUntil("init-never", "Failed", (p) => p.status?.phase === "Failed");
        assert.equal(never.status?.initContainerStatuses?.[0]?.state?.terminated?.exitCode, 4);
        assert.equal(never.status?.initContainerStatuses?.[0]?.restartCount, 0);
        assert.equal(container(never, "app")?.containerID, undefined);
        assert.equal(never.status?.initContainerStatuses?.[0]?.state?.terminated?.reason, "Error");
      },
    );

    await t.step("a restarted kubelet does not run completed init containers again", async () => {
      const before = await pod("init-order");
      const ids = (p: PodJson) =>
        [
          ...(p.status?.initContainerStatuses ?? []),
          ...(p.status?.containerStatuses ?? []),
        ].map((s) => `${s.name}=${s.containerID}`);
      await stopComponent(kubelet);
      kubelet = server.component("kubelet", kubeletArgs);
      // The new kubelet reports status again once it has synced the pod (any change is
      // written); wait past a resync so a wrong re-run would show.
      await new Promise((resolve) => setTimeout(resolve, 7000));
      const after = await podUntil(
        "init-order",
        "Running after the restart",
        (p) => p.status?.phase === "Running",
      );
      assert.deepEqual(ids(after), ids(before));
      const ps = await new Deno.Command("docker", {
        args: [
          "ps",
          "-aq",
          "--filter",
          "label=io.kubernetes.pod.name=init-order",
          "--filter",
          `label=io.kubeno.node=${node}`,
        ],
        stdout: "piped",
      }).output();
      const count = new TextDecoder().decode(ps.stdout).trim().split("\n").length;
      assert.equal(count, 4, "the sandbox, two init containers and the app");
    });
  } finally {
    await stopComponent(kubelet);
    await removeNodeContainers(node);
    await Deno.remove(www, { recursive: true }).catch(() => {});
    await server.stop();
  }
});
