/**
 * The replication controller (after kube-controller-manager's): keeps `spec.replicas` pods
 * matching each ReplicationController's selector, created from its template with a controller
 * ownerReference; adopts matching orphans and releases owned pods that no longer match; reports
 * replicas, readyReplicas, availableReplicas and observedGeneration.
 *
 * Expectations: after creating or deleting pods for an RC, its sync waits until the informer
 * has seen those changes, so a burst of events never creates twice.
 *
 * @module
 */
import { Selector } from "../api/labels.ts";
import { createLogger, type Logger } from "../cli/log.ts";
import {
  type ApiClient,
  ApiStatusError,
  Informer,
  keyOf,
  type KubeObject,
  ResourceClient,
  WorkQueue,
} from "../client/mod.ts";

interface RcSpec {
  replicas?: number;
  selector?: Record<string, string>;
  template?: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: unknown;
  };
}

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Pods still to be seen created or deleted for one RC. */
interface Expectation {
  adds: number;
  deletes: Set<string>;
  deadline: number;
}

const BURST = 500;

function controllerOf(pod: KubeObject): OwnerReference | undefined {
  return ((pod.metadata.ownerReferences ?? []) as OwnerReference[]).find((o) => o.controller);
}

function isActive(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return pod.metadata.deletionTimestamp === undefined && phase !== "Succeeded" &&
    phase !== "Failed";
}

