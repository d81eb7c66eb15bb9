/**
 * The Deployment controller (after kube-controller-manager's `deployment` package): each
 * apps/v1 Deployment owns ReplicaSets named `<deployment>-<pod-template-hash>` (the hash label
 * added to their selector and template), and moves pods from the old ones to the one whose
 * template is the Deployment's:
 *
 * - RollingUpdate: the new ReplicaSet grows while old + new stay within replicas + maxSurge,
 *   old ones shrink while replicas - maxUnavailable pods stay available (`deployment_util.ts`);
 * - Recreate: old ReplicaSets go to zero, and once their pods are gone the new one gets all.
 *   "Gone" is read from the shared pod cache: a pod of a ReplicaSet of a Recreate Deployment
 *   that is deleted or stops (Succeeded, Failed) requeues the Deployment when it was that
 *   ReplicaSet's last running pod (as `deletePod`), so the wait is event-driven, not polled;
 * - a resize mid-rollout scales every active ReplicaSet in proportion; paused Deployments are
 *   only resized;
 * - revisions: `deployment.kubernetes.io/revision` on each ReplicaSet (and the Deployment),
 *   revision-history when an old template comes back (kubectl's client-side rollback copies an
 *   old ReplicaSet's template into the Deployment), desired-/max-replicas annotations,
 *   revisionHistoryLimit old ReplicaSets kept;
 * - status: replicas, updated/ready/available/unavailable counts, observedGeneration,
 *   collisionCount, the Available and Progressing conditions (progressDeadlineSeconds:
 *   NewReplicaSetCreated, ReplicaSetUpdated, NewReplicaSetAvailable, ProgressDeadlineExceeded,
 *   DeploymentPaused/Resumed), and the ReplicaFailure condition of its ReplicaSets (the new
 *   one's first) carried over while a rollout is synced;
 * - Events: "Scaled up replica set web-7c5d9 from 0 to 1", "Scaled down ...".
 *
 * A sync works on a copy of the Deployment and of its ReplicaSets that it updates with every
 * write's answer, so later steps of the same sync see earlier ones; writes carry the
 * resourceVersion read, so a sync from a stale cache fails with a conflict and is retried.
 *
 * @module
 */
import type { LabelSelector } from "../api/labels.ts";
import { createLogger, type Logger } from "../cli/log.ts";
import { canonicalJson } from "../kubelet/names.ts";
import {
  ApiStatusError,
  type Informer,
  keyOf,
  type KubeObject,
  ResourceClient,
  type SharedInformers,
  WorkQueue,
} from "../client/mod.ts";
import {
  byCreation,
  CONDITION,
  type DeploymentCondition,
  type DeploymentView,
  DESIRED_REPLICAS_ANNOTATION,
  equalIgnoreHash,
  findActiveOrLatest,
  historyToDelete,
  intAnnotation,
  isSaturated,
  maxRevision,
  maxSurgeOf,
  maxUnavailableOf,
  newCondition,
  newRsAnnotations,
  newRsReplicas,
  oldRsScaleDown,
  POD_TEMPLATE_HASH_LABEL,
  podTemplateHash,
  proportionalSizes,
  replicaFailureOf,
  REVISION_ANNOTATION,
  rolloutComplete,
  rolloutProgressed,
  rolloutTimedOut,
  type RsCondition,
  type RsView,
  setCondition,
  setReplicaAnnotations,
} from "./deployment_util.ts";
import { controllerOf, labelSelectorOf, type OwnerReference } from "./replica_core.ts";
import { ComponentEventRecorder, type ObjectKind } from "../client/event_recorder.ts";

const DEPLOYMENT: ObjectKind = { apiVersion: "apps/v1", kind: "Deployment" };
const COMPONENT = "deployment-controller";

interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: { metadata?: { labels?: Record<string, string> }; [key: string]: unknown };
  strategy?: {
    type?: string;
    rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

interface RsSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelector;
  template?: unknown;
}

interface RsStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: RsCondition[];
}

/** One sync's working state: the Deployment and its ReplicaSets as last written or read. */
interface Work {
  d: KubeObject;
  view: DeploymentView;
  rss: Map<string, KubeObject>;
}

const specOf = (d: KubeObject) => (d.spec ?? {}) as DeploymentSpec;
const statusOf = (d: KubeObject) => (d.status ?? {}) as DeploymentStatus;
const rsSpec = (rs: KubeObject) => (rs.spec ?? {}) as RsSpec;
const rsStatus = (rs: KubeObject) => (rs.status ?? {}) as RsStatus;
const annotationsOf = (o: KubeObject) => (o.metadata.annotations ?? {}) as Record<string, string>;

