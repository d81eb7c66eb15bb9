/**
 * The garbage collector (after kube-controller-manager's): informers over every kind the API
 * server serves feed the {@link OwnershipGraph}; a keyed queue of uids does the work it finds.
 *
 * - Background: an object whose owners are all gone (no object with the owner's uid exists;
 *   one with the same name and another uid counts as gone) is deleted, with a uid precondition
 *   so a re-created object of the same name is never hit. An object with some owners left only
 *   loses its references to the gone ones.
 * - Foreground: an owner deleted with propagationPolicy=Foreground carries the
 *   `foregroundDeletion` finalizer (the API server puts it there); its dependents are deleted,
 *   and once none that blocks it (blockOwnerDeletion) is left, the finalizer goes, and the
 *   owner with it.
 * - Orphan: an owner with the `orphan` finalizer has its references stripped from its
 *   dependents, then the finalizer removed.
 *
 * Every decision re-reads the objects involved from the API server (the caches may lag), as
 * kube-controller-manager does; the graph only says where to look. Events are not watched
 * (kube-controller-manager's DefaultIgnoredResources): they are the busiest resource and never
 * own anything; one whose owner is gone lives until its TTL, as in Kubernetes.
 *
 * @module
 */
import { kindForKind, type KindInfo, KINDS, parseApiVersion } from "../api/types/registry.ts";
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from "../apiserver/rest/delete_policy.ts";
import { createLogger, type Logger } from "../cli/log.ts";
import {
  type ApiClient,
  ApiStatusError,
  type Informer,
  type KubeObject,
  ResourceClient,
  type ResourceId,
  type SharedInformers,
  WorkQueue,
} from "../client/mod.ts";
import {
  type GraphNode,
  type GraphWork,
  isDeletingDependents,
  type OwnerReference,
  OwnershipGraph,
} from "./garbage_collector_graph.ts";

/** The typed client of a served kind. */
export function resourceClientOf(api: ApiClient, kind: KindInfo): ResourceClient<KubeObject> {
  return new ResourceClient(api, resourceIdOf(kind));
}

/** The resource of a served kind, as a client or informer addresses it. */
export function resourceIdOf(kind: KindInfo): ResourceId {
  return {
    group: kind.group,
    version: kind.version,
    resource: kind.resource,
    namespaced: kind.namespaced,
  };
}

/** The kinds that can be listed, watched and deleted. */
function deletableKinds(): KindInfo[] {
  return KINDS.filter((k) =>
    k.listSchema !== undefined &&
    ["list", "watch", "delete"].every((v) => k.verbs.includes(v as never))
  );
}

/**
 * Resources the collector never watches, as `group/resource` (kube-controller-manager's
 * DefaultIgnoredResources): events, core and events.k8s.io.
 */
const IGNORED_RESOURCES: ReadonlySet<string> = new Set(["/events", "events.k8s.io/events"]);

/** The kinds the collector watches: the deletable ones but the ignored resources. */
export function collectableKinds(): KindInfo[] {
  return deletableKinds().filter((k) => !IGNORED_RESOURCES.has(`${k.group}/${k.resource}`));
}

/**
 * The namespaced kinds that can be listed and deleted: what the namespace controller empties a
 * deleted namespace of (events included, unlike {@link collectableKinds}).
 */
export function namespacedDeletableKinds(): KindInfo[] {
  return deletableKinds().filter((k) => k.namespaced);
}

/** What became of an owner a dependent names. */
type OwnerState = "present" | "absent" | "deletingDependents" | "unresolvable";

function isGone(error: unknown): boolean {
  return error instanceof ApiStatusError && error.code === 404;
}

/** 404 or 409: the object is gone or changed under us; the informer will bring us back. */
function isGoneOrChanged(error: unknown): boolean {
  return error instanceof ApiStatusError && (error.code === 404 || error.code === 409);
}

/** Deletes dependents whose owners are gone, and carries out foreground and orphan deletion. */
export class GarbageCollector {
  readonly #api: ApiClient;
  readonly #logger: Logger;
  readonly #graph = new OwnershipGraph();
  readonly #clients = new Map<KindInfo, ResourceClient<KubeObject>>();
  readonly #informers: Informer<KubeObject>[] = [];
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  #workers: Promise<void>[] = [];

