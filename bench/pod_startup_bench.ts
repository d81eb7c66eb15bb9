/**
 * Pod startup latency on one node, beside the raw floor measured in the same run.
 *
 * - raw floor: `--pods` pause+app container pairs created and started directly through the
 *   Docker API (the pause container on the pod network with a fixed IP, the app joining its
 *   network namespace), started at `--rate` per second; latency from the first call to the app
 *   container started.
 * - kubeno: a `kubeno apiserver` and a `kubeno kubelet` process; `--pods` pods bound to the node
 *   created at `--rate` per second (images present, imagePullPolicy IfNotPresent); latency from
 *   the create request to the pod observed Running by a watch.
 *
 * Anchor: Kubernetes' pod startup SLO, p99 <= 5 s. Goal: p99 <= 2.5 s and p50 within 1.3x of
 * the raw floor.
 *
 * Usage: deno run -A bench/pod_startup_bench.ts [--pods 100] [--rate 5]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ApiClient, type KubeObject, ResourceClient } from "../client/mod.ts";
import { DockerClient } from "../kubelet/docker_client.ts";
import { DEFAULT_POD_NETWORK, ensurePodNetwork } from "../kubelet/pod_network.ts";
import { ApiServerProcess, stopComponent } from "../tests/support/apiserver_process.ts";
import { eventually, removeNodeContainers } from "../tests/support/wait.ts";

const BUSYBOX = "kubeno/busybox:latest";
const PAUSE = "kubeno/pause:latest";

/** The q-quantile (nearest rank) of `values` in ms. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `count` jobs at `rate` per second; resolves to their results. */
async function paced<T>(count: number, rate: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const started: Promise<T>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    started.push(job(i));
  }
  return await Promise.all(started);
}

/** The raw floor: pause+app pairs straight through the Docker API. */
async function rawFloor(pods: number, rate: number, runId: string): Promise<number[]> {
  const docker = new DockerClient();
  await ensurePodNetwork(docker, DEFAULT_POD_NETWORK);
  const label = { "io.kubeno.node": `bench-raw-${runId}` };
  try {
    return await paced(pods, rate, async (i) => {
      const start = performance.now();
      const pause = await docker.createContainer(`bench-raw-${runId}-pause-${i}`, {
        Image: PAUSE,
        Labels: label,
        HostConfig: { NetworkMode: DEFAULT_POD_NETWORK.name },
        NetworkingConfig: {
          EndpointsConfig: {
            [DEFAULT_POD_NETWORK.name]: { IPAMConfig: { IPv4Address: `10.244.252.${i + 2}` } },
          },
        },
      });
      await docker.startContainer(pause);
      const app = await docker.createContainer(`bench-raw-${runId}-app-${i}`, {
        Image: BUSYBOX,
        Cmd: ["sleep", "3600"],
        Labels: label,
        HostConfig: { NetworkMode: `container:${pause}` },
      });
      await docker.startContainer(app);
      return performance.now() - start;
    });
  } finally {
    await removeNodeContainers(`bench-raw-${runId}`);
  }
}

/** kubeno: pods through the API server and the kubelet, Running observed by a watch. */
async function kubenoPods(pods: number, rate: number, runId: string): Promise<number[]> {
  const server = await ApiServerProcess.start();
  const node = `bench-${runId}`;
  const kubelet = server.kubelet(node, "10.244.253.0/24");
  const api = new ApiClient([server.url]);
  const podsClient = new ResourceClient<KubeObject>(api, {
    group: "",
    version: "v1",
    resource: "pods",
    namespaced: true,
  });
  const nodes = new ResourceClient<KubeObject>(api, {
    group: "",
    version: "v1",
    resource: "nodes",
    namespaced: false,
  });
  const watchAbort = new AbortController();
  try {
    await eventually(async () => {
      const n = await nodes.get(undefined, node);
      const ready = (n.status as { conditions?: { type: string; status: string }[] } | undefined)
        ?.conditions?.find((c) => c.type === "Ready")?.status;
      return ready === "True" ? true : undefined;
    }, "the bench node to be Ready");
    const created = new Map<string, number>();
    const running = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    const list = await podsClient.list("default");
    const watching = (async () => {
      const stream = podsClient.watch("default", {
        resourceVersion: list.metadata.resourceVersion ?? "0",
        signal: watchAbort.signal,
      });
      try {
        for await (const event of stream) {
          const pod = event.object as KubeObject & { status?: { phase?: string } };
          const name = pod.metadata?.name;
          if (name === undefined || running.has(name) || pod.status?.phase !== "Running") {
            continue;
          }
          running.set(name, performance.now());
          waiters.get(name)?.();
        }
      } catch (error) {
        if (!watchAbort.signal.aborted) throw error;
      }
    })();
    const latencies = await paced(pods, rate, async (i) => {
      const name = `startup-${i}`;
      const done = new Promise<void>((resolve) => waiters.set(name, resolve));
      created.set(name, performance.now());
      await podsClient.create({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: "default" },
        spec: {
          nodeName: node,
          terminationGracePeriodSeconds: 0,
          containers: [{
            name: "app",
            image: BUSYBOX,
            imagePullPolicy: "IfNotPresent",
            command: ["sleep", "3600"],
          }],
        },
      } as KubeObject);
      const timeout = sleep(120_000).then(() => {
        throw new Error(`${name} did not run within 120 s`);
      });
      if (!running.has(name)) await Promise.race([done, timeout]);
      return running.get(name)! - created.get(name)!;
    });
    watchAbort.abort();
    await watching.catch(() => {});
    return latencies;
  } finally {
    watchAbort.abort();
    await stopComponent(kubelet);
    await removeNodeContainers(node);
    await server.stop();
  }
}

function row(label: string, values: readonly (number | string)[]): string {
  return [label.padEnd(34), ...values.map((v) => String(v).padStart(12))].join("");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { pods: { type: "string", default: "100" }, rate: { type: "string", default: "5" } },
  });
  const pods = Number(values.pods);
  const rate = Number(values.rate);
  const runId = crypto.randomUUID().slice(0, 6);
  console.error(`bench: raw floor, ${pods} pause+app pairs at ${rate}/s`);
  const raw = await rawFloor(pods, rate, runId);
  console.error(`bench: kubeno, ${pods} pods at ${rate}/s`);
  const kubeno = await kubenoPods(pods, rate, runId);
  const fmt = (ms: number) => (ms / 1000).toFixed(3);
  console.log(`pod startup, ${pods} pods at ${rate}/s on one node (seconds)`);
  console.log(row("", ["raw floor", "kubeno", "kubeno/raw", "anchor SLO", "goal"]));
  const rawP50 = quantile(raw, 0.5), kubP50 = quantile(kubeno, 0.5);
  const rawP99 = quantile(raw, 0.99), kubP99 = quantile(kubeno, 0.99);
  console.log(
    row("p50", [fmt(rawP50), fmt(kubP50), (kubP50 / rawP50).toFixed(2), "-", "<= 1.3x raw"]),
  );
  console.log(
    row("p99", [fmt(rawP99), fmt(kubP99), (kubP99 / rawP99).toFixed(2), "5.000", "2.500"]),
  );
  console.log(row("max", [fmt(Math.max(...raw)), fmt(Math.max(...kubeno)), "", "", ""]));
}
