/**
 * The pure part of pod status: what Docker says about a pod's containers, turned into the
 * Kubernetes PodStatus pieces the kubelet reports (phase like the kubelet's getPhase, container
 * states waiting/running/terminated with reasons, lastState, restartCount, ready, conditions).
 *
 * @module
 */
import type { ContainerInfo } from "./docker_client.ts";
import { LABELS } from "./names.ts";
import type {
  ContainerLike,
  ContainerState,
  ContainerStateTerminated,
  ContainerStatus,
  PodCondition,
  PodLike,
  PodStatus,
} from "./pod_types.ts";

/** One Docker container of a pod (an instance of a spec container), as observed. */
export interface ObservedContainer {
  readonly id: string;
  /** The Kubernetes container name. */
  readonly name: string;
  /** The instance's attempt number: how often the container had been restarted. */
  readonly restartCount: number;
  readonly hash: string;
  readonly sandboxId: string;
  /** The image as the spec named it. */
  readonly image: string;
  /** The engine's image id (sha256:...). */
  readonly imageId: string;
  /** created, running, paused, restarting, removing, exited or dead. */
  readonly state: string;
  readonly running: boolean;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  /** Why the engine could not start it ("" when it could). */
  readonly error: string;
  /** RFC 3339 (seconds) or undefined. */
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Milliseconds since the epoch, or undefined. */
  readonly finishedAtMs?: number;
  /** The host file mounted at the termination message path, if any. */
  readonly terminationLogPath?: string;
  readonly terminationMessagePolicy: string;
}

/** Docker's zero time. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/** Docker's RFC 3339 with nanoseconds -> Kubernetes' RFC 3339 in seconds (undefined for zero). */
export function kubeTime(dockerTime: string | undefined): string | undefined {
  if (!dockerTime || dockerTime.startsWith("0001-01-01")) return undefined;
  return dockerTime.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, "");
}

/** Docker's RFC 3339 with nanoseconds -> milliseconds since the epoch (undefined for zero). */
export function dockerTimeMs(dockerTime: string | undefined): number | undefined {
  if (!dockerTime || dockerTime === ZERO_TIME || dockerTime.startsWith("0001-01-01")) {
    return undefined;
  }
  const ms = Date.parse(dockerTime.replace(/(\.\d{3})\d*/, "$1"));
  return Number.isNaN(ms) ? undefined : ms;
}

/** An inspected container as an {@link ObservedContainer}. */
export function observeContainer(info: ContainerInfo): ObservedContainer {
  const labels = info.Config.Labels ?? {};
  const messagePath = labels[LABELS.terminationMessagePath] ?? "/dev/termination-log";
  const logMount = info.Mounts.find((m) => m.Destination === messagePath && m.Type === "bind");
  const out: ObservedContainer = {
    id: info.Id,
    name: labels[LABELS.containerName] ?? "",
    restartCount: Number(labels[LABELS.restartCount] ?? 0),
    hash: labels[LABELS.containerHash] ?? "",
    sandboxId: labels[LABELS.sandboxId] ?? "",
    image: labels[LABELS.image] ?? info.Config.Image,
    imageId: info.Image,
    state: info.State.Status,
    running: info.State.Running,
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    error: info.State.Error,
    createdAt: kubeTime(info.Created) ?? info.Created,
    terminationMessagePolicy: labels[LABELS.terminationMessagePolicy] ?? "File",
  };
  const startedAt = kubeTime(info.State.StartedAt);
  const finishedAt = kubeTime(info.State.FinishedAt);
  const finishedAtMs = dockerTimeMs(info.State.FinishedAt);
  return {
    ...out,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(finishedAtMs === undefined ? {} : { finishedAtMs }),
    ...(logMount === undefined ? {} : { terminationLogPath: logMount.Source }),
  };
}

