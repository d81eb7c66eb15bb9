/**
 * Shared informers (after client-go's SharedInformerFactory): one {@link Informer} per resource
 * and list options, handed to every controller that asks, so a process with many controllers
 * lists and watches — and decodes — each resource once instead of once per controller.
 *
 * The contract:
 * - controllers get informers from {@link SharedInformers.informer}, add their handlers and
 *   call `start()` and `synced()` on them (both idempotent, so every controller may call them);
 * - controllers treat cached objects as read-only (other controllers see the same objects) and
 *   never stop a shared informer;
 * - whoever owns the SharedInformers (the controller manager, one per leadership term) stops
 *   it after stopping the controllers that use it. Handlers cannot be removed, so a stopped
 *   controller's handlers keep being called until then: they must stay harmless (adding to a
 *   shut-down work queue is a no-op).
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import type { ApiClient } from "./http.ts";
import { Informer } from "./informer.ts";
import { type KubeObject, ResourceClient, type ResourceId } from "./resources.ts";

/** What selects the objects of a shared informer (part of its identity). */
export interface SharedInformerOptions {
  /** Restrict to one namespace (all namespaces when absent). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** One informer per (resource, options), created on first use; stops them all. */
export class SharedInformers {
  /** The client the informers list and watch with; controllers write through it too. */
  readonly api: ApiClient;
  readonly #logger: Logger;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  #stopped = false;

  constructor(api: ApiClient, logger?: Logger) {
    this.api = api;
    this.#logger = logger ?? createLogger("informers");
  }

  /**
   * The informer of resource `id` with `options`: the same object for the same resource and
   * options, created (not started) on first use. Its type parameter is the caller's claim:
   * every caller of a resource gets the same cache.
   */
  informer<T extends KubeObject = KubeObject>(
    id: ResourceId,
    options: SharedInformerOptions = {},
  ): Informer<T> {
    if (this.#stopped) throw new TypeError("SharedInformers used after stop()");
    const client = new ResourceClient<T>(this.api, id);
    const key = informerKey(client, options);
    let informer = this.#informers.get(key);
    if (informer === undefined) {
      informer = new Informer<T>(client, {
        ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
        ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
        ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
        logger: this.#logger,
      }) as unknown as Informer<KubeObject>;
      this.#informers.set(key, informer);
    }
    return informer as unknown as Informer<T>;
  }

  /** How many distinct informers have been made (one list+watch each once started). */
  get size(): number {
    return this.#informers.size;
  }

  /** Stops every informer made; {@link informer} may not be called afterwards. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#informers.values()].map((informer) => informer.stop()));
  }
}

/**
 * The identity of an informer: the collection path it lists (which includes the namespace)
 * and its selectors. Empty selectors select everything, as absent ones do.
 */
function informerKey(client: ResourceClient<KubeObject>, options: SharedInformerOptions): string {
  const query = new URLSearchParams();
  if (options.labelSelector) query.set("labelSelector", options.labelSelector);
  if (options.fieldSelector) query.set("fieldSelector", options.fieldSelector);
  return `${client.path(options.namespace)}?${query}`;
}
