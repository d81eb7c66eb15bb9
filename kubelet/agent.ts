/**
 * The kubelet's control loop: watches the pods bound to this node (an informer with
 * `spec.nodeName=<node>`), syncs each one through the Docker runtime in a keyed work queue,
 * reports their status through pods/status, and finishes graceful deletions (kills the
 * containers, then confirms with a zero-grace delete). A periodic resync catches containers
 * that changed on their own (crashes, restarts).
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import {
  type ApiClient,
  ApiStatusError,
  Informer,
  type KubeObject,
  ResourceClient,
  WorkQueue,
} from "../client/mod.ts";
import { EventRecorder } from "./event_recorder.ts";
import type { PodRuntime } from "./pod_runtime.ts";
import type { PodLike } from "./pod_types.ts";

const RESYNC_MS = 5000;

/** Keeps this node's pods running as their specs say. */
export class KubeletAgent {
  readonly #runtime: PodRuntime;
  readonly #nodeName: string;
  readonly #logger: Logger;
  readonly #pods: ResourceClient<KubeObject>;
  readonly #configMaps: ResourceClient<KubeObject>;
  readonly #secrets: ResourceClient<KubeObject>;
  readonly #services: ResourceClient<KubeObject>;
  readonly #informer: Informer<KubeObject>;
  readonly #queue = new WorkQueue({ baseDelayMs: 200, maxDelayMs: 30_000 });
  /** uid of every pod this kubelet runs, by key (to kill pods deleted while it watched). */
  readonly #known = new Map<string, string>();
  readonly #lastStatus = new Map<string, string>();
  #workers: Promise<void>[] = [];
  #resync: ReturnType<typeof setInterval> | undefined;
  readonly #recorder: EventRecorder;

  constructor(api: ApiClient, runtime: PodRuntime, nodeName: string, logger?: Logger) {
    this.#runtime = runtime;
    this.#nodeName = nodeName;
    this.#logger = logger ?? createLogger("kubelet");
    const resource = (resource: string) =>
      new ResourceClient<KubeObject>(api, { group: "", version: "v1", resource, namespaced: true });
    this.#pods = resource("pods");
    this.#configMaps = resource("configmaps");
    this.#secrets = resource("secrets");
    this.#services = resource("services");
    this.#informer = new Informer(this.#pods, {
      fieldSelector: `spec.nodeName=${nodeName}`,
      logger: this.#logger,
    });
    this.#recorder = new EventRecorder(resource("events"), nodeName, this.#logger);
    // Probe results, exited init containers and ended back-offs sync the pod right away; the
    // runtime's events become Kubernetes Events.
    runtime.subscribe({
      podChanged: (pod) => this.#queue.add(`${pod.namespace}/${pod.name}`),
      event: (event) => this.#recorder.record(event),
    });
  }

  /**
   * Starts watching and syncing with `workers` concurrent pod workers (Kubernetes runs one per
   * pod; a pod is never synced by two workers at once, and Docker serves starts in parallel, so
   * a burst of new pods should not queue behind a few slow starts).
   */
  async start(workers = 16): Promise<void> {
    this.#informer.addHandlers({
      onAdd: (pod) => this.#queue.add(key(pod)),
      onUpdate: (_, pod) => this.#queue.add(key(pod)),
      onDelete: (pod) => this.#queue.add(key(pod)),
    });
    this.#informer.start();
    await this.#informer.synced();
    // Pods left running from before a restart whose objects are gone are killed too.
    for (const running of await this.#runtime.listPods()) {
      const k = `${running.namespace}/${running.name}`;
      this.#known.set(k, running.uid);
      this.#queue.add(k);
    }
    this.#resync = setInterval(() => {
      for (const k of this.#known.keys()) this.#queue.add(k);
    }, RESYNC_MS);
    this.#workers = [...Array(workers)].map(() => this.#work());
  }

  /** Stops syncing (pods keep running). */
  async stop(): Promise<void> {
    clearInterval(this.#resync);
    this.#queue.shutDown();
    await this.#informer.stop();
    await Promise.all(this.#workers);
    await this.#runtime.close();
    await this.#recorder.flush();
  }

  async #work(): Promise<void> {
    for (;;) {
      const k = await this.#queue.get();
      if (k === undefined) return;
      try {
        await this.#sync(k);
        this.#queue.forget(k);
      } catch (error) {
        this.#logger.warn("pod sync failed; retrying", { pod: k, error });
        this.#queue.addRateLimited(k);
      } finally {
        this.#queue.done(k);
      }
    }
  }

  async #sync(k: string): Promise<void> {
    const pod = this.#informer.get(k) as (KubeObject & PodLike) | undefined;
    const knownUid = this.#known.get(k);
    if (pod === undefined || (knownUid !== undefined && pod.metadata.uid !== knownUid)) {
      if (knownUid !== undefined) {
        await this.#runtime.killPod(knownUid, 0);
        this.#known.delete(k);
        this.#lastStatus.delete(k);
        this.#logger.info("pod removed", { pod: k });
      }
      if (pod === undefined) return;
    }
    this.#known.set(k, pod.metadata.uid!);
    if (pod.metadata.deletionTimestamp !== undefined) {
      const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? 30);
      await this.#runtime.killPod(pod, grace);
      try {
        await this.#pods.delete(pod.metadata.namespace, pod.metadata.name!, {
          gracePeriodSeconds: 0,
          preconditions: { uid: pod.metadata.uid! },
        });
      } catch (error) {
        if (!(error instanceof ApiStatusError && (error.code === 404 || error.code === 409))) {
          throw error;
        }
      }
      this.#known.delete(k);
      this.#lastStatus.delete(k);
      this.#logger.info("pod deleted", { pod: k });
      return;
    }
    const namespace = pod.metadata.namespace!;
    const result = await this.#runtime.syncPod(pod, {
      configMap: (ns, name) => this.#get(this.#configMaps, ns, name),
      secret: (ns, name) => this.#get(this.#secrets, ns, name),
      services: async (ns) => (await this.#services.list(ns)).items as never,
    });
    for (const error of result.errors) {
      this.#logger.debug(1, "pod sync problem", {
        pod: k,
        reason: error.reason,
        error: error.message,
      });
    }
    const text = JSON.stringify(result.status);
    if (this.#lastStatus.get(k) === text) return;
    await this.#pods.patch(
      namespace,
      pod.metadata.name!,
      { status: result.status },
      "application/merge-patch+json",
      "status",
    );
    this.#lastStatus.set(k, text);
  }

  async #get<T>(
    client: ResourceClient<KubeObject>,
    namespace: string,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await client.get(namespace, name) as T;
    } catch (error) {
      if (error instanceof ApiStatusError && error.code === 404) return undefined;
      throw error;
    }
  }

  /** A pod of this node from the informer's cache. */
  pod(namespace: string, name: string): (KubeObject & PodLike) | undefined {
    return this.#informer.get(`${namespace}/${name}`) as (KubeObject & PodLike) | undefined;
  }

  /** Every pod bound to this node, as last seen from the API (status included). */
  pods(): (KubeObject & PodLike & { status?: unknown })[] {
    return this.#informer.list() as (KubeObject & PodLike & { status?: unknown })[];
  }

  /** The node this kubelet serves. */
  get nodeName(): string {
    return this.#nodeName;
  }
}

function key(pod: KubeObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}
