/**
 * The node lifecycle controller's decisions as pure functions: which lifecycle taints a node
 * should carry for its Ready condition (node.kubernetes.io/unreachable for Unknown,
 * node.kubernetes.io/not-ready for False, each NoSchedule and NoExecute, none when Ready), and
 * how long a pod may stay on a node with a NoExecute taint (its toleration's tolerationSeconds,
 * forever for a toleration without it, the pod eviction timeout when nothing tolerates it).
 *
 * @module
 */
import type { KubeObject } from "../client/mod.ts";

/** The taint of a node whose heartbeat stopped (Ready=Unknown). */
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
/** The taint of a node whose kubelet reports Ready=False. */
export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";

/** A node taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** A pod toleration. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** A node condition. */
export interface NodeCondition {
  type: string;
  status: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The node's conditions. */
export function conditionsOf(node: KubeObject): NodeCondition[] {
  return ((node.status ?? {}) as { conditions?: NodeCondition[] }).conditions ?? [];
}

/** The node's taints. */
export function taintsOf(node: KubeObject): Taint[] {
  return ((node.spec ?? {}) as { taints?: Taint[] }).taints ?? [];
}

function isLifecycleTaint(taint: Taint): boolean {
  return taint.key === TAINT_UNREACHABLE || taint.key === TAINT_NOT_READY;
}

/**
 * The node's taints with the lifecycle taints its Ready status calls for (`readyStatus`:
 * "True", "False", "Unknown" or undefined when never reported, treated as Unknown); other
 * taints and the timeAdded of a lifecycle taint that stays are kept. Undefined when nothing
 * changes.
 */
export function withLifecycleTaints(
  taints: readonly Taint[],
  readyStatus: string | undefined,
  now: string,
): Taint[] | undefined {
  const key = readyStatus === "True"
    ? undefined
    : readyStatus === "False"
    ? TAINT_NOT_READY
    : TAINT_UNREACHABLE;
  const wanted: Taint[] = key === undefined ? [] : ["NoSchedule", "NoExecute"].map((effect) => {
    const kept = taints.find((t) => t.key === key && t.effect === effect);
    return kept ?? { key, effect, ...(effect === "NoExecute" ? { timeAdded: now } : {}) };
  });
  const current = taints.filter(isLifecycleTaint);
  const same = current.length === wanted.length &&
    wanted.every((w) => current.some((c) => c.key === w.key && c.effect === w.effect));
  if (same) return undefined;
  return [...taints.filter((t) => !isLifecycleTaint(t)), ...wanted];
}

/** The node's lifecycle NoExecute taint, if it has one. */
export function lifecycleNoExecute(node: KubeObject): Taint | undefined {
  return taintsOf(node).find((t) => isLifecycleTaint(t) && t.effect === "NoExecute");
}

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (
    toleration.effect !== undefined && toleration.effect !== "" &&
    toleration.effect !== taint.effect
  ) {
    return false;
  }
  if (toleration.operator === "Exists") {
    return toleration.key === undefined || toleration.key === "" || toleration.key === taint.key;
  }
  return toleration.key === taint.key && (toleration.value ?? "") === (taint.value ?? "");
}

/**
 * How long `pod` may stay on a node since `taint` (NoExecute) was added, in ms: the shortest
 * tolerationSeconds of the tolerations that match (0 or less: at once), `defaultMs` when none
 * matches, undefined when a matching toleration has no tolerationSeconds (stays for good).
 */
export function evictionDelayMs(
  pod: KubeObject,
  taint: Taint,
  defaultMs: number,
): number | undefined {
  const tolerations = ((pod.spec ?? {}) as { tolerations?: Toleration[] }).tolerations ?? [];
  const matching = tolerations.filter((t) => tolerates(t, taint));
  if (matching.length === 0) return defaultMs;
  if (matching.some((t) => t.tolerationSeconds === undefined || t.tolerationSeconds === null)) {
    return undefined;
  }
  return Math.max(0, Math.min(...matching.map((t) => t.tolerationSeconds!)) * 1000);
}
