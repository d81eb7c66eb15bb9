/**
 * How the runtime names and labels its Docker containers, like dockershim did: names
 * `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>` (`POD` for the sandbox) and labels that let
 * a restarted kubelet rebuild its view of every pod from Docker alone. Pure.
 *
 * @module
 */
import type { ContainerLike, PodLike } from "./pod_types.ts";

/** Label keys (the io.kubernetes.* ones are dockershim's). */
export const LABELS = {
  podName: "io.kubernetes.pod.name",
  podNamespace: "io.kubernetes.pod.namespace",
  podUid: "io.kubernetes.pod.uid",
  containerName: "io.kubernetes.container.name",
  /** `podsandbox` or `container`. */
  type: "io.kubernetes.docker.type",
  sandboxId: "io.kubernetes.sandbox.id",
  restartCount: "io.kubernetes.container.restartCount",
  containerHash: "io.kubernetes.container.hash",
  gracePeriod: "io.kubernetes.pod.terminationGracePeriod",
  terminationMessagePath: "io.kubernetes.container.terminationMessagePath",
  terminationMessagePolicy: "io.kubernetes.container.terminationMessagePolicy",
  /** The node (kubelet) that owns the container: several share one engine here. */
  node: "io.kubeno.node",
  /** The address the sandbox holds on the pod network (empty on the host network). */
  podIP: "io.kubeno.pod.ip",
  /** The sandbox's attempt number. */
  sandboxAttempt: "io.kubeno.sandbox.attempt",
  /** The image as the pod spec names it. */
  image: "io.kubeno.container.image",
} as const;

/** `io.kubernetes.docker.type` of a sandbox. */
export const TYPE_SANDBOX = "podsandbox";
/** `io.kubernetes.docker.type` of an app container. */
export const TYPE_CONTAINER = "container";
/** The container name dockershim gives sandboxes. */
export const SANDBOX_CONTAINER_NAME = "POD";

/** The pod's identity, required to run it. */
export interface PodIdentity {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

/** name, namespace (default `default`) and uid of a pod; TypeError when name or uid is missing. */
export function podIdentity(pod: PodLike): PodIdentity {
  const name = pod.metadata?.name;
  const uid = pod.metadata?.uid;
  if (!name || !uid) throw new TypeError("a pod to run needs metadata.name and metadata.uid");
  return { name, namespace: pod.metadata?.namespace || "default", uid };
}

/** `name_namespace(uid)`, the kubelet's format.Pod. */
export function formatPod(pod: PodIdentity): string {
  return `${pod.name}_${pod.namespace}(${pod.uid})`;
}

/** `k8s_POD_<pod>_<namespace>_<uid>_<attempt>`. */
export function sandboxName(pod: PodIdentity, attempt: number): string {
  return ["k8s", SANDBOX_CONTAINER_NAME, pod.name, pod.namespace, pod.uid, String(attempt)].join(
    "_",
  );
}

/** `k8s_<container>_<pod>_<namespace>_<uid>_<restartCount>`. */
export function containerName(pod: PodIdentity, container: string, restartCount: number): string {
  return ["k8s", container, pod.name, pod.namespace, pod.uid, String(restartCount)].join("_");
}

/** The labels every object of the pod carries. */
export function podLabels(pod: PodIdentity, nodeName: string): Record<string, string> {
  return {
    [LABELS.podName]: pod.name,
    [LABELS.podNamespace]: pod.namespace,
    [LABELS.podUid]: pod.uid,
    [LABELS.node]: nodeName,
  };
}

/**
 * A stable hash of the container's spec (FNV-1a over canonical JSON, hex): a running container
 * whose hash differs from the spec's was made from an older spec and is replaced.
 */
export function containerHash(container: ContainerLike): string {
  return fnv1a(canonicalJson(container)).toString(16).padStart(8, "0");
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
