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
  ComponentEventRecorder,
  Informer,
  type KubeObject,
  ResourceClient,
  WorkQueue,
} from "../client/mod.ts";
import { boundNode, feasibleNodesToFind, SchedulerCache } from "./cache.ts";
import { filterNode, type NodeInfo, scoreNode, unschedulableMessage } from "./plugins.ts";

const SCHEDULER_NAME = "default-scheduler";
const POD = { apiVersion: "v1", kind: "Pod" } as const;

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

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

function podScheduledCondition(pod: KubeObject): PodCondition | undefined {
  const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions;
  return conditions?.find((c) => c.type === "PodScheduled");
}

/** True when what the plugins look at in the pod (spec, labels) changed. */
function schedulingInputsChanged(old: KubeObject, pod: KubeObject): boolean {
  return JSON.stringify(old.spec) !== JSON.stringify(pod.spec) ||
    JSON.stringify(old.metadata.labels) !== JSON.stringify(pod.metadata.labels);
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
  readonly #events: ComponentEventRecorder;
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
    this.#events = new ComponentEventRecorder(
      new ResourceClient(api, { group: "", version: "v1", resource: "events", namespaced: true }),
      SCHEDULER_NAME,
      this.#logger,
    );
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
    const retryUnschedulable = () => this.#retryUnschedulable();
    this.#podInformer.addHandlers({
      onAdd: (pod) => {
        this.#cache.setPod(key(pod), pod);
        if (needsScheduling(pod)) this.#queue.add(key(pod));
      },
      onUpdate: (old, pod) => {
        const k = key(pod);
        this.#cache.setPod(k, pod);
        // A pod that finished (or left its node) freed room.
        const freed = boundNode(old);
        if (freed !== undefined && boundNode(pod) !== freed) retryUnschedulable();
        if (!needsScheduling(pod)) {
          this.#unschedulable.delete(k);
          return;
        }
        // An unschedulable pod waits for a change of the cluster or of its own scheduling
        // constraints; its status (our own PodScheduled=False among others) changes nothing.
        if (this.#unschedulable.has(k) && !schedulingInputsChanged(old, pod)) return;
        this.#unschedulable.delete(k);
        this.#queue.add(k);
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
    await this.#events.flush();
  }

  /** Puts every pod found unschedulable back in the queue (the cluster changed). */
  #retryUnschedulable(): void {
    for (const k of this.#unschedulable) this.#queue.add(k);
    this.#unschedulable.clear();
  }

  #work(): Promise<void> {
    return this.#queue.process(
      (k) => this.#schedule(k),
      (k, error) => this.#logger.warn("scheduling failed; retrying", { pod: k, error }),
    );
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
      // The room this pod was assumed to take is free again.
      this.#cache.forget(k);
      this.#retryUnschedulable();
      // Bound meanwhile (409) or gone (404): nothing left to do for this pod.
      if (error instanceof ApiStatusError && (error.code === 409 || error.code === 404)) return;
      this.#logger.warn("binding failed; retrying", { pod: k, node: nodeName, error });
      this.#queue.addRateLimited(k);
      return;
    }
    this.#logger.debug(1, "pod scheduled", { pod: k, node: nodeName });
    this.#events.record(
      POD,
      pod,
      "Normal",
      "Scheduled",
      `Successfully assigned ${k} to ${nodeName}`,
    );
  }

  async #reportUnschedulable(pod: KubeObject, message: string): Promise<void> {
    this.#events.record(POD, pod, "Warning", "FailedScheduling", message);
    const current = podScheduledCondition(pod);
    if (
      current?.status === "False" && current.reason === "Unschedulable" &&
      current.message === message
    ) return; // already says so: no write
    // lastTransitionTime moves only when the condition's status does, as in Kubernetes.
    const now = current?.status === "False" && current.lastTransitionTime
      ? current.lastTransitionTime
      : new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
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
