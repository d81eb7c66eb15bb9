/**
 * PodRuntime on a real Docker engine: the pod network, shared localhost and volumes, the
 * environment, command/args, resources, configMap/secret/downwardAPI volumes, DNS files.
 */
import assert from "node:assert/strict";
import { cidrContains, parseCidr, parseIPv4 } from "./cidr.ts";
import {
  busybox,
  eventually,
  ncGet,
  testPod,
  testRuntime,
  withDockerTestEnv,
} from "./docker_test_util.ts";
import { LABELS } from "./names.ts";
import type { PodLookups } from "./pod_runtime.ts";
import type { ConfigMapLike, SecretLike, ServiceLike } from "./pod_types.ts";

function lookups(
  configMaps: Record<string, ConfigMapLike> = {},
  secrets: Record<string, SecretLike> = {},
  services: readonly ServiceLike[] = [],
): PodLookups {
  return {
    configMap: (_ns, name) => Promise.resolve(configMaps[name]),
    secret: (_ns, name) => Promise.resolve(secrets[name]),
    services: (ns) =>
      Promise.resolve(services.filter((s) => (s.metadata?.namespace ?? "default") === ns)),
  };
}

function b64(text: string): string {
  return btoa(text);
}

Deno.test("a pod's containers share localhost and an emptyDir; pods of two nodes reach each other", async () => {
  await withDockerTestEnv(async (env) => {
    const [node1, node2] = await Promise.all([testRuntime(env, 1), testRuntime(env, 2)]);
    const hostPort = 20000 + Math.floor(Math.random() * 9000);
    const web = testPod("web", [
      busybox("httpd", ["httpd", "-f", "-p", "8080", "-h", "/www"], {
        ports: [{ containerPort: 8080, hostPort, hostIP: "127.0.0.1" }],
        volumeMounts: [{ name: "www", mountPath: "/www" }],
      }),
      busybox("writer", ["sh", "-c", "echo hello-from-web > /www/index.html; exec sleep 3600"], {
        volumeMounts: [{ name: "www", mountPath: "/www" }],
      }),
    ], { volumes: [{ name: "www", emptyDir: {} }], subdomain: "group" });
    const client = testPod("client", [busybox("main", ["sleep", "3600"])]);

    const [webSync, clientSync] = await Promise.all([node1.syncPod(web), node2.syncPod(client)]);
    assert.deepEqual(webSync.errors, []);
    assert.deepEqual(clientSync.errors, []);
    const webIP = webSync.status.podIP!;
    const clientIP = clientSync.status.podIP!;
    assert.ok(cidrContains(parseCidr(env.podCidr(1)), parseIPv4(webIP)!), webIP);
    assert.ok(cidrContains(parseCidr(env.podCidr(2)), parseIPv4(clientIP)!), clientIP);
    assert.equal(webIP.split(".")[3], "2", "the first pod of a node takes .2");
    assert.equal(webSync.status.phase, "Running");
    assert.deepEqual(webSync.status.containerStatuses.map((s) => [s.name, s.ready]), [
      ["httpd", true],
      ["writer", true],
    ]);

    // Shared localhost and emptyDir: the writer reaches httpd on 127.0.0.1 and sees its file.
    const local = await eventually("httpd serving the writer's file", async () => {
      const result = await node1.exec(web, "writer", ncGet("127.0.0.1", 8080));
      return result.stdout.includes("hello-from-web") ? result : undefined;
    });
    assert.match(local.stdout, /^HTTP\/1\.[01] 200 OK/);

    // Another node's pod reaches the pod IP over the shared bridge.
    const remote = await node2.exec(client, "main", ncGet(webIP, 8080));
    assert.match(remote.stdout, /hello-from-web/);

    // The hostPort is published on the node.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: hostPort });
    await conn.write(new TextEncoder().encode("GET / HTTP/1.0\r\n\r\n"));
    const answer = await new Response(conn.readable).text();
    assert.match(answer, /hello-from-web/);

    // Hostname, /etc/hosts and /etc/resolv.conf of the pod, the same in every container.
    const etc = await node1.exec(web, "httpd", [
      "sh",
      "-c",
      "hostname; cat /etc/resolv.conf; grep -v '^#' /etc/hosts | tail -n 1",
    ]);
    assert.equal(
      etc.stdout,
      "web\n" +
        "search default.svc.cluster.local svc.cluster.local cluster.local\n" +
        "nameserver 10.96.0.10\n" +
        "options ndots:5\n" +
        `${webIP}\tweb.group.default.svc.cluster.local\tweb\n`,
    );

    // killPod removes everything and frees the IP.
    await Promise.all([node1.killPod(web, 0), node2.killPod(client, 0)]);
    assert.deepEqual(await node1.listPods(), []);
    assert.deepEqual(await node2.listPods(), []);
    const state = JSON.parse(
      await Deno.readTextFile(`${env.dataDir}/node-1/ipam/${env.networkConfig.name}.json`),
    );
    assert.deepEqual(state.allocations, {});
    await assert.rejects(Deno.stat(`${env.dataDir}/node-1/pods/${web.metadata!.uid}`));
  });
});

