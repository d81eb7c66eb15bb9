/**
 * What a card shows about an object: a title, a health state (the card's colour) and a few
 * facts (phase, readiness, restarts, node, IP, age...), per resource. Pure: the time is passed
 * in, so cards are unit-tested without a browser.
 *
 * @module
 */
import { formatLabels, formatLabelSelector, type LabelSelector } from "../../api/labels.ts";
import type { KubeObject } from "../../client/resources.ts";
import type { ResourceName } from "./query.ts";

/**
 * A card's colour: ok (running and ready), progress (pending, not ready yet, rolling out),
 * bad (failed, node not ready), done (succeeded), neutral (nothing to judge: services).
 */
export type Health = "ok" | "progress" | "bad" | "done" | "neutral";

/** One card. */
export interface CardData {
  /** Unique within a resource: namespace/name. */
  readonly id: string;
  readonly title: string;
  /** The namespace, shown small above the title ("" for cluster-scoped objects). */
  readonly namespace: string;
  readonly health: Health;
  /** The state in words (the phase, Ready/NotReady, "2/3 ready"), next to the colour. */
  readonly state: string;
  /** Label and value pairs, in display order; empty values are left out. */
  readonly facts: readonly (readonly [string, string])[];
  /** The labels, as "k=v,k2=v2". */
  readonly labels: string;
}

type Dict = Record<string, unknown>;

function dict(value: unknown): Dict {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Dict : {};
}

function list(value: unknown): Dict[] {
  return Array.isArray(value) ? value.map(dict) : [];
}

function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/** kubectl's age: 42s, 5m, 3h, 2d (the largest unit only). */
export function formatAge(created: string | undefined, now: number): string {
  const at = created === undefined ? NaN : Date.parse(created);
  if (Number.isNaN(at)) return "";
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/**
 * A GroupBy value of an object: a label, or one of the field keys (`.namespace`, `.node`: the
 * pod's node or the node itself, `.phase`: a pod's phase).
 */
export function valueOf(
  resource: ResourceName,
  object: KubeObject,
  key: string,
): string | undefined {
  const metadata = object.metadata;
  switch (key) {
    case ".namespace":
      return metadata.namespace;
    case ".node":
      return resource === "nodes" ? metadata.name : str(dict(object.spec).nodeName) || undefined;
    case ".phase":
      return str(dict(object.status).phase) || undefined;
    default:
      return metadata.labels?.[key];
  }
}

function podCard(object: KubeObject): Pick<CardData, "health" | "state" | "facts"> {
  const spec = dict(object.spec);
  const status = dict(object.status);
  const phase = str(status.phase) || "Pending";
  const statuses = list(status.containerStatuses);
  const containers = list(spec.containers).length;
  const ready = statuses.filter((s) => s.ready === true).length;
  const restarts = statuses.reduce((sum, s) => sum + num(s.restartCount), 0);
  const terminating = object.metadata.deletionTimestamp !== undefined;
  const health: Health = terminating
    ? "progress"
    : phase === "Running"
    ? ready === containers ? "ok" : "progress"
    : phase === "Succeeded"
    ? "done"
    : phase === "Pending"
    ? "progress"
    : "bad";
  return {
    health,
    state: terminating ? "Terminating" : phase,
    facts: [
      ["ready", `${ready}/${containers}`],
      ["restarts", String(restarts)],
      ["node", str(spec.nodeName)],
      ["IP", str(status.podIP)],
    ],
  };
}

function nodeCard(object: KubeObject): Pick<CardData, "health" | "state" | "facts"> {
  const status = dict(object.status);
  const ready = list(status.conditions).find((c) => c.type === "Ready");
  const isReady = ready?.status === "True";
  const cordoned = dict(object.spec).unschedulable === true;
  const address = list(status.addresses).find((a) => a.type === "InternalIP");
  const info = dict(status.nodeInfo);
  return {
    health: isReady ? "ok" : "bad",
    state: `${isReady ? "Ready" : "NotReady"}${cordoned ? ",SchedulingDisabled" : ""}`,
    facts: [
      ["IP", str(address?.address)],
      ["pod CIDR", str(dict(object.spec).podCIDR)],
      ["kubelet", str(info.kubeletVersion)],
    ],
  };
}

function serviceCard(object: KubeObject): Pick<CardData, "health" | "state" | "facts"> {
  const spec = dict(object.spec);
  const ports = list(spec.ports).map((p) =>
    `${str(p.port)}${p.nodePort === undefined ? "" : `:${str(p.nodePort)}`}/${
      str(p.protocol) || "TCP"
    }`
  );
  return {
    health: "neutral",
    state: str(spec.type) || "ClusterIP",
    facts: [
      ["cluster IP", str(spec.clusterIP)],
      ["ports", ports.join(",")],
      ["selector", formatLabels(dict(spec.selector) as Record<string, string>)],
    ],
  };
}

function controllerCard(
  resource: ResourceName,
  object: KubeObject,
): Pick<CardData, "health" | "state" | "facts"> {
  const spec = dict(object.spec);
  const status = dict(object.status);
  const desired = typeof spec.replicas === "number" ? spec.replicas : 1;
  const ready = num(status.readyReplicas);
  const selector = dict(spec.selector);
  // ReplicationControllers select with a plain label map, the apps kinds with a LabelSelector.
  const shown = resource === "replicationcontrollers"
    ? formatLabels(selector as Record<string, string>)
    : formatLabelSelector(selector as LabelSelector);
  return {
    health: ready === desired ? "ok" : "progress",
    state: `${ready}/${desired} ready`,
    facts: [
      ["replicas", String(num(status.replicas))],
      ["selector", shown],
    ],
  };
}

/** The card of `object`, a `resource`, at time `now` (ms since the epoch). */
export function describe(resource: ResourceName, object: KubeObject, now: number): CardData {
  const { name = "", namespace = "", labels } = object.metadata;
  const body = resource === "pods"
    ? podCard(object)
    : resource === "nodes"
    ? nodeCard(object)
    : resource === "services"
    ? serviceCard(object)
    : controllerCard(resource, object);
  const age = formatAge(str(object.metadata.creationTimestamp) || undefined, now);
  return {
    id: namespace === "" ? name : `${namespace}/${name}`,
    title: name,
    namespace,
    ...body,
    facts: [...body.facts, ["age", age] as const].filter(([, value]) => value !== ""),
    labels: formatLabels(labels),
  };
}
