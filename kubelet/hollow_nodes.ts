/**
 * Hollow nodes (kwok's idea): many simulated kubelets in one process. Each registers a Node with
 * capacity, allocatable, conditions and nodeInfo, keeps its Lease in kube-node-lease renewed and
 * its Ready status fresh, and "runs" the pods bound to it by reporting them Running and Ready
 * with an IP from the node's podCIDR; graceful deletions are confirmed at once.
 *
 * Built to scale to 10,000 nodes with few requests: one node informer and one pod informer
 * (scheduled pods only) for all nodes; lease renewals and status refreshes spread evenly over
 * their periods ({@link SpreadSchedule}); every write goes through a de-duplicating work queue
 * with a fixed number of workers, so requests in flight are bounded and a node or pod whose
 * write is already pending is not written twice.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import {
  type ApiClient,
  ApiStatusError,
  Informer,
  keyOf,
  type KubeObject,
  ResourceClient,
  WorkQueue,
} from "../client/mod.ts";
import { formatIPv4, parseCidr, parseIPv4 } from "./cidr.ts";
import type { HollowConfig } from "./hollow_flags.ts";
import {
  fallbackPodCidr,
  HOLLOW_LABEL,
  hollowHostIP,
  hollowNodeObject,
  microTime,
  NODE_LEASE_NAMESPACE,
  type NodeCondition,
  nodeIsReady,
  nodeLease,
  podLooksRunning,
  refreshedConditions,
  runningPodStatus,
} from "./hollow_objects.ts";
import { SpreadSchedule } from "./hollow_spread.ts";
import { nextFreeAddress } from "./ip_allocator.ts";
import { nodeObject } from "./node_status.ts";
import type { PodLike } from "./pod_types.ts";

/** How often the heartbeat schedules are looked at. */
const TICK_MS = 100;

/** One simulated node's local state. */
interface HollowNode {
  readonly name: string;
  readonly index: number;
  /** Pod uid -> address, for the pods this node runs. */
  readonly ips: Map<string, number>;
  lastIp: number | undefined;
  /** Set once its Node and Lease exist: heartbeats start then. */
  registered: boolean;
}

type HollowPod = KubeObject & PodLike;

/** A fleet of simulated nodes. */
export class HollowNodes {
  readonly #config: HollowConfig;
  readonly #logger: Logger;
  readonly #nodes: ResourceClient<KubeObject>;
  readonly #leases: ResourceClient<KubeObject>;
  readonly #pods: ResourceClient<KubeObject>;
  readonly #nodeInformer: Informer<KubeObject>;
  readonly #podInformer: Informer<KubeObject>;
  /** Heartbeat writes, keyed `lease/<node>` or `status/<node>`. */
  readonly #heartbeats = new WorkQueue({ baseDelayMs: 200, maxDelayMs: 5000 });
  /** Pod writes, keyed `namespace/name`. */
  readonly #podQueue = new WorkQueue({ baseDelayMs: 200, maxDelayMs: 10_000 });
  readonly #byName = new Map<string, HollowNode>();
  readonly #list: HollowNode[] = [];
  /** The Ready-and-pressure conditions every node reports (from the kubelet's template). */
  #conditions: NodeCondition[] = [];
  #template: KubeObject | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #workers: Promise<void>[] = [];
  #stopped = false;

