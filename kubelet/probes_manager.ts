/**
 * The probe workers, like the kubelet's prober manager: one worker per probe of each app
 * container (liveness, readiness, startup), each running its probe every periodSeconds against
 * the container's current instance, keeping the result only after successThreshold /
 * failureThreshold consecutive equal outcomes, and telling the runtime when a result changed so
 * it syncs the pod (a liveness or startup failure kills and restarts the container there; a
 * readiness change flips containerStatuses[].ready and the Ready conditions).
 *
 * Invariants, as in Kubernetes:
 * - Results belong to a container instance (its Docker id); a new instance starts over from the
 *   probe type's initial result: readiness failure, liveness success, startup unknown.
 * - Liveness and readiness probes do not run until the startup probe (if any) has succeeded;
 *   the startup probe stops once it has.
 * - After a liveness or startup failure the worker holds until the instance is replaced.
 * - Probes wait initialDelaySeconds after the instance started.
 * - Every failed probe run is a Warning event `Unhealthy` "<Type> probe failed: <output>".
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import type { PodIdentity } from "./names.ts";
import type { ContainerLike, PodLike, ProbeLike } from "./pod_types.ts";
import { type ProbeResult, probeTiming, type ProbeType, runProbe } from "./probes.ts";

/** The current instance of an app container, as the runtime last saw it. */
export interface ProbedContainer {
  readonly name: string;
  readonly id: string;
  readonly running: boolean;
  /** When the instance started (ms since the epoch). */
  readonly startedAtMs?: number;
}

/** Options of {@link ProbeManager}. */
export interface ProbeManagerOptions {
  /** Runs a command in a container (by Docker id); rejects with ProbeTimeoutError on timeout. */
  exec(
    containerId: string,
    command: readonly string[],
    timeoutMs: number,
  ): Promise<{ exitCode: number; output: string }>;
  /** A probe result of the pod changed: sync it. */
  onChange(pod: PodIdentity): void;
  /** Records an event about the pod's container. */
  onEvent(pod: PodIdentity, container: string, reason: string, message: string): void;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/** What the probes say about one container instance. */
export interface ProbeVerdict {
  /** The startup probe has succeeded (true without one). */
  readonly started: boolean;
  /** Started and the readiness probe succeeds (true without one). */
  readonly ready: boolean;
  /** The liveness or startup probe failed: the instance is to be killed. */
  readonly failed?: "liveness" | "startup";
}

interface PodEntry {
  identity: PodIdentity;
  podIP: string;
  specs: Map<string, ContainerLike>;
  containers: Map<string, ProbedContainer>;
}

const TYPES: readonly ProbeType[] = ["startup", "liveness", "readiness"];
const PROBE_FIELD = {
  liveness: "livenessProbe",
  readiness: "readinessProbe",
  startup: "startupProbe",
} as const;
const TITLE = { liveness: "Liveness", readiness: "Readiness", startup: "Startup" } as const;

function initialResult(type: ProbeType): ProbeResult {
  return type === "readiness" ? "failure" : type === "liveness" ? "success" : "unknown";
}

/** Runs the probes of the node's pods; see the module documentation. */
export class ProbeManager {
  readonly #options: ProbeManagerOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #pods = new Map<string, PodEntry>();
  /** Workers by `uid/container/type`. */
  readonly #workers = new Map<string, ProbeWorker>();
  #closed = false;

  constructor(options: ProbeManagerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? createLogger("kubelet");
    this.#now = options.now ?? Date.now;
  }

  /**
   * Tells the manager the pod's spec, IP and current app container instances (after each
   * sync): starts the workers of probes it has not got yet, stops those of containers or probes
   * the spec no longer has.
   */
  update(
    identity: PodIdentity,
    pod: PodLike,
    podIP: string,
    containers: readonly ProbedContainer[],
  ): void {
    if (this.#closed) return;
    const specs = new Map((pod.spec?.containers ?? []).map((c) => [c.name, c]));
    this.#pods.set(identity.uid, {
      identity,
      podIP,
      specs,
      containers: new Map(containers.map((c) => [c.name, c])),
    });
    const wanted = new Set<string>();
    for (const container of specs.values()) {
      for (const type of TYPES) {
        const probe = container[PROBE_FIELD[type]];
        if (probe === undefined) continue;
        const key = `${identity.uid}/${container.name}/${type}`;
        wanted.add(key);
        const existing = this.#workers.get(key);
        if (existing !== undefined && existing.probe === probe) continue;
        // A new probe (or a changed one; specs are replaced, not mutated) gets a new worker.
        void existing?.stop();
        const worker = new ProbeWorker(this, identity.uid, container.name, type, probe);
        this.#workers.set(key, worker);
        worker.start();
      }
    }
    for (const [key, worker] of this.#workers) {
      if (key.startsWith(`${identity.uid}/`) && !wanted.has(key)) {
        this.#workers.delete(key);
        void worker.stop();
      }
    }
  }

