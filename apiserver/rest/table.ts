/**
 * Table responses (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): kubectl >= 1.32
 * prints only what the server's Table says. Columns follow kube-apiserver's printers for the
 * common kinds (priority 1 columns only show with `-o wide`); other kinds get Name and Age.
 *
 * @module
 */
import type { ApiObject } from "./metadata.ts";

/** A Table column definition. */
interface Column {
  readonly name: string;
  readonly type: "string" | "integer" | "date" | "number" | "boolean";
  readonly format?: string;
  readonly description: string;
  readonly priority: number;
}

type Cells = (object: ApiObject, now: number) => unknown[];

const NAME: Column = {
  name: "Name",
  type: "string",
  format: "name",
  description: "Name must be unique within a namespace.",
  priority: 0,
};
const AGE: Column = {
  name: "Age",
  type: "string",
  description:
    "CreationTimestamp is a timestamp representing the server time when this object was created.",
  priority: 0,
};
const col = (
  name: string,
  description: string,
  priority = 0,
  type: Column["type"] = "string",
): Column => ({ name, type, description, priority });

/** Kubernetes' short human durations: 45s, 3m20s, 5h, 3d, 2y. */
export function humanAge(created: string | null | undefined, now: number): string {
  if (!created) return "<unknown>";
  const seconds = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

const get = (o: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (n, k) => (n === null || typeof n !== "object"
      ? undefined
      : (n as Record<string, unknown>)[k as string]),
    o,
  );

const age = (o: ApiObject, now: number) => humanAge(o.metadata.creationTimestamp, now);
const none = (v: unknown) => (v === undefined || v === null || v === "" ? "<none>" : String(v));

function selectorString(selector: unknown): string {
  if (selector === null || typeof selector !== "object") return "<none>";
  const s = selector as { matchLabels?: Record<string, string> } & Record<string, unknown>;
  const labels = s.matchLabels ?? (("matchExpressions" in s) ? {} : s as Record<string, string>);
  const parts = Object.entries(labels).filter(([, v]) => typeof v === "string").map(([k, v]) =>
    `${k}=${v}`
  );
  return parts.length === 0 ? "<none>" : parts.sort().join(",");
}

interface PrintedContainerStatus {
  ready?: boolean;
  state?: {
    waiting?: { reason?: string };
    running?: unknown;
    terminated?: { reason?: string; exitCode?: number; signal?: number };
  };
}

/** `Init:...` while init containers have not all succeeded, else undefined. */
function initReason(pod: ApiObject): string | undefined {
  const statuses = (get(pod, "status", "initContainerStatuses") as
    | PrintedContainerStatus[]
    | undefined) ?? [];
  const total = ((get(pod, "spec", "initContainers") as unknown[] | undefined) ?? []).length;
  for (const [i, status] of statuses.entries()) {
    const terminated = status.state?.terminated;
    const waiting = status.state?.waiting?.reason;
    if (terminated !== undefined && (terminated.exitCode ?? 0) === 0) continue;
    if (terminated !== undefined) {
      if (terminated.reason) return `Init:${terminated.reason}`;
      return terminated.signal
        ? `Init:Signal:${terminated.signal}`
        : `Init:ExitCode:${terminated.exitCode}`;
    }
    if (waiting && waiting !== "PodInitializing") return `Init:${waiting}`;
    return `Init:${i}/${total}`;
  }
  return undefined;
}

/** The STATUS column as kubectl's pod printer derives it (Kubernetes' printPod). */
function podStatusReason(pod: ApiObject): string {
  let reason = String(get(pod, "status", "reason") || get(pod, "status", "phase") || "Pending");
  const init = initReason(pod);
  const conditions = (get(pod, "status", "conditions") as
    | { type?: string; status?: string }[]
    | undefined) ?? [];
  const initialized = conditions.some((c) => c.type === "Initialized" && c.status === "True");
  if (init !== undefined) reason = init;
  if (init === undefined || initialized) {
    const statuses = (get(pod, "status", "containerStatuses") as
      | PrintedContainerStatus[]
      | undefined) ?? [];
    let running = false;
    for (const status of [...statuses].reverse()) {
      const waiting = status.state?.waiting?.reason;
      const terminated = status.state?.terminated;
      if (waiting) reason = waiting;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated !== undefined) {
        reason = terminated.signal
          ? `Signal:${terminated.signal}`
          : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (status.ready && status.state?.running !== undefined) running = true;
    }
    if (reason === "Completed" && running) {
      reason = conditions.some((c) => c.type === "Ready" && c.status === "True")
        ? "Running"
        : "NotReady";
    }
  }
  const phase = get(pod, "status", "phase");
  if (pod.metadata.deletionTimestamp) {
    if (get(pod, "status", "reason") === "NodeLost") return "Unknown";
    if (phase !== "Succeeded" && phase !== "Failed") return "Terminating";
  }
  return reason;
}

function servicePorts(svc: ApiObject): string {
  const ports = (get(svc, "spec", "ports") as
    | { port: number; nodePort?: number; protocol?: string }[]
    | undefined) ?? [];
  if (ports.length === 0) return "<none>";
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`)
    .join(",");
}

/** ReplicationControllers and ReplicaSets print alike. */
const REPLICA_PRINTER: { columns: Column[]; cells: Cells } = {
  columns: [
    NAME,
    col("Desired", "Number of desired pods.", 0, "integer"),
    col("Current", "Number of actual replicas.", 0, "integer"),
    col("Ready", "Number of ready replicas.", 0, "integer"),
    AGE,
    col("Containers", "Names of each container in the template.", 1),
    col("Images", "Images referenced by each container in the template.", 1),
    col("Selector", "Label selector for pods.", 1),
  ],
  cells: (
    o,
    now,
  ) => [
    o.metadata.name,
    get(o, "spec", "replicas") ?? 1,
    get(o, "status", "replicas") ?? 0,
    get(o, "status", "readyReplicas") ?? 0,
    age(o, now),
    ...templateCells(o),
    selectorString(get(o, "spec", "selector")),
  ],
};

const PRINTERS: Readonly<Record<string, { columns: Column[]; cells: Cells }>> = {
  pods: {
    columns: [
      NAME,
      col("Ready", "The aggregate readiness state of this pod for accepting traffic."),
      col("Status", "The aggregate status of the containers in this pod."),
      col(
        "Restarts",
        "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
        0,
      ),
      AGE,
      col(
        "IP",
        "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
        1,
      ),
      col("Node", "NodeName is a request to schedule this pod onto a specific node.", 1),
      col(
        "Nominated Node",
        "nominatedNodeName is set only when this pod preempts other pods on the node.",
        1,
      ),
      col(
        "Readiness Gates",
        "If specified, all readiness gates will be evaluated for pod readiness.",
        1,
      ),
    ],
    cells: (o, now) => {
      const containers = (get(o, "spec", "containers") as unknown[] | undefined) ?? [];
      const statuses = (get(o, "status", "containerStatuses") as
        | { ready?: boolean; restartCount?: number }[]
        | undefined) ?? [];
      const ready = statuses.filter((s) => s.ready).length;
      const restarts = statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
      return [
        o.metadata.name,
        `${ready}/${containers.length}`,
        podStatusReason(o),
        restarts,
        age(o, now),
        none(get(o, "status", "podIP")),
        none(get(o, "spec", "nodeName")),
        none(get(o, "status", "nominatedNodeName")),
        "<none>",
      ];
    },
  },
  services: {
    columns: [
      NAME,
      col("Type", "The type of the service."),
      col("Cluster-IP", "The IP address of the service."),
      col("External-IP", "The external IP address of the service."),
      col("Port(s)", "The ports of the service."),
      AGE,
      col(
        "Selector",
        "Route service traffic to pods with label keys and values matching this selector.",
        1,
      ),
    ],
    cells: (o, now) => {
      const ingress = (get(o, "status", "loadBalancer", "ingress") as
        | { ip?: string; hostname?: string }[]
        | undefined) ?? [];
      const external = [
        ...((get(o, "spec", "externalIPs") as string[] | undefined) ?? []),
        ...ingress.map((i) => i.ip ?? i.hostname ?? ""),
      ].filter((x) => x !== "");
      const type = String(get(o, "spec", "type") ?? "ClusterIP");
      return [
        o.metadata.name,
        type,
        none(get(o, "spec", "clusterIP")),
        external.length ? external.join(",") : type === "LoadBalancer" ? "<pending>" : "<none>",
        servicePorts(o),
        age(o, now),
        selectorString(get(o, "spec", "selector")),
      ];
    },
  },
  namespaces: {
    columns: [NAME, col("Status", "The status of the namespace"), AGE],
    cells: (
      o,
      now,
    ) => [o.metadata.name, String(get(o, "status", "phase") ?? "Active"), age(o, now)],
  },
  nodes: {
    columns: [
      NAME,
      col("Status", "The status of the node"),
      col("Roles", "The roles of the node"),
      AGE,
      col("Version", "Kubelet Version reported by the node."),
      col("Internal-IP", "List of internal IPs in the node.", 1),
      col("External-IP", "List of external IPs in the node.", 1),
      col(
        "OS-Image",
        "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
        1,
      ),
      col(
        "Kernel-Version",
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
        1,
      ),
      col(
        "Container-Runtime",
        "Container Runtime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
        1,
      ),
    ],
    cells: (o, now) => {
      const conditions =
        (get(o, "status", "conditions") as { type: string; status: string }[] | undefined) ?? [];
      const ready = conditions.find((c) => c.type === "Ready");
      let status = ready === undefined ? "Unknown" : ready.status === "True" ? "Ready" : "NotReady";
      if (get(o, "spec", "unschedulable") === true) status += ",SchedulingDisabled";
      const roles = Object.keys(o.metadata.labels ?? {}).filter((k) =>
        k.startsWith("node-role.kubernetes.io/")
      ).map((k) => k.slice(24));
      const addresses =
        (get(o, "status", "addresses") as { type: string; address: string }[] | undefined) ?? [];
      const addr = (type: string) =>
        addresses.filter((a) => a.type === type).map((a) => a.address).join(",") || "<none>";
      return [
        o.metadata.name,
        status,
        roles.length ? roles.join(",") : "<none>",
        age(o, now),
        none(get(o, "status", "nodeInfo", "kubeletVersion")),
        addr("InternalIP"),
        addr("ExternalIP"),
        none(get(o, "status", "nodeInfo", "osImage")),
        none(get(o, "status", "nodeInfo", "kernelVersion")),
        none(get(o, "status", "nodeInfo", "containerRuntimeVersion")),
      ];
    },
  },
  replicationcontrollers: REPLICA_PRINTER,
  replicasets: REPLICA_PRINTER,
  deployments: {
    columns: [
      NAME,
      col("Ready", "Number of the pod with ready state"),
      col(
        "Up-to-date",
        "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
        0,
        "integer",
      ),
      col(
        "Available",
        "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
        0,
        "integer",
      ),
      AGE,
      col("Containers", "Names of each container in the template.", 1),
      col("Images", "Images referenced by each container in the template.", 1),
      col("Selector", "Label selector for pods.", 1),
    ],
    cells: (
      o,
      now,
    ) => [
      o.metadata.name,
      `${get(o, "status", "readyReplicas") ?? 0}/${get(o, "spec", "replicas") ?? 1}`,
      get(o, "status", "updatedReplicas") ?? 0,
      get(o, "status", "availableReplicas") ?? 0,
      age(o, now),
      ...templateCells(o),
      selectorString(get(o, "spec", "selector")),
    ],
  },
  jobs: {
    columns: [
      NAME,
      col("Status", "Status of the job."),
      col(
        "Completions",
        "The desired number of successfully finished pods the job should be run with.",
      ),
      col("Duration", "Time required to complete the job."),
      AGE,
      col("Containers", "Names of each container in the template.", 1),
      col("Images", "Images referenced by each container in the template.", 1),
      col("Selector", "Label selector for pods.", 1),
    ],
    cells: (o, now) => [
      o.metadata.name,
      jobStatus(o),
      jobCompletions(o),
      jobDuration(o, now),
      age(o, now),
      ...templateCells(o),
      selectorString(get(o, "spec", "selector")),
    ],
  },
  endpoints: {
    columns: [NAME, col("Endpoints", "Endpoints of the service"), AGE],
    cells: (o, now) => {
      const subsets = (get(o, "subsets") as
        | { addresses?: { ip: string }[]; ports?: { port: number }[] }[]
        | undefined) ?? [];
      const list = subsets.flatMap((s) =>
        (s.addresses ?? []).flatMap((a) =>
          (s.ports ?? [{ port: 0 }]).map((p) => p.port ? `${a.ip}:${p.port}` : a.ip)
        )
      );
      return [
        o.metadata.name,
        list.length
          ? list.slice(0, 3).join(",") + (list.length > 3 ? ` + ${list.length - 3} more...` : "")
          : "<none>",
        age(o, now),
      ];
    },
  },
  configmaps: {
    columns: [NAME, col("Data", "Number of data items", 0, "integer"), AGE],
    cells: (
      o,
      now,
    ) => [
      o.metadata.name,
      Object.keys((get(o, "data") as object | undefined) ?? {}).length +
      Object.keys((get(o, "binaryData") as object | undefined) ?? {}).length,
      age(o, now),
    ],
  },
  secrets: {
    columns: [
      NAME,
      col("Type", "The type of the secret"),
      col("Data", "Number of data items", 0, "integer"),
      AGE,
    ],
    cells: (
      o,
      now,
    ) => [
      o.metadata.name,
      String(get(o, "type") ?? "Opaque"),
      Object.keys((get(o, "data") as object | undefined) ?? {}).length,
      age(o, now),
    ],
  },
  events: {
    columns: [
      col("Last Seen", "The last time the event was seen"),
      col("Type", "The type of the event"),
      col("Reason", "The reason of the event"),
      col("Object", "The object of the event"),
      col("Message", "The message of the event"),
    ],
    cells: (
      o,
      now,
    ) => [
      humanAge(
        String(
          get(o, "lastTimestamp") ?? get(o, "eventTime") ?? o.metadata.creationTimestamp ?? "",
        ),
        now,
      ),
      none(get(o, "type")),
      none(get(o, "reason")),
      `${String(get(o, "involvedObject", "kind") ?? "").toLowerCase()}/${
        get(o, "involvedObject", "name") ?? ""
      }`,
      none(get(o, "message")),
    ],
  },
};

/** kubectl's Job status: the first true terminal condition, else Suspended/Running. */
function jobStatus(job: ApiObject): string {
  if (job.metadata.deletionTimestamp) return "Terminating";
  const conditions = (get(job, "status", "conditions") as
    | { type: string; status: string }[]
    | undefined) ?? [];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === "True");
  for (const type of ["Complete", "Failed", "FailureTarget", "SuccessCriteriaMet", "Suspended"]) {
    if (has(type)) return type;
  }
  return "Running";
}

/** `succeeded/completions`, or `succeeded/1 of parallelism` for work-queue Jobs. */
function jobCompletions(job: ApiObject): string {
  const succeeded = Number(get(job, "status", "succeeded") ?? 0);
  const completions = get(job, "spec", "completions");
  if (typeof completions === "number") return `${succeeded}/${completions}`;
  const parallelism = Number(get(job, "spec", "parallelism") ?? 1);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** From start to completion (or to now while running); empty before the Job starts. */
function jobDuration(job: ApiObject, now: number): string {
  const start = get(job, "status", "startTime");
  if (typeof start !== "string") return "";
  const end = get(job, "status", "completionTime");
  const until = typeof end === "string" ? Date.parse(end) : now;
  return humanAge(start, until);
}

function templateCells(o: ApiObject): string[] {
  const containers = (get(o, "spec", "template", "spec", "containers") as
    | { name: string; image: string }[]
    | undefined) ?? [];
  return [containers.map((c) => c.name).join(","), containers.map((c) => c.image).join(",")];
}

/** The Table for objects of `resource` (the full objects go into each row when `includeObject`). */
export function toTable(
  resource: string,
  objects: readonly ApiObject[],
  listMeta: Record<string, unknown>,
  includeObject: "None" | "Metadata" | "Object" = "Metadata",
  now = Date.now(),
): unknown {
  const printer = PRINTERS[resource] ??
    { columns: [NAME, AGE], cells: (o: ApiObject, n: number) => [o.metadata.name, age(o, n)] };
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    columnDefinitions: printer.columns,
    rows: objects.map((object) => ({
      cells: printer.cells(object, now),
      ...(includeObject === "None" ? {} : {
        object: includeObject === "Object" ? object : {
          kind: "PartialObjectMetadata",
          apiVersion: "meta.k8s.io/v1",
          metadata: object.metadata,
        },
      }),
    })),
  };
}

/** True when the Accept header asks for a Table. */
export function wantsTable(accept: string | null): boolean {
  return accept !== null && /as=Table/.test(accept.split(",")[0] ?? "");
}
