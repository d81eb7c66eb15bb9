/**
 * The core shared by the replication controller (core/v1 ReplicationController, a map
 * selector) and the ReplicaSet controller (apps/v1 ReplicaSet, a meta/v1 LabelSelector), after
 * kube-controller-manager's `replicaset` package, which serves both the same way. A
 * {@link ReplicaKind} says which resource and how to read its selector; the rest is one
 * algorithm:
 *
 * - keeps `spec.replicas` active pods matching the selector, created from `spec.template` with
 *   a controller ownerReference; adopts matching orphans and releases owned pods that no longer
 *   match (a pod relabelled out of the set is released and replaced);
 * - creates in slow-start batches (1, 2, 4...) that stop at the first failure, and deletes the
 *   least useful pods first (unscheduled, then pending, then not ready, then the newest);
 * - expectations: after creating or deleting pods for an owner, its sync waits until the pod
 *   informer has seen those changes, so a burst of events never creates or deletes twice;
 * - status: replicas, fullyLabeledReplicas, readyReplicas, availableReplicas (ready for at
 *   least `spec.minReadySeconds`), observedGeneration, and the ReplicaFailure condition
 *   (`calculateStatus`): set (reason FailedCreate or FailedDelete, the error's message) when a
 *   sync's pod creations or deletions fail and there is none yet, removed when a later sync
 *   manages pods without error;
 * - a create refused because the namespace is being terminated is no failure (nothing can be
 *   created there any more, and the namespace controller deletes the owner), as in Kubernetes;
 * - Events: SuccessfulCreate, FailedCreate, SuccessfulDelete, FailedDelete.
 *
 * @module
 */
import { type LabelSelector, labelSelectorAsSelector, Selector } from "../api/labels.ts";
import { createLogger, type Logger } from "../cli/log.ts";
import {
  ApiStatusError,
  type Informer,
  keyOf,
  type KubeObject,
  ResourceClient,
  type ResourceId,
  type SharedInformers,
  WorkQueue,
} from "../client/mod.ts";
import { ComponentEventRecorder } from "../client/event_recorder.ts";

/** A metadata.ownerReferences entry. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The fields of an RC's or a ReplicaSet's spec the core reads (selector is per kind). */
interface ReplicaSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: unknown;
  };
}

/** Which resource a {@link ReplicaController} manages and how to read its selector. */
export interface ReplicaKind {
  /** apiVersion of the owner ("v1", "apps/v1"), written into ownerReferences and Events. */
  readonly apiVersion: string;
  /** Kind of the owner ("ReplicationController", "ReplicaSet"). */
  readonly kind: string;
  /** The owner's resource. */
  readonly resource: ResourceId;
  /** Logger name and Events' source component. */
  readonly component: string;
  /**
   * The owner's pod selector. An absent, empty or invalid selector selects nothing: adopting
   * every pod of a namespace is never what an owner means (the API refuses such owners).
   */
  selectorOf(owner: KubeObject): Selector;
}

/** RC selectors: a plain label map (`spec.selector`). */
export function mapSelectorOf(owner: KubeObject): Selector {
  const set = (owner.spec as { selector?: Record<string, string> } | undefined)?.selector;
  return Selector.fromSet(set ?? {}, { emptyIsEverything: false });
}

/** ReplicaSet (and Deployment) selectors: a meta/v1 LabelSelector (`spec.selector`). */
export function labelSelectorOf(owner: KubeObject): Selector {
  const ps = (owner.spec as { selector?: LabelSelector } | undefined)?.selector;
  if (
    ps === undefined || ps === null ||
    Object.keys(ps.matchLabels ?? {}).length + (ps.matchExpressions ?? []).length === 0
  ) {
    return Selector.nothing();
  }
  try {
    return labelSelectorAsSelector(ps);
  } catch {
    return Selector.nothing();
  }
}

