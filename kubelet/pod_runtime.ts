/**
 * The container runtime facade of the kubelet: runs Kubernetes pods on the node's Docker engine.
 *
 * - {@link PodRuntime.syncPod} brings a pod's sandbox and containers to the desired state, like
 *   the kubelet's kuberuntime SyncPod: a missing or dead sandbox is (re)created (its containers
 *   with it), missing containers are created, exited ones restarted per restartPolicy with the
 *   CrashLoopBackOff back-off (10 s doubling to 5 min), containers of an older spec replaced.
 * - {@link PodRuntime.killPod} stops the containers (SIGTERM, SIGKILL after the grace period),
 *   removes them, the sandbox and the pod's volumes, and frees the pod's IP.
 * - {@link PodRuntime.podStatus} reports the PodStatus pieces (phase, podIP, containerStatuses,
 *   conditions); {@link PodRuntime.listPods} finds the node's pods from Docker labels alone, so a
 *   restarted kubelet finds what it ran.
 * - {@link PodRuntime.containerLogs} streams a container's output; {@link PodRuntime.exec} runs
 *   a command in a container (without stdin; the streaming seam is {@link ExecOptions}).
 *
 * Several kubelets may share one engine: everything is labelled with the node name and only the
 * node's own objects are touched.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import { Backoff, type BackoffPolicy, CRASH_LOOP_BACKOFF, formatGoDuration } from "./backoff.ts";
import { containerCreateBody, type DockerMount } from "./container_spec.ts";
import { type ClusterDnsSettings, DEFAULT_CLUSTER_DNS } from "./dns_config.ts";
import {
  credentialsFromFiles,
  credentialsFromSecret,
  defaultDockerConfigPaths,
} from "./docker_auth.ts";
import type { RegistryCredential } from "./docker_auth.ts";
import {
  type ContainerInfo,
  demultiplexStream,
  DockerApiError,
  type DockerClient,
} from "./docker_client.ts";
import { type ConfigLookups, ContainerConfigError, type PodFacts, resolveEnv } from "./env.ts";
import { atomicWriteFile, removeAll } from "./fs_util.ts";
import { ImageError, ImageManager } from "./images.ts";
import { initRestartPolicy, nextInitAction } from "./init_containers.ts";
import { IpAllocator } from "./ip_allocator.ts";
import {
  containerHash,
  containerName,
  formatPod,
  LABELS,
  type PodIdentity,
  podIdentity,
  TYPE_CONTAINER,
  TYPE_SANDBOX,
} from "./names.ts";
import {
  assertPodCidrInNetwork,
  DEFAULT_POD_NETWORK,
  ensurePodNetwork,
  type PodNetworkConfig,
} from "./pod_network.ts";
import {
  containerStatus,
  hasExited,
  instancesOf,
  observeContainer,
  type ObservedContainer,
  podConditions,
  podPhase,
  shouldRestart,
  type WaitingReason,
} from "./pod_status.ts";
import type { ContainerLike, PodLike, PodStatus, SecretLike, ServiceLike } from "./pod_types.ts";
import { ProbeTimeoutError } from "./probes.ts";
import { type ProbedContainer, ProbeManager } from "./probes_manager.ts";
import { SandboxError, SandboxManager, type SandboxStatus } from "./sandbox.ts";
import { type EnvPair, serviceEnvVars, servicesForPod } from "./service_env.ts";
import {
  containerMounts,
  ensureSubPaths,
  type MountableVolume,
  VolumeManager,
  VolumeSetupError,
} from "./volumes.ts";

/** Where a pod's ConfigMaps, Secrets and Services come from (the kubelet's informers). */
/** How much of an exec probe's output is kept, as Kubernetes' exec prober (10 KiB). */
const MAX_PROBE_OUTPUT = 10 * 1024;