  constructor(api: ApiClient, config: HollowConfig, logger?: Logger) {
    this.#config = config;
    this.#logger = logger ?? createLogger("hollow-nodes");
    const client = (group: string, resource: string, namespaced: boolean) =>
      new ResourceClient<KubeObject>(api, { group, version: "v1", resource, namespaced });
    this.#nodes = client("", "nodes", false);
    this.#leases = client("coordination.k8s.io", "leases", true);
    this.#pods = client("", "pods", true);
    this.#nodeInformer = new Informer(this.#nodes, {
      labelSelector: `${HOLLOW_LABEL}=true`,
      logger: this.#logger,
    });
    this.#podInformer = new Informer(this.#pods, {
      fieldSelector: "spec.nodeName!=",
      logger: this.#logger,
    });
    for (let index = 0; index < config.count; index++) {
      const node = {
        name: `${config.namePrefix}${index}`,
        index,
        ips: new Map(),
        lastIp: undefined,
        registered: false,
      };
      this.#byName.set(node.name, node);
      this.#list.push(node);
    }
  }

  /** The names of the simulated nodes. */
  get nodeNames(): string[] {
    return this.#list.map((n) => n.name);
  }

  /**
   * Registers every node and its Lease (bounded concurrency), then starts the heartbeats and
   * the pod loop. Resolves once all nodes are registered.
   */
  async start(): Promise<void> {
    this.#template = await nodeObject({
      nodeName: "hollow",
      podCIDR: "",
      hostIP: "198.18.0.1",
      kubeletPort: 10250,
      docker: {
        Version: "hollow",
        ApiVersion: "",
        Os: "linux",
        Arch: "",
        KernelVersion: Deno.osRelease(),
      },
    });
    this.#conditions = (this.#template.status as { conditions: NodeCondition[] }).conditions
      .map(({ type, status, reason, message }) => ({
        type,
        status,
        ...(reason === undefined ? {} : { reason }),
        ...(message === undefined ? {} : { message }),
      }));
    this.#nodeInformer.addHandlers({
      onUpdate: (_, node) => {
        // Marked NotReady/Unknown by the node controller while we live: say Ready again now.
        if (this.#byName.has(node.metadata.name!) && !nodeIsReady(node)) {
          this.#heartbeats.add(`status/${node.metadata.name}`);
        }
        // A podCIDR just assigned lets waiting pods get their addresses.
        if (JSON.stringify(_.spec) !== JSON.stringify(node.spec)) this.#requeuePodsOf(node);
      },
    });
    this.#nodeInformer.start();
    await this.#nodeInformer.synced();
    // Heartbeats run from the start: on a big fleet registration takes long enough that the
    // first nodes' leases would otherwise expire before the last node is registered.
    const now = performance.now();
    const leases = new SpreadSchedule(
      this.#list.length,
      (this.#config.leaseDurationSeconds * 1000) / 4,
      now,
    );
    const statuses = new SpreadSchedule(this.#list.length, this.#config.statusIntervalMs, now);
    this.#ticker = setInterval(() => {
      const t = performance.now();
      for (const i of leases.due(t)) {
        if (this.#list[i]!.registered) this.#heartbeats.add(`lease/${this.#list[i]!.name}`);
      }
      for (const i of statuses.due(t)) {
        if (this.#list[i]!.registered) this.#heartbeats.add(`status/${this.#list[i]!.name}`);
      }
    }, TICK_MS);
    // Heartbeats get a third of the request budget, registration and then pods the rest.
    const heartbeatWorkers = Math.max(1, Math.floor(this.#config.concurrency / 3));
    const podWorkers = Math.max(1, this.#config.concurrency - heartbeatWorkers);
    this.#workers = [...Array(heartbeatWorkers)].map(() =>
      this.#work(this.#heartbeats, (k) => this.#heartbeat(k))
    );
    const started = performance.now();
    await this.#register(podWorkers);
    this.#logger.info("nodes registered", {
      count: this.#config.count,
      seconds: ((performance.now() - started) / 1000).toFixed(1),
    });
    if (this.#stopped) return;
    this.#podInformer.addHandlers({
      onAdd: (pod) => this.#podChanged(pod),
      onUpdate: (_, pod) => this.#podChanged(pod),
      onDelete: (pod) => this.#podGone(pod),
    });
    this.#podInformer.start();
    await this.#podInformer.synced();
    this.#workers.push(
      ...[...Array(podWorkers)].map(() => this.#work(this.#podQueue, (k) => this.#syncPod(k))),
    );
  }

  /** Stops heartbeats and the pod loop (the nodes stay registered and go stale). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#ticker);
    this.#heartbeats.shutDown();
    this.#podQueue.shutDown();
    await Promise.all([this.#nodeInformer.stop(), this.#podInformer.stop()]);
    await Promise.all(this.#workers);
  }

  /** Creates every node and lease, `concurrency` at a time. */
  async #register(concurrency: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < this.#list.length && !this.#stopped) {
        const node = this.#list[next++]!;
        for (let attempt = 0;; attempt++) {
          try {
            await this.#registerOne(node);
            node.registered = true;
            break;
          } catch (error) {
            if (attempt >= 5 || this.#stopped) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
          }
        }
      }
    };
    await Promise.all(
      [...Array(Math.min(concurrency, this.#list.length))].map(worker),
    );
  }

  async #registerOne(node: HollowNode): Promise<void> {
    const desired = hollowNodeObject(this.#template!, {
      name: node.name,
      index: node.index,
      cpu: this.#config.cpu,
      memory: this.#config.memory,
      pods: this.#config.pods,
    });
    let uid: string | undefined;
    try {
      uid = (await this.#nodes.create(desired)).metadata.uid;
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.code === 409)) throw error;
      // Registered by an earlier run: take over its status (capacity, Ready again).
      const current = this.#nodeInformer.get(node.name) ??
        await this.#nodes.get(undefined, node.name);
      uid = current.metadata.uid;
      await this.#nodes.patch(
        undefined,
        node.name,
        { status: desired.status },
        "application/merge-patch+json",
        "status",
      );
    }
    await this.#renewLease(node.name, uid);
  }

  #work(queue: WorkQueue, sync: (key: string) => Promise<void>): Promise<void> {
    return queue.process(
      sync,
      (key, error) => this.#logger.debug(1, "hollow write failed; retrying", { key, error }),
    );
  }

  async #heartbeat(k: string): Promise<void> {
    const [kind, name] = k.split("/") as [string, string];
    if (kind === "lease") await this.#renewLease(name, this.#nodeInformer.get(name)?.metadata.uid);
    else await this.#refreshStatus(name);
  }

  /** Renews the node's Lease (one merge patch), creating it when missing. */
  async #renewLease(name: string, nodeUid: string | undefined): Promise<void> {
    const now = new Date();
    try {
      await this.#leases.patch(NODE_LEASE_NAMESPACE, name, {
        spec: { renewTime: microTime(now), holderIdentity: name },
      });
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
      try {
        await this.#leases.create(
          nodeLease(name, nodeUid, this.#config.leaseDurationSeconds, now),
        );
      } catch (createError) {
        if (!(createError instanceof ApiStatusError && createError.code === 409)) {
          throw createError;
        }
      }
    }
  }

  /** Posts the node's conditions with a fresh heartbeat (Ready=True). */
  async #refreshStatus(name: string): Promise<void> {
    const current = this.#nodeInformer.get(name);
    const conditions = refreshedConditions(
      this.#conditions,
      ((current?.status ?? {}) as { conditions?: NodeCondition[] }).conditions ?? [],
      new Date(),
    );
    try {
      await this.#nodes.patch(
        undefined,
        name,
        { status: { conditions } },
        "application/merge-patch+json",
        "status",
      );
    } catch (error) {
      // Deleted behind our back: register it again.
      if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
      await this.#registerOne(this.#byName.get(name)!);
    }
  }

  #podChanged(pod: KubeObject): void {
    const nodeName = (pod as HollowPod).spec?.nodeName;
    if (nodeName === undefined || !this.#byName.has(nodeName)) return;
    const p = pod as HollowPod;
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (phase === "Succeeded" || phase === "Failed") {
      this.#release(p);
      return;
    }
    if (p.metadata.deletionTimestamp !== undefined || !podLooksRunning(p)) {
      this.#podQueue.add(keyOf(pod));
    } else {
      this.#reserve(p);
    }
  }

  #podGone(pod: KubeObject): void {
    this.#release(pod as HollowPod);
  }

  #requeuePodsOf(node: KubeObject): void {
    // Only pods still waiting for an address (not running yet) are affected.
    for (const pod of this.#podInformer.list()) {
      if ((pod as HollowPod).spec?.nodeName === node.metadata.name) this.#podChanged(pod);
    }
  }

  /** Records the address a running pod already has (after a restart of this process). */
  #reserve(pod: HollowPod): void {
    const node = this.#byName.get(pod.spec!.nodeName!)!;
    const uid = pod.metadata.uid!;
    const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
    if (node.ips.has(uid) || ip === undefined) return;
    const address = parseIPv4(ip);
    if (address !== undefined) node.ips.set(uid, address);
  }

  #release(pod: HollowPod): void {
    const node = pod.spec?.nodeName === undefined ? undefined : this.#byName.get(pod.spec.nodeName);
    node?.ips.delete(pod.metadata.uid ?? "");
  }

  /** The address of `pod` on `node`, allocated from the node's podCIDR when new. */
  #addressOf(node: HollowNode, pod: HollowPod): string | undefined {
    const uid = pod.metadata.uid!;
    const held = node.ips.get(uid);
    if (held !== undefined) return formatIPv4(held);
    const spec = (this.#nodeInformer.get(node.name)?.spec ?? {}) as { podCIDR?: string };
    const cidr = parseCidr(spec.podCIDR ?? fallbackPodCidr(node.index));
    const ip = nextFreeAddress(cidr, new Set(node.ips.values()), node.lastIp);
    if (ip === undefined) return undefined;
    node.ips.set(uid, ip);
    node.lastIp = ip;
    return formatIPv4(ip);
  }

  async #syncPod(k: string): Promise<void> {
    const pod = this.#podInformer.get(k) as HollowPod | undefined;
    if (pod === undefined) return;
    const node = this.#byName.get(pod.spec?.nodeName ?? "");
    if (node === undefined) return;
    if (pod.metadata.deletionTimestamp !== undefined) {
      // Nothing runs, so nothing to stop: confirm the deletion at once.
      try {
        await this.#pods.delete(pod.metadata.namespace, pod.metadata.name!, {
          gracePeriodSeconds: 0,
          preconditions: { uid: pod.metadata.uid! },
        });
      } catch (error) {
        if (!(error instanceof ApiStatusError && (error.code === 404 || error.code === 409))) {
          throw error;
        }
      }
      this.#release(pod);
      return;
    }
    if (podLooksRunning(pod)) return;
    const podIP = this.#addressOf(node, pod);
    if (podIP === undefined) {
      this.#logger.warn("no pod address left on the node", { node: node.name, pod: k });
      throw new RangeError(`node ${node.name} has no free pod address`);
    }
    const status = runningPodStatus(pod, podIP, hollowHostIP(node.index), new Date());
    try {
      await this.#pods.patch(
        pod.metadata.namespace,
        pod.metadata.name!,
        { status },
        "application/merge-patch+json",
        "status",
      );
    } catch (error) {
      if (error instanceof ApiStatusError && (error.code === 404 || error.code === 409)) return;
      throw error;
    }
  }
}
