/**
 * The control plane at scale, like kube-scheduler's scheduler_perf SchedulingBasic: an API
 * server, the scheduler, the controllers and `kubeno hollow-nodes` (5,000 simulated nodes),
 * 1,000 pods placed first, then 10,000 pods created; prints pods/s from creation to bound (as
 * a watch sees them), the time until every node is Ready (and, on a fresh control plane first,
 * until `--ready-nodes` nodes are, as kwok measures) and until every measured pod is
 * Running, and the replication controller's reaction time (pod deleted -> replacement created),
 * each beside its anchor (kube-scheduler's CI floor, kwok's CI bounds) and this machine's goal.
 *
 * Usage: deno run -A bench/scheduler_bench.ts [--nodes 5000] [--ready-nodes 10000]
 *        [--placed 1000] [--pods 10000]
 *        [--rc-samples 50] [--concurrency 32] [--lease-duration 40]
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  ApiClient,
  ApiStatusError,
  Informer,
  type KubeObject,
  ResourceClient,
} from "../client/mod.ts";
import { ApiServerProcess, stopComponent } from "../tests/support/apiserver_process.ts";
import { nodeIsReady } from "../scheduler/plugins.ts";
import { quantile } from "./store/load.ts";

interface Figures {
  /** Seconds until every node of the scheduling phase's fleet is Ready. */
  fleetReadySeconds: number;
  /** Seconds until every node of the separate `--ready-nodes` fleet is Ready. */
  nodesReadySeconds: number;
  podsPerSecond: number;
  podsRunningSeconds: number;
  rcReactionP50: number;
  rcReactionP99: number;
}

const LABEL = "bench.kubeno.io/run";

function podObject(name: string, group: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { [LABEL]: group } },
    spec: {
      containers: [{
        name: "pause",
        image: "kubeno/pause",
        resources: { requests: { cpu: "100m", memory: "500Mi" } },
      }],
    },
  };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
async function inParallel(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all([...Array(Math.min(concurrency, count))].map(async () => {
    while (next < count) await task(next++);
  }));
}

/** Runs `call`, retrying server-side failures (an overloaded store times out) with back-off. */
async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retriable = !(error instanceof ApiStatusError) || error.code >= 500;
      if (!retriable || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

/** Creates a pod; one that exists already (a retried create that had landed) is fine. */
async function createPod(pods: ResourceClient<KubeObject>, pod: KubeObject): Promise<void> {
  try {
    await retrying(() => pods.create(pod));
  } catch (error) {
    if (!(error instanceof ApiStatusError && error.code === 409)) throw error;
  }
}

function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(check, 50);
    };
    check();
  });
}

interface Options {
  nodes: number;
  readyNodes: number;
  placed: number;
  pods: number;
  rcSamples: number;
  concurrency: number;
  /** The hollow nodes' Lease duration in seconds (renewed every quarter of it). */
  leaseDuration: number;
}

/** A control plane: an API server with the scheduler and the controllers. */
async function startControlPlane(): Promise<
  { server: ApiServerProcess; api: ApiClient; children: Deno.ChildProcess[] }
> {
  const server = await ApiServerProcess.start();
  const children = [
    server.component("scheduler", ["scheduler"]),
    // A /9 holds 32,768 /24s: enough for 10,000 nodes (10.244.0.0/16 holds 256).
    server.component("controllers", ["controllers", "--cluster-cidr", "10.128.0.0/9"]),
  ];
  return { server, api: new ApiClient([server.url]), children };
}

async function stopControlPlane(server: ApiServerProcess, children: Deno.ChildProcess[]) {
  for (const child of children.reverse()) await stopComponent(child);
  await server.stop();
}

function coreClient(api: ApiClient, resource: string, namespaced: boolean) {
  return new ResourceClient<KubeObject>(api, { group: "", version: "v1", resource, namespaced });
}

/**
 * Starts `count` hollow nodes on the server and resolves with the seconds until the informer
 * (already synced) has seen every one of them Ready.
 */
