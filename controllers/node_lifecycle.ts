/**
 * The node lifecycle controller (after kube-controller-manager's node lifecycle and taint
 * eviction controllers). Every monitor period it compares each node's Lease renewTime and Ready
 * heartbeat with what it saw last; a node with neither renewed for the grace period gets its
 * conditions set to Unknown ("Kubelet stopped posting node status."). A node's lifecycle taints
 * follow its Ready condition (unreachable / not-ready, NoSchedule and NoExecute; removed when it
 * is Ready again), and the pods of a node with a NoExecute lifecycle taint are deleted (evicted,
 * with an Event) once their toleration time has passed since the taint was added.
 *
 * Probe times are this process's clock: after a (re)start every node gets a full grace period.
 *
 * It uses the manager's shared, unfiltered informers (all pods, all leases) rather than ones
 * selecting bound pods and the kube-node-lease namespace, so it shares their watches; unbound
 * pods are skipped by the node index, and node leases are looked up by their key.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import {
  ApiStatusError,
  ComponentEventRecorder,
  type Informer,
  keyOf,
  type KubeObject,
  ResourceClient,
  type ResourceId,
  type SharedInformers,
  WorkQueue,
} from "../client/mod.ts";
import {
  conditionsOf,
  evictionDelayMs,
  lifecycleNoExecute,
  taintsOf,
  withLifecycleTaints,
} from "./node_lifecycle_taints.ts";

/** Settings of the {@link NodeLifecycleController}. */
export interface NodeLifecycleOptions {
  readonly gracePeriodMs: number;
  readonly podEvictionTimeoutMs: number;
  readonly monitorPeriodMs: number;
}

/** What was last seen of a node's heartbeats, and when it last changed (local clock). */
interface Health {
  renewTime: string | undefined;
  heartbeat: string | undefined;
  probeMs: number;
}

const NODE_LEASE_NAMESPACE = "kube-node-lease";
const COMPONENT = "node-controller";

function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function nodeNameOf(pod: KubeObject): string | undefined {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName || undefined;
}

/** Marks silent nodes NotReady, taints them, and evicts their pods. */
export class NodeLifecycleController {
  readonly #logger: Logger;
  readonly #options: NodeLifecycleOptions;
  readonly #nodes: ResourceClient<KubeObject>;
  readonly #pods: ResourceClient<KubeObject>;
  readonly #recorder: ComponentEventRecorder;
  readonly #nodeInformer: Informer<KubeObject>;
  readonly #leaseInformer: Informer<KubeObject>;
  readonly #podInformer: Informer<KubeObject>;
  readonly #queue = new WorkQueue({ baseDelayMs: 200, maxDelayMs: 10_000 });
  readonly #health = new Map<string, Health>();
  /** Keys of bound pods by node name (kept by the pod informer's handlers). */
  readonly #podsByNode = new Map<string, Set<string>>();
  #ticker: ReturnType<typeof setInterval> | undefined;
  #workers: Promise<void>[] = [];

