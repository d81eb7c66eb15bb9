/**
 * What a hollow (simulated) node writes, as pure functions: its Node (from the real kubelet's
 * {@link nodeObject} template, with the simulated capacity and addresses), its Lease in
 * kube-node-lease, refreshed conditions, and the status of a pod it "runs" (Running and Ready,
 * built with the real kubelet's container status and condition helpers).
 *
 * @module
 */
import type { KubeObject } from "../client/mod.ts";
import { formatIPv4, parseIPv4 } from "./cidr.ts";
import { containerStatus, type ObservedContainer, podConditions } from "./pod_status.ts";
import type { ContainerLike, PodLike, PodStatus } from "./pod_types.ts";

/** Label every hollow node carries (the hollow-nodes process watches only these). */
export const HOLLOW_LABEL = "node.kubeno.io/hollow";

/** The namespace of node Leases, as the kubelet uses it. */
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

/** A condition of a Node's status. */
export interface NodeCondition {
  type: string;
  status: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Kubernetes' RFC 3339 in seconds. */
export function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Kubernetes' MicroTime (Lease renewTime). */
export function microTime(date: Date): string {
  return date.toISOString().replace("Z", "000Z");
}

/**
 * A fake, unique host address for hollow node `index` in 198.18.0.0/15 (the benchmarking range
 * of RFC 2544: never a real host), so no request meant for a hollow kubelet reaches a real one.
 */
export function hollowHostIP(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 131_070) {
    throw new RangeError(`hollow node index out of range: ${index}`);
  }
  return formatIPv4(parseIPv4("198.18.0.0")! + index + 1);
}

/**
 * The pod range a hollow node uses while the node IPAM controller has not given it a podCIDR:
 * a /24 of 100.64.0.0/10 (shared address space, never routed here) by index; it holds 16,384
 * /24s, so beyond that fallback ranges repeat (the addresses are fake either way).
 */
export function fallbackPodCidr(index: number): string {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`hollow node index out of range for a fallback podCIDR: ${index}`);
  }
  return `${formatIPv4(parseIPv4("100.64.0.0")! + (index % 16_384) * 256)}/24`;
}

/** Which node to build and its simulated machine. */
export interface HollowNodeSpec {
  readonly name: string;
  readonly index: number;
  readonly cpu: string;
  readonly memory: string;
  readonly pods: string;
}

/**
 * A hollow Node from the kubelet's Node `template`: same labels, conditions and nodeInfo shape,
 * with this node's name, simulated capacity (all allocatable), fake address, no podCIDR (the
 * node IPAM controller assigns it) and the {@link HOLLOW_LABEL}.
 */
export function hollowNodeObject(template: KubeObject, spec: HollowNodeSpec): KubeObject {
  const node = structuredClone(template) as KubeObject & {
    status: Record<string, unknown> & { nodeInfo: Record<string, string> };
  };
  node.metadata = {
    name: spec.name,
    labels: {
      ...template.metadata.labels,
      "kubernetes.io/hostname": spec.name,
      [HOLLOW_LABEL]: "true",
    },
  };
  node.spec = {};
  const resources = {
    cpu: spec.cpu,
    memory: spec.memory,
    pods: spec.pods,
    "ephemeral-storage": "100Gi",
  };
  node.status.capacity = resources;
  node.status.allocatable = { ...resources };
  node.status.addresses = [
    { type: "InternalIP", address: hollowHostIP(spec.index) },
    { type: "Hostname", address: spec.name },
  ];
  node.status.nodeInfo = {
    ...node.status.nodeInfo,
    machineID: spec.name,
    systemUUID: spec.name,
    containerRuntimeVersion: "hollow://0.1.0",
  };
  return node;
}

/** The node's Lease (kube-node-lease/<node>, owned by the Node as the kubelet makes it). */
export function nodeLease(
  nodeName: string,
  nodeUid: string | undefined,
  durationSeconds: number,
  now: Date,
): KubeObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name: nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ...(nodeUid === undefined ? {} : {
        ownerReferences: [{ apiVersion: "v1", kind: "Node", name: nodeName, uid: nodeUid }],
      }),
    },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: durationSeconds,
      renewTime: microTime(now),
    },
  };
}

/**
 * The `wanted` conditions with heartbeat `now`; each keeps its lastTransitionTime from
 * `current` when its status did not change (so a refresh is not a transition).
 */
export function refreshedConditions(
  wanted: readonly NodeCondition[],
  current: readonly NodeCondition[],
  now: Date,
): NodeCondition[] {
  const time = kubeTime(now);
  return wanted.map((condition) => {
    const old = current.find((c) => c.type === condition.type);
    return {
      ...condition,
      lastHeartbeatTime: time,
      lastTransitionTime: old?.status === condition.status && old.lastTransitionTime
        ? old.lastTransitionTime
        : time,
    };
  });
}

/** True when the node's Ready condition is True. */
export function nodeIsReady(node: KubeObject): boolean {
  const conditions = ((node.status ?? {}) as { conditions?: NodeCondition[] }).conditions ?? [];
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** True when the pod already shows what a hollow node reports: Running, Ready, with an IP. */
export function podLooksRunning(pod: PodLike & KubeObject): boolean {
  const status = pod.status as Partial<PodStatus> | undefined;
  return status?.phase === "Running" && status.podIP !== undefined &&
    (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

function fakeInstance(pod: PodLike & KubeObject, c: ContainerLike, started: string) {
  return {
    id: `hollow-${pod.metadata.uid ?? ""}-${c.name}`,
    name: c.name,
    restartCount: 0,
    hash: "",
    sandboxId: "",
    image: c.image ?? "",
    imageId: "sha256:hollow",
    state: "running",
    running: true,
    exitCode: 0,
    oomKilled: false,
    error: "",
    createdAt: started,
    startedAt: started,
    terminationMessagePolicy: "File",
  } satisfies ObservedContainer;
}

/**
 * The status a hollow node reports for a pod it runs: Running, every container running and
 * ready (init containers terminated with exit 0), Ready conditions, `podIP` and the node's
 * `hostIP`.
 */
export function runningPodStatus(
  pod: PodLike & KubeObject,
  podIP: string,
  hostIP: string,
  now: Date,
): PodStatus & { initContainerStatuses?: unknown[] } {
  const time = kubeTime(now);
  const statuses = (pod.spec?.containers ?? []).map((c) =>
    containerStatus(c, { instances: [fakeInstance(pod, c, time)] })
  );
  const inits = ((pod.spec as { initContainers?: ContainerLike[] } | undefined)?.initContainers ??
    []).map((c) => ({
      name: c.name,
      state: {
        terminated: { exitCode: 0, reason: "Completed", startedAt: time, finishedAt: time },
      },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: c.image ?? "",
      imageID: "docker://sha256:hollow",
      containerID: `docker://hollow-${pod.metadata.uid ?? ""}-${c.name}`,
      started: false,
    }));
  const conditions = [
    ...podConditions(true, statuses, "Running"),
    { type: "PodScheduled", status: "True" },
  ].map((c) => ({ ...c, lastProbeTime: null, lastTransitionTime: time }));
  return {
    phase: "Running",
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: time,
    containerStatuses: statuses,
    ...(inits.length === 0 ? {} : { initContainerStatuses: inits }),
  };
}