async function fleetReady(
  server: ApiServerProcess,
  nodeInformer: Informer<KubeObject>,
  children: Deno.ChildProcess[],
  count: number,
  options: Options,
): Promise<number> {
  const ready = new Set<string>();
  const noteNode = (node: KubeObject) => {
    if (nodeIsReady(node)) ready.add(node.metadata.name!);
    else ready.delete(node.metadata.name!);
  };
  nodeInformer.addHandlers({ onAdd: noteNode, onUpdate: (_, n) => noteNode(n) });
  const start = performance.now();
  children.push(server.component("hollow", [
    "hollow-nodes",
    "--count",
    String(count),
    "--name-prefix",
    "bench-",
    "--concurrency",
    "48",
    "--lease-duration",
    String(options.leaseDuration),
  ]));
  await until(`${count} nodes Ready`, () => ready.size >= count, 600_000);
  const seconds = (performance.now() - start) / 1000;
  console.error(`bench: ${count} nodes Ready in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** kwok's measure: a fresh control plane and `count` nodes until every one is Ready. */
async function measureNodesReady(count: number, options: Options): Promise<number> {
  const { server, api, children } = await startControlPlane();
  const nodeInformer = new Informer(coreClient(api, "nodes", false));
  try {
    nodeInformer.start();
    await nodeInformer.synced();
    return await fleetReady(server, nodeInformer, children, count, options);
  } finally {
    await nodeInformer.stop();
    await stopControlPlane(server, children);
  }
}

async function measure(options: Options): Promise<Figures> {
  const nodesReadySeconds = await measureNodesReady(options.readyNodes, options);
  const { server, api, children } = await startControlPlane();
  const core = (resource: string, namespaced: boolean) => coreClient(api, resource, namespaced);
  const pods = core("pods", true);
  const nodeInformer = new Informer(core("nodes", false));
  const podInformer = new Informer(pods);
  try {
    nodeInformer.start();
    await nodeInformer.synced();
    const fleetReadySeconds = await fleetReady(
      server,
      nodeInformer,
      children,
      options.nodes,
      options,
    );

    // Pod timings, seen by a watch: first seen (created), bound, Running.
    const created = new Map<string, number>();
    const bound = new Map<string, number>();
    const running = new Map<string, number>();
    const notePod = (pod: KubeObject) => {
      const name = pod.metadata.name!;
      const now = performance.now();
      if (!created.has(name)) created.set(name, now);
      if ((pod.spec as { nodeName?: string }).nodeName && !bound.has(name)) bound.set(name, now);
      if (
        (pod.status as { phase?: string } | undefined)?.phase === "Running" && !running.has(name)
      ) {
        running.set(name, now);
      }
    };
    podInformer.addHandlers({ onAdd: notePod, onUpdate: (_, p) => notePod(p) });
    podInformer.start();
    await podInformer.synced();

    await inParallel(
      options.placed,
      options.concurrency,
      (i) => createPod(pods, podObject(`placed-${i}`, "placed")),
    );
    await until("the placed pods bound", () => bound.size >= options.placed, 600_000);
    console.error(`bench: ${options.placed} pods placed`);

    const measured = (name: string) => name.startsWith("measured-");
    const createStart = performance.now();
    await inParallel(
      options.pods,
      options.concurrency,
      (i) => createPod(pods, podObject(`measured-${i}`, "measured")),
    );
    console.error(
      `bench: ${options.pods} pods created in ${
        ((performance.now() - createStart) / 1000).toFixed(1)
      } s`,
    );
    const count = (m: Map<string, number>) => [...m.keys()].filter(measured).length;
    await until("the measured pods bound", () => count(bound) >= options.pods, 900_000);
    const firstCreated = Math.min(
      ...[...created].filter(([n]) => measured(n)).map(([, t]) => t),
    );
    const lastBound = Math.max(...[...bound].filter(([n]) => measured(n)).map(([, t]) => t));
    const podsPerSecond = options.pods / ((lastBound - firstCreated) / 1000);
    console.error(`bench: ${podsPerSecond.toFixed(0)} pods/s created -> bound`);
    await until("the measured pods Running", () => count(running) >= options.pods, 900_000);
    const lastRunning = Math.max(
      ...[...running].filter(([n]) => measured(n)).map(([, t]) => t),
    );
    const podsRunningSeconds = (lastRunning - firstCreated) / 1000;

    // RC reaction: delete one of its pods, time until the watch sees a replacement.
    const rcs = core("replicationcontrollers", true);
    await rcs.create({
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "bench-rc", namespace: "default" },
      spec: {
        replicas: 10,
        selector: { app: "bench-rc" },
        template: {
          metadata: { labels: { app: "bench-rc" } },
          spec: { containers: [{ name: "pause", image: "kubeno/pause" }] },
        },
      },
    });
    const rcPods = () =>
      podInformer.list().filter((p) =>
        p.metadata.labels?.app === "bench-rc" && p.metadata.deletionTimestamp === undefined
      );
    await until("the RC's pods", () => rcPods().length >= 10, 120_000);
    const reactions: number[] = [];
    for (let i = 0; i < options.rcSamples; i++) {
      const victim = rcPods()[0]!;
      const before = new Set(rcPods().map((p) => p.metadata.name));
      const t0 = performance.now();
      await pods.delete("default", victim.metadata.name!);
      await until(
        "a replacement pod",
        () =>
          podInformer.list().some((p) =>
            p.metadata.labels?.app === "bench-rc" && !before.has(p.metadata.name!)
          ),
        60_000,
      );
      reactions.push(performance.now() - t0);
      await until("10 RC pods again", () => rcPods().length >= 10, 60_000);
    }
    return {
      fleetReadySeconds,
      nodesReadySeconds,
      podsPerSecond,
      podsRunningSeconds,
      rcReactionP50: quantile(reactions, 0.5),
      rcReactionP99: quantile(reactions, 0.99),
    };
  } finally {
    await Promise.all([nodeInformer.stop(), podInformer.stop()]);
    await stopControlPlane(server, children);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      nodes: { type: "string", default: "5000" },
      "ready-nodes": { type: "string", default: "10000" },
      placed: { type: "string", default: "1000" },
      pods: { type: "string", default: "10000" },
      "rc-samples": { type: "string", default: "50" },
      concurrency: { type: "string", default: "32" },
      "lease-duration": { type: "string", default: "40" },
    },
  });
  const options = {
    nodes: Number(values.nodes),
    readyNodes: Number(values["ready-nodes"]),
    placed: Number(values.placed),
    pods: Number(values.pods),
    rcSamples: Number(values["rc-samples"]),
    concurrency: Number(values.concurrency),
    leaseDuration: Number(values["lease-duration"]),
  };
  for (const [name, n] of Object.entries(options)) {
    if (!Number.isInteger(n) || n < 1) {
      console.error(`bench: --${name} must be a whole number >= 1`);
      Deno.exit(2);
    }
  }
  const f = await measure(options);
  const rows: [string, string, string, string][] = [
    [
      `pods/s creation -> bound (${options.nodes} nodes, ${options.pods} pods)`,
      f.podsPerSecond.toFixed(0),
      ">= 270 (kube-scheduler CI floor)",
      ">= 300",
    ],
    [
      `${options.readyNodes} nodes Ready (s, fresh control plane)`,
      f.nodesReadySeconds.toFixed(1),
      "<= 180 for 10k (kwok CI)",
      "<= 60 for 10k",
    ],
    [
      `${options.nodes} nodes Ready (s, the scheduling phase's fleet)`,
      f.fleetReadySeconds.toFixed(1),
      "-",
      "-",
    ],
    [
      `${options.pods} pods Running (s, from first creation)`,
      f.podsRunningSeconds.toFixed(1),
      "<= 120 for 10k (kwok CI)",
      "<= 60 for 10k",
    ],
    ["RC reaction p50 (ms, delete -> replacement)", f.rcReactionP50.toFixed(0), "-", "-"],
    ["RC reaction p99 (ms)", f.rcReactionP99.toFixed(0), "-", "-"],
  ];
  console.log(
    `${"metric".padEnd(58)}${"kubeno".padStart(10)}  ${"anchor".padEnd(34)}goal`,
  );
  for (const [metric, ours, anchor, goal] of rows) {
    console.log(`${metric.padEnd(58)}${ours.padStart(10)}  ${anchor.padEnd(34)}${goal}`);
  }
}
