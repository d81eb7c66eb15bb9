/**
 * The scheduler's cache (after kube-scheduler's): what is placed on each node, kept up to date
 * incrementally from the informers' events instead of being rebuilt per pod, plus assumed pods
 * (chosen for a node, bind not yet seen) so consecutive pods see each other before the bind
 * lands.
 *
 * Invariants: a pod key is placed on at most one node; each node's `requested`, `usedPorts` and
 * `podLabels` are exactly the sums over its placed pods.
 *
 * @module
 */
import type { KubeObject } from "../client/mod.ts";
import { type NodeInfo, podRequests, type Resources } from "./plugins.ts";

interface Placement {
  readonly node: string;
  readonly pod: KubeObject;
  readonly assumed: boolean;
}

/** One node's entry; satisfies the plugins' {@link NodeInfo}. */
class NodeEntry implements NodeInfo {
  node: KubeObject;
  readonly requested: Resources = { milliCpu: 0, memory: 0, pods: 0 };
  usedPorts = new Set<string>();
  podLabels: Record<string, string>[] = [];
  readonly pods = new Map<string, KubeObject>();

  constructor(node: KubeObject) {
    this.node = node;
  }

  add(key: string, pod: KubeObject): void {
    this.pods.set(key, pod);
    const r = podRequests(pod);
    this.requested.milliCpu += r.milliCpu;
    this.requested.memory += r.memory;
    this.requested.pods += 1;
    this.podLabels.push(pod.metadata.labels ?? {});
    for (const port of hostPorts(pod)) this.usedPorts.add(port);
  }

  remove(key: string): void {
    const pod = this.pods.get(key);
    if (pod === undefined) return;
    this.pods.delete(key);
    const r = podRequests(pod);
    this.requested.milliCpu -= r.milliCpu;
    this.requested.memory -= r.memory;
    this.requested.pods -= 1;
    // Rebuilt from the node's remaining pods (at most ~110): simpler than reference counts.
    this.podLabels = [...this.pods.values()].map((p) => p.metadata.labels ?? {});
    this.usedPorts = new Set([...this.pods.values()].flatMap(hostPorts));
  }
}

function hostPorts(pod: KubeObject): string[] {
  const containers = ((pod.spec ?? {}) as {
    containers?: { ports?: { hostPort?: number; protocol?: string }[] }[];
  }).containers ?? [];
  return containers.flatMap((c) =>
    (c.ports ?? []).filter((p) => p.hostPort).map((p) => `${p.protocol ?? "TCP"}/${p.hostPort}`)
  );
}

/** The node whose resources the pod holds: the one it is bound to, while it has not finished. */
export function boundNode(pod: KubeObject): string | undefined {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return nodeName && phase !== "Succeeded" && phase !== "Failed" ? nodeName : undefined;
}

/** Nodes and the pods placed on them. */
export class SchedulerCache {
  readonly #nodes = new Map<string, NodeEntry>();
  readonly #placements = new Map<string, Placement>();
  /** Node names in a stable order, for round-robin sampling; rebuilt when nodes come or go. */
  #order: NodeEntry[] | undefined;

  /** A node was added or changed. */
  setNode(node: KubeObject): void {
    const name = node.metadata.name!;
    const entry = this.#nodes.get(name);
    if (entry !== undefined) {
      entry.node = node;
      return;
    }
    const created = new NodeEntry(node);
    this.#nodes.set(name, created);
    // Pods seen before their node (informers race) are placed now.
    for (const [key, placement] of this.#placements) {
      if (placement.node === name) created.add(key, placement.pod);
    }
    this.#order = undefined;
  }

  /** A node was deleted. */
  removeNode(name: string): void {
    if (this.#nodes.delete(name)) this.#order = undefined;
  }

  /** A pod was added or changed: placed where it is bound (an assumption it confirms ends). */
  setPod(key: string, pod: KubeObject): void {
    const node = boundNode(pod);
    const current = this.#placements.get(key);
    if (node === undefined) {
      // Unbound: keep an assumption (its bind is still on the way); else nothing is placed.
      if (current !== undefined && !current.assumed) this.#unplace(key);
      return;
    }
    if (current !== undefined) this.#unplace(key);
    this.#place(key, { node, pod, assumed: false });
  }

  /** A pod was deleted. */
  removePod(key: string): void {
    this.#unplace(key);
  }

  /** Counts `pod` on `node` before its bind is seen. */
  assume(key: string, pod: KubeObject, node: string): void {
    this.#unplace(key);
    this.#place(key, { node, pod, assumed: true });
  }

  /** Drops an assumption (its bind failed); a confirmed placement stays. */
  forget(key: string): void {
    if (this.#placements.get(key)?.assumed) this.#unplace(key);
  }

  /** True while `key` is assumed and its bind not yet seen. */
  isAssumed(key: string): boolean {
    return this.#placements.get(key)?.assumed ?? false;
  }

  /** Every node, in a stable order. */
  nodes(): readonly NodeInfo[] {
    this.#order ??= [...this.#nodes.values()];
    return this.#order;
  }

  #place(key: string, placement: Placement): void {
    this.#placements.set(key, placement);
    this.#nodes.get(placement.node)?.add(key, placement.pod);
  }

  #unplace(key: string): void {
    const placement = this.#placements.get(key);
    if (placement === undefined) return;
    this.#placements.delete(key);
    this.#nodes.get(placement.node)?.remove(key);
  }
}

/**
 * How many feasible nodes to look for before scoring (kube-scheduler's adaptive
 * percentageOfNodesToScore): all of a small cluster, else max(5, 50 - nodes/125) percent, and
 * never fewer than 100, so cost per pod stops growing with the cluster.
 */
export function feasibleNodesToFind(total: number): number {
  if (total <= 100) return total;
  const percentage = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * percentage) / 100));
}
