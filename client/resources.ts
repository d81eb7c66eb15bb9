/**
 * Typed access to one resource: get, list, create, update (and status), patch, delete, watch.
 *
 * @module
 */
import type { ApiClient } from "./http.ts";
import { type WatchEvent, watchStream } from "./watch.ts";

/** What every Kubernetes object has. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A list as the API returns it. */
export interface KubeList<T> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** Which resource a client addresses. */
export interface ResourceId {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name. */
  readonly resource: string;
  readonly namespaced: boolean;
}

/** List and watch options. */
export interface ListOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
}

/** A typed client of one resource. */
export class ResourceClient<T extends KubeObject> {
  readonly #api: ApiClient;
  readonly #id: ResourceId;

  constructor(api: ApiClient, id: ResourceId) {
    this.#api = api;
    this.#id = id;
  }

  /** The collection path, in a namespace or across all. */
  path(namespace?: string, name?: string, subresource?: string): string {
    const root = this.#id.group === ""
      ? `/api/${this.#id.version}`
      : `/apis/${this.#id.group}/${this.#id.version}`;
    const ns = this.#id.namespaced && namespace !== undefined
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : "";
    const tail = name === undefined
      ? ""
      : `/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ""}`;
    return `${root}${ns}/${this.#id.resource}${tail}`;
  }

  get(namespace: string | undefined, name: string): Promise<T> {
    return this.#api.json<T>("GET", this.path(namespace, name));
  }

  list(namespace?: string, options: ListOptions = {}): Promise<KubeList<T>> {
    return this.#api.json<KubeList<T>>("GET", this.path(namespace), { query: query(options) });
  }

  create(object: T): Promise<T> {
    return this.#api.json<T>("POST", this.path(object.metadata.namespace), { body: object });
  }

  update(object: T): Promise<T> {
    return this.#api.json<T>("PUT", this.path(object.metadata.namespace, object.metadata.name), {
      body: object,
    });
  }

  updateStatus(object: T): Promise<T> {
    return this.#api.json<T>(
      "PUT",
      this.path(object.metadata.namespace, object.metadata.name, "status"),
      { body: object },
    );
  }

  /** Patches with a content type (merge by default). */
  patch(
    namespace: string | undefined,
    name: string,
    patch: unknown,
    contentType = "application/merge-patch+json",
    subresource?: string,
  ): Promise<T> {
    return this.#api.json<T>("PATCH", this.path(namespace, name, subresource), {
      body: patch,
      contentType,
    });
  }

  /** POSTs to a subresource (pods/binding, pods/eviction...); resolves with the answer. */
  subresourceCreate(
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<unknown> {
    return this.#api.json("POST", this.path(namespace, name, subresource), { body });
  }

  async delete(
    namespace: string | undefined,
    name: string,
    options: {
      gracePeriodSeconds?: number;
      preconditions?: { uid?: string; resourceVersion?: string };
    } = {},
  ): Promise<void> {
    const response = await this.#api.fetch("DELETE", this.path(namespace, name), {
      body: { kind: "DeleteOptions", apiVersion: "v1", ...options },
    });
    await response.body?.cancel();
  }

  /** Watches from `resourceVersion` (see {@link watchStream}). */
  watch(
    namespace: string | undefined,
    options: ListOptions & { signal?: AbortSignal; timeoutSeconds?: number } = {},
  ): AsyncIterable<WatchEvent<T>> {
    return watchStream<T>(this.#api, this.path(namespace), {
      ...query(options),
      watch: "true",
      allowWatchBookmarks: "true",
      ...(options.timeoutSeconds === undefined
        ? {}
        : { timeoutSeconds: String(options.timeoutSeconds) }),
    }, options.signal);
  }
}

function query(options: ListOptions): Record<string, string | undefined> {
  return {
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
    limit: options.limit === undefined ? undefined : String(options.limit),
    continue: options.continue,
    resourceVersion: options.resourceVersion,
  };
}