/** A pod that is not Succeeded or Failed: it may still run (terminating ones count). */
function notTerminal(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== "Succeeded" && phase !== "Failed";
}

/** The arithmetic's view of a ReplicaSet. */
function rsView(rs: KubeObject): RsView {
  return {
    name: rs.metadata.name!,
    created: String(rs.metadata.creationTimestamp ?? ""),
    replicas: rsSpec(rs).replicas ?? 1,
    availableReplicas: rsStatus(rs).availableReplicas ?? 0,
    annotations: annotationsOf(rs),
  };
}

/** The arithmetic's view of a Deployment; throws RangeError for a bad maxSurge/maxUnavailable. */
function deploymentView(d: KubeObject): DeploymentView {
  const spec = specOf(d);
  const view: DeploymentView = {
    replicas: spec.replicas ?? 1,
    strategy: spec.strategy?.type === "Recreate" ? "Recreate" : "RollingUpdate",
    maxSurge: spec.strategy?.rollingUpdate?.maxSurge,
    maxUnavailable: spec.strategy?.rollingUpdate?.maxUnavailable,
  };
  maxSurgeOf(view); // validates both
  return view;
}

/** progressDeadlineSeconds when set (Kubernetes treats MaxInt32 as none). */
function progressDeadline(d: KubeObject): number | undefined {
  const seconds = specOf(d).progressDeadlineSeconds;
  return seconds === undefined || seconds >= 2 ** 31 - 1 ? undefined : seconds;
}

function progressingOf(status: DeploymentStatus): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === CONDITION.progressing);
}