  /** Stops the pod's workers (the pod is gone) and waits for their probes in flight. */
  async removePod(uid: string): Promise<void> {
    this.#pods.delete(uid);
    const stopping: Promise<void>[] = [];
    for (const [key, worker] of this.#workers) {
      if (key.startsWith(`${uid}/`)) {
        this.#workers.delete(key);
        stopping.push(worker.stop());
      }
    }
    await Promise.all(stopping);
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#closed = true;
    const workers = [...this.#workers.values()];
    this.#workers.clear();
    this.#pods.clear();
    await Promise.all(workers.map((w) => w.stop()));
  }

  /** What the probes say about the instance `containerId` of the pod's container. */
  verdict(uid: string, container: ContainerLike, containerId: string): ProbeVerdict {
    const result = (type: ProbeType) => {
      const worker = this.#workers.get(`${uid}/${container.name}/${type}`);
      return worker !== undefined && worker.containerId === containerId
        ? worker.result
        : initialResult(type);
    };
    const started = container.startupProbe === undefined || result("startup") === "success";
    const ready = started &&
      (container.readinessProbe === undefined || result("readiness") === "success");
    const failed = container.startupProbe !== undefined && result("startup") === "failure"
      ? "startup"
      : container.livenessProbe !== undefined && result("liveness") === "failure"
      ? "liveness"
      : undefined;
    return failed === undefined ? { started, ready } : { started, ready, failed };
  }

  // Worker plumbing ----------------------------------------------------------------------------

  /** @internal The pod entry of a worker. */
  pod(uid: string): PodEntry | undefined {
    return this.#pods.get(uid);
  }

  /** @internal Whether the instance passed its startup probe (true without one). */
  started(uid: string, name: string, containerId: string): boolean {
    const worker = this.#workers.get(`${uid}/${name}/startup`);
    return worker === undefined ||
      (worker.containerId === containerId && worker.result === "success");
  }

  /** @internal */
  get options(): ProbeManagerOptions {
    return this.#options;
  }

  /** @internal */
  get logger(): Logger {
    return this.#logger;
  }

  /** @internal */
  now(): number {
    return this.#now();
  }
}

/** One probe of one container, run periodically. */
class ProbeWorker {
  readonly #manager: ProbeManager;
  readonly #uid: string;
  readonly #name: string;
  readonly #type: ProbeType;
  readonly probe: ProbeLike;
  readonly #timing;
  /** The instance the result belongs to ("" before the first). */
  containerId = "";
  result: ProbeResult;
  #lastOutcome: ProbeResult | undefined;
  #run = 0;
  #onHold = false;
  #stopped = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(
    manager: ProbeManager,
    uid: string,
    name: string,
    type: ProbeType,
    probe: ProbeLike,
  ) {
    this.#manager = manager;
    this.#uid = uid;
    this.#name = name;
    this.#type = type;
    this.probe = probe;
    this.#timing = probeTiming(probe, type);
    this.result = initialResult(type);
  }

  start(): void {
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#inFlight;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#inFlight = this.#tick().then(
        (next) => this.#schedule(next),
        (error) => {
          this.#manager.logger.warn("probe worker failed", { error, container: this.#name });
          this.#schedule(this.#timing.periodMs);
        },
      );
    }, ms);
  }

  /** One round; resolves to the delay before the next. */
  async #tick(): Promise<number> {
    const period = this.#timing.periodMs;
    const pod = this.#manager.pod(this.#uid);
    const spec = pod?.specs.get(this.#name);
    const container = pod?.containers.get(this.#name);
    if (pod === undefined || spec === undefined || container === undefined || !container.running) {
      return period;
    }
    if (container.id !== this.containerId) {
      // A new instance: start over.
      this.containerId = container.id;
      this.result = initialResult(this.#type);
      this.#lastOutcome = undefined;
      this.#run = 0;
      this.#onHold = false;
    }
    if (this.#onHold) return period;
    if (this.#type === "startup" && this.result === "success") return period;
    if (
      this.#type !== "startup" &&
      !this.#manager.started(this.#uid, this.#name, container.id)
    ) {
      return period;
    }
    const startedAt = container.startedAtMs ?? 0;
    const sinceStart = this.#manager.now() - startedAt;
    if (sinceStart < this.#timing.initialDelayMs) {
      return Math.min(period, this.#timing.initialDelayMs - sinceStart);
    }
    const id = container.id;
    const outcome = await runProbe(this.probe, {
      podIP: pod.podIP,
      container: spec,
      exec: (command, timeoutMs) => this.#manager.options.exec(id, command, timeoutMs),
    });
    if (this.#stopped || this.containerId !== id) return period;
    if (outcome.result === "unknown") {
      this.#manager.logger.debug(1, "probe could not run", {
        probe: this.#type,
        container: this.#name,
        output: outcome.output,
      });
      return period;
    }
    if (outcome.result === "failure") {
      this.#manager.options.onEvent(
        pod.identity,
        this.#name,
        "Unhealthy",
        `${TITLE[this.#type]} probe failed: ${outcome.output}`,
      );
    }
    if (outcome.result === this.#lastOutcome) this.#run++;
    else {
      this.#lastOutcome = outcome.result;
      this.#run = 1;
    }
    const threshold = outcome.result === "failure"
      ? this.#timing.failureThreshold
      : this.#timing.successThreshold;
    if (this.#run < threshold) return period;
    let changed = this.result !== outcome.result;
    this.result = outcome.result;
    if (outcome.result === "failure" && this.#type !== "readiness") {
      // The runtime kills the instance; nothing to probe until it is replaced.
      this.#onHold = true;
      this.#run = 0;
      changed = true;
    }
    if (changed) this.#manager.options.onChange(pod.identity);
    return period;
  }
}
