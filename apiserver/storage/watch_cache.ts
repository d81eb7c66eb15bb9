/**
 * A watch cache per resource (after kube-apiserver's cacher): one store watch feeds any number
 * of API watchers, so a thousand `kubectl get -w` cost the store one watch. The cache keeps
 * the current objects and a window of recent events; a watcher starts from any revision in the
 * window (older: 410 Expired, and the client relists), or from "any" (0): the current objects
 * as ADDED, then changes.
 *
 * Invariants: events are appended in revision order with no gap (the store watch guarantees
 * it); `#revision` is the revision of the newest event applied (or of the initial list); every
 * watcher receives each event with a revision above its start exactly once, in order. A
 * watcher that cannot keep up (its queue reaches `maxPending`) is closed; its client resumes
 * from the last revision it saw.
 *
 * @module
 */
import { type LabelHint, LabelIndex, type Labels } from "./label_index.ts";
import { expired } from "../errors.ts";
import type { ObjectEvent, ObjectStore, ObjectWatch, StoredObject } from "./object_store.ts";

/** Options of a {@link WatchCache}. */
export interface WatchCacheOptions {
  /** Recent events kept for watchers starting in the past (default 10,000). */
  readonly capacity?: number;
  /** Events queued for one watcher before it is closed as too slow (default 10,000). */
  readonly maxPending?: number;
  /** Called when the store watch fails; the cache restarts itself after a relist. */
  readonly onError?: (error: unknown) => void;
}

/** A watcher of the cache. */
export class CacheWatcher<T extends StoredObject> {
  readonly #cache: WatchCache<T>;
  readonly #filter: (object: T) => boolean;
  readonly #maxPending: number;
  #queue: ObjectEvent<T>[] = [];
  #wake: (() => void) | undefined;
  #closed = false;
  /** Why the watcher was closed, when the cache closed it. */
  closedReason: string | undefined;
  /** The revision of the last event handed out (or the start revision). */
  lastRevision: number;

  /** @internal */
  constructor(
    cache: WatchCache<T>,
    fromRevision: number,
    filter: (object: T) => boolean,
    maxPending: number,
  ) {
    this.#cache = cache;
    this.#filter = filter;
    this.#maxPending = maxPending;
    this.lastRevision = fromRevision;
  }

  /** @internal Queues an event (if it passes the filter); closes the watcher when full. */
  push(event: ObjectEvent<T>): void {
    if (this.#closed || event.revision <= this.lastRevision) return;
    if (!this.#filter(event.object)) {
      this.lastRevision = event.revision;
      return;
    }
    if (this.#queue.length >= this.#maxPending) {
      this.close("the watcher fell too far behind");
      return;
    }
    this.#queue.push(event);
    this.lastRevision = event.revision;
    this.#wakeUp();
  }

  /** The next events, waiting for some; `undefined` once the watcher is closed and drained. */
  async next(signal?: AbortSignal): Promise<ObjectEvent<T>[] | undefined> {
    while (this.#queue.length === 0) {
      if (this.#closed || signal?.aborted) return undefined;
      let onAbort: (() => void) | undefined;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        onAbort = resolve;
        signal?.addEventListener("abort", onAbort, { once: true });
      });
      // Removed at once: a long watch waits thousands of times on the same signal.
      signal?.removeEventListener("abort", onAbort!);
    }
    const events = this.#queue;
    this.#queue = [];
    return events;
  }

