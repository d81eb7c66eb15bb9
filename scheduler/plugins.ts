/**
 * The scheduler's filter and score plugins (after the kube-scheduler framework), pure functions
 * over a pod and a node's state. A filter answers why a node cannot run the pod (its reason text
 * is what the "0/N nodes are available: ..." message counts); a score ranks feasible nodes from
 * 0 to 100.
 *
 * @module
 */
import { Quantity } from "../api/quantity.ts";
import type { KubeObject } from "../client/mod.ts";

/** Resources as the scheduler adds them up: milli-CPU, memory bytes, pods. */
export interface Resources {
  milliCpu: number;
  memory: number;
  pods: number;
}

/** A node and what is already placed on it. */
export interface NodeInfo {
  readonly node: KubeObject;
  /** Requests of the pods bound (or assumed) to it. */
  readonly requested: Resources;
  /** Host ports in use, as "protocol/port". */
  readonly usedPorts: ReadonlySet<string>;
  /** Labels of its pods, for spreading. */
  readonly podLabels: readonly Record<string, string>[];
}

interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: { hostPort?: number; protocol?: string }[];
}

interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  containers?: Container[];
  initContainers?: Container[];
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        nodeSelectorTerms?: {
          matchExpressions?: { key: string; operator: string; values?: string[] }[];
        }[];
      };
      preferredDuringSchedulingIgnoredDuringExecution?: {
        weight: number;
        preference: { matchExpressions?: { key: string; operator: string; values?: string[] }[] };
      }[];
    };
  };
}

function quantity(text: string | undefined, milli: boolean): number {
  if (text === undefined) return 0;
  try {
    const q = Quantity.parse(String(text));
    return Number(milli ? q.milliValue() : q.value());
  } catch {
    return 0;
  }
}

/**
 * Parsed requests and allocatables by object. Objects from informers are replaced, never
 * mutated, on change, so an entry is valid for as long as its object lives: quantities are
 * parsed once per object instead of once per node per scheduling cycle.
 */
const requestsMemo = new WeakMap<KubeObject, Resources>();
const allocatableMemo = new WeakMap<KubeObject, Resources>();

/** What a pod asks for (the max of init containers and the sum of containers, as Kubernetes). */
export function podRequests(pod: KubeObject): Resources {
  let requests = requestsMemo.get(pod);
  if (requests === undefined) requestsMemo.set(pod, requests = computePodRequests(pod));
  return requests;
}

function computePodRequests(pod: KubeObject): Resources {
  const spec = (pod.spec ?? {}) as PodSpec;
  const sum = { milliCpu: 0, memory: 0, pods: 1 };
  for (const c of spec.containers ?? []) {
    const requests = c.resources?.requests ?? c.resources?.limits ?? {};
    sum.milliCpu += quantity(requests.cpu, true);
    sum.memory += quantity(requests.memory, false);
  }
  for (const c of spec.initContainers ?? []) {
    const requests = c.resources?.requests ?? c.resources?.limits ?? {};
    sum.milliCpu = Math.max(sum.milliCpu, quantity(requests.cpu, true));
    sum.memory = Math.max(sum.memory, quantity(requests.memory, false));
  }
  return sum;
}

/** A node's allocatable resources. */
export function allocatable(node: KubeObject): Resources {
  let result = allocatableMemo.get(node);
  if (result === undefined) allocatableMemo.set(node, result = computeAllocatable(node));
  return result;
}

function computeAllocatable(node: KubeObject): Resources {
  const a = ((node.status ?? {}) as { allocatable?: Record<string, string> }).allocatable ?? {};
  return {
    milliCpu: quantity(a.cpu, true),
    memory: quantity(a.memory, false),
    pods: quantity(a.pods, false),
  };
}

/** Readiness by node object (see {@link requestsMemo} for why per object is sound). */
const readyMemo = new WeakMap<KubeObject, boolean>();

/** True when the node's Ready condition is True. */
export function nodeIsReady(node: KubeObject): boolean {
  let ready = readyMemo.get(node);
  if (ready === undefined) {
    const conditions =
      ((node.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
    ready = conditions.some((c) => c.type === "Ready" && c.status === "True");
    readyMemo.set(node, ready);
  }
  return ready;
}

/** A filter: undefined when the node fits, else the reason (as kube-scheduler words it). */
export type Filter = (pod: KubeObject, info: NodeInfo) => string | undefined;

function matchExpressions(
  labels: Record<string, string>,
  expressions: readonly { key: string; operator: string; values?: string[] }[],
): boolean {
  return expressions.every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case "In":
        return value !== undefined && (e.values ?? []).includes(value);
      case "NotIn":
        return value === undefined || !(e.values ?? []).includes(value);
      case "Exists":
        return value !== undefined;
      case "DoesNotExist":
        return value === undefined;
      case "Gt":
        return value !== undefined && Number(value) > Number(e.values?.[0]);
      case "Lt":
        return value !== undefined && Number(value) < Number(e.values?.[0]);
      default:
        return false;
    }
  });
}

