/**
 * The page's live view of one resource: list, then watch from the list's resourceVersion,
 * through the typed client ({@link ResourceClient}), keeping the objects in a map.
 *
 * Like the {@link Informer} it resumes a watch that ends from the last resourceVersion and
 * relists on 410 Expired; unlike it, it reports its state to the page (connecting, live,
 * retrying with the error) and stops for good on any other 4xx, whose Status message (a bad
 * label selector) is the page's to show; retrying could never fix it. An API server restart is
 * a network error: retried with back-off, 250 ms doubling to 5 s, then relisted.
 *
 * @module
 */
import { ApiClient, ApiStatusError } from "../../client/http.ts";
import { keyOf } from "../../client/informer.ts";
import { type KubeObject, ResourceClient, type ResourceId } from "../../client/resources.ts";
import type { ResourceName } from "./query.ts";

/** Where each resource of the UI lives in the API. */
export const RESOURCE_IDS: Readonly<Record<ResourceName, ResourceId>> = {
  pods: { group: "", version: "v1", resource: "pods", namespaced: true },
  nodes: { group: "", version: "v1", resource: "nodes", namespaced: false },
  services: { group: "", version: "v1", resource: "services", namespaced: true },
  replicationcontrollers: {
    group: "",
    version: "v1",
    resource: "replicationcontrollers",
    namespaced: true,
  },
  deployments: { group: "apps", version: "v1", resource: "deployments", namespaced: true },
  replicasets: { group: "apps", version: "v1", resource: "replicasets", namespaced: true },
};

/**
 * An {@link ApiClient} for a page served under the API server (directly or through
 * `kubectl proxy`, perhaps with an --api-prefix): it resolves the client's absolute API paths
 * relative to `base`, so `/api/v1/pods` from a page at `<prefix>/ui/` goes to
 * `<prefix>/api/v1/pods`.
 */
export class RelativeApiClient extends ApiClient {
  override fetch(
    method: string,
    path: string,
    options?: Parameters<ApiClient["fetch"]>[2],
  ): Promise<Response> {
    return super.fetch(method, path.replace(/^\/+/, ""), options);
  }
}

/** What the view is doing. */
export type LiveState =
  | { readonly phase: "connecting" }
  | { readonly phase: "live" }
  | { readonly phase: "retrying"; readonly message: string; readonly retryMs: number }
  | { readonly phase: "failed"; readonly message: string };

/** Options of a {@link LiveList}. */
export interface LiveListOptions {
  readonly api: ApiClient;
  readonly resource: ResourceName;
  readonly labelSelector: string;
  /** Called after every change of the objects (batch renders yourself). */
  readonly onChange: () => void;
  readonly onState: (state: LiveState) => void;
  /** Server-side watch timeout; a new watch follows (default 240 s). */
  readonly watchTimeoutSeconds?: number;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;

/** The objects of one resource that match a selector, kept current. */
export class LiveList {
  readonly #options: LiveListOptions;
  readonly #client: ResourceClient<KubeObject>;
  readonly #objects = new Map<string, KubeObject>();
  readonly #abort = new AbortController();
  #running: Promise<void> | undefined;

  constructor(options: LiveListOptions) {
    this.#options = options;
    this.#client = new ResourceClient(options.api, RESOURCE_IDS[options.resource]);
  }

  /** The current objects (unordered). */
  objects(): IterableIterator<KubeObject> {
    return this.#objects.values();
  }

  /** How many objects there are. */
  get size(): number {
    return this.#objects.size;
  }

  /** Starts listing and watching (returns at once). */
  start(): void {
    this.#running ??= this.#run();
  }

  /** Stops for good. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    let revision = "";
    let backoff = MIN_BACKOFF_MS;
    this.#options.onState({ phase: "connecting" });
    while (!signal.aborted) {
      try {
        if (revision === "") revision = await this.#relist();
        this.#options.onState({ phase: "live" });
        backoff = MIN_BACKOFF_MS;
        revision = await this.#watch(revision);
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiStatusError && error.code === 410) {
          revision = ""; // compacted or restarted: the list is the truth again
          continue;
        }
        if (error instanceof ApiStatusError && error.code >= 400 && error.code < 500) {
          this.#options.onState({ phase: "failed", message: error.message });
          return;
        }
        // Unreachable (an API server restart, a proxy gone): relist once back, which also
        // tells "live" apart from a watch request that merely has not failed yet.
        revision = "";
        const message = error instanceof Error ? error.message : String(error);
        this.#options.onState({ phase: "retrying", message, retryMs: backoff });
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** Lists, replaces the objects with the list, and returns its resourceVersion. */
  async #relist(): Promise<string> {
    const list = await this.#client.list(undefined, {
      ...(this.#options.labelSelector === "" ? {} : { labelSelector: this.#options.labelSelector }),
    });
    this.#objects.clear();
    for (const item of list.items) this.#objects.set(keyOf(item), item);
    this.#options.onChange();
    return list.metadata.resourceVersion ?? "";
  }

  /** Watches from `revision` until the server ends the watch; returns the last revision seen. */
  async #watch(revision: string): Promise<string> {
    const events = this.#client.watch(undefined, {
      resourceVersion: revision,
      timeoutSeconds: this.#options.watchTimeoutSeconds ?? 240,
      signal: this.#abort.signal,
      ...(this.#options.labelSelector === "" ? {} : { labelSelector: this.#options.labelSelector }),
    });
    let last = revision;
    for await (const event of events) {
      last = event.object.metadata.resourceVersion ?? last;
      if (event.type === "BOOKMARK") continue;
      const key = keyOf(event.object);
      if (event.type === "DELETED") this.#objects.delete(key);
      else this.#objects.set(key, event.object);
      this.#options.onChange();
    }
    return last;
  }
}
