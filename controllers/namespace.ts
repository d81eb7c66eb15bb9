/**
 * The namespace controller (after kube-controller-manager's): when a namespace is being
 * deleted (deletionTimestamp set, phase Terminating), it deletes every namespaced object in it,
 * of every kind the API server serves, waits until they are gone (bound pods wait for their
 * kubelet, objects with finalizers for their finalizers), then removes the `kubernetes`
 * finalizer through namespaces/finalize, and the API server removes the namespace.
 *
 * Namespaces with content left are retried with back-off; the sync is idempotent.
 *
 * @module
 */
import { KUBERNETES_FINALIZER } from "../apiserver/admission/namespaces.ts";
import { createLogger, type Logger } from "../cli/log.ts";
import {
  type ApiClient,
  ApiStatusError,
  type Informer,
  type KubeObject,
  ResourceClient,
  type SharedInformers,
  WorkQueue,
} from "../client/mod.ts";
import { namespacedDeletableKinds, resourceClientOf } from "./garbage_collector.ts";

/** Content still in a namespace after a deletion pass (the namespace is retried). */
class ContentRemaining extends Error {
  override name = "ContentRemaining";
}

/** Empties namespaces being deleted, then finalizes them. */
export class NamespaceController {
  readonly #api: ApiClient;
  readonly #logger: Logger;
  readonly #namespaces: ResourceClient<KubeObject>;
  readonly #informer: Informer<KubeObject>;
  readonly #queue = new WorkQueue({ baseDelayMs: 200, maxDelayMs: 5_000 });
  #workers: Promise<void>[] = [];

  constructor(informers: SharedInformers, logger?: Logger) {
    this.#api = informers.api;
    this.#logger = logger ?? createLogger("namespace-controller");
    const id = { group: "", version: "v1", resource: "namespaces", namespaced: false };
    this.#namespaces = new ResourceClient(this.#api, id);
    this.#informer = informers.informer(id);
  }

  /** Starts watching namespaces and emptying the ones being deleted. */
  async start(workers = 2): Promise<void> {
    const changed = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp) this.#queue.add(ns.metadata.name!);
    };
    this.#informer.addHandlers({ onAdd: changed, onUpdate: (_, ns) => changed(ns) });
    this.#informer.start();
    await this.#informer.synced();
    this.#workers = [...Array(workers)].map(() => this.#work());
  }

  /** Stops (the shared informer is its owner's to stop). */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    await Promise.all(this.#workers);
  }

  #work(): Promise<void> {
    return this.#queue.process((name) => this.#sync(name), (name, error) => {
      if (error instanceof ContentRemaining) {
        this.#logger.debug(1, "namespace still has content", { namespace: name, error });
      } else {
        this.#logger.warn("namespace sync failed; retrying", { namespace: name, error });
      }
    });
  }

  async #sync(name: string): Promise<void> {
    let namespace: KubeObject;
    try {
      namespace = await this.#namespaces.get(undefined, name);
    } catch (error) {
      if (error instanceof ApiStatusError && error.code === 404) return;
      throw error;
    }
    if (!namespace.metadata.deletionTimestamp) return;
    const finalizers = ((namespace.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [];
    if (!finalizers.includes(KUBERNETES_FINALIZER)) return;
    const remaining = await this.#deleteContent(name);
    if (remaining.length > 0) {
      throw new ContentRemaining(`${remaining.length} kinds left: ${remaining.join(", ")}`);
    }
    this.#logger.info("namespace empty; finalizing", { namespace: name });
    try {
      await this.#api.json("PUT", this.#namespaces.path(undefined, name, "finalize"), {
        body: {
          ...namespace,
          spec: { finalizers: finalizers.filter((f) => f !== KUBERNETES_FINALIZER) },
        },
      });
    } catch (error) {
      // Someone else finalized it first (another manager during a hand-over).
      if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
    }
  }

  /**
   * Deletes every namespaced object in `namespace` (background propagation, as Kubernetes'
   * deleter does), then lists again; returns what is left, as `resource: count` entries.
   */
  async #deleteContent(namespace: string): Promise<string[]> {
    const remaining: string[] = [];
    for (const kind of namespacedDeletableKinds()) {
      const client = resourceClientOf(this.#api, kind);
      if (kind.verbs.includes("deletecollection")) {
        const response = await this.#api.fetch("DELETE", client.path(namespace), {
          query: { propagationPolicy: "Background" },
        });
        await response.body?.cancel();
      } else {
        for (const item of (await client.list(namespace)).items) {
          await client.delete(namespace, item.metadata.name!).catch((error) => {
            if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
          });
        }
      }
      const left = (await client.list(namespace)).items.length;
      if (left > 0) remaining.push(`${kind.resource}: ${left}`);
    }
    return remaining;
  }
}