function nowTime(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

/** Status as compared for "nothing changed": absent and zero counts are the same. */
function comparable(status: DeploymentStatus): string {
  return canonicalJson(
    Object.fromEntries(
      Object.entries(status).filter(([, v]) =>
        v !== undefined && v !== 0 && !(Array.isArray(v) && v.length === 0)
      ),
    ),
  );
}

/** Rolls Deployments out through their ReplicaSets. */
export class DeploymentController {
  readonly #logger: Logger;
  readonly #deployments: ResourceClient<KubeObject>;
  readonly #rss: ResourceClient<KubeObject>;
  readonly #dInformer: Informer<KubeObject>;
  readonly #rsInformer: Informer<KubeObject>;
  /** Shared with the ReplicaSet controller: what Recreate rollouts wait on. */
  readonly #podInformer: Informer<KubeObject>;
  readonly #events: ComponentEventRecorder;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #workers: Promise<void>[] = [];

  constructor(informers: SharedInformers, logger?: Logger) {
    this.#logger = logger ?? createLogger(COMPONENT);
    const id = (group: string, resource: string) => ({
      group,
      version: "v1",
      resource,
      namespaced: true,
    });
    const client = (group: string, resource: string) =>
      new ResourceClient<KubeObject>(informers.api, id(group, resource));
    this.#deployments = client("apps", "deployments");
    this.#rss = client("apps", "replicasets");
    this.#dInformer = informers.informer(id("apps", "deployments"));
    this.#rsInformer = informers.informer(id("apps", "replicasets"));
    this.#podInformer = informers.informer(id("", "pods"));
    this.#events = new ComponentEventRecorder(client("", "events"), COMPONENT, this.#logger);
  }

  /** Starts watching and reconciling. */
  async start(workers = 2): Promise<void> {
    this.#dInformer.addHandlers({
      onAdd: (d) => this.#queue.add(keyOf(d)),
      onUpdate: (_, d) => this.#queue.add(keyOf(d)),
    });
    this.#rsInformer.addHandlers({
      onAdd: (rs) => this.#rsChanged(rs),
      onUpdate: (old, rs) => {
        this.#rsChanged(rs);
        if (controllerOf(old)?.uid !== controllerOf(rs)?.uid) this.#rsChanged(old);
      },
      onDelete: (rs) => this.#rsChanged(rs),
    });
    this.#podInformer.addHandlers({
      // A pod stopping counts like one going: Recreate waits for neither once stopped.
      onUpdate: (old, pod) => {
        if (notTerminal(old) && !notTerminal(pod)) this.#podGone(old);
        else if (controllerOf(old)?.uid !== controllerOf(pod)?.uid) this.#podGone(old);
      },
      onDelete: (pod) => this.#podGone(pod),
    });
    this.#dInformer.start();
    this.#rsInformer.start();
    this.#podInformer.start();
    // The pod cache too: before it is synced every old ReplicaSet would look empty.
    await Promise.all([
      this.#dInformer.synced(),
      this.#rsInformer.synced(),
      this.#podInformer.synced(),
    ]);
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

  /** Queues the ReplicaSet's Deployment, or for an orphan every Deployment that selects it. */
  #rsChanged(rs: KubeObject): void {
    const namespace = rs.metadata.namespace ?? "";
    const ref = controllerOf(rs);
    if (ref !== undefined) {
      if (ref.kind !== "Deployment") return;
      const d = this.#dInformer.get(`${namespace}/${ref.name}`);
      if (d?.metadata.uid === ref.uid) this.#queue.add(keyOf(d));
      return;
    }
    for (const d of this.#dInformer.byIndex("namespace", namespace)) {
      if (labelSelectorOf(d).matches(rs.metadata.labels ?? {})) this.#queue.add(keyOf(d));
    }
  }

  /**
   * A pod left its ReplicaSet's running pods (deleted, stopped, or released): when that was the
   * last one and the ReplicaSet's Deployment is a Recreate one, the Deployment may go on with
   * its rollout — queue it (`deletePod`). Nothing else a Deployment does waits on pods: their
   * ReplicaSets' status changes requeue it.
   */
  #podGone(pod: KubeObject): void {
    const podRef = controllerOf(pod);
    if (podRef?.kind !== "ReplicaSet") return;
    const namespace = pod.metadata.namespace ?? "";
    const rs = this.#rsInformer.get(`${namespace}/${podRef.name}`);
    if (rs === undefined || rs.metadata.uid !== podRef.uid) return;
    const rsRef = controllerOf(rs);
    if (rsRef?.kind !== "Deployment") return;
    const d = this.#dInformer.get(`${namespace}/${rsRef.name}`);
    if (d === undefined || d.metadata.uid !== rsRef.uid) return;
    if (specOf(d).strategy?.type !== "Recreate") return;
    if (this.#runningPods([rs]) > 0) return; // not the last one: a later event will say
    this.#queue.add(keyOf(d));
  }

  /** Cached pods controlled by one of `rss` that are not terminal (terminating ones count). */
  #runningPods(rss: readonly KubeObject[]): number {
    if (rss.length === 0) return 0;
    const uids = new Set(rss.map((rs) => rs.metadata.uid));
    let running = 0;
    for (const pod of this.#podInformer.byIndex("namespace", rss[0]!.metadata.namespace ?? "")) {
      const uid = controllerOf(pod)?.uid;
      if (uid !== undefined && uids.has(uid) && notTerminal(pod)) running++;
    }
    return running;
  }

  #requeueAfter(k: string, ms: number): void {
    clearTimeout(this.#timers.get(k));
    this.#timers.set(
      k,
      setTimeout(() => {
        this.#timers.delete(k);
        this.#queue.add(k);
      }, ms),
    );
  }

  #work(): Promise<void> {
    return this.#queue.process((k) => this.#sync(k), (k, error) => {
      if (error instanceof ApiStatusError && error.code === 409) {
        this.#logger.debug(1, "deployment sync conflicted; retrying", { key: k });
      } else {
        this.#logger.warn("deployment sync failed; retrying", { key: k, error });
      }
    });
  }

  async #sync(k: string): Promise<void> {
    const cached = this.#dInformer.get(k);
    if (cached === undefined) return;
    const d = structuredClone(cached);
    let view: DeploymentView;
    try {
      view = deploymentView(d);
    } catch (error) {
      // The API validates these; an object that still has them cannot be rolled out.
      this.#events.record(DEPLOYMENT, d, "Warning", "InvalidStrategy", String(error));
      return;
    }
    const selector = specOf(d).selector;
    if (
      Object.keys(selector?.matchLabels ?? {}).length +
          (selector?.matchExpressions ?? []).length === 0
    ) {
      this.#events.record(
        DEPLOYMENT,
        d,
        "Warning",
        "SelectingAll",
        "This deployment is selecting all pods. A non-empty selector is required.",
      );
      return;
    }
    const work: Work = { d, view, rss: await this.#claimReplicaSets(d) };
    if (d.metadata.deletionTimestamp !== undefined) {
      const { newRs, oldRss } = await this.#allReplicaSets(work, false);
      return await this.#syncStatus(work, cached, newRs, oldRss, false);
    }
    this.#checkPausedCondition(work);
    if (specOf(d).paused || await this.#isScalingEvent(work)) {
      return await this.#syncScale(work, cached);
    }
    if (view.strategy === "Recreate") await this.#rolloutRecreate(work, cached);
    else await this.#rolloutRolling(work, cached);
  }

  /** The Deployment's ReplicaSets: owned ones that match, after adopting orphans that match. */
  async #claimReplicaSets(d: KubeObject): Promise<Map<string, KubeObject>> {
    const selector = labelSelectorOf(d);
    const uid = d.metadata.uid!;
    const claimed = new Map<string, KubeObject>();
    for (const rs of this.#rsInformer.byIndex("namespace", d.metadata.namespace!)) {
      const ref = controllerOf(rs);
      const matches = selector.matches(rs.metadata.labels ?? {});
      const refs = (rs.metadata.ownerReferences ?? []) as OwnerReference[];
      if (ref?.uid === uid) {
        if (matches) {
          claimed.set(rs.metadata.name!, rs);
          continue;
        }
        const rest = refs.filter((o) => o.uid !== uid);
        await this.#patchRs(rs, { metadata: { ownerReferences: rest.length ? rest : null } })
          .catch(ignoreGone);
      } else if (
        ref === undefined && matches && rs.metadata.deletionTimestamp === undefined &&
        d.metadata.deletionTimestamp === undefined
      ) {
        const adopted = await this.#patchRs(rs, {
          metadata: {
            ownerReferences: [...refs, {
              apiVersion: "apps/v1",
              kind: "Deployment",
              name: d.metadata.name!,
              uid,
              controller: true,
              blockOwnerDeletion: true,
            }],
          },
        }).catch(ignoreGone);
        if (adopted !== undefined) claimed.set(adopted.metadata.name!, adopted);
      }
    }
    return claimed;
  }

  /** Merge-patches a ReplicaSet at the version read; the answer replaces the cached copy. */
  #patchRs(rs: KubeObject, patch: { metadata?: object; spec?: object }): Promise<KubeObject> {
    return this.#rss.patch(rs.metadata.namespace, rs.metadata.name!, {
      ...patch,
      metadata: { ...(patch.metadata ?? {}), resourceVersion: rs.metadata.resourceVersion },
    });
  }

  /**
   * The new ReplicaSet (template equal to the Deployment's but for the hash, oldest first)
   * and the old ones, bringing the new one's annotations and the Deployment's revision up to
   * date, and creating the new one when `create` and there is none
   * (`getAllReplicaSetsAndSyncRevision`).
   */
  async #allReplicaSets(
    work: Work,
    create: boolean,
  ): Promise<{ newRs: KubeObject | undefined; oldRss: KubeObject[] }> {
    const template = specOf(work.d).template;
    const sorted = [...work.rss.values()].sort((a, b) => byCreation(rsView(a), rsView(b)));
    let newRs = sorted.find((rs) => equalIgnoreHash(rsSpec(rs).template, template));
    const oldRss = sorted.filter((rs) => rs !== newRs);
    const newRevision = maxRevision(oldRss.map(rsView)) + 1;
    const dAnnotations = annotationsOf(work.d);
    if (newRs !== undefined) {
      const { annotations, changed } = newRsAnnotations(
        dAnnotations,
        rsView(newRs).annotations,
        newRevision,
        undefined,
      );
      const minReadySeconds = specOf(work.d).minReadySeconds ?? 0;
      if (changed || (rsSpec(newRs).minReadySeconds ?? 0) !== minReadySeconds) {
        newRs = await this.#patchRs(newRs, {
          metadata: { annotations },
          spec: { minReadySeconds },
        });
        work.rss.set(newRs.metadata.name!, newRs);
        return { newRs, oldRss };
      }
      await this.#setRevision(work, rsView(newRs).annotations[REVISION_ANNOTATION]);
      const status = statusOf(work.d);
      if (progressDeadline(work.d) !== undefined && progressingOf(status) === undefined) {
        status.conditions = setCondition(
          status.conditions ?? [],
          newCondition(
            CONDITION.progressing,
            "True",
            CONDITION.foundNewRs,
            `Found new replica set "${newRs.metadata.name}"`,
            nowTime(),
          ),
        );
        work.d.status = status;
      }
      return { newRs, oldRss };
    }
    if (!create) return { newRs: undefined, oldRss };
    return { newRs: await this.#createNewRs(work, oldRss, newRevision), oldRss };
  }

  async #createNewRs(work: Work, oldRss: KubeObject[], revision: number): Promise<KubeObject> {
    const { d, view } = work;
    const spec = specOf(d);
    const status = statusOf(d);
    const template = structuredClone(spec.template ?? {});
    const hash = podTemplateHash(template, status.collisionCount);
    template.metadata = {
      ...(template.metadata ?? {}),
      labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
    };
    const selector = structuredClone(spec.selector ?? {}) as {
      matchLabels?: Record<string, string>;
    };
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const name = `${d.metadata.name}-${hash}`;
    const fresh: RsView = {
      name,
      created: "~",
      replicas: 0,
      availableReplicas: 0,
      annotations: {},
    };
    const replicas = newRsReplicas(view, [...oldRss.map(rsView), fresh], fresh);
    const { annotations } = newRsAnnotations(
      annotationsOf(d),
      {},
      revision,
      { replicas: view.replicas, maxReplicas: view.replicas + maxSurgeOf(view) },
    );
    let created: KubeObject;
    let alreadyExisted = false;
    try {
      created = await this.#rss.create({
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name,
          namespace: d.metadata.namespace!,
          labels: template.metadata.labels ?? {},
          annotations,
          ownerReferences: [{
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: d.metadata.name!,
            uid: d.metadata.uid!,
            controller: true,
            blockOwnerDeletion: true,
          }],
        },
        spec: { replicas, minReadySeconds: spec.minReadySeconds ?? 0, selector, template },
      });
    } catch (error) {
      if (error instanceof ApiStatusError && error.reason === "AlreadyExists") {
        const existing = await this.#rss.get(d.metadata.namespace, name);
        if (
          controllerOf(existing)?.uid !== d.metadata.uid ||
          !equalIgnoreHash(rsSpec(existing).template, spec.template)
        ) {
          // A different template hashed to the same name: try again with another hash.
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          d.status = status;
          await this.#writeStatus(work, status);
          throw new Error(
            `hash collision on replica set ${name}; collisionCount now ${status.collisionCount}`,
          );
        }
        created = existing;
        alreadyExisted = true;
      } else {
        const message = `Failed to create new replica set "${name}": ${
          error instanceof Error ? error.message : String(error)
        }`;
        if (progressDeadline(d) !== undefined) {
          status.conditions = setCondition(
            status.conditions ?? [],
            newCondition(
              CONDITION.progressing,
              "False",
              CONDITION.failedRsCreate,
              message,
              nowTime(),
            ),
          );
          d.status = status;
          await this.#writeStatus(work, status).catch(() => undefined);
        }
        this.#events.record(DEPLOYMENT, d, "Warning", CONDITION.failedRsCreate, message);
        throw error;
      }
    }
    work.rss.set(name, created);
    if (!alreadyExisted && replicas > 0) {
      this.#events.record(
        DEPLOYMENT,
        d,
        "Normal",
        "ScalingReplicaSet",
        `Scaled up replica set ${name} from 0 to ${replicas}`,
      );
    }
    await this.#setRevision(work, String(revision));
    if (!alreadyExisted && progressDeadline(d) !== undefined) {
      const current = statusOf(work.d);
      current.conditions = setCondition(
        current.conditions ?? [],
        newCondition(
          CONDITION.progressing,
          "True",
          CONDITION.newRsCreated,
          `Created new replica set "${name}"`,
          nowTime(),
        ),
      );
      work.d.status = current;
    }
    return created;
  }

  /** Sets the Deployment's revision annotation (a metadata patch: no new generation). */
  async #setRevision(work: Work, revision: string | undefined): Promise<void> {
    if (revision === undefined || annotationsOf(work.d)[REVISION_ANNOTATION] === revision) {
      return;
    }
    const written = await this.#deployments.patch(
      work.d.metadata.namespace,
      work.d.metadata.name!,
      {
        metadata: {
          annotations: { [REVISION_ANNOTATION]: revision },
          resourceVersion: work.d.metadata.resourceVersion,
        },
      },
    );
    work.d.metadata = { ...work.d.metadata, ...written.metadata };
  }

  /** Progressing=Unknown DeploymentPaused / DeploymentResumed as `paused` flips. */
  #checkPausedCondition(work: Work): void {
    if (progressDeadline(work.d) === undefined) return;
    const status = statusOf(work.d);
    const pausedCondition = progressingOf(status)?.reason === CONDITION.paused;
    const paused = specOf(work.d).paused === true;
    let condition: DeploymentCondition | undefined;
    if (paused && !pausedCondition) {
      condition = newCondition(
        CONDITION.progressing,
        "Unknown",
        CONDITION.paused,
        "Deployment is paused",
        nowTime(),
      );
    } else if (!paused && pausedCondition) {
      condition = newCondition(
        CONDITION.progressing,
        "Unknown",
        CONDITION.resumed,
        "Deployment is resumed",
        nowTime(),
      );
    }
    if (condition === undefined) return;
    status.conditions = setCondition(status.conditions ?? [], condition);
    work.d.status = status;
  }

  /** An active ReplicaSet's desired-replicas annotation differs from the Deployment's replicas. */
  async #isScalingEvent(work: Work): Promise<boolean> {
    const { newRs, oldRss } = await this.#allReplicaSets(work, false);
    return [...oldRss, ...(newRs ? [newRs] : [])].some((rs) => {
      const view = rsView(rs);
      if (view.replicas === 0) return false;
      const desired = intAnnotation(view, DESIRED_REPLICAS_ANNOTATION);
      return desired !== undefined && desired !== work.view.replicas;
    });
  }

  /**
   * Sets a ReplicaSet's size and replica annotations (`scaleReplicaSet`); true when the size
   * changed (then an Event says so).
   */
  async #scaleRs(work: Work, rs: KubeObject, replicas: number): Promise<boolean> {
    const before = rsSpec(rs).replicas ?? 1;
    const annotations = { ...rsView(rs).annotations };
    const annotationsChanged = setReplicaAnnotations(
      annotations,
      work.view.replicas,
      work.view.replicas + maxSurgeOf(work.view),
    );
    if (before === replicas && !annotationsChanged) return false;
    const written = await this.#patchRs(rs, { metadata: { annotations }, spec: { replicas } });
    work.rss.set(written.metadata.name!, written);
    if (before === replicas) return false;
    this.#events.record(
      DEPLOYMENT,
      work.d,
      "Normal",
      "ScalingReplicaSet",
      `Scaled ${
        before < replicas ? "up" : "down"
      } replica set ${rs.metadata.name} from ${before} to ${replicas}`,
    );
    return true;
  }

  /** The latest copy of a ReplicaSet in this sync. */
  #latest(work: Work, rs: KubeObject): KubeObject {
    return work.rss.get(rs.metadata.name!) ?? rs;
  }

  /** Resize only (paused Deployments, and replicas changed mid-rollout): `sync`. */
  async #syncScale(work: Work, original: KubeObject): Promise<void> {
    const { newRs, oldRss } = await this.#allReplicaSets(work, false);
    const newView = newRs === undefined ? undefined : rsView(newRs);
    const oldViews = oldRss.map(rsView);
    const target = findActiveOrLatest(newView, oldViews);
    if (target !== undefined) {
      if (target.replicas !== work.view.replicas) {
        await this.#scaleRs(work, work.rss.get(target.name)!, work.view.replicas);
      }
    } else if (isSaturated(work.view, newView)) {
      for (const rs of oldRss) if (rsView(rs).replicas > 0) await this.#scaleRs(work, rs, 0);
    } else if (work.view.strategy === "RollingUpdate") {
      const active = [...oldRss, ...(newRs ? [newRs] : [])].filter((rs) => rsView(rs).replicas > 0);
      const { sizes } = proportionalSizes(
        work.view,
        active.map(rsView),
        statusOf(original).replicas ?? 0,
      );
      for (const rs of active) {
        await this.#scaleRs(work, this.#latest(work, rs), sizes.get(rs.metadata.name!)!);
      }
    }
    if (specOf(work.d).paused) await this.#cleanup(work, oldRss);
    await this.#syncStatus(
      work,
      original,
      newRs && this.#latest(work, newRs),
      oldRss.map((rs) => this.#latest(work, rs)),
      false,
    );
  }

  async #rolloutRolling(work: Work, original: KubeObject): Promise<void> {
    const all = await this.#allReplicaSets(work, true);
    const newRs = all.newRs!;
    const latest = () => ({
      newRs: this.#latest(work, newRs),
      oldRss: all.oldRss.map((rs) => this.#latest(work, rs)),
    });
    // Scale up, if we can.
    if (await this.#reconcileNewRs(work, newRs, all.oldRss)) {
      const { newRs: n, oldRss } = latest();
      return await this.#syncStatus(work, original, n, oldRss, true);
    }
    // Scale down, if we can.
    const sizes = oldRsScaleDown(work.view, all.oldRss.map(rsView), rsView(newRs));
    let scaledDown = false;
    for (const [name, replicas] of sizes) {
      scaledDown = await this.#scaleRs(work, work.rss.get(name)!, replicas) || scaledDown;
    }
    const { newRs: n, oldRss } = latest();
    if (!scaledDown && this.#complete(work, statusOf(original))) await this.#cleanup(work, oldRss);
    await this.#syncStatus(work, original, n, oldRss, true);
  }

  /** Scales the new ReplicaSet toward the Deployment's replicas (`reconcileNewReplicaSet`). */
  async #reconcileNewRs(work: Work, newRs: KubeObject, oldRss: KubeObject[]): Promise<boolean> {
    const current = rsView(newRs);
    if (current.replicas === work.view.replicas) return false;
    if (current.replicas > work.view.replicas) {
      return await this.#scaleRs(work, newRs, work.view.replicas);
    }
    const target = newRsReplicas(work.view, [...oldRss.map(rsView), current], current);
    return await this.#scaleRs(work, newRs, target);
  }

  async #rolloutRecreate(work: Work, original: KubeObject): Promise<void> {
    let { newRs, oldRss } = await this.#allReplicaSets(work, false);
    let scaledDown = false;
    for (const rs of oldRss) {
      if (rsView(rs).replicas > 0) scaledDown = await this.#scaleRs(work, rs, 0) || scaledDown;
    }
    oldRss = oldRss.map((rs) => this.#latest(work, rs));
    if (scaledDown || this.#oldPodsRunning(oldRss)) {
      // No timer: the old ReplicaSets' status changes and their last pods going (#podGone)
      // requeue this Deployment.
      return await this.#syncStatus(work, original, newRs, oldRss, true);
    }
    if (newRs === undefined) ({ newRs, oldRss } = await this.#allReplicaSets(work, true));
    if (rsView(newRs!).replicas !== work.view.replicas) {
      await this.#scaleRs(work, newRs!, work.view.replicas);
    }
    if (this.#complete(work, statusOf(original))) await this.#cleanup(work, oldRss);
    await this.#syncStatus(work, original, this.#latest(work, newRs!), oldRss, true);
  }

  /**
   * Old ReplicaSets may still have pods (`oldPodsRunning`): their status counts some, or the
   * pod cache holds one of theirs that is not Succeeded or Failed (terminating ones count), or
   * a ReplicaSet has not yet observed its latest spec. The last check is not Kubernetes': a
   * ReplicaSet controller that created a pod just before being scaled to 0 reports 0 replicas
   * until it has seen (and deleted) that pod, which the pod cache may not hold yet either; its
   * observedGeneration moves only once it has, and that status change requeues us. (Not for a
   * ReplicaSet being deleted: its controller no longer syncs it, and it goes with its pods.)
   */
  #oldPodsRunning(oldRss: KubeObject[]): boolean {
    const unobserved = (rs: KubeObject) =>
      rs.metadata.deletionTimestamp === undefined &&
      (rsStatus(rs).observedGeneration ?? 0) < ((rs.metadata.generation as number) ?? 1);
    if (oldRss.some((rs) => (rsStatus(rs).replicas ?? 0) > 0 || unobserved(rs))) return true;
    return this.#runningPods(oldRss) > 0;
  }

  #complete(work: Work, status: DeploymentStatus): boolean {
    return rolloutComplete(
      work.view.replicas,
      (work.d.metadata.generation as number | undefined) ?? 1,
      {
        replicas: status.replicas ?? 0,
        updatedReplicas: status.updatedReplicas ?? 0,
        readyReplicas: status.readyReplicas ?? 0,
        availableReplicas: status.availableReplicas ?? 0,
        observedGeneration: status.observedGeneration ?? 0,
      },
    );
  }

  /** Deletes old ReplicaSets beyond revisionHistoryLimit (`cleanupDeployment`). */
  async #cleanup(work: Work, oldRss: KubeObject[]): Promise<void> {
    const limit = specOf(work.d).revisionHistoryLimit;
    if (limit === undefined) return;
    const alive = oldRss.filter((rs) => rs.metadata.deletionTimestamp === undefined).map((rs) => ({
      ...rsView(rs),
      rs,
      deletable: (rsStatus(rs).replicas ?? 0) === 0 && (rsSpec(rs).replicas ?? 1) === 0 &&
        (rsStatus(rs).observedGeneration ?? 0) >= ((rs.metadata.generation as number) ?? 1),
    }));
    for (const { rs } of historyToDelete(alive, limit)) {
      await this.#rss.delete(rs.metadata.namespace, rs.metadata.name!, {
        preconditions: { uid: rs.metadata.uid! },
      }).catch(ignoreGone);
      work.rss.delete(rs.metadata.name!);
    }
  }

  /**
   * Computes and writes the status (`syncRolloutStatus`, or `syncDeploymentStatus` without
   * `estimateProgress`): counts from the ReplicaSets, Available, and Progressing by progress
   * against the deadline. Writes only when something changed; a rollout that makes no progress
   * is looked at again when its deadline passes.
   */
  async #syncStatus(
    work: Work,
    original: KubeObject,
    newRs: KubeObject | undefined,
    oldRss: KubeObject[],
    estimateProgress: boolean,
  ): Promise<void> {
    const { d, view } = work;
    const all = [...oldRss, ...(newRs ? [newRs] : [])];
    const working = statusOf(d);
    const available = all.reduce((n, rs) => n + (rsStatus(rs).availableReplicas ?? 0), 0);
    const specTotal = all.reduce((n, rs) => n + (rsSpec(rs).replicas ?? 1), 0);
    const generation = (d.metadata.generation as number | undefined) ?? 1;
    const status: DeploymentStatus = {
      observedGeneration: generation,
      replicas: all.reduce((n, rs) => n + (rsStatus(rs).replicas ?? 0), 0),
      updatedReplicas: newRs === undefined ? 0 : rsStatus(newRs).replicas ?? 0,
      readyReplicas: all.reduce((n, rs) => n + (rsStatus(rs).readyReplicas ?? 0), 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, specTotal - available),
      conditions: [...(working.conditions ?? [])],
      ...(working.collisionCount === undefined ? {} : { collisionCount: working.collisionCount }),
    };
    const now = nowTime();
    status.conditions = setCondition(
      status.conditions!,
      available >= view.replicas - maxUnavailableOf(view)
        ? newCondition(
          CONDITION.available,
          "True",
          CONDITION.minAvailable,
          "Deployment has minimum availability.",
          now,
        )
        : newCondition(
          CONDITION.available,
          "False",
          CONDITION.minUnavailable,
          "Deployment does not have minimum availability.",
          now,
        ),
    );
    const deadline = progressDeadline(d);
    if (estimateProgress) {
      if (deadline === undefined) {
        status.conditions = status.conditions!.filter((c) => c.type !== CONDITION.progressing);
      }
      const current = progressingOf(working);
      const counts = (s: DeploymentStatus) => ({
        replicas: s.replicas ?? 0,
        updatedReplicas: s.updatedReplicas ?? 0,
        readyReplicas: s.readyReplicas ?? 0,
        availableReplicas: s.availableReplicas ?? 0,
        observedGeneration: s.observedGeneration ?? 0,
      });
      const isComplete = status.replicas === status.updatedReplicas &&
        current?.reason === CONDITION.newRsAvailable;
      const rsName = newRs?.metadata.name;
      if (deadline !== undefined && !isComplete) {
        if (rolloutComplete(view.replicas, generation, counts(status))) {
          status.conditions = setCondition(
            status.conditions!,
            newCondition(
              CONDITION.progressing,
              "True",
              CONDITION.newRsAvailable,
              rsName
                ? `ReplicaSet "${rsName}" has successfully progressed.`
                : `Deployment "${d.metadata.name}" has successfully progressed.`,
              now,
            ),
          );
        } else if (rolloutProgressed(counts(working), counts(status))) {
          // Progress refreshes lastUpdateTime even with the same reason (the deadline restarts).
          const condition = newCondition(
            CONDITION.progressing,
            "True",
            CONDITION.rsUpdated,
            rsName
              ? `ReplicaSet "${rsName}" is progressing.`
              : `Deployment "${d.metadata.name}" is progressing.`,
            now,
          );
          if (current?.status === "True") condition.lastTransitionTime = current.lastTransitionTime;
          status.conditions = [
            ...status.conditions!.filter((c) => c.type !== CONDITION.progressing),
            condition,
          ];
        } else if (rolloutTimedOut(progressingOf(status), deadline, Date.now())) {
          status.conditions = setCondition(
            status.conditions!,
            newCondition(
              CONDITION.progressing,
              "False",
              CONDITION.timedOut,
              rsName
                ? `ReplicaSet "${rsName}" has timed out progressing.`
                : `Deployment "${d.metadata.name}" has timed out progressing.`,
              now,
            ),
          );
        }
      }
      // The ReplicaSets' ReplicaFailure (the new one's first) moves into the Deployment's
      // conditions, and goes when none has one (`syncRolloutStatus`).
      const failure = replicaFailureOf(
        newRs === undefined ? undefined : rsStatus(newRs).conditions,
        all.map((rs) => rsStatus(rs).conditions),
      );
      status.conditions = failure === undefined
        ? status.conditions!.filter((c) => c.type !== CONDITION.replicaFailure)
        : setCondition(status.conditions!, failure);
    }
    if (comparable(status) === comparable(statusOf(original))) {
      if (estimateProgress) this.#requeueStuck(work, status);
      return;
    }
    await this.#writeStatus(work, status);
  }

  /** A rollout without progress is synced again just after its deadline would pass. */
  #requeueStuck(work: Work, status: DeploymentStatus): void {
    const deadline = progressDeadline(work.d);
    const current = progressingOf(statusOf(work.d));
    if (deadline === undefined || current === undefined) return;
    if (current.reason === CONDITION.timedOut || this.#complete(work, status)) return;
    const after = Date.parse(current.lastUpdateTime) + deadline * 1000 - Date.now();
    this.#requeueAfter(keyOf(work.d), Math.max(after, 0) + 1000);
  }

  async #writeStatus(work: Work, status: DeploymentStatus): Promise<void> {
    const written = await this.#deployments.updateStatus({
      ...work.d,
      apiVersion: DEPLOYMENT.apiVersion,
      kind: DEPLOYMENT.kind,
      status,
    });
    work.d = { ...work.d, metadata: written.metadata, status: written.status };
  }
}

/** NotFound (and a conflict from a concurrent change, seen again on the next sync) are fine. */
function ignoreGone(error: unknown): undefined {
  if (error instanceof ApiStatusError && (error.code === 404 || error.code === 409)) return;
  throw error;
}