/** True when the instance has stopped (or never could start) and will not run again by itself. */
export function hasExited(container: ObservedContainer): boolean {
  if (container.running) return false;
  if (container.state === "exited" || container.state === "dead") return true;
  // "created" with an error: the engine failed to start it.
  return container.state === "created" && container.error !== "";
}

/** Instances of one spec container, newest first. */
export function instancesOf(
  observed: readonly ObservedContainer[],
  name: string,
): ObservedContainer[] {
  return observed.filter((c) => c.name === name).sort((a, b) =>
    b.restartCount - a.restartCount || (a.createdAt < b.createdAt ? 1 : -1)
  );
}

/** Whether a container that exited with `exitCode` is restarted under the pod's policy. */
export function shouldRestart(restartPolicy: string | undefined, exitCode: number): boolean {
  const policy = restartPolicy ?? "Always";
  if (policy === "Never") return false;
  if (policy === "OnFailure") return exitCode !== 0;
  return true;
}

/** The terminated state of an exited instance (reason OOMKilled, Completed, Error, StartError). */
export function terminatedState(
  container: ObservedContainer,
  message?: string,
): ContainerStateTerminated {
  const reason = container.oomKilled
    ? "OOMKilled"
    : container.error !== ""
    ? "StartError"
    : container.exitCode === 0
    ? "Completed"
    : "Error";
  const state: ContainerStateTerminated = {
    exitCode: container.exitCode,
    reason,
    containerID: `docker://${container.id}`,
  };
  const text = message || (container.error !== "" ? container.error : "");
  if (text !== "") state.message = text;
  state.startedAt = container.startedAt ?? container.finishedAt ?? container.createdAt;
  if (container.finishedAt !== undefined) state.finishedAt = container.finishedAt;
  return state;
}

/** A waiting reason the runtime remembers for a container (ErrImagePull, CrashLoopBackOff...). */
export interface WaitingReason {
  readonly reason: string;
  readonly message: string;
}

/** Inputs of {@link containerStatus} besides the spec. */
export interface ContainerStatusInput {
  /** The container's instances, newest first. */
  readonly instances: readonly ObservedContainer[];
  /** A remembered waiting reason, if the last attempt to (re)start it failed or backs off. */
  readonly waiting?: WaitingReason;
  /** The image id as the status reports it (docker-pullable://... or docker://sha256:...). */
  readonly imageID?: (instance: ObservedContainer) => string;
  /** Termination messages by instance id. */
  readonly messages?: ReadonlyMap<string, string>;
  /** What the probes say about a running instance (default: started and ready). */
  readonly probe?: (instance: ObservedContainer) => { started: boolean; ready: boolean };
  /** An init container: ready once it has succeeded, never while it runs. */
  readonly init?: boolean;
}

/** A spec container's ContainerStatus. */
export function containerStatus(
  spec: ContainerLike,
  input: ContainerStatusInput,
): ContainerStatus {
  const [latest, previous] = input.instances;
  const imageID = (c: ObservedContainer) => input.imageID?.(c) ?? `docker://${c.imageId}`;
  const message = (c: ObservedContainer) => input.messages?.get(c.id);
  if (latest === undefined) {
    return {
      name: spec.name,
      state: { waiting: waiting(input.waiting ?? { reason: "ContainerCreating", message: "" }) },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: spec.image ?? "",
      imageID: "",
      started: false,
    };
  }
  const lastState: ContainerState = previous !== undefined && hasExited(previous)
    ? { terminated: terminatedState(previous, message(previous)) }
    : {};
  const base = {
    name: spec.name,
    restartCount: latest.restartCount,
    image: spec.image ?? latest.image,
    imageID: imageID(latest),
    containerID: `docker://${latest.id}`,
  };
  if (latest.running) {
    const probed = input.init === true
      ? { started: true, ready: false }
      : input.probe?.(latest) ?? { started: true, ready: true };
    return {
      ...base,
      state: { running: latest.startedAt === undefined ? {} : { startedAt: latest.startedAt } },
      lastState,
      ready: probed.ready,
      started: probed.started,
    };
  }
  if (hasExited(latest)) {
    const terminated = terminatedState(latest, message(latest));
    if (input.waiting !== undefined) {
      return {
        ...base,
        state: { waiting: waiting(input.waiting) },
        lastState: { terminated },
        ready: false,
        started: false,
      };
    }
    const ready = input.init === true && terminated.exitCode === 0;
    return { ...base, state: { terminated }, lastState, ready, started: false };
  }
  return {
    ...base,
    state: { waiting: waiting(input.waiting ?? { reason: "ContainerCreating", message: "" }) },
    lastState,
    ready: false,
    started: false,
  };
}