function isReady(pod: KubeObject): boolean {
  const conditions =
    ((pod.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** Keeps ReplicationControllers' pods at their replica counts. */
export class ReplicationController {
  readonly #logger: Logger;
  readonly #rcs: ResourceClient<KubeObject>;
  readonly #pods: ResourceClient<KubeObject>;
  readonly #rcInformer: Informer<KubeObject>;
  readonly #podInformer: Informer<KubeObject>;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  readonly #expectations = new Map<string, Expectation>();
  #workers: Promise<void>[] = [];

  constructor(api: ApiClient, logger?: Logger) {
    this.#logger = logger ?? createLogger("replication-controller");
    this.#rcs = new ResourceClient(api, {
      group: "",
      version: "v1",
      resource: "replicationcontrollers",
      namespaced: true,
    });
    this.#pods = new ResourceClient(api, {
      group: "",
      version: "v1",
      resource: "pods",
      namespaced: true,
    });
    this.#rcInformer = new Informer(this.#rcs, { logger: this.#logger });
    this.#podInformer = new Informer(this.#pods, { logger: this.#logger });
  }

  /** Starts watching and reconciling. */
  async start(workers = 2): Promise<void> {
    this.#rcInformer.addHandlers({
      onAdd: (rc) => this.#queue.add(keyOf(rc)),
      onUpdate: (_, rc) => this.#queue.add(keyOf(rc)),
      onDelete: (rc) => this.#expectations.delete(keyOf(rc)),
    });
    const podChanged = (pod: KubeObject, deleted: boolean) => {
      for (const rc of this.#rcsFor(pod)) {
        const k = keyOf(rc);
        const expectation = this.#expectations.get(k);
        if (expectation !== undefined) {
          if (deleted) expectation.deletes.delete(keyOf(pod));
          else if (controllerOf(pod)?.uid === rc.metadata.uid && expectation.adds > 0) {
            expectation.adds--;
          }
        }
        this.#queue.add(k);
      }
    };
    this.#podInformer.addHandlers({
      onAdd: (pod) => podChanged(pod, false),
      onUpdate: (old, pod) => {
        podChanged(pod, false);
        if (JSON.stringify(old.metadata.labels) !== JSON.stringify(pod.metadata.labels)) {
          podChanged(old, false);
        }
      },
      onDelete: (pod) => podChanged(pod, true),
    });
    this.#rcInformer.start();
    this.#podInformer.start();
    await Promise.all([this.#rcInformer.synced(), this.#podInformer.synced()]);
    this.#workers = [...Array(workers)].map(() => this.#work());
  }

  /** Stops reconciling. */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    await Promise.all([this.#rcInformer.stop(), this.#podInformer.stop()]);
    await Promise.all(this.#workers);
  }

  /** RCs whose selector matches the pod, or that own it. */
  #rcsFor(pod: KubeObject): KubeObject[] {
    const owner = controllerOf(pod);
    return this.#rcInformer.byIndex("namespace", pod.metadata.namespace ?? "").filter((rc) => {
      if (owner !== undefined && owner.uid === rc.metadata.uid) return true;
      const selector = (rc.spec as RcSpec | undefined)?.selector;
      return selector !== undefined && Object.keys(selector).length > 0 &&
        Selector.fromSet(selector).matches(pod.metadata.labels ?? {});
    });
  }

  async #work(): Promise<void> {
    for (;;) {
      const k = await this.#queue.get();
      if (k === undefined) return;
      try {
        await this.#sync(k);
        this.#queue.forget(k);
      } catch (error) {
        this.#logger.warn("replication controller sync failed; retrying", { rc: k, error });
        this.#queue.addRateLimited(k);
      } finally {
        this.#queue.done(k);
      }
    }
  }

  async #sync(k: string): Promise<void> {
    const rc = this.#rcInformer.get(k);
    if (rc === undefined || rc.metadata.deletionTimestamp !== undefined) return;
    const expectation = this.#expectations.get(k);
    if (
      expectation !== undefined && (expectation.adds > 0 || expectation.deletes.size > 0) &&
      Date.now() < expectation.deadline
    ) {
      return; // wait for the informer to see our own changes; their events requeue us
    }
    const spec = (rc.spec ?? {}) as RcSpec;
    const selector = Selector.fromSet(spec.selector ?? {});
    const namespace = rc.metadata.namespace!;
    const uid = rc.metadata.uid!;
    const pods = this.#podInformer.byIndex("namespace", namespace);
    const owned: KubeObject[] = [];
    for (const pod of pods) {
      const owner = controllerOf(pod);
      const matches = selector.matches(pod.metadata.labels ?? {});
      if (owner?.uid === uid) {
        if (matches) owned.push(pod);
        else await this.#release(pod, uid);
      } else if (owner === undefined && matches && isActive(pod)) {
        if (await this.#adopt(pod, rc)) owned.push(pod);
      }
    }
    const active = owned.filter(isActive);
    const want = spec.replicas ?? 1;
    const diff = want - active.length;
    if (diff > 0) {
      const count = Math.min(diff, BURST);
      this.#expectations.set(k, {
        adds: count,
        deletes: new Set(),
        deadline: Date.now() + 5 * 60_000,
      });
      // Slow start, as kube-controller-manager: batches of 1, 2, 4... stop at the first failure.
      let created = 0;
      for (let batch = 1; created < count; batch *= 2) {
        const size = Math.min(batch, count - created);
        const results = await Promise.allSettled([...Array(size)].map(() => this.#createPod(rc)));
        created += size;
        const failed = results.filter((r) => r.status === "rejected").length;
        if (failed > 0) {
          const e = this.#expectations.get(k);
          if (e) e.adds -= failed + (count - created);
          throw (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason;
        }
      }
    } else if (diff < 0) {
      // Delete the least useful first: not scheduled, then not ready, then the newest.
      const rank = (p: KubeObject) =>
        ((p.spec as { nodeName?: string } | undefined)?.nodeName ? 0 : 2) + (isReady(p) ? 0 : 1);
      const doomed = [...active].sort((a, b) =>
        rank(b) - rank(a) ||
        String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp))
      ).slice(0, -diff);
      this.#expectations.set(k, {
        adds: 0,
        deletes: new Set(doomed.map(keyOf)),
        deadline: Date.now() + 5 * 60_000,
      });
      await Promise.all(
        doomed.map((pod) =>
          this.#pods.delete(pod.metadata.namespace, pod.metadata.name!).catch((error) => {
            this.#expectations.get(k)?.deletes.delete(keyOf(pod));
            if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
          })
        ),
      );
    } else {
      this.#expectations.delete(k);
    }
    await this.#updateStatus(rc, active);
  }

  async #createPod(rc: KubeObject): Promise<void> {
    const spec = (rc.spec ?? {}) as RcSpec;
    const template = spec.template ?? {};
    await this.#pods.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        generateName: `${rc.metadata.name}-`,
        namespace: rc.metadata.namespace!,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [{
          apiVersion: "v1",
          kind: "ReplicationController",
          name: rc.metadata.name!,
          uid: rc.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        }],
      },
      spec: structuredClone(template.spec ?? {}),
    });
  }

  async #adopt(pod: KubeObject, rc: KubeObject): Promise<boolean> {
    try {
      await this.#pods.patch(pod.metadata.namespace, pod.metadata.name!, {
        metadata: {
          ownerReferences: [{
            apiVersion: "v1",
            kind: "ReplicationController",
            name: rc.metadata.name,
            uid: rc.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          }],
          resourceVersion: pod.metadata.resourceVersion,
        },
      });
      return true;
    } catch (error) {
      if (error instanceof ApiStatusError && (error.code === 409 || error.code === 404)) {
        return false;
      }
      throw error;
    }
  }

  async #release(pod: KubeObject, uid: string): Promise<void> {
    const refs = ((pod.metadata.ownerReferences ?? []) as OwnerReference[]).filter((o) =>
      o.uid !== uid
    );
    await this.#pods.patch(pod.metadata.namespace, pod.metadata.name!, {
      metadata: {
        ownerReferences: refs.length ? refs : null,
        resourceVersion: pod.metadata.resourceVersion,
      },
    }).catch((error) => {
      if (!(error instanceof ApiStatusError && (error.code === 409 || error.code === 404))) {
        throw error;
      }
    });
  }

  async #updateStatus(rc: KubeObject, active: KubeObject[]): Promise<void> {
    const status = {
      replicas: active.length,
      fullyLabeledReplicas: active.length,
      readyReplicas: active.filter(isReady).length,
      availableReplicas: active.filter(isReady).length,
      observedGeneration: rc.metadata.generation ?? 1,
    };
    const current = (rc.status ?? {}) as Record<string, unknown>;
    if (Object.entries(status).every(([key, value]) => (current[key] ?? 0) === value)) return;
    await this.#rcs.patch(
      rc.metadata.namespace,
      rc.metadata.name!,
      { status },
      "application/merge-patch+json",
      "status",
    )
      .catch((error) => {
        if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
      });
  }
}
