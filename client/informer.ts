/**
 * An informer (after client-go's): lists a resource, then watches it from the list's
 * resourceVersion, keeping a local cache and calling handlers on add, update and delete. When a
 * watch ends it resumes from the last resourceVersion seen; on 410 Expired (or any watch error
 * it cannot resume from) it relists and reports the difference, so handlers never miss a
 * change. Indexes: by namespace, and by any extra index functions.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import { ApiStatusError } from "./http.ts";
import type { KubeObject, ResourceClient } from "./resources.ts";

/** What an informer calls. */
export interface InformerHandlers<T> {
  onAdd?(object: T): void;
  onUpdate?(old: T, current: T): void;
  onDelete?(object: T): void;
}

/** Options of an {@link Informer}. */
export interface InformerOptions<T> {
  /** Restrict to one namespace (all namespaces when absent). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Extra indexes: name → values of an object. */
  readonly indexers?: Readonly<Record<string, (object: T) => string[]>>;
  readonly logger?: Logger;
  /** Watch timeout sent to the server (default 300 s; a new watch follows). */
  readonly watchTimeoutSeconds?: number;
}

/** `namespace/name` (or `name` for cluster-scoped objects): the cache key. */
export function keyOf(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : `${name}`;
}

/** A list+watch cache of one resource. */
export class Informer<T extends KubeObject> {
  readonly #client: ResourceClient<T>;
  readonly #options: InformerOptions<T>;
  readonly #logger: Logger;
  readonly #cache = new Map<string, T>();
  /** Index name → value → keys of the cached objects with that value (kept with the cache). */
  readonly #indexes = new Map<string, Map<string, Set<string>>>();
  readonly #handlers: InformerHandlers<T>[] = [];
  readonly #abort = new AbortController();
  #revision = "";
  #synced = false;
  #syncWaiters: (() => void)[] = [];
  #running: Promise<void> | undefined;

  constructor(client: ResourceClient<T>, options: InformerOptions<T> = {}) {
    this.#client = client;
    this.#options = options;
    this.#logger = options.logger ?? createLogger("informer");
  }

  /** Adds handlers; objects already cached are reported as adds. */
  addHandlers(handlers: InformerHandlers<T>): void {
    this.#handlers.push(handlers);
    for (const object of this.#cache.values()) handlers.onAdd?.(object);
  }

  /** Starts listing and watching (returns at once; see {@link synced}). */
  start(): void {
    this.#running ??= this.#run();
  }

  /** Stops watching. */
  async stop(): Promise<void> {
    this.#abort.abort();
    for (const wake of this.#syncWaiters.splice(0)) wake();
    await this.#running;
  }

  /** True once the first list is in the cache. */
  get hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves once the first list is in the cache. */
  synced(): Promise<void> {
    return this.#synced
      ? Promise.resolve()
      : new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  /** The cached object with `key` (`namespace/name`). */
  get(key: string): T | undefined {
    return this.#cache.get(key);
  }

  /** Every cached object. */
  list(): T[] {
    return [...this.#cache.values()];
  }

  /**
   * Cached objects whose index `name` has `value` ("namespace" is built in). Costs the size of
   * the answer, not of the cache: indexes are kept up to date as the cache changes.
   */
  byIndex(name: string, value: string): T[] {
    if (this.#indexer(name) === undefined) throw new RangeError(`no index ${name}`);
    const keys = this.#indexes.get(name)?.get(value);
    if (keys === undefined) return [];
    return [...keys].map((key) => this.#cache.get(key)!);
  }

  #indexer(name: string): ((object: T) => string[]) | undefined {
    return name === "namespace"
      ? (o: T) => [o.metadata.namespace ?? ""]
      : this.#options.indexers?.[name];
  }

  /** Index names: the built-in namespace index and the extra ones. */
  #indexNames(): string[] {
    return ["namespace", ...Object.keys(this.#options.indexers ?? {})];
  }

  /** Sets `key` in the cache and its index entries. */
  #set(key: string, object: T): void {
    this.#unset(key);
    this.#cache.set(key, object);
    for (const name of this.#indexNames()) {
      let values = this.#indexes.get(name);
      if (values === undefined) this.#indexes.set(name, values = new Map());
      for (const value of this.#indexer(name)!(object)) {
        let keys = values.get(value);
        if (keys === undefined) values.set(value, keys = new Set());
        keys.add(key);
      }
    }
  }

  /** Removes `key` from the cache and its index entries; returns what was cached. */
  #unset(key: string): T | undefined {
    const old = this.#cache.get(key);
    if (old === undefined) return undefined;
    this.#cache.delete(key);
    for (const name of this.#indexNames()) {
      const values = this.#indexes.get(name);
      for (const value of this.#indexer(name)!(old)) {
        const keys = values?.get(value);
        keys?.delete(key);
        if (keys?.size === 0) values!.delete(value);
      }
    }
    return old;
  }

  async #run(): Promise<void> {
    let backoff = 100;
    while (!this.#abort.signal.aborted) {
      try {
        if (this.#revision === "") await this.#relist();
        await this.#watch();
        backoff = 100;
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        if (error instanceof ApiStatusError && error.code === 410) {
          this.#logger.debug(1, "watch expired; relisting", { resource: this.#client.path() });
          this.#revision = "";
          continue;
        }
        this.#logger.debug(1, "list/watch failed; retrying", { error, retryMs: backoff });
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  /** Lists and reconciles the cache with the list, reporting the differences. */
  async #relist(): Promise<void> {
    const list = await this.#client.list(this.#options.namespace, {
      ...(this.#options.labelSelector ? { labelSelector: this.#options.labelSelector } : {}),
      ...(this.#options.fieldSelector ? { fieldSelector: this.#options.fieldSelector } : {}),
    });
    const fresh = new Map(list.items.map((item) => [keyOf(item), item]));
    for (const [key, old] of [...this.#cache]) {
      if (!fresh.has(key)) {
        this.#unset(key);
        for (const h of this.#handlers) h.onDelete?.(old);
      }
    }
    for (const [key, object] of fresh) this.#upsert(key, object);
    this.#revision = list.metadata.resourceVersion ?? "";
    if (!this.#synced) {
      this.#synced = true;
      for (const wake of this.#syncWaiters.splice(0)) wake();
    }
  }

  #upsert(key: string, object: T): void {
    const old = this.#cache.get(key);
    this.#set(key, object);
    if (old === undefined) { for (const h of this.#handlers) h.onAdd?.(object); }
    else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) {
      for (const h of this.#handlers) h.onUpdate?.(old, object);
    }
  }

  async #watch(): Promise<void> {
    const events = this.#client.watch(this.#options.namespace, {
      resourceVersion: this.#revision,
      ...(this.#options.labelSelector ? { labelSelector: this.#options.labelSelector } : {}),
      ...(this.#options.fieldSelector ? { fieldSelector: this.#options.fieldSelector } : {}),
      timeoutSeconds: this.#options.watchTimeoutSeconds ?? 300,
      signal: this.#abort.signal,
    });
    for await (const event of events) {
      const rv = event.object.metadata.resourceVersion;
      if (rv !== undefined) this.#revision = rv;
      if (event.type === "BOOKMARK") continue;
      const key = keyOf(event.object);
      if (event.type === "DELETED") {
        const old = this.#unset(key);
        if (old !== undefined) { for (const h of this.#handlers) h.onDelete?.(event.object); }
      } else {
        this.#upsert(key, event.object);
      }
    }
  }
}
