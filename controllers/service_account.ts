/**
 * The service account controller (after kube-controller-manager's): every active namespace has
 * a `default` ServiceAccount, created when the namespace appears and again if it is deleted, so
 * pods and `kubectl create token default` find it as in Kubernetes. Namespaces being deleted
 * are left alone. The sync is idempotent; failures are retried with back-off. It uses the
 * manager's shared informer of all service accounts (not one selecting `default` ones), so it
 * shares that watch, and looks at `default` accounts only.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import {
  ApiStatusError,
  type Informer,
  type KubeObject,
  ResourceClient,
  type SharedInformers,
  WorkQueue,
} from "../client/mod.ts";

/** The account every namespace gets. */
export const DEFAULT_SERVICE_ACCOUNT = "default";

/** Keeps a `default` ServiceAccount in every active namespace. */
export class ServiceAccountController {
  readonly #logger: Logger;
  readonly #namespaceInformer: Informer<KubeObject>;
  readonly #accounts: ResourceClient<KubeObject>;
  readonly #accountInformer: Informer<KubeObject>;
  readonly #queue = new WorkQueue({ baseDelayMs: 200, maxDelayMs: 10_000 });
  #worker: Promise<void> | undefined;

  constructor(informers: SharedInformers, logger?: Logger) {
    this.#logger = logger ?? createLogger("serviceaccount-controller");
    const accounts = { group: "", version: "v1", resource: "serviceaccounts", namespaced: true };
    this.#accounts = new ResourceClient<KubeObject>(informers.api, accounts);
    this.#namespaceInformer = informers.informer({
      group: "",
      version: "v1",
      resource: "namespaces",
      namespaced: false,
    });
    this.#accountInformer = informers.informer(accounts);
  }

  /** Starts watching namespaces and their default accounts. */
  async start(): Promise<void> {
    this.#namespaceInformer.addHandlers({
      onAdd: (ns) => this.#queue.add(ns.metadata.name!),
      onUpdate: (_, ns) => this.#queue.add(ns.metadata.name!),
    });
    this.#accountInformer.addHandlers({
      onDelete: (account) => {
        if (account.metadata.name === DEFAULT_SERVICE_ACCOUNT) {
          this.#queue.add(account.metadata.namespace!);
        }
      },
    });
    this.#namespaceInformer.start();
    this.#accountInformer.start();
    await Promise.all([this.#namespaceInformer.synced(), this.#accountInformer.synced()]);
    this.#worker = this.#work();
  }

  /** Stops (the shared informers are their owner's to stop). */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    await this.#worker;
  }

  #work(): Promise<void> {
    return this.#queue.process(
      (namespace) => this.#sync(namespace),
      (namespace, error) =>
        this.#logger.warn("service account sync failed; retrying", { namespace, error }),
    );
  }

  async #sync(namespace: string): Promise<void> {
    const ns = this.#namespaceInformer.get(namespace);
    if (ns === undefined || ns.metadata.deletionTimestamp) return;
    if (this.#accountInformer.get(`${namespace}/${DEFAULT_SERVICE_ACCOUNT}`) !== undefined) return;
    try {
      await this.#accounts.create({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace },
      });
      this.#logger.debug(1, "created the default service account", { namespace });
    } catch (error) {
      // Already there (the cache lagged), or the namespace started terminating meanwhile.
      if (error instanceof ApiStatusError && (error.code === 409 || error.code === 403)) return;
      throw error;
    }
  }
}
