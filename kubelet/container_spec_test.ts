import assert from "node:assert/strict";
import { containerCreateBody, type ContainerSpecInput } from "./container_spec.ts";
import { canonicalJson, containerHash, containerName, LABELS, sandboxName } from "./names.ts";
import type { ContainerLike, PodLike } from "./pod_types.ts";
import { hostPortBindings, sandboxCreateBody } from "./sandbox.ts";

const identity = { name: "web", namespace: "shop", uid: "u-1" };

function input(container: ContainerLike, pod: Partial<PodLike["spec"]> = {}): ContainerSpecInput {
  return {
    pod: { metadata: { ...identity }, spec: { containers: [container], ...pod } },
    identity,
    container,
    nodeName: "n1",
    image: "sha256:img",
    env: [{ name: "GREETING", value: "hi" }],
    mounts: [{ Type: "bind", Source: "/p/resolv.conf", Target: "/etc/resolv.conf" }],
    sandboxId: "sbx",
    restartCount: 3,
    extraLabels: { "io.kubeno.test": "t" },
  };
}

Deno.test("command -> Entrypoint, args -> Cmd, with $(VAR) expansion", () => {
  const both = containerCreateBody(
    input({ name: "c", command: ["sh", "-c"], args: ["echo $(GREETING)"] }),
  );
  assert.deepEqual([both.Entrypoint, both.Cmd], [["sh", "-c"], ["echo hi"]]);
  // command alone: the image's CMD is dropped.
  const command = containerCreateBody(input({ name: "c", command: ["echo", "$(GREETING)"] }));
  assert.deepEqual([command.Entrypoint, command.Cmd], [["echo", "hi"], []]);
  // args alone: the image's ENTRYPOINT stays (Entrypoint unset), CMD replaced.
  const args = containerCreateBody(input({ name: "c", args: ["x"] }));
  assert.deepEqual([args.Entrypoint, args.Cmd], [undefined, ["x"]]);
  // neither (or empty lists): the image's own.
  const neither = containerCreateBody(input({ name: "c", command: [], args: [] }));
  assert.deepEqual([neither.Entrypoint, neither.Cmd], [undefined, undefined]);
});

Deno.test("the create body: image, env, workingDir, namespaces, resources, labels, security", () => {
  const container: ContainerLike = {
    name: "app",
    image: "kubeno/busybox:1",
    workingDir: "/work",
    tty: true,
    stdin: true,
    resources: { limits: { cpu: "500m", memory: "64Mi" }, requests: { cpu: "250m" } },
    securityContext: {
      runAsUser: 1000,
      privileged: true,
      capabilities: { add: ["NET_ADMIN"], drop: ["ALL"] },
    },
    terminationMessagePath: "/tmp/msg",
  };
  const body = containerCreateBody(input(container, {
    terminationGracePeriodSeconds: 5,
    shareProcessNamespace: true,
    securityContext: { runAsGroup: 2000, fsGroup: 3000 },
  }));
  assert.equal(body.Image, "sha256:img");
  assert.deepEqual(body.Env, ["GREETING=hi"]);
  assert.equal(body.WorkingDir, "/work");
  assert.equal(body.User, "1000:2000");
  assert.equal(body.Tty, true);
  assert.equal(body.OpenStdin, true);
  assert.equal(body.Hostname, undefined, "the hostname comes from the sandbox");
  assert.deepEqual(body.HostConfig, {
    NetworkMode: "container:sbx",
    IpcMode: "container:sbx",
    PidMode: "container:sbx",
    RestartPolicy: { Name: "no" },
    Mounts: [{ Type: "bind", Source: "/p/resolv.conf", Target: "/etc/resolv.conf" }],
    CpuShares: 256,
    CpuQuota: 50000,
    CpuPeriod: 100000,
    Memory: 67108864,
    MemorySwap: 67108864,
    Privileged: true,
    CapAdd: ["NET_ADMIN"],
    CapDrop: ["ALL"],
    GroupAdd: ["3000"],
  });
  assert.deepEqual(body.Labels, {
    "io.kubeno.test": "t",
    [LABELS.podName]: "web",
    [LABELS.podNamespace]: "shop",
    [LABELS.podUid]: "u-1",
    [LABELS.node]: "n1",
    [LABELS.type]: "container",
    [LABELS.containerName]: "app",
    [LABELS.sandboxId]: "sbx",
    [LABELS.restartCount]: "3",
    [LABELS.containerHash]: containerHash(container),
    [LABELS.image]: "kubeno/busybox:1",
    [LABELS.gracePeriod]: "5",
    [LABELS.terminationMessagePath]: "/tmp/msg",
    [LABELS.terminationMessagePolicy]: "File",
  });
  const hostNet = containerCreateBody(input({ name: "c" }, { hostNetwork: true }));
  assert.equal((hostNet.HostConfig as Record<string, unknown>).NetworkMode, "host");
  assert.equal((hostNet.HostConfig as Record<string, unknown>).UTSMode, "host");
});