/** `text` cut to at most `max` characters. */
function capped(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

export interface PodLookups extends ConfigLookups {
  /** The Services of a namespace (for the service environment variables). */
  services(namespace: string): Promise<readonly ServiceLike[]>;
}

/** Lookups that find nothing. */
export const EMPTY_LOOKUPS: PodLookups = {
  configMap: () => Promise.resolve(undefined),
  secret: () => Promise.resolve(undefined),
  services: () => Promise.resolve([]),
};

/** An event about a pod (the kubelet records these as Kubernetes Events). */
export interface PodEvent {
  readonly pod: PodIdentity;
  /** The container the event is about, if any. */
  readonly container?: string;
  /** True when that container is one of the pod's init containers. */
  readonly initContainer?: boolean;
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly message: string;
}

/** Options of {@link PodRuntime.create}. */
export interface PodRuntimeOptions {
  readonly docker: DockerClient;
  readonly nodeName: string;
  /** The node's podCIDR, a block inside the pod network (`10.244.3.0/24`). */
  readonly podCIDR: string;
  /** The kubelet's data dir: `pods/<uid>/...` and `ipam/<network>.json` live here. */
  readonly dataDir: string;
  /** The pod network (default: kubeno-pods on 10.244.0.0/16). */
  readonly network?: PodNetworkConfig;
  /** Cluster DNS settings (default: 10.96.0.10, cluster.local, the node's /etc/resolv.conf). */
  readonly dns?: ClusterDnsSettings;
  /** The node's address, for status.hostIP (default 127.0.0.1). */
  readonly hostIP?: string;
  /** The pause image (default kubeno/pause:latest; pulled only when missing). */
  readonly pauseImage?: string;
  /** Container restart back-off (default 10 s doubling to 5 min). */
  readonly crashLoopBackoff?: BackoffPolicy;
  /** Image pull back-off (default 10 s doubling to 300 s). */
  readonly imagePullBackoff?: BackoffPolicy;
  /** The shortest grace period a kill gets (the kubelet's is 2 s). */
  readonly minimumGracePeriodSeconds?: number;
  /** Docker config files with registry credentials (default: see defaultDockerConfigPaths). */
  readonly dockerConfigPaths?: readonly string[];
  /** The node's allocatable CPU and memory (default: the machine's). */
  readonly nodeAllocatable?: { readonly cpu: string; readonly memory: string };
  /** Extra labels on every container and volume (tests mark theirs). */
  readonly extraLabels?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  /** Receives events (Pulling, Created, Started, Killing, BackOff, Failed...). */
  readonly onEvent?: (event: PodEvent) => void;
  /** The clock of the back-offs (ms since the epoch). */
  readonly now?: () => number;
}

/** A container of a pod found on the node. */
export interface RuntimeContainer {
  readonly id: string;
  readonly name: string;
  readonly restartCount: number;
  /** Docker's state: created, running, exited... */
  readonly state: string;
}

/** A sandbox of a pod found on the node. */
export interface RuntimeSandbox {
  readonly id: string;
  readonly attempt: number;
  readonly state: string;
  readonly ip: string;
}

/** A pod found on the node from Docker labels. */
export interface RuntimePod {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly sandboxes: readonly RuntimeSandbox[];
  readonly containers: readonly RuntimeContainer[];
}

/** A failure of one step of a sync. */
export interface SyncError {
  readonly container?: string;
  readonly reason: string;
  readonly message: string;
}

/** What {@link PodRuntime.syncPod} did and found. */
export interface SyncResult {
  readonly status: PodStatus;
  readonly errors: readonly SyncError[];
}

/** Options of {@link PodRuntime.containerLogs}, as `kubectl logs` sends them. */
export interface LogOptions {
  readonly follow?: boolean;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  readonly timestamps?: boolean;
  /** The previous instance (`kubectl logs --previous`). */
  readonly previous?: boolean;
}

/**
 * Options of {@link PodRuntime.exec}. The seam for interactive exec (stdin, TTY resize) is a
 * later `execStream` with the same container resolution over a hijacked connection.
 */
export interface ExecOptions {
  readonly tty?: boolean;
  readonly env?: readonly string[];
  readonly workingDir?: string;
}

/** What an exec printed and how it ended. */
export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** The container (or its previous instance) does not exist. */
export class ContainerNotFoundError extends Error {
  override name = "ContainerNotFoundError";
}

/** What starting a pod's containers needs, gathered once per sync. */
interface StartContext {
  readonly sandboxId: string;
  readonly serviceEnv: readonly EnvPair[];
  readonly facts: PodFacts;
  readonly volumes: Map<string, MountableVolume>;
  readonly etcMounts: readonly DockerMount[];
  readonly lookups: PodLookups;
  /** Where the sync collects its failures. */
  readonly errors: SyncError[];
}

/** Who hears about a pod's events and about pods that need a sync. */
export interface RuntimeListener {
  /** An event about a pod (Created, Started, Killing, Unhealthy, BackOff...). */
  event?(event: PodEvent): void;
  /** Something changed outside a sync (a probe result, an init container exited, a back-off
   * ended): sync the pod. */
  podChanged?(pod: PodIdentity): void;
}

/** What Docker holds of one pod. */
interface ObservedPod {
  readonly sandboxes: SandboxStatus[];
  readonly containers: ObservedContainer[];
  readonly infos: Map<string, ContainerInfo>;
}

const MAX_TERMINATION_MESSAGE = 4096;
const FALLBACK_LOG_LINES = 80;
const FALLBACK_LOG_BYTES = 2048;

/** Runs the node's pods on Docker; see the module documentation. */
export class PodRuntime {
  readonly #docker: DockerClient;
  readonly #nodeName: string;
  readonly #networkName: string;
  readonly #allocator: IpAllocator;
  readonly #sandboxes: SandboxManager;
  readonly #volumes: VolumeManager;
  readonly #images: ImageManager;
  readonly #crashBackoff: Backoff;
  readonly #options: PodRuntimeOptions;
  readonly #logger: Logger;
  readonly #pauseImage: string;
  readonly #nodeAllocatable: { readonly cpu: string; readonly memory: string };
  /** Remembered waiting reasons: pod uid -> container -> reason. */
  readonly #waiting = new Map<string, Map<string, WaitingReason>>();
  /** Sandbox failures: pod uid -> message. */
  readonly #sandboxErrors = new Map<string, string>();
  /** The init containers' names by pod uid (their events name spec.initContainers{x}). */
  readonly #initContainerNames = new Map<string, ReadonlySet<string>>();
  /** Per-pod serialization. */
  readonly #locks = new Map<string, Promise<unknown>>();
  /** imageID strings by engine image id. */
  readonly #imageIds = new Map<string, string>();
  readonly #probes: ProbeManager;
  readonly #listeners: RuntimeListener[] = [];
  /** Running init containers (by id) whose exit syncs their pod; polled while non-empty. */
  readonly #exitWatch = new Map<string, PodIdentity>();
  #exitTimer: ReturnType<typeof setInterval> | undefined;
  #exitPoll: Promise<void> = Promise.resolve();
  /** Pending "sync when the back-off ends" timers, by pod uid. */
  readonly #wakeups = new Map<string, ReturnType<typeof setTimeout>>();

  private constructor(
    options: PodRuntimeOptions,
    allocator: IpAllocator,
    networkName: string,
    dns: ClusterDnsSettings,
  ) {
    this.#options = options;
    this.#docker = options.docker;
    this.#nodeName = options.nodeName;
    this.#networkName = networkName;
    this.#allocator = allocator;
    this.#logger = (options.logger ?? createLogger("kubelet")).with({ node: options.nodeName });
    this.#pauseImage = options.pauseImage ?? "kubeno/pause:latest";
    this.#nodeAllocatable = options.nodeAllocatable ?? machineAllocatable();
    const extraLabels = options.extraLabels === undefined
      ? {}
      : { extraLabels: options.extraLabels };
    this.#sandboxes = new SandboxManager({
      docker: options.docker,
      nodeName: options.nodeName,
      networkName,
      pauseImage: this.#pauseImage,
      dns,
      ...extraLabels,
    });
    this.#volumes = new VolumeManager({
      docker: options.docker,
      podsDir: `${options.dataDir}/pods`,
      nodeName: options.nodeName,
      ...extraLabels,
    });
    const configPaths = options.dockerConfigPaths ?? defaultDockerConfigPaths(options.dataDir);
    this.#images = new ImageManager({
      docker: options.docker,
      nodeCredentials: () => credentialsFromFiles(configPaths),
      ...(options.imagePullBackoff === undefined ? {} : { backoff: options.imagePullBackoff }),
      ...(options.now === undefined ? {} : { now: options.now }),
      logger: this.#logger,
    });
    this.#crashBackoff = new Backoff(options.crashLoopBackoff ?? CRASH_LOOP_BACKOFF, options.now);
    this.#probes = new ProbeManager({
      exec: (id, command, timeoutMs) => this.#execCombined(id, command, timeoutMs),
      onChange: (pod) => this.#notify(pod),
      onEvent: (pod, container, reason, message) =>
        this.#event(pod, container, "Warning", reason, message),
      logger: this.#logger,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  /** Adds a listener for events and for pods that need a sync (the kubelet's agent). */
  subscribe(listener: RuntimeListener): void {
    this.#listeners.push(listener);
  }

  /** Stops the probe workers and timers (containers keep running). */
  async close(): Promise<void> {
    clearInterval(this.#exitTimer);
    this.#exitTimer = undefined;
    this.#exitWatch.clear();
    await this.#exitPoll;
    for (const timer of this.#wakeups.values()) clearTimeout(timer);
    this.#wakeups.clear();
    await this.#probes.close();
  }

  #notify(pod: PodIdentity): void {
    for (const listener of this.#listeners) listener.podChanged?.(pod);
  }

  /** Notifies listeners that the pod needs a sync in `ms` (one pending wake-up per pod). */
  #notifyLater(pod: PodIdentity, ms: number): void {
    if (this.#listeners.length === 0 || this.#wakeups.has(pod.uid)) return;
    this.#wakeups.set(
      pod.uid,
      setTimeout(() => {
        this.#wakeups.delete(pod.uid);
        this.#notify(pod);
      }, Math.max(0, ms) + 50),
    );
  }

  /**
   * Polls the watched init containers every 250 ms (only while there are any) and notifies
   * their pod when one has exited, like the kubelet's PLEG does for every container.
   */
  #watchExit(pod: PodIdentity, containerId: string): void {
    if (this.#listeners.length === 0) return;
    this.#exitWatch.set(containerId, pod);
    if (this.#exitTimer !== undefined) return;
    let busy = false;
    const poll = async () => {
      try {
        for (const [id, identity] of [...this.#exitWatch]) {
          const info = await this.#docker.inspectContainer(id).catch(() => undefined);
          if (info !== undefined && info.State.Running) continue;
          if (this.#exitWatch.delete(id)) this.#notify(identity);
        }
      } finally {
        busy = false;
        if (this.#exitWatch.size === 0 && this.#exitTimer !== undefined) {
          clearInterval(this.#exitTimer);
          this.#exitTimer = undefined;
        }
      }
    };
    this.#exitTimer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.#exitPoll = poll();
    }, 250);
  }

  /**
   * Starts a runtime: makes sure the pod network exists, opens the IP allocation state and
   * reconciles it with the sandboxes Docker has for this node (so a restarted kubelet never hands
   * out the address of a pod that still runs).
   */
  static async create(options: PodRuntimeOptions): Promise<PodRuntime> {
    const network = options.network ?? DEFAULT_POD_NETWORK;
    assertPodCidrInNetwork(options.podCIDR, network);
    const created = await ensurePodNetwork(options.docker, network);
    let dns = options.dns;
    if (dns === undefined) {
      let hostResolvConf: string | undefined;
      try {
        hostResolvConf = await Deno.readTextFile("/etc/resolv.conf");
      } catch {
        hostResolvConf = undefined;
      }
      dns = {
        ...DEFAULT_CLUSTER_DNS,
        ...(hostResolvConf === undefined ? {} : { hostResolvConf }),
      };
    }
    const allocator = await IpAllocator.open(
      `${options.dataDir}/ipam/${network.name}.json`,
      options.podCIDR,
      { reserved: [created.gateway] },
    );
    const runtime = new PodRuntime(options, allocator, network.name, dns);
    await runtime.#reconcileIps();
    return runtime;
  }

  /** The node's podCIDR. */
  get podCIDR(): string {
    return this.#allocator.cidr;
  }

  async #reconcileIps(): Promise<void> {
    const sandboxes = await this.#docker.listContainers([
      `${LABELS.node}=${this.#nodeName}`,
      `${LABELS.type}=${TYPE_SANDBOX}`,
    ]);
    const live = new Map<string, string | undefined>();
    for (const sandbox of sandboxes) {
      const uid = sandbox.Labels[LABELS.podUid];
      if (uid === undefined) continue;
      const ip = sandbox.Labels[LABELS.podIP] || undefined;
      if (ip !== undefined || !live.has(uid)) live.set(uid, ip);
    }
    const { released, adopted } = await this.#allocator.reconcile(live);
    if (released.length > 0 || adopted.length > 0) {
      this.#logger.info("reconciled pod IPs with the sandboxes", { released, adopted });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Observation
  // -------------------------------------------------------------------------------------------

  async #observe(uid: string): Promise<ObservedPod> {
    const summaries = await this.#docker.listContainers([
      `${LABELS.node}=${this.#nodeName}`,
      `${LABELS.podUid}=${uid}`,
    ]);
    const infos = new Map<string, ContainerInfo>();
    await Promise.all(summaries.map(async (summary) => {
      const info = await this.#docker.inspectContainer(summary.Id);
      if (info !== undefined) infos.set(info.Id, info);
    }));
    const sandboxes: SandboxStatus[] = [];
    const containers: ObservedContainer[] = [];
    for (const info of infos.values()) {
      const labels = info.Config.Labels ?? {};
      if (labels[LABELS.type] === TYPE_SANDBOX) {
        sandboxes.push(this.#sandboxes.statusOf(info));
      } else if (labels[LABELS.type] === TYPE_CONTAINER) {
        containers.push(observeContainer(info));
      }
    }
    sandboxes.sort((a, b) => b.attempt - a.attempt || (a.createdAt < b.createdAt ? 1 : -1));
    return { sandboxes, containers, infos };
  }

  /** The node's pods, from Docker labels. */
  async listPods(): Promise<RuntimePod[]> {
    const summaries = await this.#docker.listContainers([`${LABELS.node}=${this.#nodeName}`]);
    const pods = new Map<
      string,
      RuntimePod & { sandboxes: RuntimeSandbox[]; containers: RuntimeContainer[] }
    >();
    for (const summary of summaries) {
      const labels = summary.Labels;
      const uid = labels[LABELS.podUid];
      if (uid === undefined) continue;
      let pod = pods.get(uid);
      if (pod === undefined) {
        pod = {
          uid,
          name: labels[LABELS.podName] ?? "",
          namespace: labels[LABELS.podNamespace] ?? "",
          sandboxes: [],
          containers: [],
        };
        pods.set(uid, pod);
      }
      if (labels[LABELS.type] === TYPE_SANDBOX) {
        pod.sandboxes.push({
          id: summary.Id,
          attempt: Number(labels[LABELS.sandboxAttempt] ?? 0),
          state: summary.State,
          ip: labels[LABELS.podIP] ?? "",
        });
      } else if (labels[LABELS.type] === TYPE_CONTAINER) {
        pod.containers.push({
          id: summary.Id,
          name: labels[LABELS.containerName] ?? "",
          restartCount: Number(labels[LABELS.restartCount] ?? 0),
          state: summary.State,
        });
      }
    }
    return [...pods.values()];
  }

  // -------------------------------------------------------------------------------------------
  // syncPod
  // -------------------------------------------------------------------------------------------

  /** Brings the pod's sandbox and containers to the desired state; see the module docs. */
  syncPod(pod: PodLike, lookups: PodLookups = EMPTY_LOOKUPS): Promise<SyncResult> {
    const identity = podIdentity(pod);
    return this.#locked(identity.uid, () => this.#sync(pod, identity, lookups));
  }

  async #sync(pod: PodLike, identity: PodIdentity, lookups: PodLookups): Promise<SyncResult> {
    const errors: SyncError[] = [];
    const waiting = this.#waitingOf(identity.uid);
    const spec = pod.spec;
    if (spec === undefined || spec.containers.length === 0) {
      throw new TypeError(`pod ${formatPod(identity)} has no containers`);
    }
    this.#initContainerNames.set(
      identity.uid,
      new Set((spec.initContainers ?? []).map((c) => c.name)),
    );
    const hostNetwork = spec.hostNetwork === true;
    const podDir = this.#volumes.podDir(identity.uid);
    let observed = await this.#observe(identity.uid);

    // 1. The sandbox.
    let sandbox = observed.sandboxes[0];
    const sandboxOk = sandbox !== undefined && sandbox.running &&
      (hostNetwork || sandbox.ip === this.#allocator.lookup(identity.uid));
    if (!sandboxOk) {
      const ranBefore = observed.containers.length > 0;
      if (sandbox !== undefined && ranBefore && (spec.restartPolicy ?? "Always") === "Never") {
        // The pod has run and will not be restarted: nothing to do.
        return { status: await this.#status(pod, identity, observed), errors };
      }
      if (sandbox !== undefined) {
        this.#event(
          identity,
          undefined,
          "Normal",
          "SandboxChanged",
          "Pod sandbox changed, it will be killed and re-created.",
        );
      }
      await this.#killContainers(observed.containers.filter((c) => c.running), 0, identity);
      await Promise.all(observed.sandboxes.map((s) => this.#sandboxes.remove(s.id)));
      try {
        const podIP = hostNetwork ? undefined : await this.#allocator.allocate(identity.uid);
        await this.#images.ensureImage({
          podUid: identity.uid,
          image: this.#pauseImage,
          imagePullPolicy: "IfNotPresent",
        });
        await Deno.mkdir(podDir, { recursive: true });
        const etcMounts = await this.#sandboxes.writePodEtcFiles(pod, podDir, podIP);
        const attempt = sandbox === undefined ? 0 : sandbox.attempt + 1;
        const id = await this.#sandboxes.create(pod, identity, attempt, podIP, etcMounts);
        this.#sandboxErrors.delete(identity.uid);
        this.#logger.info("started pod sandbox", {
          pod: formatPod(identity),
          id: id.slice(0, 12),
          ip: podIP ?? "host",
        });
      } catch (error) {
        const message = error instanceof SandboxError || error instanceof ImageError
          ? error.message
          : `Failed to create pod sandbox: ${(error as Error).message}`;
        if (/address already in use/i.test(message)) {
          // Something else holds the address on the bridge: take the next one on the next sync.
          await this.#allocator.release(identity.uid);
        }
        this.#sandboxErrors.set(identity.uid, message);
        this.#event(identity, undefined, "Warning", "FailedCreatePodSandBox", message);
        errors.push({ reason: "FailedCreatePodSandBox", message });
        return {
          status: await this.#status(pod, identity, await this.#observe(identity.uid)),
          errors,
        };
      }
      observed = await this.#observe(identity.uid);
      sandbox = observed.sandboxes[0]!;
    }
    const sandboxId = sandbox!.id;
    const podIP = hostNetwork ? "" : sandbox!.ip;
    const facts: PodFacts = {
      podIP: hostNetwork ? this.#hostIP : podIP,
      hostIP: this.#hostIP,
      nodeAllocatable: this.#nodeAllocatable,
    };

    // 2. Volumes (created, or refreshed when their sources changed).
    let volumes: Map<string, MountableVolume>;
    try {
      volumes = await this.#volumes.setUp(pod, identity, lookups, facts);
    } catch (error) {
      if (!(error instanceof VolumeSetupError)) throw error;
      this.#event(identity, undefined, "Warning", "FailedMount", error.message);
      errors.push({ reason: "FailedMount", message: error.message });
      for (const container of spec.containers) {
        if (!observed.containers.some((c) => c.name === container.name)) {
          waiting.set(container.name, { reason: "ContainerCreating", message: error.message });
        }
      }
      return { status: await this.#status(pod, identity, observed), errors };
    }
    const etcMounts = await this.#sandboxes.writePodEtcFiles(
      pod,
      podDir,
      hostNetwork ? undefined : podIP,
    );

    // 3. Containers not in the spec any more.
    const initContainers = spec.initContainers ?? [];
    const names = new Set([...initContainers, ...spec.containers].map((c) => c.name));
    const strays = observed.containers.filter((c) => !names.has(c.name));
    await this.#killContainers(strays.filter((c) => c.running), this.#graceOf(pod), identity);
    await Promise.all(strays.map((c) => this.#removeInstance(c)));

    const context: StartContext = {
      sandboxId,
      serviceEnv: await this.#serviceEnv(pod, identity, lookups),
      facts,
      volumes,
      etcMounts,
      lookups,
      errors,
    };
    // 4. Init containers, one at a time, each to completion.
    const init = nextInitAction(spec, observed.containers, sandboxId);
    if (init.kind === "run") {
      await this.#ensureContainer(pod, identity, init.container, observed, context, true);
    }
    // 5. The app containers, in order, once the pod is initialized.
    if (init.kind === "done") {
      for (const container of spec.containers) {
        await this.#ensureContainer(pod, identity, container, observed, context, false);
      }
    }
    const final = await this.#observe(identity.uid);
    this.#afterSync(pod, identity, final, sandboxId, hostNetwork ? this.#hostIP : podIP);
    return { status: await this.#status(pod, identity, final), errors };
  }

  /**
   * Brings one container of the pod to its desired state in the current sandbox: keeps a
   * running instance of the current spec (unless its liveness or startup probe failed: then it
   * is killed and restarted), starts a created one, restarts an exited one as the restart policy
   * and the CrashLoopBackOff back-off allow, starts a missing one. Init containers restart only
   * on failure, and never under restartPolicy Never.
   */
  async #ensureContainer(
    pod: PodLike,
    identity: PodIdentity,
    container: ContainerLike,
    observed: ObservedPod,
    context: StartContext,
    init: boolean,
  ): Promise<void> {
    const spec = pod.spec!;
    const waiting = this.#waitingOf(identity.uid);
    const errors = context.errors;
    const restartPolicy = init ? initRestartPolicy(spec.restartPolicy) : spec.restartPolicy;
    const instances = instancesOf(observed.containers, container.name);
    const latest = instances[0];
    let current = latest !== undefined && latest.sandboxId === context.sandboxId
      ? latest
      : undefined;
    const hash = containerHash(container);
    if (current !== undefined && current.running && current.hash === hash && !init) {
      const failed = this.#probes.verdict(identity.uid, container, current.id).failed;
      if (failed === undefined) {
        waiting.delete(container.name);
        return;
      }
      const probe = failed === "liveness" ? container.livenessProbe : container.startupProbe;
      await this.#killContainers(
        [current],
        probe?.terminationGracePeriodSeconds ?? this.#graceOf(pod),
        identity,
        `Container ${container.name} failed ${failed} probe, will be restarted`,
      );
      const info = await this.#docker.inspectContainer(current.id);
      if (info === undefined) return;
      current = observeContainer(info);
    }
    if (current !== undefined && current.running) {
      if (current.hash === hash || init) {
        waiting.delete(container.name);
        return;
      }
      this.#event(
        identity,
        container.name,
        "Normal",
        "Killing",
        `Container ${container.name} definition changed, will be restarted`,
      );
      await this.#killContainers([current], this.#graceOf(pod), identity);
    } else if (current !== undefined && !hasExited(current)) {
      // Created but not started (a kubelet that died between create and start): start it.
      try {
        await this.#docker.startContainer(current.id);
        waiting.delete(container.name);
        if (init) this.#watchExit(identity, current.id);
      } catch (error) {
        const message = error instanceof DockerApiError ? error.reason : String(error);
        waiting.set(container.name, { reason: "RunContainerError", message });
        errors.push({ container: container.name, reason: "RunContainerError", message });
      }
      return;
    } else if (current !== undefined) {
      if (current.hash === hash && !shouldRestart(restartPolicy, current.exitCode)) {
        waiting.delete(container.name);
        return;
      }
      const key = backoffKey(identity, container, hash);
      const finished = current.finishedAtMs ?? Date.now();
      if (current.hash === hash && this.#crashBackoff.isInBackOffSince(key, finished)) {
        const message = `back-off ${
          formatGoDuration(this.#crashBackoff.get(key))
        } restarting failed container=${container.name} pod=${formatPod(identity)}`;
        waiting.set(container.name, { reason: "CrashLoopBackOff", message });
        this.#event(
          identity,
          container.name,
          "Warning",
          "BackOff",
          `Back-off restarting failed container ${container.name} in pod ${formatPod(identity)}`,
        );
        errors.push({ container: container.name, reason: "CrashLoopBackOff", message });
        // Sync again when the back-off is over rather than at the next periodic resync.
        this.#notifyLater(identity, finished + this.#crashBackoff.get(key) - Date.now());
        return;
      }
      this.#crashBackoff.next(key, finished);
    } else if (
      latest !== undefined && hasExited(latest) && spec.restartPolicy === "OnFailure" &&
      latest.exitCode === 0 && !init
    ) {
      // The sandbox changed; a container that succeeded is not started again under OnFailure.
      return;
    }
    const error = await this.#startContainer(pod, identity, container, {
      ...context,
      restartCount: latest === undefined ? 0 : latest.restartCount + 1,
    });
    if (error === undefined) {
      waiting.delete(container.name);
    } else {
      waiting.set(container.name, { reason: error.reason, message: error.message });
      errors.push({ container: container.name, ...error });
    }
    // Keep the newest instance and the one before (lastState, logs --previous).
    await Promise.all(
      instances.slice(1).filter((c) => !c.running).map((c) => this.#removeInstance(c)),
    );
  }

  /** After a sync: the probe workers follow the app containers; running init containers are
   * watched so the pod syncs as soon as one exits. */
  #afterSync(
    pod: PodLike,
    identity: PodIdentity,
    observed: ObservedPod,
    sandboxId: string,
    podIP: string,
  ): void {
    const current = (name: string) =>
      instancesOf(observed.containers, name).find((c) => c.sandboxId === sandboxId);
    const probed: ProbedContainer[] = [];
    for (const container of pod.spec?.containers ?? []) {
      const instance = current(container.name);
      if (instance === undefined) continue;
      const startedAtMs = instance.startedAt === undefined
        ? undefined
        : Date.parse(instance.startedAt);
      probed.push({
        name: container.name,
        id: instance.id,
        running: instance.running,
        ...(startedAtMs === undefined ? {} : { startedAtMs }),
      });
    }
    this.#probes.update(identity, pod, podIP, probed);
    for (const container of pod.spec?.initContainers ?? []) {
      const instance = current(container.name);
      if (instance?.running) this.#watchExit(identity, instance.id);
    }
  }

  get #hostIP(): string {
    return this.#options.hostIP ?? "127.0.0.1";
  }

  async #serviceEnv(pod: PodLike, identity: PodIdentity, lookups: PodLookups): Promise<EnvPair[]> {
    const [own, defaults] = await Promise.all([
      lookups.services(identity.namespace),
      identity.namespace === "default" ? Promise.resolve([]) : lookups.services("default"),
    ]);
    const services = servicesForPod(
      identity.namespace,
      pod.spec?.enableServiceLinks ?? true,
      own,
      identity.namespace === "default" ? own : defaults,
    );
    return serviceEnvVars(services);
  }

  async #startContainer(
    pod: PodLike,
    identity: PodIdentity,
    container: ContainerLike,
    context: StartContext & { readonly restartCount: number },
  ): Promise<{ reason: string; message: string } | undefined> {
    const emit = (type: "Normal" | "Warning", reason: string, message: string) =>
      this.#event(identity, container.name, type, reason, message);
    // The image.
    let imageId: string;
    try {
      const credentials = await this.#pullSecretCredentials(pod, identity, context.lookups);
      const ensured = await this.#images.ensureImage({
        podUid: identity.uid,
        image: container.image ?? "",
        ...(container.imagePullPolicy === undefined
          ? {}
          : { imagePullPolicy: container.imagePullPolicy }),
        pullSecretCredentials: credentials,
        onEvent: (event) => emit(event.type, event.reason, event.message),
      });
      imageId = ensured.imageId;
    } catch (error) {
      if (error instanceof ImageError) return { reason: error.reason, message: error.message };
      throw error;
    }
    // The configuration.
    let body;
    try {
      const env = await resolveEnv(
        pod,
        container,
        context.serviceEnv,
        context.facts,
        context.lookups,
      );
      const mounts = containerMounts(container, context.volumes, env);
      await ensureSubPaths(mounts, context.volumes);
      const terminationLog = await this.#terminationLog(identity, container, context.restartCount);
      body = containerCreateBody({
        pod,
        identity,
        container,
        nodeName: this.#nodeName,
        image: imageId,
        env,
        mounts: [
          ...context.etcMounts.filter((m) => !mounts.some((v) => v.Target === m.Target)),
          ...mounts,
          terminationLog,
        ],
        sandboxId: context.sandboxId,
        restartCount: context.restartCount,
        ...(this.#options.extraLabels === undefined
          ? {}
          : { extraLabels: this.#options.extraLabels }),
      });
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      emit("Warning", "Failed", `Error: ${error.message}`);
      return { reason: "CreateContainerConfigError", message: error.message };
    }
    // Create and start.
    const name = containerName(identity, container.name, context.restartCount);
    let id: string;
    try {
      id = await this.#docker.createContainer(name, body);
    } catch (error) {
      if (error instanceof DockerApiError && error.status === 409) {
        await this.#docker.removeContainer(name, { force: true });
        return {
          reason: "CreateContainerError",
          message: `a container named ${name} was left over; removed it`,
        };
      }
      const message = error instanceof DockerApiError ? error.reason : String(error);
      emit("Warning", "Failed", `Error: ${message}`);
      return { reason: "CreateContainerError", message };
    }
    emit("Normal", "Created", `Created container ${container.name}`);
    try {
      await this.#docker.startContainer(id);
    } catch (error) {
      const message = error instanceof DockerApiError ? error.reason : String(error);
      emit("Warning", "Failed", `Error: ${message}`);
      return { reason: "RunContainerError", message };
    }
    emit("Normal", "Started", `Started container ${container.name}`);
    this.#logger.debug(1, "started container", {
      pod: formatPod(identity),
      container: container.name,
      id: id.slice(0, 12),
    });
    return undefined;
  }

  async #pullSecretCredentials(
    pod: PodLike,
    identity: PodIdentity,
    lookups: PodLookups,
  ): Promise<RegistryCredential[]> {
    const out: RegistryCredential[] = [];
    for (const ref of pod.spec?.imagePullSecrets ?? []) {
      if (!ref.name) continue;
      let secret: SecretLike | undefined;
      try {
        secret = await lookups.secret(identity.namespace, ref.name);
      } catch {
        secret = undefined;
      }
      if (secret === undefined) {
        this.#logger.warn("unable to retrieve pull secret, the image pull may not succeed", {
          pod: formatPod(identity),
          secret: `${identity.namespace}/${ref.name}`,
        });
        continue;
      }
      try {
        out.push(...credentialsFromSecret(secret));
      } catch (error) {
        this.#logger.warn("invalid pull secret", {
          pod: formatPod(identity),
          error: (error as Error).message,
        });
      }
    }
    return out;
  }

  /** A fresh termination-log file for the instance, mounted at terminationMessagePath. */
  async #terminationLog(
    identity: PodIdentity,
    container: ContainerLike,
    restartCount: number,
  ): Promise<DockerMount> {
    const path = `${
      this.#volumes.podDir(identity.uid)
    }/containers/${container.name}/${restartCount}-${crypto.randomUUID().slice(0, 8)}`;
    await atomicWriteFile(path, "", { mode: 0o666 });
    return {
      Type: "bind",
      Source: path,
      Target: container.terminationMessagePath || "/dev/termination-log",
    };
  }

  async #removeInstance(container: ObservedContainer): Promise<void> {
    await this.#docker.removeContainer(container.id, { force: true });
    if (container.terminationLogPath?.startsWith(`${this.#options.dataDir}/pods/`)) {
      await removeAll(container.terminationLogPath);
    }
  }

  // -------------------------------------------------------------------------------------------
  // killPod
  // -------------------------------------------------------------------------------------------

  /**
   * Stops the pod's containers (SIGTERM, then SIGKILL after `gracePeriodSeconds`, default the
   * pod's terminationGracePeriodSeconds, at least the minimum), removes them, the sandbox and the
   * pod's volumes, and frees its IP. `pod` may be a uid (for pods found by {@link listPods}).
   */
  killPod(pod: PodLike | string, gracePeriodSeconds?: number): Promise<void> {
    const uid = typeof pod === "string" ? pod : podIdentity(pod).uid;
    return this.#locked(uid, async () => {
      await this.#probes.removePod(uid);
      for (const [id, watched] of this.#exitWatch) {
        if (watched.uid === uid) this.#exitWatch.delete(id);
      }
      clearTimeout(this.#wakeups.get(uid));
      this.#wakeups.delete(uid);
      const observed = await this.#observe(uid);
      const grace = gracePeriodSeconds ??
        (typeof pod === "string" ? this.#graceFromLabels(observed) : this.#graceOf(pod));
      const identity = typeof pod === "string"
        ? identityFromLabels(uid, observed)
        : podIdentity(pod);
      await this.#killContainers(observed.containers.filter((c) => c.running), grace, identity);
      await Promise.all(
        observed.containers.map((c) => this.#docker.removeContainer(c.id, { force: true })),
      );
      await Promise.all(observed.sandboxes.map((s) => this.#sandboxes.remove(s.id, 0)));
      await this.#volumes.tearDown(uid);
      await this.#allocator.release(uid);
      this.#waiting.delete(uid);
      this.#sandboxErrors.delete(uid);
      this.#initContainerNames.delete(uid);
      if (typeof pod !== "string") {
        for (
          const container of [...pod.spec?.initContainers ?? [], ...pod.spec?.containers ?? []]
        ) {
          this.#crashBackoff.reset(backoffKey(identity, container, containerHash(container)));
        }
      }
      this.#logger.info("killed pod", { pod: formatPod(identity), grace });
    });
  }

  #graceOf(pod: PodLike): number {
    const deletionGrace = pod.metadata?.deletionGracePeriodSeconds;
    return deletionGrace ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  }

  #graceFromLabels(observed: ObservedPod): number {
    for (const info of observed.infos.values()) {
      const value = info.Config.Labels?.[LABELS.gracePeriod];
      if (value !== undefined && Number.isFinite(Number(value))) return Number(value);
    }
    return 30;
  }

  async #killContainers(
    containers: readonly ObservedContainer[],
    graceSeconds: number,
    identity: PodIdentity,
    message?: string,
  ): Promise<void> {
    const grace = Math.max(graceSeconds, this.#options.minimumGracePeriodSeconds ?? 2);
    await Promise.all(containers.map(async (container) => {
      this.#event(
        identity,
        container.name,
        "Normal",
        "Killing",
        message ?? `Stopping container ${container.name}`,
      );
      await this.#docker.stopContainer(container.id, grace).catch((error) => {
        if (!(error instanceof DockerApiError && error.status === 404)) throw error;
      });
    }));
  }

  // -------------------------------------------------------------------------------------------
  // podStatus
  // -------------------------------------------------------------------------------------------

  /** The pod's status pieces as the runtime sees them now. */
  podStatus(pod: PodLike): Promise<PodStatus> {
    const identity = podIdentity(pod);
    return this.#observe(identity.uid).then((observed) => this.#status(pod, identity, observed));
  }

  async #status(pod: PodLike, identity: PodIdentity, observed: ObservedPod): Promise<PodStatus> {
    const sandbox = observed.sandboxes[0];
    const hostNetwork = pod.spec?.hostNetwork === true;
    const waiting = this.#waitingOf(identity.uid);
    const sandboxError = this.#sandboxErrors.get(identity.uid);
    const messages = new Map<string, string>();
    await Promise.all(
      observed.containers.filter(hasExited).map(async (c) => {
        const message = await this.#terminationMessage(c);
        if (message !== "") messages.set(c.id, message);
      }),
    );
    const imageIds = new Map<string, string>();
    await Promise.all(
      [...new Set(observed.containers.map((c) => c.imageId))].map(async (id) => {
        imageIds.set(id, await this.#imageIdString(id));
      }),
    );
    const initContainers = pod.spec?.initContainers ?? [];
    const statusOf = (container: ContainerLike, init: boolean) => {
      const instances = instancesOf(observed.containers, container.name);
      // Containers wait for the sandbox; those not created yet also for the init containers.
      const remembered = waiting.get(container.name) ??
        (sandboxError !== undefined
          ? { reason: "ContainerCreating", message: sandboxError }
          : instances.length === 0 && initContainers.length > 0
          ? { reason: "PodInitializing", message: "" }
          : undefined);
      return containerStatus(container, {
        instances,
        ...(remembered === undefined ? {} : { waiting: remembered }),
        imageID: (c) => imageIds.get(c.imageId) ?? `docker://${c.imageId}`,
        messages,
        init,
        probe: (c) => this.#probes.verdict(identity.uid, container, c.id),
      });
    };
    const statuses = (pod.spec?.containers ?? []).map((c) => statusOf(c, false));
    const initStatuses = initContainers.map((c) => statusOf(c, true));
    const phase = podPhase(pod, statuses, initStatuses);
    const sandboxReady = sandbox !== undefined && sandbox.running;
    const status: PodStatus = {
      phase,
      conditions: podConditions(sandboxReady, statuses, phase, initStatuses),
      hostIP: this.#hostIP,
      hostIPs: [{ ip: this.#hostIP }],
      containerStatuses: statuses,
      ...(initContainers.length === 0 ? {} : { initContainerStatuses: initStatuses }),
    };
    const podIP = hostNetwork ? (sandbox === undefined ? "" : this.#hostIP) : sandbox?.ip ?? "";
    if (podIP !== "") {
      status.podIP = podIP;
      status.podIPs = [{ ip: podIP }];
    }
    const first = observed.sandboxes[observed.sandboxes.length - 1];
    if (first !== undefined) status.startTime = first.createdAt.replace(/\.\d+(?=Z$)/, "");
    return status;
  }

  async #terminationMessage(container: ObservedContainer): Promise<string> {
    let message = "";
    if (container.terminationLogPath !== undefined) {
      try {
        const file = await Deno.open(container.terminationLogPath, { read: true });
        try {
          const buffer = new Uint8Array(MAX_TERMINATION_MESSAGE);
          const read = await file.read(buffer);
          message = new TextDecoder().decode(buffer.subarray(0, read ?? 0));
        } finally {
          file.close();
        }
      } catch {
        message = "";
      }
    }
    if (
      message === "" && container.exitCode !== 0 &&
      container.terminationMessagePolicy === "FallbackToLogsOnError"
    ) {
      try {
        const stream = await this.#docker.containerLogs(container.id, { tail: FALLBACK_LOG_LINES });
        const text = await new Response(stream.pipeThrough(demultiplexStream())).text();
        message = text.length > FALLBACK_LOG_BYTES ? text.slice(-FALLBACK_LOG_BYTES) : text;
      } catch {
        message = "";
      }
    }
    return message;
  }

  async #imageIdString(id: string): Promise<string> {
    const known = this.#imageIds.get(id);
    if (known !== undefined) return known;
    const info = await this.#docker.inspectImage(id).catch(() => undefined);
    const digest = info?.RepoDigests?.[0];
    const value = digest === undefined ? `docker://${id}` : `docker-pullable://${digest}`;
    if (info !== undefined) this.#imageIds.set(id, value);
    return value;
  }

  // -------------------------------------------------------------------------------------------
  // Logs and exec
  // -------------------------------------------------------------------------------------------

  async #instance(pod: PodLike, container: string, previous: boolean): Promise<ObservedContainer> {
    const identity = podIdentity(pod);
    if (!(pod.spec?.containers ?? []).some((c) => c.name === container)) {
      throw new ContainerNotFoundError(
        `container ${container} is not valid for pod ${identity.name}`,
      );
    }
    const observed = await this.#observe(identity.uid);
    const [latest, before] = instancesOf(observed.containers, container);
    const found = previous ? before : latest;
    if (found === undefined) {
      if (previous) {
        throw new ContainerNotFoundError(
          `previous terminated container ${JSON.stringify(container)} in pod ${
            JSON.stringify(identity.name)
          } not found`,
        );
      }
      const reason = this.#waitingOf(identity.uid).get(container)?.reason ?? "ContainerCreating";
      throw new ContainerNotFoundError(
        `container ${JSON.stringify(container)} in pod ${
          JSON.stringify(identity.name)
        } is waiting to start: ${reason}`,
      );
    }
    return found;
  }

  /**
   * The container's output as one stream (stdout and stderr interleaved, demultiplexed), like
   * `kubectl logs`; with `follow` it ends when the container stops. Cancel it to stop early.
   * Throws {@link ContainerNotFoundError}.
   */
  async containerLogs(
    pod: PodLike,
    container: string,
    options: LogOptions = {},
  ): Promise<ReadableStream<Uint8Array>> {
    const instance = await this.#instance(pod, container, options.previous === true);
    const info = await this.#docker.inspectContainer(instance.id);
    const raw = await this.#docker.containerLogs(instance.id, {
      follow: options.follow === true,
      timestamps: options.timestamps === true,
      ...(options.tailLines === undefined ? {} : { tail: options.tailLines }),
      ...(options.sinceSeconds === undefined
        ? {}
        : { since: Math.floor(Date.now() / 1000) - options.sinceSeconds }),
    });
    return info?.Config.Tty === true ? raw : raw.pipeThrough(demultiplexStream());
  }

  /** Runs `command` in the running container and collects its output and exit code. */
  async exec(
    pod: PodLike,
    container: string,
    command: readonly string[],
    options: ExecOptions = {},
  ): Promise<ExecResult> {
    const instance = await this.#instance(pod, container, false);
    if (!instance.running) {
      throw new ContainerNotFoundError(`container ${container} is not running`);
    }
    return await this.#execIn(instance.id, command, options);
  }

  /** An exec probe's run: the command's exit code and its stdout and stderr together. */
  async #execCombined(
    containerId: string,
    command: readonly string[],
    timeoutMs: number,
  ): Promise<{ exitCode: number; output: string }> {
    const result = await this.#execIn(containerId, command, {}, timeoutMs, MAX_PROBE_OUTPUT);
    return { exitCode: result.exitCode, output: result.stdout + result.stderr };
  }

  /**
   * Runs `command` in the container `containerId` and collects its output and exit code; with
   * `timeoutMs`, stops reading after that long and throws {@link ProbeTimeoutError} (the command
   * itself runs on, as with Kubernetes' exec probes on Docker). With `maxOutput`, each stream
   * keeps at most that many characters (the rest is read and dropped).
   */
  async #execIn(
    containerId: string,
    command: readonly string[],
    options: ExecOptions,
    timeoutMs?: number,
    maxOutput = Infinity,
  ): Promise<ExecResult> {
    const tty = options.tty === true;
    const session = await this.#docker.exec(containerId, {
      cmd: command,
      tty,
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.workingDir === undefined ? {} : { workingDir: options.workingDir }),
    });
    const controller = new AbortController();
    const timer = timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(), timeoutMs);
    let stdout = "";
    let stderr = "";
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    try {
      const output = tty ? session.output : session.output.pipeThrough(
        demultiplexStream((which, payload) => {
          if (which === "stdout") {
            stdout = capped(stdout + decoders.stdout.decode(payload, { stream: true }), maxOutput);
          } else {
            stderr = capped(stderr + decoders.stderr.decode(payload, { stream: true }), maxOutput);
          }
        }),
      );
      await output.pipeTo(
        new WritableStream({
          write: (chunk) => {
            if (tty) {
              stdout = capped(stdout + decoders.stdout.decode(chunk, { stream: true }), maxOutput);
            }
          },
        }),
        { signal: controller.signal },
      );
    } catch (error) {
      if (controller.signal.aborted) {
        throw new ProbeTimeoutError(`command timed out after ${timeoutMs} ms`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      session.close();
    }
    return {
      stdout: capped(stdout + decoders.stdout.decode(), maxOutput),
      stderr: capped(stderr + decoders.stderr.decode(), maxOutput),
      exitCode: await session.exitCode(),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------------

  #waitingOf(uid: string): Map<string, WaitingReason> {
    let map = this.#waiting.get(uid);
    if (map === undefined) {
      map = new Map();
      this.#waiting.set(uid, map);
    }
    return map;
  }

  #event(
    pod: PodIdentity,
    container: string | undefined,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
  ): void {
    const event: PodEvent = {
      pod,
      ...(container === undefined ? {} : { container }),
      ...(container !== undefined && this.#initContainerNames.get(pod.uid)?.has(container)
        ? { initContainer: true }
        : {}),
      type,
      reason,
      message,
    };
    this.#options.onEvent?.(event);
    for (const listener of this.#listeners) listener.event?.(event);
    if (type === "Warning") {
      this.#logger.warn(message, {
        pod: formatPod(pod),
        reason,
        ...(container === undefined ? {} : { container }),
      });
    }
  }

  #locked<T>(uid: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(uid) ?? Promise.resolve();
    const result = previous.then(work, work);
    const settled = result.catch(() => {});
    this.#locks.set(uid, settled);
    settled.then(() => {
      if (this.#locks.get(uid) === settled) this.#locks.delete(uid);
    });
    return result;
  }
}

/** The restart back-off key of a container, like getStableKey. */
function backoffKey(pod: PodIdentity, container: ContainerLike, hash: string): string {
  return `${pod.name}_${pod.namespace}_${pod.uid}_${container.name}_${hash}`;
}

function identityFromLabels(uid: string, observed: ObservedPod): PodIdentity {
  for (const info of observed.infos.values()) {
    const labels = info.Config.Labels ?? {};
    if (labels[LABELS.podName] !== undefined) {
      return {
        uid,
        name: labels[LABELS.podName]!,
        namespace: labels[LABELS.podNamespace] ?? "default",
      };
    }
  }
  return { uid, name: uid, namespace: "default" };
}

/** The machine's CPUs and memory as node allocatable. */
function machineAllocatable(): { cpu: string; memory: string } {
  let memory = 0;
  try {
    memory = Deno.systemMemoryInfo().total;
  } catch {
    memory = 0;
  }
  return { cpu: String(navigator.hardwareConcurrency || 1), memory: String(memory) };
}