/** The controller ownerReference of an object, if any. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return ((object.metadata.ownerReferences ?? []) as OwnerReference[]).find((o) => o.controller);
}

/** Not being deleted, not Succeeded or Failed: the pods an owner counts. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return pod.metadata.deletionTimestamp === undefined && phase !== "Succeeded" &&
    phase !== "Failed";
}

function readyCondition(
  pod: KubeObject,
): { status: string; lastTransitionTime?: string } | undefined {
  const conditions =
    ((pod.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  return conditions.find((c) => c.type === "Ready");
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === "True";
}

/**
 * Milliseconds until a ready pod counts as available (0: it is; `undefined`: it is not ready),
 * as `podutil.IsPodAvailable`: ready for at least `minReadySeconds` since its Ready
 * condition's lastTransitionTime.
 */
export function msUntilAvailable(
  pod: KubeObject,
  minReadySeconds: number,
  now: number,
): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== "True") return undefined;
  if (minReadySeconds <= 0) return 0;
  const since = Date.parse(ready.lastTransitionTime ?? "");
  if (Number.isNaN(since)) return 0;
  return Math.max(0, since + minReadySeconds * 1000 - now);
}

/** A status condition of a ReplicaSet or ReplicationController (times RFC 3339). */
export interface ReplicaCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The condition type a failed pod creation or deletion sets. */
export const REPLICA_FAILURE = "ReplicaFailure";

/** Why a sync's pod management failed: what the ReplicaFailure condition says. */
export interface ManageFailure {
  readonly reason: "FailedCreate" | "FailedDelete";
  readonly message: string;
}

/**
 * The conditions after a sync that managed pods (`calculateStatus`): with a failure, a
 * ReplicaFailure condition stamped `now` is added unless there is one already (which is kept as
 * it is, its first message and time); without one, any ReplicaFailure condition goes.
 */
export function withReplicaFailure(
  conditions: readonly ReplicaCondition[],
  failure: ManageFailure | undefined,
  now: string,
): ReplicaCondition[] {
  const current = conditions.some((c) => c.type === REPLICA_FAILURE);
  if (failure !== undefined && !current) {
    return [...conditions, {
      type: REPLICA_FAILURE,
      status: "True",
      lastTransitionTime: now,
      reason: failure.reason,
      message: failure.message,
    }];
  }
  if (failure === undefined && current) return conditions.filter((c) => c.type !== REPLICA_FAILURE);
  return [...conditions];
}

/** The API refused a create because the namespace is being terminated (a StatusCause). */
export function isNamespaceTerminating(error: unknown): boolean {
  if (!(error instanceof ApiStatusError)) return false;
  const details = error.status.details as { causes?: { reason?: string }[] } | undefined;
  return (details?.causes ?? []).some((c) => c.reason === "NamespaceTerminating");
}