  /** The cache's revision: every event up to it has been queued for this watcher. */
  bookmarkRevision(): number {
    return Math.max(this.lastRevision, this.#queue.length === 0 ? this.#cache.revision : 0);
  }

  /** Stops the watcher. */
  close(reason?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.closedReason = reason;
    this.#cache.remove(this);
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** How often a consistent read waiting for the cache looks at the store watch's progress. */
const CATCH_UP_POLL_MS = 5;

/** The cache of one resource's objects under a key prefix. */
export class WatchCache<T extends StoredObject> {
  readonly #store: ObjectStore;
  readonly #prefix: string;
  readonly #capacity: number;
  readonly #maxPending: number;
  readonly #onError: (error: unknown) => void;
  readonly #objects = new Map<string, T>();
  /** The keys of #objects, kept sorted as keys come and go (lists are in key order). */
  #sortedKeys: string[] = [];
  readonly #labels = new LabelIndex();
  readonly #watchers = new Set<CacheWatcher<T>>();
  /**
   * Recent events, oldest first: at least the last `#capacity` (all since the floor), at most a
   * quarter more. Trimmed in batches: dropping one event per write from the front of a
   * 10,000-long array moved the whole array on every write.
   */
  #window: ObjectEvent<T>[] = [];
  /** The oldest revision a watcher may start after (events after it are all in the window). */
  #floor = 0;
  #revision = 0;
  #freshWaiters: { revision: number; resolve: () => void }[] = [];
  /** Woken after each batch of events is applied (see {@link waitCurrent}). */
  #appliedWaiters: (() => void)[] = [];
  #storeWatch: ObjectWatch<T> | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(store: ObjectStore, prefix: string, options: WatchCacheOptions = {}) {
    this.#store = store;
    this.#prefix = prefix;
    this.#capacity = options.capacity ?? 10_000;
    this.#maxPending = options.maxPending ?? 10_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** The revision the cache reflects. */
  get revision(): number {
    return this.#revision;
  }

  /** Lists the store once and starts following it. */
  async start(): Promise<void> {
    await this.#relist();
    this.#running = this.#follow();
  }

  /** Stops following the store and closes every watcher. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#storeWatch?.stop();
    for (const watcher of [...this.#watchers]) watcher.close("the server is shutting down");
    await this.#running;
  }

  /**
   * The cached object `name` in `namespace` ("" for cluster-scoped), shared with every reader:
   * never change it. It may lag the store; writers use it only as a first guess that their
   * compare-and-swap checks.
   */
  get(namespace: string, name: string): T | undefined {
    return this.#objects.get(`${namespace}/${name}`);
  }

  /**
   * The current objects (sorted by key), all or those of one namespace, and the revision they
   * reflect. With `label`, only objects whose label `label.name` has one of `label.values` (found
   * through the label index, not by a scan); callers still apply their whole selector.
   */
  snapshot(
    namespace?: string,
    label?: LabelHint,
  ): { items: T[]; revision: number } {
    if (label !== undefined) {
      const prefix = namespace === undefined ? undefined : `${namespace}/`;
      const keys = this.#labels.keys(label.name, label.values)
        .filter((key) => prefix === undefined || key.startsWith(prefix)).sort();
      return { items: keys.map((key) => this.#objects.get(key)!), revision: this.#revision };
    }
    const keys = this.#sortedKeys;
    // A namespace's keys ("ns/name") are the run from "ns/" up to "ns0" ("0" follows "/").
    const from = namespace === undefined ? 0 : lowerBound(keys, (k) => k >= `${namespace}/`);
    const to = namespace === undefined
      ? keys.length
      : lowerBound(keys, (k) => k >= `${namespace}0`);
    const items = new Array<T>(to - from);
    for (let i = from; i < to; i++) items[i - from] = this.#objects.get(keys[i]!)!;
    return { items, revision: this.#revision };
  }

  /**
   * Resolves true once the cache holds every change of its range up to `revision` (the store's
   * current revision, read linearizably by the caller), so a consistent list can be served
   * from memory as kube-apiserver does (ConsistentListFromCache); false after `timeoutMs`,
   * when the caller reads the store instead.
   */
  async waitCurrent(revision: number, timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#revision < revision) {
      const progress = this.#storeWatch?.idleProgress();
      if (progress !== undefined && progress >= revision) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      // Woken as soon as the cache has applied more events, else after a short pause to look
      // at the store watch's progress again (writes elsewhere in the store advance the
      // revision without an event here). Polling alone made lists wait up to 50 ms under load.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          const index = this.#appliedWaiters.indexOf(done);
          if (index >= 0) this.#appliedWaiters.splice(index, 1);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, CATCH_UP_POLL_MS));
        this.#appliedWaiters.push(done);
      });
    }
    return true;
  }

  /** Resolves once the cache reflects `revision` (for reads that must not go back in time). */
  waitFresh(revision: number, timeoutMs = 3000): Promise<void> {
    if (this.#revision >= revision) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#freshWaiters = this.#freshWaiters.filter((w) => w.resolve !== done);
        reject(new Error(`watch cache did not reach revision ${revision} in time`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#freshWaiters.push({ revision, resolve: done });
    });
  }

  /**
   * Starts a watcher after `fromRevision` (0: the current objects as ADDED events first).
   * A revision older than the window is 410 Expired.
   */
  watch(fromRevision: number, filter: (object: T) => boolean = () => true): CacheWatcher<T> {
    if (fromRevision === 0) {
      const watcher = new CacheWatcher(this, 0, filter, this.#maxPending);
      const { items } = this.snapshot();
      for (const object of items) {
        watcher.push({ type: "ADDED", object, revision: Number(object.metadata.resourceVersion) });
      }
      watcher.lastRevision = this.#revision;
      this.#watchers.add(watcher);
      return watcher;
    }
    if (fromRevision < this.#floor) {
      throw expired(`too old resource version: ${fromRevision} (${this.#floor})`);
    }
    const watcher = new CacheWatcher(this, fromRevision, filter, this.#maxPending);
    // Revisions increase along the window: start at the first event after fromRevision.
    const first = lowerBound(this.#window, (event) => event.revision > fromRevision);
    for (let i = first; i < this.#window.length; i++) watcher.push(this.#window[i]!);
    this.#watchers.add(watcher);
    return watcher;
  }

  /** @internal */
  remove(watcher: CacheWatcher<T>): void {
    this.#watchers.delete(watcher);
  }

  async #relist(): Promise<void> {
    const page = await this.#store.list<T>(this.#prefix);
    this.#objects.clear();
    this.#labels.clear();
    for (const object of page.items) {
      const key = keyOf(object);
      this.#objects.set(key, object);
      this.#labels.update(key, undefined, labelsOf(object));
    }
    this.#sortedKeys = [...this.#objects.keys()].sort();
    this.#revision = page.revision;
    this.#floor = page.revision;
    this.#window = [];
  }

  /** Follows the store; on failure (compaction, store restart) relists and goes on. */
  async #follow(): Promise<void> {
    while (!this.#stopped) {
      this.#storeWatch = this.#store.watch<T>(this.#prefix, this.#revision);
      try {
        for (;;) {
          const events = await this.#storeWatch.next();
          if (events === undefined) break;
          for (const event of events) this.#apply(event);
          for (const wake of this.#appliedWaiters.splice(0)) wake();
        }
      } catch (error) {
        if (this.#stopped) return;
        this.#onError(error);
      } finally {
        this.#storeWatch.stop();
      }
      if (this.#stopped) return;
      // The store watch ended: resynchronize. Watchers that cannot be continued are closed and
      // their clients resume (and relist if their revision is gone).
      await new Promise((resolve) => setTimeout(resolve, 100));
      try {
        const before = this.#revision;
        await this.#relist();
        if (this.#revision !== before) {
          for (const watcher of [...this.#watchers]) watcher.close("the cache resynchronized");
        }
      } catch (error) {
        this.#onError(error);
      }
    }
  }

  #apply(event: ObjectEvent<T>): void {
    const key = keyOf(event.object);
    const before = this.#objects.get(key);
    if (event.type === "DELETED") {
      if (before !== undefined) {
        this.#objects.delete(key);
        this.#sortedKeys.splice(lowerBound(this.#sortedKeys, (k) => k >= key), 1);
        this.#labels.update(key, labelsOf(before), undefined);
      }
    } else {
      if (before === undefined) {
        this.#sortedKeys.splice(lowerBound(this.#sortedKeys, (k) => k >= key), 0, key);
      }
      this.#objects.set(key, event.object);
      this.#labels.update(key, before && labelsOf(before), labelsOf(event.object));
    }
    this.#window.push(event);
    if (this.#window.length > this.#capacity + Math.max(1, this.#capacity >> 2)) {
      const dropped = this.#window.splice(0, this.#window.length - this.#capacity);
      this.#floor = dropped[dropped.length - 1]!.revision;
    }
    this.#revision = event.revision;
    for (const watcher of this.#watchers) watcher.push(event);
    if (this.#freshWaiters.length > 0) {
      const ready = this.#freshWaiters.filter((w) => w.revision <= this.#revision);
      this.#freshWaiters = this.#freshWaiters.filter((w) => w.revision > this.#revision);
      for (const waiter of ready) waiter.resolve();
    }
  }
}

/**
 * The first index of `sorted` whose element satisfies `atOrAfter` (a predicate false for a
 * prefix of the array and true for the rest), or its length.
 */
function lowerBound<E>(sorted: readonly E[], atOrAfter: (element: E) => boolean): number {
  let low = 0;
  for (let high = sorted.length; low < high;) {
    const middle = (low + high) >> 1;
    if (atOrAfter(sorted[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

function labelsOf(object: StoredObject): Labels | undefined {
  const labels = object.metadata.labels;
  return labels !== null && typeof labels === "object" ? labels as Labels : undefined;
}

function keyOf(object: StoredObject): string {
  return `${object.metadata.namespace ?? ""}/${object.metadata.name ?? ""}`;
}