  constructor(informers: SharedInformers, options: NodeLifecycleOptions, logger?: Logger) {
    this.#logger = logger ?? createLogger("node-lifecycle-controller");
    this.#options = options;
    const id = (group: string, resource: string, namespaced: boolean): ResourceId => ({
      group,
      version: "v1",
      resource,
      namespaced,
    });
    const client = (group: string, resource: string, namespaced: boolean) =>
      new ResourceClient<KubeObject>(informers.api, id(group, resource, namespaced));
    this.#nodes = client("", "nodes", false);
    this.#pods = client("", "pods", true);
    this.#recorder = new ComponentEventRecorder(
      client("", "events", true),
      COMPONENT,
      this.#logger,
    );
    this.#nodeInformer = informers.informer(id("", "nodes", false));
    // Every lease (shared with the GC); only kube-node-lease/<node> is ever looked up.
    this.#leaseInformer = informers.informer(id("coordination.k8s.io", "leases", true));
    // Every pod (shared with the other controllers); unbound ones stay out of #podsByNode.
    this.#podInformer = informers.informer(id("", "pods", true));
  }

  /** Starts watching and monitoring. */
  async start(workers = 4): Promise<void> {
    const index = (pod: KubeObject, add: boolean) => {
      const node = nodeNameOf(pod);
      if (node === undefined) return;
      let keys = this.#podsByNode.get(node);
      if (add) {
        if (keys === undefined) this.#podsByNode.set(node, keys = new Set());
        keys.add(keyOf(pod));
      } else {
        keys?.delete(keyOf(pod));
        if (keys?.size === 0) this.#podsByNode.delete(node);
      }
    };
    this.#podInformer.addHandlers({
      onAdd: (pod) => index(pod, true),
      onUpdate: (old, pod) => {
        // A pod's node only changes from none to one (binding), or when a relist shows a
        // re-created namesake as an update: then the old one leaves its node.
        if (nodeNameOf(old) !== nodeNameOf(pod)) index(old, false);
        index(pod, true);
      },
      onDelete: (pod) => index(pod, false),
    });
    this.#nodeInformer.addHandlers({
      onDelete: (node) => this.#health.delete(node.metadata.name!),
    });
    for (const informer of [this.#nodeInformer, this.#leaseInformer, this.#podInformer]) {
      informer.start();
    }
    await Promise.all(
      [this.#nodeInformer, this.#leaseInformer, this.#podInformer].map((i) => i.synced()),
    );
    this.#ticker = setInterval(() => this.#monitor(), this.#options.monitorPeriodMs);
    this.#workers = [...Array(workers)].map(() => this.#work());
  }

  /** Stops monitoring (the shared informers are their owner's to stop). */
  async stop(): Promise<void> {
    clearInterval(this.#ticker);
    this.#queue.shutDown();
    await Promise.all(this.#workers);
  }

  /** True when the node's heartbeats have been silent for longer than the grace period. */
  #stale(node: KubeObject, now: number): boolean {
    const name = node.metadata.name!;
    const lease = this.#leaseInformer.get(`${NODE_LEASE_NAMESPACE}/${name}`);
    const renewTime = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
    const heartbeat = conditionsOf(node).find((c) => c.type === "Ready")?.lastHeartbeatTime;
    let health = this.#health.get(name);
    if (health === undefined) {
      this.#health.set(name, health = { renewTime, heartbeat, probeMs: now });
    } else if (health.renewTime !== renewTime || health.heartbeat !== heartbeat) {
      health.renewTime = renewTime;
      health.heartbeat = heartbeat;
      health.probeMs = now;
    }
    return now - health.probeMs > this.#options.gracePeriodMs;
  }

  /** One monitor pass: queues every node that needs a write or an eviction check. */
  #monitor(): void {
    const now = performance.now();
    for (const node of this.#nodeInformer.list()) {
      const ready = conditionsOf(node).find((c) => c.type === "Ready")?.status;
      const stale = this.#stale(node, now);
      if (
        (stale && ready !== "Unknown") ||
        withLifecycleTaints(taintsOf(node), ready, "") !== undefined ||
        (lifecycleNoExecute(node) !== undefined &&
          (this.#podsByNode.get(node.metadata.name!)?.size ?? 0) > 0)
      ) {
        this.#queue.add(node.metadata.name!);
      }
    }
  }

  #work(): Promise<void> {
    return this.#queue.process(
      (name) => this.#sync(name),
      (name, error) =>
        this.#logger.warn("node lifecycle sync failed; retrying", { node: name, error }),
    );
  }

  async #sync(name: string): Promise<void> {
    const node = this.#nodeInformer.get(name);
    if (node === undefined) return;
    const now = new Date();
    const conditions = conditionsOf(node);
    const ready = conditions.find((c) => c.type === "Ready");
    if (this.#stale(node, performance.now()) && ready?.status !== "Unknown") {
      await this.#markUnknown(node, now);
      return; // the informer brings the new status; taints follow on the next pass
    }
    const taints = withLifecycleTaints(taintsOf(node), ready?.status, kubeTime(now));
    if (taints !== undefined) {
      // resourceVersion: a concurrent taint edit (kubectl taint) is not overwritten.
      await this.#nodes.patch(undefined, name, {
        metadata: { resourceVersion: node.metadata.resourceVersion },
        spec: { taints },
      });
      this.#logger.info("node taints updated", {
        node: name,
        ready: ready?.status ?? "never reported",
      });
      return;
    }
    await this.#evict(node, now);
  }

  async #markUnknown(node: KubeObject, now: Date): Promise<void> {
    const name = node.metadata.name!;
    const time = kubeTime(now);
    const current = conditionsOf(node);
    const conditions = current.some((c) => c.type === "Ready")
      ? current.map((c) => ({
        ...c,
        status: "Unknown",
        reason: "NodeStatusUnknown",
        message: "Kubelet stopped posting node status.",
        lastTransitionTime: c.status === "Unknown" ? c.lastTransitionTime : time,
      }))
      : [...current, {
        type: "Ready",
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        lastHeartbeatTime: time,
        lastTransitionTime: time,
      }];
    await this.#nodes.patch(
      undefined,
      name,
      { metadata: { resourceVersion: node.metadata.resourceVersion }, status: { conditions } },
      "application/merge-patch+json",
      "status",
    );
    this.#logger.info("node stopped posting status: NotReady", { node: name });
    this.#recorder.record(
      { apiVersion: "v1", kind: "Node" },
      node,
      "Normal",
      "NodeNotReady",
      `Node ${name} status is now: NodeNotReady`,
    );
  }

  /** Deletes the node's pods whose toleration of its NoExecute taint has run out. */
  async #evict(node: KubeObject, now: Date): Promise<void> {
    const taint = lifecycleNoExecute(node);
    if (taint === undefined) return;
    const since = taint.timeAdded ? Date.parse(taint.timeAdded) : now.getTime();
    for (const k of [...(this.#podsByNode.get(node.metadata.name!) ?? [])]) {
      const pod = this.#podInformer.get(k);
      if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) continue;
      const delay = evictionDelayMs(pod, taint, this.#options.podEvictionTimeoutMs);
      if (delay === undefined || now.getTime() < since + delay) continue;
      try {
        await this.#pods.delete(pod.metadata.namespace, pod.metadata.name!, {
          preconditions: { uid: pod.metadata.uid! },
        });
      } catch (error) {
        if (error instanceof ApiStatusError && (error.code === 404 || error.code === 409)) continue;
        throw error;
      }
      this.#logger.info("pod evicted from a NotReady node", { pod: k, node: node.metadata.name });
      this.#recorder.record(
        { apiVersion: "v1", kind: "Pod" },
        pod,
        "Normal",
        "TaintManagerEviction",
        `Marking for deletion Pod ${k}`,
      );
    }
  }
}