  constructor(informers: SharedInformers, logger?: Logger) {
    this.#api = informers.api;
    this.#logger = logger ?? createLogger("garbage-collector");
    for (const kind of collectableKinds()) {
      this.#clients.set(kind, resourceClientOf(this.#api, kind));
      const informer = informers.informer(resourceIdOf(kind));
      informer.addHandlers({
        onAdd: (object) => this.#upsert(kind, object),
        onUpdate: (old, object) => {
          // A relist may show a re-created object (same name, new uid) as an update.
          if (old.metadata.uid !== object.metadata.uid) this.#remove(old);
          this.#upsert(kind, object);
        },
        onDelete: (object) => this.#remove(object),
      });
      this.#informers.push(informer);
    }
  }

  /** Starts watching every kind; collects once all caches are filled. */
  async start(workers = 4): Promise<void> {
    for (const informer of this.#informers) informer.start();
    await Promise.all(this.#informers.map((informer) => informer.synced()));
    this.#logger.debug(1, "garbage collector synced", { objects: this.#graph.size });
    this.#workers = [...Array(workers)].map(() => this.#work());
  }

  /** Stops collecting (the shared informers are their owner's to stop). */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    await Promise.all(this.#workers);
  }

  #upsert(kind: KindInfo, object: KubeObject): void {
    const meta = object.metadata;
    if (meta.uid === undefined || meta.name === undefined) return;
    this.#enqueue(this.#graph.upsert({
      kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      owners: (meta.ownerReferences ?? []) as OwnerReference[],
      deleting: meta.deletionTimestamp !== undefined && meta.deletionTimestamp !== null,
      finalizers: (meta.finalizers ?? []) as string[],
    }));
  }

  #remove(object: KubeObject): void {
    if (object.metadata.uid !== undefined) this.#enqueue(this.#graph.remove(object.metadata.uid));
  }

  #enqueue(work: readonly GraphWork[]): void {
    for (const { action, uid } of work) this.#queue.add(`${action}:${uid}`);
  }

  #work(): Promise<void> {
    return this.#queue.process(
      async (key) => {
        const [action, uid] = key.split(":") as [GraphWork["action"], string];
        if (action === "orphan") await this.#orphan(uid);
        else await this.#attemptToDelete(uid);
      },
      (key, error) => this.#logger.warn("garbage collection failed; retrying", { key, error }),
    );
  }

  /** The live object of a node, or undefined when it is gone or replaced (another uid). */
  async #latest(node: GraphNode): Promise<KubeObject | undefined> {
    try {
      const object = await this.#clients.get(node.kind)!.get(node.namespace, node.name);
      return object.metadata.uid === node.uid ? object : undefined;
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  async #attemptToDelete(uid: string): Promise<void> {
    const node = this.#graph.node(uid);
    if (node === undefined) return;
    const latest = await this.#latest(node);
    if (latest === undefined) return;
    const finalizers = (latest.metadata.finalizers ?? []) as string[];
    if (latest.metadata.deletionTimestamp) {
      if (finalizers.includes(FOREGROUND_FINALIZER)) await this.#processDeletingDependents(node);
      return;
    }
    const refs = (latest.metadata.ownerReferences ?? []) as OwnerReference[];
    if (refs.length === 0) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const state = await this.#ownerState(node, ref);
      if (state === "absent") dangling.push(ref);
      else if (state === "deletingDependents") waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Owners remain: only drop the references to the gone ones (and to owners waiting for
      // their dependents, which would otherwise wait for this one forever).
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      this.#logger.info("removing references to gone owners", {
        object: this.#describe(node),
        owners: [...drop].join(","),
      });
      await this.#patchOwners(node, latest, refs.filter((r) => !drop.has(r.uid)));
      return;
    }
    if (waiting.length > 0 && this.#graph.dependentsOf(uid).length > 0) {
      // An owner waits for us and we have dependents: go in the foreground too. A dependent
      // also deleting in the foreground could wait on us in a cycle: stop blocking owners.
      if (this.#graph.dependentsOf(uid).some(isDeletingDependents)) {
        await this.#patchOwners(
          node,
          latest,
          refs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)),
        );
      }
      await this.#delete(node, "Foreground");
      return;
    }
    await this.#delete(
      node,
      finalizers.includes(ORPHAN_FINALIZER)
        ? "Orphan"
        : finalizers.includes(FOREGROUND_FINALIZER)
        ? "Foreground"
        : "Background",
    );
  }

  /** Looks an owner up by name in the API: gone, or there with another uid, is absent. */
  async #ownerState(dependent: GraphNode, ref: OwnerReference): Promise<OwnerState> {
    const { group, version } = parseApiVersion(ref.apiVersion ?? "");
    const kind = kindForKind(group, version, ref.kind);
    if (kind === undefined || !this.#clients.has(kind)) {
      this.#logger.debug(1, "owner of a kind not served; keeping the dependent", {
        object: this.#describe(dependent),
        owner: `${ref.apiVersion}/${ref.kind}`,
      });
      return "unresolvable";
    }
    // A cluster-scoped object cannot be owned by a namespaced one: the reference never resolves.
    if (kind.namespaced && dependent.namespace === undefined) return "unresolvable";
    let owner: KubeObject;
    try {
      owner = await this.#clients.get(kind)!.get(
        kind.namespaced ? dependent.namespace : undefined,
        ref.name,
      );
    } catch (error) {
      if (isGone(error)) return "absent";
      throw error;
    }
    if (owner.metadata.uid !== ref.uid) return "absent";
    const finalizers = (owner.metadata.finalizers ?? []) as string[];
    return owner.metadata.deletionTimestamp && finalizers.includes(FOREGROUND_FINALIZER)
      ? "deletingDependents"
      : "present";
  }

  /** A foreground owner: delete its dependents; with no blocking one left, drop the finalizer. */
  async #processDeletingDependents(node: GraphNode): Promise<void> {
    const blocking = this.#graph.blockingDependentsOf(node.uid);
    if (blocking.length === 0) {
      this.#logger.info("dependents deleted; removing the foregroundDeletion finalizer", {
        object: this.#describe(node),
      });
      await this.#removeFinalizer(node, FOREGROUND_FINALIZER);
      return;
    }
    for (const dependent of blocking) {
      if (!isDeletingDependents(dependent)) this.#queue.add(`delete:${dependent.uid}`);
    }
  }

  /** An owner with the orphan finalizer: strip references to it, then the finalizer. */
  async #orphan(uid: string): Promise<void> {
    const node = this.#graph.node(uid);
    if (node === undefined) return;
    const latest = await this.#latest(node);
    if (
      latest === undefined || !latest.metadata.deletionTimestamp ||
      !((latest.metadata.finalizers ?? []) as string[]).includes(ORPHAN_FINALIZER)
    ) return;
    for (const dependent of this.#graph.dependentsOf(uid)) {
      const current = await this.#latest(dependent);
      if (current === undefined) continue;
      const refs = (current.metadata.ownerReferences ?? []) as OwnerReference[];
      if (!refs.some((r) => r.uid === uid)) continue;
      await this.#patchOwners(dependent, current, refs.filter((r) => r.uid !== uid));
    }
    this.#logger.info("dependents orphaned; removing the orphan finalizer", {
      object: this.#describe(node),
    });
    await this.#removeFinalizer(node, ORPHAN_FINALIZER);
  }

  /** Sets an object's ownerReferences (precondition: the version read); a conflict retries. */
  async #patchOwners(
    node: GraphNode,
    latest: KubeObject,
    refs: readonly OwnerReference[],
  ): Promise<void> {
    await this.#clients.get(node.kind)!.patch(node.namespace, node.name, {
      metadata: {
        ownerReferences: refs.length > 0 ? refs : null,
        resourceVersion: latest.metadata.resourceVersion,
      },
    }).catch((error) => {
      if (!isGone(error)) throw error; // a conflict is retried on the new version
    });
  }

  async #removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    const latest = await this.#latest(node);
    if (latest === undefined) return;
    const finalizers = (latest.metadata.finalizers ?? []) as string[];
    if (!finalizers.includes(finalizer)) return;
    const rest = finalizers.filter((f) => f !== finalizer);
    try {
      await this.#clients.get(node.kind)!.patch(node.namespace, node.name, {
        metadata: {
          finalizers: rest.length > 0 ? rest : null,
          resourceVersion: latest.metadata.resourceVersion,
        },
      });
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  /** Deletes the object with this uid (never a re-created namesake). */
  async #delete(node: GraphNode, policy: "Orphan" | "Background" | "Foreground"): Promise<void> {
    this.#logger.info("deleting an object whose owners are gone", {
      object: this.#describe(node),
      propagationPolicy: policy,
    });
    try {
      const response = await this.#api.fetch(
        "DELETE",
        this.#clients.get(node.kind)!.path(node.namespace, node.name),
        {
          body: {
            kind: "DeleteOptions",
            apiVersion: "v1",
            propagationPolicy: policy,
            preconditions: { uid: node.uid },
          },
        },
      );
      await response.body?.cancel();
    } catch (error) {
      if (!isGoneOrChanged(error)) throw error;
    }
  }

  #describe(node: GraphNode): string {
    const ns = node.namespace === undefined ? "" : `${node.namespace}/`;
    return `${node.kind.resource}/${ns}${node.name}`;
  }
}