Deno.test("environment, command/args semantics and resource limits reach Docker", async () => {
  await withDockerTestEnv(async (env) => {
    const runtime = await testRuntime(env, 1, {
      nodeAllocatable: { cpu: "2", memory: "4Gi" },
      hostIP: "192.0.2.10",
    });
    const pod = testPod(
      "envpod",
      [
        busybox("env", ["sh", "-c", "env | sort"], {
          envFrom: [{ configMapRef: { name: "settings" }, prefix: "CFG_" }],
          env: [
            { name: "GREETING", value: "hello" },
            { name: "MESSAGE", value: "$(GREETING) world $$(GREETING) $(NOPE)" },
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "POD_NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
            { name: "POD_UID", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } },
            { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            { name: "HOST_IP", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
            { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
            { name: "SA", valueFrom: { fieldRef: { fieldPath: "spec.serviceAccountName" } } },
            { name: "TIER", valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
            {
              name: "MEM_LIMIT_MI",
              valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } },
            },
            { name: "CPU_LIMIT", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
            { name: "FROM_CM", valueFrom: { configMapKeyRef: { name: "settings", key: "mode" } } },
            { name: "FROM_SECRET", valueFrom: { secretKeyRef: { name: "creds", key: "token" } } },
            {
              name: "OPTIONAL",
              valueFrom: { secretKeyRef: { name: "creds", key: "absent", optional: true } },
            },
          ],
          resources: { limits: { memory: "64Mi" } },
        }),
        // command replaces the image's ENTRYPOINT and drops its CMD ("sh").
        busybox("cmd", ["echo", "command-only"]),
        // args alone replace the image's CMD.
        {
          name: "args",
          image: "kubeno/busybox:latest",
          imagePullPolicy: "Never",
          args: ["echo", "args-only", "$(GREETING)"],
          env: [{ name: "GREETING", value: "hi" }],
        },
        busybox("limits", ["sleep", "3600"], {
          resources: { limits: { cpu: "500m", memory: "64Mi" }, requests: { cpu: "250m" } },
        }),
      ],
      { restartPolicy: "Never", nodeName: "node-a", serviceAccountName: "robot" },
      {
        labels: { tier: "backend" },
      },
    );
    const services: ServiceLike[] = [
      {
        metadata: { name: "redis-master", namespace: "default" },
        spec: { clusterIP: "10.96.0.11", ports: [{ name: "redis", port: 6379, protocol: "TCP" }] },
      },
      {
        metadata: { name: "headless", namespace: "default" },
        spec: { clusterIP: "None", ports: [{ port: 1 }] },
      },
    ];
    const result = await runtime.syncPod(
      pod,
      lookups(
        { settings: { data: { mode: "fast", level: "3" } } },
        { creds: { data: { token: b64("s3cr3t-token") } } },
        services,
      ),
    );
    assert.deepEqual(result.errors, []);
    const podIP = result.status.podIP!;
    const outputs = await eventually("the short containers to finish", async () => {
      const status = await runtime.podStatus(pod);
      const done = status.containerStatuses.filter((s) => s.state?.terminated !== undefined);
      if (done.length < 3) return undefined;
      const read = async (name: string) =>
        await new Response(await runtime.containerLogs(pod, name)).text();
      return { env: await read("env"), cmd: await read("cmd"), args: await read("args") };
    });
    const env1 = new Map(
      outputs.env.trim().split("\n").map((
        line,
      ) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    const expected: Record<string, string> = {
      CFG_mode: "fast",
      CFG_level: "3",
      GREETING: "hello",
      MESSAGE: "hello world $(GREETING) $(NOPE)",
      POD_NAME: "envpod",
      POD_NS: "default",
      POD_UID: pod.metadata!.uid!,
      POD_IP: podIP,
      HOST_IP: "192.0.2.10",
      NODE: "node-a",
      SA: "robot",
      TIER: "backend",
      MEM_LIMIT_MI: "64",
      CPU_LIMIT: "2",
      FROM_CM: "fast",
      FROM_SECRET: "s3cr3t-token",
      REDIS_MASTER_SERVICE_HOST: "10.96.0.11",
      REDIS_MASTER_SERVICE_PORT: "6379",
      REDIS_MASTER_SERVICE_PORT_REDIS: "6379",
      REDIS_MASTER_PORT: "tcp://10.96.0.11:6379",
      REDIS_MASTER_PORT_6379_TCP: "tcp://10.96.0.11:6379",
      REDIS_MASTER_PORT_6379_TCP_PROTO: "tcp",
      REDIS_MASTER_PORT_6379_TCP_PORT: "6379",
      REDIS_MASTER_PORT_6379_TCP_ADDR: "10.96.0.11",
    };
    for (const [name, value] of Object.entries(expected)) {
      assert.equal(env1.get(name), value, name);
    }
    assert.equal(env1.has("OPTIONAL"), false);
    assert.equal([...env1.keys()].some((k) => k.startsWith("HEADLESS_")), false);
    assert.equal(outputs.cmd, "command-only\n");
    assert.equal(outputs.args, "args-only hi\n");

    // Resources as Docker applied them.
    const limits = (await runtime.listPods())[0]!.containers.find((c) => c.name === "limits")!;
    const info = (await env.docker.inspectContainer(limits.id))!;
    assert.equal(info.HostConfig.CpuQuota, 50000);
    assert.equal(info.HostConfig.CpuPeriod, 100000);
    assert.equal(info.HostConfig.CpuShares, 256);
    assert.equal(info.HostConfig.Memory, 64 * 1024 * 1024);
    assert.equal(info.HostConfig.NetworkMode, `container:${info.Config.Labels![LABELS.sandboxId]}`);
    assert.deepEqual(info.HostConfig.RestartPolicy, { Name: "no", MaximumRetryCount: 0 });

    // Completed containers under restartPolicy Never stay terminated.
    const again = await runtime.syncPod(
      pod,
      lookups({ settings: { data: { mode: "fast" } } }, { creds: { data: { token: b64("x") } } }),
    );
    const cmd = again.status.containerStatuses.find((s) => s.name === "cmd")!;
    assert.equal(cmd.state?.terminated?.reason, "Completed");
    assert.equal(cmd.restartCount, 0);
  });
});

Deno.test("a missing ConfigMap is CreateContainerConfigError until it appears", async () => {
  await withDockerTestEnv(async (env) => {
    const runtime = await testRuntime(env, 1);
    const pod = testPod("cfgwait", [
      busybox("main", ["sleep", "3600"], {
        env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "late", key: "x" } } }],
      }),
    ]);
    const first = await runtime.syncPod(pod, lookups());
    assert.deepEqual(first.status.containerStatuses[0]!.state, {
      waiting: { reason: "CreateContainerConfigError", message: 'configmap "late" not found' },
    });
    assert.equal(first.status.phase, "Pending");
    const second = await runtime.syncPod(pod, lookups({ late: { data: { x: "1" } } }));
    assert.ok(second.status.containerStatuses[0]!.state?.running, JSON.stringify(second.status));
  });
});