/** The message of a thrown value. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** RFC 3339 to the second, as Kubernetes writes metav1.Time. */
function nowTime(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

/** Pods still to be seen created or deleted for one owner. */
interface Expectation {
  adds: number;
  deletes: Set<string>;
  deadline: number;
}

/** Most pods created by one sync (kube-controller-manager's burstReplicas). */
const BURST = 500;
/** Expectations not met within this long are dropped (a missed event must not wedge an owner). */
const EXPECTATION_TTL_MS = 5 * 60_000;

/** Deletion rank of a pod: higher goes first (see the module documentation). */
function deletionRank(pod: KubeObject): number {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const scheduled = (pod.spec as { nodeName?: string } | undefined)?.nodeName ? 0 : 4;
  const phaseRank = phase === "Pending" ? 2 : phase === "Running" ? 0 : 1;
  return scheduled + phaseRank + (isPodReady(pod) ? 0 : 1);
}

/** Keeps the pods of every owner of one {@link ReplicaKind} at its replica count. */
export class ReplicaController {
  readonly #kind: ReplicaKind;
  readonly #logger: Logger;
  readonly #owners: ResourceClient<KubeObject>;
  readonly #pods: ResourceClient<KubeObject>;
  readonly #ownerInformer: Informer<KubeObject>;
  readonly #podInformer: Informer<KubeObject>;
  readonly #events: ComponentEventRecorder;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  readonly #expectations = new Map<string, Expectation>();
  /** Delayed requeues (a pod becoming available after minReadySeconds). */
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Parsed selectors per cached owner object (the informer replaces objects on update). */
  readonly #selectors = new WeakMap<KubeObject, Selector>();
  #workers: Promise<void>[] = [];

  constructor(informers: SharedInformers, kind: ReplicaKind, logger?: Logger) {
    this.#kind = kind;
    this.#logger = logger ?? createLogger(kind.component);
    const api = informers.api;
    const pods = { group: "", version: "v1", resource: "pods", namespaced: true };
    this.#owners = new ResourceClient(api, kind.resource);
    this.#pods = new ResourceClient(api, pods);
    this.#ownerInformer = informers.informer(kind.resource);
    this.#podInformer = informers.informer(pods);
    this.#events = new ComponentEventRecorder(
      new ResourceClient(api, { group: "", version: "v1", resource: "events", namespaced: true }),
      kind.component,
      this.#logger,
    );
  }

  /** Starts watching and reconciling. */
  async start(workers = 2): Promise<void> {
    this.#ownerInformer.addHandlers({
      onAdd: (owner) => this.#queue.add(keyOf(owner)),
      onUpdate: (_, owner) => this.#queue.add(keyOf(owner)),
      onDelete: (owner) => this.#expectations.delete(keyOf(owner)),
    });
    const podChanged = (pod: KubeObject, deleted: boolean) => {
      for (const owner of this.#ownersOf(pod)) {
        const k = keyOf(owner);
        const expectation = this.#expectations.get(k);
        if (expectation !== undefined) {
          if (deleted) expectation.deletes.delete(keyOf(pod));
          else if (controllerOf(pod)?.uid === owner.metadata.uid && expectation.adds > 0) {
            expectation.adds--;
          }
        }
        this.#queue.add(k);
      }
    };
    // A pod given a deletionTimestamp counts as deleted (`updatePod`): a graceful deletion is
    // observed when it starts, so the owner's status and replacements need not wait for the
    // kubelet to remove the pod.
    const terminating = (pod: KubeObject) => pod.metadata.deletionTimestamp !== undefined;
    this.#podInformer.addHandlers({
      onAdd: (pod) => podChanged(pod, terminating(pod)),
      onUpdate: (old, pod) => {
        podChanged(pod, terminating(pod));
        if (JSON.stringify(old.metadata.labels) !== JSON.stringify(pod.metadata.labels)) {
          podChanged(old, terminating(pod));
        }
      },
      onDelete: (pod) => podChanged(pod, true),
    });
    this.#ownerInformer.start();
    this.#podInformer.start();
    await Promise.all([this.#ownerInformer.synced(), this.#podInformer.synced()]);
    this.#workers = [...Array(workers)].map(() => this.#work());
  }

  /** Stops reconciling (the shared informers are their owner's to stop). */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(this.#workers);
    await this.#events.flush();
  }

  /** Owners whose selector matches the pod, or that own it. */
  #ownersOf(pod: KubeObject): KubeObject[] {
    const owner = controllerOf(pod);
    return this.#ownerInformer.byIndex("namespace", pod.metadata.namespace ?? "").filter((o) =>
      (owner !== undefined && owner.uid === o.metadata.uid) ||
      this.#selectorOf(o).matches(pod.metadata.labels ?? {})
    );
  }

  #selectorOf(owner: KubeObject): Selector {
    let selector = this.#selectors.get(owner);
    if (selector === undefined) {
      selector = this.#kind.selectorOf(owner);
      this.#selectors.set(owner, selector);
    }
    return selector;
  }

  #requeueAfter(k: string, ms: number): void {
    if (this.#timers.has(k)) return;
    this.#timers.set(
      k,
      setTimeout(() => {
        this.#timers.delete(k);
        this.#queue.add(k);
      }, ms),
    );
  }

  #work(): Promise<void> {
    return this.#queue.process(
      (k) => this.#sync(k),
      (k, error) =>
        this.#logger.warn("sync failed; retrying", { kind: this.#kind.kind, key: k, error }),
    );
  }

  async #sync(k: string): Promise<void> {
    const owner = this.#ownerInformer.get(k);
    if (owner === undefined || owner.metadata.deletionTimestamp !== undefined) return;
    const expectation = this.#expectations.get(k);
    if (
      expectation !== undefined && (expectation.adds > 0 || expectation.deletes.size > 0) &&
      Date.now() < expectation.deadline
    ) {
      return; // wait for the informer to see our own changes; their events requeue us
    }
    const spec = (owner.spec ?? {}) as ReplicaSpec;
    const selector = this.#selectorOf(owner);
    const uid = owner.metadata.uid!;
    const owned: KubeObject[] = [];
    for (const pod of this.#podInformer.byIndex("namespace", owner.metadata.namespace!)) {
      const ref = controllerOf(pod);
      const matches = selector.matches(pod.metadata.labels ?? {});
      if (ref?.uid === uid) {
        if (matches) owned.push(pod);
        else await this.#release(pod, uid);
      } else if (ref === undefined && matches && isPodActive(pod)) {
        if (await this.#adopt(pod, owner)) owned.push(pod);
      }
    }
    const active = owned.filter(isPodActive);
    const diff = (spec.replicas ?? 1) - active.length;
    // As `syncReplicaSet`: a failure to manage pods is written into the status (the
    // ReplicaFailure condition) before the sync fails and is retried.
    let failure: { reason: ManageFailure["reason"]; error: unknown } | undefined;
    try {
      if (diff > 0) await this.#createPods(k, owner, Math.min(diff, BURST));
      else if (diff < 0) await this.#deletePods(k, owner, active, -diff);
      else this.#expectations.delete(k);
    } catch (error) {
      failure = { reason: diff > 0 ? "FailedCreate" : "FailedDelete", error };
    }
    await this.#updateStatus(
      k,
      owner,
      active,
      failure && { reason: failure.reason, message: messageOf(failure.error) },
    );
    if (failure !== undefined) throw failure.error;
  }

  async #createPods(k: string, owner: KubeObject, count: number): Promise<void> {
    this.#expectations.set(k, {
      adds: count,
      deletes: new Set(),
      deadline: Date.now() + EXPECTATION_TTL_MS,
    });
    // Slow start, as kube-controller-manager: batches of 1, 2, 4... stop at the first failure.
    let created = 0;
    for (let batch = 1; created < count; batch *= 2) {
      const size = Math.min(batch, count - created);
      const results = await Promise.allSettled(
        [...Array(size)].map(() => this.#createPod(owner)),
      );
      created += size;
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected")
        .map((r) => r.reason as unknown);
      // Refusals because the namespace is going away count as done (no Event, no failure):
      // every create there fails, and the owner is about to be deleted with the namespace.
      const failures = rejected.filter((reason) => !isNamespaceTerminating(reason));
      const e = this.#expectations.get(k);
      // Pods never created are never seen: stop expecting them.
      if (e) e.adds -= rejected.length + (failures.length > 0 ? count - created : 0);
      if (failures.length > 0) {
        this.#events.record(
          this.#kind,
          owner,
          "Warning",
          "FailedCreate",
          `Error creating: ${messageOf(failures[0])}`,
        );
        throw failures[0];
      }
    }
  }

  async #deletePods(
    k: string,
    owner: KubeObject,
    active: KubeObject[],
    count: number,
  ): Promise<void> {
    const doomed = [...active].sort((a, b) =>
      deletionRank(b) - deletionRank(a) ||
      String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp))
    ).slice(0, count);
    this.#expectations.set(k, {
      adds: 0,
      deletes: new Set(doomed.map(keyOf)),
      deadline: Date.now() + EXPECTATION_TTL_MS,
    });
    // Every deletion is tried; the first failure (a pod already gone is none) fails the sync.
    const results = await Promise.allSettled(doomed.map(async (pod) => {
      try {
        await this.#pods.delete(pod.metadata.namespace, pod.metadata.name!);
        this.#events.record(
          this.#kind,
          owner,
          "Normal",
          "SuccessfulDelete",
          `Deleted pod: ${pod.metadata.name}`,
        );
      } catch (error) {
        this.#expectations.get(k)?.deletes.delete(keyOf(pod));
        if (error instanceof ApiStatusError && error.code === 404) return;
        this.#events.record(
          this.#kind,
          owner,
          "Warning",
          "FailedDelete",
          `Error deleting: ${messageOf(error)}`,
        );
        throw new Error(`unable to delete pods: ${messageOf(error)}`, { cause: error });
      }
    }));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed !== undefined) throw failed.reason;
  }

  #ownerReference(owner: KubeObject): OwnerReference {
    return {
      apiVersion: this.#kind.apiVersion,
      kind: this.#kind.kind,
      name: owner.metadata.name!,
      uid: owner.metadata.uid!,
      controller: true,
      blockOwnerDeletion: true,
    };
  }

  async #createPod(owner: KubeObject): Promise<void> {
    const template = ((owner.spec ?? {}) as ReplicaSpec).template ?? {};
    const pod = await this.#pods.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        generateName: `${owner.metadata.name}-`,
        namespace: owner.metadata.namespace!,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [this.#ownerReference(owner)],
      },
      spec: structuredClone(template.spec ?? {}),
    });
    this.#events.record(
      this.#kind,
      owner,
      "Normal",
      "SuccessfulCreate",
      `Created pod: ${pod.metadata.name}`,
    );
  }

  async #adopt(pod: KubeObject, owner: KubeObject): Promise<boolean> {
    try {
      await this.#pods.patch(pod.metadata.namespace, pod.metadata.name!, {
        metadata: {
          ownerReferences: [
            ...((pod.metadata.ownerReferences ?? []) as OwnerReference[]),
            this.#ownerReference(owner),
          ],
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

  /**
   * Writes the status computed from the active pods; `failure` is how this sync's pod
   * management failed (undefined: it did not), for the ReplicaFailure condition.
   */
  async #updateStatus(
    k: string,
    owner: KubeObject,
    active: KubeObject[],
    failure: ManageFailure | undefined,
  ): Promise<void> {
    const spec = (owner.spec ?? {}) as ReplicaSpec;
    const templateLabels = Selector.fromSet(spec.template?.metadata?.labels ?? {});
    const now = Date.now();
    let available = 0;
    let nextAvailable = Infinity;
    for (const pod of active) {
      const wait = msUntilAvailable(pod, spec.minReadySeconds ?? 0, now);
      if (wait === 0) available++;
      else if (wait !== undefined) nextAvailable = Math.min(nextAvailable, wait);
    }
    // A ready pod becomes available later without any event: look again then.
    if (nextAvailable !== Infinity) this.#requeueAfter(k, nextAvailable + 100);
    const status = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter((p) => templateLabels.matches(p.metadata.labels ?? {}))
        .length,
      readyReplicas: active.filter(isPodReady).length,
      availableReplicas: available,
      observedGeneration: owner.metadata.generation ?? 1,
    };
    const current = (owner.status ?? {}) as Record<string, unknown>;
    const currentConditions = (current.conditions ?? []) as ReplicaCondition[];
    const conditions = withReplicaFailure(currentConditions, failure, nowTime());
    const conditionsChanged = JSON.stringify(conditions) !== JSON.stringify(currentConditions);
    if (
      !conditionsChanged &&
      Object.entries(status).every(([key, value]) => (current[key] ?? 0) === value)
    ) return;
    await this.#owners.patch(
      owner.metadata.namespace,
      owner.metadata.name!,
      // A merge patch replaces the list whole; null removes it (Kubernetes omits it empty).
      {
        status: conditionsChanged
          ? { ...status, conditions: conditions.length > 0 ? conditions : null }
          : status,
      },
      "application/merge-patch+json",
      "status",
    ).catch((error) => {
      if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
    });
  }
}
