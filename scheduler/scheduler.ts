/**
 * The scheduler: pods without a node wait in a queue; each is filtered against every node,
 * the feasible ones are scored, and the pod is bound to the best through pods/binding. A pod
 * no node can run gets PodScheduled=False with kube-scheduler's message and an Event, and is
 * retried when nodes or pods change (or after a back-off). An assume cache counts a pod on its
 * node as soon as it is chosen, so consecutive pods see each other before the bind lands.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import {
  type ApiClient,
  ApiStatusError,
  Informer,
  type KubeObject,
  ResourceClient,
  WorkQueue,
} from "../client/mod.ts";
import { feasibleNodesToFind, SchedulerCache } from "./cache.ts";
import { filterNode, type NodeInfo, scoreNode, unschedulableMessage } from "./plugins.ts";

const SCHEDULER_NAME = "default-scheduler";

/** Binds in flight at most. */
const MAX_BINDS_IN_FLIGHT = 64;

function readyOf(node: KubeObject): string | undefined {
  const conditions = ((node.status ?? {}) as { conditions?: { type: string; status: string }[] })
    .conditions ?? [];
  return conditions.find((c) => c.type === "Ready")?.status;
}

function key(o: KubeObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

function needsScheduling(pod: KubeObject): boolean {
  const spec = (pod.spec ?? {}) as { nodeName?: string; schedulerName?: string };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return !spec.nodeName && (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
    pod.metadata.deletionTimestamp === undefined && phase !== "Succeeded" && phase !== "Failed";
}

/** Schedules pods onto nodes. */
export class Scheduler {
  readonly #logger: Logger;
  readonly #pods: ResourceClient<KubeObject>;
  readonly #events: ResourceClient<KubeObject>;
  readonly #podInformer: Informer<KubeObject>;
  readonly #nodeInformer: Informer<KubeObject>;
  readonly #queue = new WorkQueue({ baseDelayMs: 1000, maxDelayMs: 10_000 });
  /** Nodes and their pods, with assumed pods (chosen, bind not yet seen). */
  readonly #cache = new SchedulerCache();
  /** Where the next cycle starts looking for feasible nodes (round-robin, as kube-scheduler). */
  #nextStartNode = 0;
  /** Binds in flight (the binding cycle runs beside the scheduling loop). */
  readonly #binding = new Set<Promise<void>>();
  /** Pods that could not be placed: retried when the cluster changes. */
  readonly #unschedulable = new Set<string>();
  #workers: Promise<void> | undefined;

  constructor(api: ApiClient, logger?: Logger) {
    this.#logger = logger ?? createLogger("scheduler");
    this.#pods = new ResourceClient(api, {
      group: "",
      version: "v1",
      resource: "pods",
      namespaced: true,
    });
    this.#events = new ResourceClient(api, {
      group: "",
      version: "v1",
      resource: "events",
      namespaced: true,
    });
    const nodes = new ResourceClient<KubeObject>(api, {
      group: "",
      version: "v1",
      resource: "nodes",
      namespaced: false,
    });
    this.#podInformer = new Informer(this.#pods, { logger: this.#logger });
    this.#nodeInformer = new Informer(nodes, { logger: this.#logger });
  }

  /** Starts watching and scheduling. */
  async start(): Promise<void> {
    const retryUnschedulable = () => {
      for (const k of this.#unschedulable) this.#queue.add(k);
      this.#unschedulable.clear();
    };
    this.#podInformer.addHandlers({
      onAdd: (pod) => {
        this.#cache.setPod(key(pod), pod);
        if (needsScheduling(pod)) this.#queue.add(key(pod));
      },
      onUpdate: (_, pod) => {
        this.#cache.setPod(key(pod), pod);
        if (needsScheduling(pod)) this.#queue.add(key(pod));
      },
      onDelete: (pod) => {
        this.#cache.removePod(key(pod));
        retryUnschedulable(); // room may have been freed
      },
    });
    this.#nodeInformer.addHandlers({
      onAdd: (node) => {
        this.#cache.setNode(node);
        retryUnschedulable();
      },
      onUpdate: (old, node) => {
        this.#cache.setNode(node);
        // Heartbeats change only timestamps; retry only when something that matters changed.
        if (
          JSON.stringify(old.spec) !== JSON.stringify(node.spec) ||
          JSON.stringify(old.metadata.labels) !== JSON.stringify(node.metadata.labels) ||
          readyOf(old) !== readyOf(node) ||
          JSON.stringify((old.status as { allocatable?: unknown } | undefined)?.allocatable) !==
            JSON.stringify((node.status as { allocatable?: unknown } | undefined)?.allocatable)
        ) {
          retryUnschedulable();
        }
      },
      onDelete: (node) => this.#cache.removeNode(node.metadata.name!),
    });
    this.#podInformer.start();
    this.#nodeInformer.start();
    await Promise.all([this.#podInformer.synced(), this.#nodeInformer.synced()]);
    this.#workers = this.#work();
  }

  /** Stops scheduling. */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    await Promise.all([this.#podInformer.stop(), this.#nodeInformer.stop()]);
    await this.#workers;
    await Promise.all(this.#binding);
  }

  async #work(): Promise<void> {
    for (;;) {
      const k = await this.#queue.get();
      if (k === undefined) return;
      try {
        await this.#schedule(k);
        this.#queue.forget(k);
      } catch (error) {
        this.#logger.warn("scheduling failed; retrying", { pod: k, error });
        this.#queue.addRateLimited(k);
      } finally {
        this.#queue.done(k);
      }
    }
  }

  async #schedule(k: string): Promise<void> {
    const pod = this.#podInformer.get(k);
    if (pod === undefined || !needsScheduling(pod) || this.#cache.isAssumed(k)) return;
    const infos = this.#cache.nodes();
    const wanted = feasibleNodesToFind(infos.length);
    const reasons: string[] = [];
    const feasible: NodeInfo[] = [];
    // Filter from where the last cycle stopped until enough feasible nodes are found: on a big
    // cluster only a sample is scored, so the cost per pod does not grow with the cluster.
    const start = this.#nextStartNode % Math.max(1, infos.length);
    let examined = 0;
    for (; examined < infos.length && feasible.length < wanted; examined++) {
      const info = infos[(start + examined) % infos.length]!;
      const reason = filterNode(pod, info);
      if (reason === undefined) feasible.push(info);
      else reasons.push(reason);
    }
    this.#nextStartNode = start + examined;
    if (feasible.length === 0) {
      const message = unschedulableMessage(infos.length, reasons);
      this.#unschedulable.add(k);
      await this.#reportUnschedulable(pod, message);
      this.#logger.info("pod is unschedulable", { pod: k, message });
      return;
    }
    let best = feasible[0]!;
    let bestScore = -Infinity;
    for (const info of feasible) {
      const score = scoreNode(pod, info);
      if (
        score > bestScore ||
        (score === bestScore && info.node.metadata.name! < best.node.metadata.name!)
      ) {
        best = info;
        bestScore = score;
      }
    }
    const nodeName = best.node.metadata.name!;
    this.#cache.assume(k, pod, nodeName);
    // The binding cycle runs beside the scheduling loop (bounded): the next pod is placed while
    // this bind is on the wire, and already sees this pod on its node.
    while (this.#binding.size >= MAX_BINDS_IN_FLIGHT) await Promise.race(this.#binding);
    const binding: Promise<void> = this.#bind(k, pod, nodeName).finally(() =>
      this.#binding.delete(binding)
    );
    this.#binding.add(binding);
  }

  async #bind(k: string, pod: KubeObject, nodeName: string): Promise<void> {
    try {
      await bindPod(this.#pods, pod, nodeName);
    } catch (error) {
      this.#cache.forget(k);
      // Bound meanwhile (409) or gone (404): nothing left to do for this pod.
      if (error instanceof ApiStatusError && (error.code === 409 || error.code === 404)) return;
      this.#logger.warn("binding failed; retrying", { pod: k, node: nodeName, error });
      this.#queue.addRateLimited(k);
      return;
    }
    this.#logger.debug(1, "pod scheduled", { pod: k, node: nodeName });
    void this.#event(pod, "Normal", "Scheduled", `Successfully assigned ${k} to ${nodeName}`);
  }

  async #reportUnschedulable(pod: KubeObject, message: string): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    await this.#pods.patch(
      pod.metadata.namespace,
      pod.metadata.name!,
      {
        status: {
          conditions: [{
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message,
            lastTransitionTime: now,
            lastProbeTime: null,
          }],
        },
      },
      "application/strategic-merge-patch+json",
      "status",
    );
    await this.#event(pod, "Warning", "FailedScheduling", message);
  }

  async #event(pod: KubeObject, type: string, reason: string, message: string): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    await this.#events.create({
      apiVersion: "v1",
      kind: "Event",
      metadata: { generateName: `${pod.metadata.name}.`, namespace: pod.metadata.namespace! },
      involvedObject: {
        kind: "Pod",
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
        apiVersion: "v1",
      },
      reason,
      message,
      type,
      source: { component: SCHEDULER_NAME },
      reportingComponent: SCHEDULER_NAME,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    }).catch((error) => this.#logger.debug(1, "event not recorded", { error }));
  }
}

/** POSTs a Binding for `pod` to `nodeName` (pods/binding). */
async function bindPod(
  pods: ResourceClient<KubeObject>,
  pod: KubeObject,
  nodeName: string,
): Promise<void> {
  const binding = {
    apiVersion: "v1",
    kind: "Binding",
    metadata: { name: pod.metadata.name!, namespace: pod.metadata.namespace! },
    target: { apiVersion: "v1", kind: "Node", name: nodeName },
  };
  await pods.subresourceCreate(pod.metadata.namespace, pod.metadata.name!, "binding", binding);
}