Deno.test("configMap, secret, downwardAPI and hostPath volumes: files, modes, updates, read-only", async () => {
  await withDockerTestEnv(async (env) => {
    const runtime = await testRuntime(env, 1);
    const hostDir = `${env.dataDir}/host/shared`;
    const pod = testPod("vols", [
      busybox("main", ["sleep", "3600"], {
        volumeMounts: [
          { name: "cfg", mountPath: "/etc/cfg" },
          { name: "sec", mountPath: "/etc/sec" },
          { name: "info", mountPath: "/etc/info" },
          { name: "host", mountPath: "/host" },
          { name: "cfg", mountPath: "/single.conf", subPath: "conf/app.conf" },
          { name: "scratch", mountPath: "/scratch/a", subPath: "a" },
        ],
      }),
    ], {
      volumes: [
        {
          name: "cfg",
          configMap: {
            name: "app",
            items: [{ key: "app.conf", path: "conf/app.conf", mode: 0o600 }],
          },
        },
        { name: "sec", secret: { secretName: "tls", defaultMode: 0o400 } },
        {
          name: "info",
          downwardAPI: {
            items: [
              { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
              { path: "name", fieldRef: { fieldPath: "metadata.name" } },
            ],
          },
        },
        { name: "host", hostPath: { path: hostDir, type: "DirectoryOrCreate" } },
        { name: "scratch", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
      ],
    }, { labels: { app: "vols", tier: "web" } });
    const cm = (text: string): Record<string, ConfigMapLike> => ({
      app: { data: { "app.conf": text, other: "ignored" } },
    });
    const secrets = { tls: { data: { "tls.key": b64("KEY"), "tls.crt": b64("CRT") } } };
    const first = await runtime.syncPod(pod, lookups(cm("v1"), secrets));
    assert.deepEqual(first.errors, [{
      container: "main",
      reason: "CreateContainerConfigError",
      message: "subPath is not supported on emptyDir volumes of medium Memory (volume scratch)",
    }]);
    // Without the unsupported mount the container starts.
    const fixed = {
      ...pod,
      spec: {
        ...pod.spec!,
        containers: [{
          ...pod.spec!.containers[0]!,
          volumeMounts: pod.spec!.containers[0]!.volumeMounts!.slice(0, 5).concat([
            { name: "scratch", mountPath: "/scratch" },
          ]),
        }],
      },
    };
    const started = await runtime.syncPod(fixed, lookups(cm("v1"), secrets));
    assert.deepEqual(started.errors, []);
    const show = await runtime.exec(fixed, "main", [
      "sh",
      "-c",
      "stat -L -c '%a %n' /etc/cfg/conf/app.conf /etc/sec/tls.crt /etc/sec/tls.key; " +
      "ls /etc/cfg; cat /etc/cfg/conf/app.conf /single.conf /etc/sec/tls.key; echo; " +
      "cat /etc/info/labels; echo; cat /etc/info/name; echo; " +
      "echo from-pod > /host/file; echo tmp > /scratch/t; grep -c ' /scratch tmpfs' /proc/mounts; " +
      "touch /etc/cfg/new 2>/dev/null && echo writable || echo read-only",
    ]);
    assert.equal(
      show.stdout,
      "600 /etc/cfg/conf/app.conf\n400 /etc/sec/tls.crt\n400 /etc/sec/tls.key\n" +
        "conf\nv1v1KEY\n" +
        'app="vols"\ntier="web"\nvols\n' +
        "1\nread-only\n",
    );
    assert.equal(await Deno.readTextFile(`${hostDir}/file`), "from-pod\n");

    // An update reaches the running container (not through the subPath mount).
    await runtime.syncPod(fixed, lookups(cm("v2"), secrets));
    const updated = await runtime.exec(fixed, "main", [
      "cat",
      "/etc/cfg/conf/app.conf",
      "/single.conf",
    ]);
    assert.equal(updated.stdout, "v2v1");

    // A hostPath of the wrong type is a FailedMount.
    const wrong = testPod("wrong", [busybox("main", ["sleep", "1"])], {
      volumes: [{ name: "h", hostPath: { path: `${hostDir}/file`, type: "Directory" } }],
    });
    const failed = await runtime.syncPod(wrong, lookups());
    assert.deepEqual(failed.errors.map((e) => e.reason), ["FailedMount"]);
    assert.equal(
      failed.errors[0]!.message,
      `MountVolume.SetUp failed for volume "h" : hostPath type check failed: ${hostDir}/file is not a directory`,
    );
    assert.equal(failed.status.containerStatuses[0]!.state?.waiting?.reason, "ContainerCreating");
  });
});