Deno.test("names like dockershim's; the spec hash ignores key order", () => {
  assert.equal(sandboxName(identity, 0), "k8s_POD_web_shop_u-1_0");
  assert.equal(containerName(identity, "app", 2), "k8s_app_web_shop_u-1_2");
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }), '{"a":[{"d":2}],"b":1}');
  assert.equal(
    containerHash({ name: "a", image: "x", command: ["y"] }),
    containerHash({ command: ["y"], image: "x", name: "a" }),
  );
  assert.notEqual(
    containerHash({ name: "a", image: "x" }),
    containerHash({ name: "a", image: "z" }),
  );
  assert.match(containerHash({ name: "a" }), /^[0-9a-f]{8}$/);
});

Deno.test("the sandbox: fixed IP, hostname, hostPorts, labels; the host network", () => {
  const pod: PodLike = {
    metadata: { ...identity },
    spec: {
      terminationGracePeriodSeconds: 7,
      containers: [
        { name: "a", ports: [{ containerPort: 8080, hostPort: 30080 }, { containerPort: 9090 }] },
        {
          name: "b",
          ports: [{ containerPort: 53, hostPort: 5353, protocol: "UDP", hostIP: "127.0.0.1" }],
        },
      ],
    },
  };
  const body = sandboxCreateBody({
    pod,
    identity,
    attempt: 2,
    nodeName: "n1",
    networkName: "kubeno-pods",
    podIP: "10.244.1.9",
    pauseImage: "kubeno/pause:latest",
    clusterDomain: "cluster.local",
    mounts: [],
  });
  assert.equal(body.Image, "kubeno/pause:latest");
  assert.equal(body.Hostname, "web");
  assert.deepEqual(body.NetworkingConfig, {
    EndpointsConfig: { "kubeno-pods": { IPAMConfig: { IPv4Address: "10.244.1.9" } } },
  });
  assert.deepEqual(body.ExposedPorts, { "8080/tcp": {}, "53/udp": {} });
  const host = body.HostConfig as Record<string, unknown>;
  assert.equal(host.NetworkMode, "kubeno-pods");
  assert.equal(host.IpcMode, "shareable");
  assert.deepEqual(host.PortBindings, {
    "8080/tcp": [{ HostIp: "", HostPort: "30080" }],
    "53/udp": [{ HostIp: "127.0.0.1", HostPort: "5353" }],
  });
  assert.equal(body.Labels?.[LABELS.type], "podsandbox");
  assert.equal(body.Labels?.[LABELS.containerName], "POD");
  assert.equal(body.Labels?.[LABELS.podIP], "10.244.1.9");
  assert.equal(body.Labels?.[LABELS.sandboxAttempt], "2");
  assert.equal(body.Labels?.[LABELS.gracePeriod], "7");

  const hostPod = { ...pod, spec: { ...pod.spec!, hostNetwork: true } };
  const hostBody = sandboxCreateBody({
    pod: hostPod,
    identity,
    attempt: 0,
    nodeName: "n1",
    networkName: "kubeno-pods",
    podIP: undefined,
    pauseImage: "p",
    clusterDomain: "cluster.local",
    mounts: [],
  });
  assert.equal((hostBody.HostConfig as Record<string, unknown>).NetworkMode, "host");
  assert.equal(hostBody.Hostname, undefined);
  assert.equal(hostBody.NetworkingConfig, undefined);
  assert.deepEqual(hostPortBindings(hostPod), { exposed: {}, bindings: {} });
});