function waiting(reason: WaitingReason): { reason: string; message?: string } {
  return reason.message === "" ? { reason: reason.reason } : { ...reason };
}

/**
 * The pod's phase from its container statuses (and its init containers'), like the kubelet's
 * getPhase: Pending while initializing, Failed when an init container failed under
 * restartPolicy Never.
 */
export function podPhase(
  pod: PodLike,
  statuses: readonly ContainerStatus[],
  initStatuses: readonly ContainerStatus[] = [],
): PodStatus["phase"] {
  let pendingInit = 0, failedInit = 0;
  for (const container of pod.spec?.initContainers ?? []) {
    const status = initStatuses.find((s) => s.name === container.name);
    const terminated = status?.state?.terminated;
    if (status === undefined || status.state?.running !== undefined) pendingInit++;
    else if (terminated !== undefined) {
      if (terminated.exitCode !== 0) failedInit++;
    } else if (status.state?.waiting !== undefined) {
      const last = status.lastState?.terminated;
      if (last === undefined) pendingInit++;
      else if (last.exitCode !== 0) failedInit++;
    } else pendingInit++;
  }
  let unknown = 0, running = 0, waitingCount = 0, stopped = 0, succeeded = 0;
  for (const container of pod.spec?.containers ?? []) {
    const status = statuses.find((s) => s.name === container.name);
    if (status === undefined) unknown++;
    else if (status.state?.running !== undefined) running++;
    else if (status.state?.terminated !== undefined) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.state?.waiting !== undefined) {
      if (status.lastState?.terminated !== undefined) stopped++;
      else waitingCount++;
    } else unknown++;
  }
  const policy = pod.spec?.restartPolicy ?? "Always";
  if (failedInit > 0 && policy === "Never") return "Failed";
  if (pendingInit > 0 || waitingCount > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (policy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (policy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

/**
 * The pod's conditions the runtime knows (transition times are the status manager's).
 * Initialized is False while an init container has not succeeded, unless an app container has
 * already run in the pod.
 */
export function podConditions(
  sandboxReady: boolean,
  statuses: readonly ContainerStatus[],
  phase: PodStatus["phase"],
  initStatuses: readonly ContainerStatus[] = [],
): PodCondition[] {
  const incomplete = initStatuses.filter((s) => !s.ready).map((s) => s.name);
  const appRan = statuses.some((s) => s.containerID !== undefined);
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const terminal = phase === "Succeeded" || phase === "Failed";
  const ready: PodCondition = unready.length === 0 && !terminal
    ? { type: "ContainersReady", status: "True" }
    : {
      type: "ContainersReady",
      status: "False",
      reason: terminal ? "PodCompleted" : "ContainersNotReady",
      ...(terminal ? {} : { message: `containers with unready status: [${unready.join(" ")}]` }),
    };
  return [
    { type: "PodReadyToStartContainers", status: sandboxReady ? "True" : "False" },
    incomplete.length > 0 && !appRan
      ? {
        type: "Initialized",
        status: "False",
        reason: "ContainersNotInitialized",
        message: `containers with incomplete status: [${incomplete.join(" ")}]`,
      }
      : terminal
      ? { type: "Initialized", status: "True", reason: "PodCompleted" }
      : { type: "Initialized", status: "True" },
    { ...ready, type: "Ready" },
    ready,
  ];
}
