/**
 * The pod garbage collector (after kube-controller-manager's podgc): every period it
 * force-deletes pods bound to nodes that no longer exist (confirmed with a GET, since the node
 * informer may lag a creation), terminating pods never scheduled, and the oldest terminated
 * (Succeeded/Failed) pods beyond the threshold.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import {
  ApiStatusError,
  type Informer,
  keyOf,
  type KubeObject,
  ResourceClient,
  type SharedInformers,
} from "../client/mod.ts";

/** Settings of the {@link PodGarbageCollector}. */
export interface PodGcOptions {
  /** Terminated pods kept at most (0: never delete them). */
  readonly terminatedThreshold: number;
  /** Time between passes (default 20 s, as Kubernetes). */
  readonly periodMs?: number;
}

function phaseOf(pod: KubeObject): string | undefined {
  return (pod.status as { phase?: string } | undefined)?.phase;
}

/** Deletes orphaned and surplus terminated pods. */
export class PodGarbageCollector {
  readonly #logger: Logger;
  readonly #options: PodGcOptions;
  readonly #pods: ResourceClient<KubeObject>;
  readonly #nodes: ResourceClient<KubeObject>;
  readonly #podInformer: Informer<KubeObject>;
  readonly #nodeInformer: Informer<KubeObject>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pass: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(informers: SharedInformers, options: PodGcOptions, logger?: Logger) {
    this.#logger = logger ?? createLogger("pod-gc");
    this.#options = options;
    const pods = { group: "", version: "v1", resource: "pods", namespaced: true };
    const nodes = { group: "", version: "v1", resource: "nodes", namespaced: false };
    this.#pods = new ResourceClient(informers.api, pods);
    this.#nodes = new ResourceClient(informers.api, nodes);
    this.#podInformer = informers.informer(pods);
    this.#nodeInformer = informers.informer(nodes);
  }

  /** Starts the periodic passes. */
  async start(): Promise<void> {
    this.#podInformer.start();
    this.#nodeInformer.start();
    await Promise.all([this.#podInformer.synced(), this.#nodeInformer.synced()]);
    this.#schedule();
  }

  /** Stops (waits for a pass under way; the shared informers are their owner's to stop). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#pass;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#pass = this.collect().then(() => {})
        .catch((error) => this.#logger.warn("pod gc pass failed", { error }))
        .finally(() => this.#schedule());
    }, this.#options.periodMs ?? 20_000);
  }

  /** One pass; resolves to how many pods it deleted. */
  async collect(): Promise<number> {
    const pods = this.#podInformer.list();
    let deleted = 0;
    // Orphans: bound to a node that is gone (confirmed by the API, not just the cache).
    const gone = new Map<string, boolean>();
    for (const pod of pods) {
      const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
      if (!nodeName || this.#nodeInformer.get(nodeName) !== undefined) continue;
      if (!gone.has(nodeName)) gone.set(nodeName, await this.#nodeGone(nodeName));
      if (gone.get(nodeName) && await this.#delete(pod, "its node is gone", { node: nodeName })) {
        deleted++;
      }
    }
    // Terminating pods that no kubelet will ever confirm: never scheduled.
    for (const pod of pods) {
      const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
      if (!nodeName && pod.metadata.deletionTimestamp !== undefined) {
        if (await this.#delete(pod, "terminating and never scheduled", {})) deleted++;
      }
    }
    // Terminated pods beyond the threshold, oldest first.
    const threshold = this.#options.terminatedThreshold;
    if (threshold > 0) {
      const terminated = pods.filter((p) => {
        const phase = phaseOf(p);
        return (phase === "Succeeded" || phase === "Failed") &&
          p.metadata.deletionTimestamp === undefined;
      });
      if (terminated.length > threshold) {
        terminated.sort((a, b) =>
          String(a.metadata.creationTimestamp ?? "").localeCompare(
            String(b.metadata.creationTimestamp ?? ""),
          )
        );
        for (const pod of terminated.slice(0, terminated.length - threshold)) {
          if (await this.#delete(pod, "too many terminated pods", { threshold })) deleted++;
        }
      }
    }
    return deleted;
  }

  async #nodeGone(name: string): Promise<boolean> {
    try {
      await this.#nodes.get(undefined, name);
      return false;
    } catch (error) {
      if (error instanceof ApiStatusError && error.code === 404) return true;
      throw error;
    }
  }

  async #delete(pod: KubeObject, why: string, fields: Record<string, unknown>): Promise<boolean> {
    try {
      await this.#pods.delete(pod.metadata.namespace, pod.metadata.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid! },
      });
    } catch (error) {
      if (error instanceof ApiStatusError && (error.code === 404 || error.code === 409)) {
        return false;
      }
      throw error;
    }
    this.#logger.info("pod garbage-collected", { pod: keyOf(pod), reason: why, ...fields });
    return true;
  }
}