/** The filter plugins, in kube-scheduler's order. */
export const FILTERS: readonly [string, Filter][] = [
  [
    "NodeUnschedulable",
    (_pod, { node }) =>
      (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable
        ? "node(s) were unschedulable"
        : undefined,
  ],
  ["NodeReady", (_pod, { node }) => nodeIsReady(node) ? undefined : "node(s) were not ready"],
  ["NodeName", (pod, { node }) => {
    const wanted = (pod.spec as PodSpec | undefined)?.nodeName;
    return wanted && wanted !== node.metadata.name
      ? "node(s) didn't match the requested node name"
      : undefined;
  }],
  ["NodeAffinity", (pod, { node }) => {
    const spec = (pod.spec ?? {}) as PodSpec;
    const labels = node.metadata.labels ?? {};
    for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) {
      if (labels[key] !== value) return "node(s) didn't match Pod's node affinity/selector";
    }
    const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
    if (
      terms !== undefined && terms.length > 0 &&
      !terms.some((t) => matchExpressions(labels, t.matchExpressions ?? []))
    ) {
      return "node(s) didn't match Pod's node affinity/selector";
    }
    return undefined;
  }],
  ["TaintToleration", (pod, { node }) => {
    const taints =
      ((node.spec ?? {}) as { taints?: { key: string; value?: string; effect: string }[] })
        .taints ?? [];
    const tolerations = ((pod.spec ?? {}) as PodSpec).tolerations ?? [];
    const untolerated = taints.find((taint) =>
      (taint.effect === "NoSchedule" || taint.effect === "NoExecute") &&
      !tolerations.some((t) =>
        (t.effect === undefined || t.effect === "" || t.effect === taint.effect) &&
        (t.operator === "Exists"
          ? (t.key === undefined || t.key === "" || t.key === taint.key)
          : t.key === taint.key && (t.value ?? "") === (taint.value ?? ""))
      )
    );
    return untolerated === undefined
      ? undefined
      : `node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ""}}`;
  }],
  ["NodePorts", (pod, { usedPorts }) => {
    for (const c of ((pod.spec ?? {}) as PodSpec).containers ?? []) {
      for (const p of c.ports ?? []) {
        if (p.hostPort && usedPorts.has(`${p.protocol ?? "TCP"}/${p.hostPort}`)) {
          return "node(s) didn't have free ports for the requested pod ports";
        }
      }
    }
    return undefined;
  }],
  ["NodeResourcesFit", (pod, info) => {
    const want = podRequests(pod);
    const have = allocatable(info.node);
    if (info.requested.pods + 1 > have.pods) return "Too many pods";
    if (want.milliCpu > 0 && info.requested.milliCpu + want.milliCpu > have.milliCpu) {
      return "Insufficient cpu";
    }
    if (want.memory > 0 && info.requested.memory + want.memory > have.memory) {
      return "Insufficient memory";
    }
    return undefined;
  }],
];

/**
 * Why the node cannot run the pod: the first failing filter's reason (later filters are not
 * run, as kube-scheduler stops at the first), or undefined when it fits.
 */
export function filterNode(pod: KubeObject, info: NodeInfo): string | undefined {
  for (const [, filter] of FILTERS) {
    const reason = filter(pod, info);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** The weighted sum of the score plugins for the pod on the node. */
export function scoreNode(pod: KubeObject, info: NodeInfo): number {
  let score = 0;
  for (const [, weight, plugin] of SCORES) score += weight * plugin(pod, info);
  return score;
}

/** Score plugins with their weights. */
export const SCORES: readonly [string, number, (pod: KubeObject, info: NodeInfo) => number][] = [
  // Least allocated: prefer the node with the most room left after placing the pod.
  ["NodeResourcesFit", 1, (pod, info) => {
    const want = podRequests(pod);
    const have = allocatable(info.node);
    const free = (
      used: number,
      total: number,
    ) => (total <= 0 ? 0 : Math.max(0, (total - used) / total));
    return 50 * free(info.requested.milliCpu + want.milliCpu, have.milliCpu) +
      50 * free(info.requested.memory + want.memory, have.memory);
  }],
  // Spread pods that share labels (same service or controller) across nodes.
  ["PodTopologySpread", 2, (pod, info) => {
    const labels = pod.metadata.labels ?? {};
    const keys = Object.entries(labels);
    if (keys.length === 0) return 100;
    let same = 0;
    for (const placed of info.podLabels) {
      if (keys.every(([k, v]) => placed[k] === v)) same++;
    }
    return 100 / (1 + same);
  }],
  ["NodeAffinity", 1, (pod, { node }) => {
    const preferred = ((pod.spec ?? {}) as PodSpec).affinity?.nodeAffinity
      ?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (preferred.length === 0) return 0;
    const total = preferred.reduce((sum, p) => sum + p.weight, 0);
    const matched = preferred.filter((p) =>
      matchExpressions(node.metadata.labels ?? {}, p.preference.matchExpressions ?? [])
    )
      .reduce((sum, p) => sum + p.weight, 0);
    return (100 * matched) / total;
  }],
];

/**
 * Kube-scheduler's message for a pod no node can run: `0/3 nodes are available: 1 Insufficient
 * cpu, 2 node(s) were not ready.` (reasons counted, sorted by text).
 */
export function unschedulableMessage(total: number, reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `${n} ${r}`);
  return `0/${total} nodes are available${parts.length ? `: ${parts.join(", ")}` : ""}.`;
}
