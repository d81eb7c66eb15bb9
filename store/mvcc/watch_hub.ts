/**
 * Watchers over the applied state (etcd `watchableStore` + `watcherGroup`, pull-based).
 *
 * A watcher reports every change to its key or range from its start revision on: first the
 * history (catch-up, read lazily from the {@link EventLog} by `take()`, at most
 * `batchRevisions` revisions with events per response, like etcd's 1000), then live events
 * (pushed into its bounded queue as each revision is applied).
 *
 * Consumption is pull-based: `take(max)` returns the ready responses; `wait()` resolves when
 * there is something to take; `onReady(cb)` calls back (synchronously, from inside the apply)
 * when a response is queued — the callback must only schedule work; `responses()` is an async
 * iterator over both.
 *
 * Invariants, per watcher:
 * - responses carry events in revision order, each revision whole and at most once; across
 *   catch-up and live delivery there is no gap and no duplicate: a watcher is *unsynced* (it
 *   reads revisions ≥ `nextRev` from the log on `take()`) until it has read up to the current
 *   revision, then *synced* (it gets every later revision pushed), never both;
 * - `header.revision` of a response: all the watcher's events ≤ it are in this response or
 *   earlier ones;
 * - `requestProgress()` never exceeds what `take()` has returned (etcd bug #15220);
 * - memory: unsynced watchers hold nothing; a synced watcher's queue holds at most
 *   `maxPendingEvents` events (one larger revision when the queue was empty); a revision that
 *   would overflow it cancels the watcher (`cancelReason` says so, `header.revision` says up to
 *   where it was served), so slow consumers never slow the writer or grow memory;
 * - compaction cancels a watcher that still needs a compacted revision, with
 *   `compactRevision`.
 *
 * @module
 */

import { compareBytes, equalBytes, type KeyRange, keyRange } from "./bytes.ts";
import type { EventLog } from "./event_log.ts";
import type { Event, WatchRequest, WatchResponse } from "./types.ts";

/** etcd's bound on the revisions with events in one catch-up response. */
export const DEFAULT_BATCH_REVISIONS = 1000;
/** Default bound on the events a synced watcher may hold untaken. */
export const DEFAULT_MAX_PENDING_EVENTS = 10_000;

/** `cancelReason` of a watcher canceled because its consumer did not keep up. */
export const SLOW_WATCHER_REASON =
  "mvcc: watcher canceled: its consumer fell too far behind; rewatch from header.revision + 1";
/** `cancelReason` of a watcher whose start revision was compacted. */
export const COMPACTED_REASON = "mvcc: required revision has been compacted";
/** `cancelReason` of a watcher canceled because the store was restored to an older state. */
export const RESTORED_REASON =
  "mvcc: watcher canceled: the store was restored to an older revision";

/** Options of a {@link WatchHub}. */
export interface WatchHubOptions {
  /** Bound on the events a synced watcher holds untaken before it is canceled. */
  readonly maxPendingEvents?: number;
  /** Bound on the revisions with events in one catch-up response (etcd: 1000). */
  readonly batchRevisions?: number;
}

/** What the hub reads from the store it watches. */
export interface WatchSource {
  /** The current revision. */
  readonly revision: number;
  /** The compaction revision (reads and watches below it are gone). */
  readonly compactRevision: number;
  /** The change log, holding every revision from the compaction revision on. */
  readonly log: EventLog;
}

/** One watcher, as its consumer sees it. */
export interface Watcher {
  /** Unique within its hub. */
  readonly id: number;
  /** The request it was created with. */
  readonly request: WatchRequest;
  /** Whether it has ended (a canceled response may still wait in `take()`). */
  readonly canceled: boolean;
  /** Whether `take()` would return something now. */
  readonly ready: boolean;
  /**
   * Returns up to `max` responses, in order: queued live ones, or a catch-up batch read from
   * history. Empty when there is nothing new. After the canceled response, always empty.
   */
  take(max?: number): WatchResponse[];
  /** Resolves when `take()` has something (at once if it does already). */
  wait(): Promise<void>;
  /** Sets (or clears, with undefined) the callback run when a response becomes ready. */
  onReady(listener: (() => void) | undefined): void;
  /**
   * A revision R such that every event of this watcher with revision ≤ R has been returned by
   * `take()`: the revision a progress notification may report now. Never ahead of delivery.
   */
  requestProgress(): number;
  /** Ends the watcher (consumer side); nothing more is delivered. */
  cancel(): void;
  /** Iterates responses as they come, ending after the canceled response. */
  responses(): AsyncIterableIterator<WatchResponse>;
}

type State = "unsynced" | "synced" | "canceled";

class WatcherImpl implements Watcher {
  readonly id: number;
  readonly request: WatchRequest;
  readonly range: KeyRange;
  readonly #hub: WatchHub;
  readonly #key: Uint8Array;
  readonly #end: Uint8Array | undefined; // undefined: single key
  readonly #unbounded: boolean;
  readonly #noPut: boolean;
  readonly #noDelete: boolean;
  readonly #prevKv: boolean;
  state: State = "unsynced";
  /** Unsynced: the next revision to read from the log. Synced: the first revision accepted. */
  nextRev: number;
  #queue: WatchResponse[] = [];
  #head = 0;
  #queuedEvents = 0;
  /** Every event ≤ this has been returned by take(). */
  #taken: number;
  #listener: (() => void) | undefined;
  #waiters: (() => void)[] = [];
  #finished = false; // the canceled response has been taken (or the consumer canceled)

  constructor(hub: WatchHub, id: number, request: WatchRequest, startRev: number) {
    this.#hub = hub;
    this.id = id;
    this.request = request;
    this.range = keyRange(request.key, request.rangeEnd);
    this.#key = request.key.slice();
    const end = request.rangeEnd;
    this.#unbounded = end !== undefined && end.length === 1 && end[0] === 0;
    this.#end = end === undefined || end.length === 0 || this.#unbounded ? undefined : end.slice();
    const filters = request.filters ?? [];
    this.#noPut = filters.includes("NOPUT");
    this.#noDelete = filters.includes("NODELETE");
    this.#prevKv = request.prevKv ?? false;
    this.nextRev = startRev;
    this.#taken = startRev - 1;
  }

  get canceled(): boolean {
    return this.state === "canceled";
  }

  get ready(): boolean {
    if (this.#head < this.#queue.length) return true;
    if (this.state !== "unsynced") return false;
    return this.nextRev <= this.#hub.source.revision;
  }

  /** Whether the bytes of `key` fall in this watcher's range. */
  matchesKey(key: Uint8Array): boolean {
    if (!this.#unbounded && this.#end === undefined) return equalBytes(key, this.#key);
    if (compareBytes(key, this.#key) < 0) return false;
    return this.#end === undefined || compareBytes(key, this.#end) < 0;
  }

  /** The events of one revision this watcher reports (filters, prevKv), in order. */
  select(events: readonly Event[], keyFiltered: boolean): Event[] {
    const out: Event[] = [];
    for (const ev of events) {
      if (ev.type === "PUT" ? this.#noPut : this.#noDelete) continue;
      if (!keyFiltered && !this.matchesKey(ev.kv.key)) continue;
      out.push(this.#prevKv || ev.prevKv === undefined ? ev : { type: ev.type, kv: ev.kv });
    }
    return out;
  }

  #signal(): void {
    const waiters = this.#waiters;
    if (waiters.length > 0) {
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
    this.#listener?.();
  }

  /** Queues a live revision (synced watchers only; key matching already done). */
  deliver(revision: number, events: readonly Event[]): void {
    if (revision < this.nextRev) return; // a future watcher not started yet
    const selected = this.select(events, true);
    if (selected.length === 0) return;
    const pending = this.#queue.length - this.#head;
    if (pending > 0 && this.#queuedEvents + selected.length > this.#hub.maxPendingEvents) {
      this.#hub.unregister(this);
      const last = this.#queue[this.#queue.length - 1]!;
      this.endWith({ cancelReason: SLOW_WATCHER_REASON }, last.header.revision);
      return;
    }
    this.#queue.push({ watchId: this.id, header: { revision }, events: selected });
    this.#queuedEvents += selected.length;
    this.#signal();
  }

  /** Ends the watcher with a canceled response after what is queued. */
  endWith(fields: { cancelReason: string; compactRevision?: number }, revision: number): void {
    this.state = "canceled";
    this.#queue.push({
      watchId: this.id,
      header: { revision },
      events: [],
      canceled: true,
      ...fields,
    });
    this.#signal();
  }

  /** Reads the next catch-up batch from the log; becomes synced when it reaches the end. */
  #catchUp(): WatchResponse | undefined {
    const { log, revision: current } = this.#hub.source;
    const limit = this.#hub.batchRevisions;
    const events: Event[] = [];
    let revs = 0;
    let r = this.nextRev;
    for (; r <= current; r++) {
      const evs = log.get(r);
      if (evs === undefined) continue; // revision 1 (the empty store) has no events
      const selected = this.select(evs, false);
      if (selected.length === 0) continue;
      if (revs === limit) break;
      revs++;
      for (const ev of selected) events.push(ev);
    }
    this.nextRev = r;
    if (r > current) this.#hub.register(this);
    if (events.length === 0) return undefined;
    return { watchId: this.id, header: { revision: r - 1 }, events };
  }

  take(max = Infinity): WatchResponse[] {
    const out: WatchResponse[] = [];
    while (out.length < max && !this.#finished) {
      if (this.#head < this.#queue.length) {
        const resp = this.#queue[this.#head]!;
        this.#queue[this.#head++] = undefined as unknown as WatchResponse; // release it
        this.#queuedEvents -= resp.events.length;
        if (this.#head === this.#queue.length) {
          this.#queue = [];
          this.#head = 0;
        } else if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
          // A consumer that never quite catches up must not grow the array with taken slots.
          this.#queue = this.#queue.slice(this.#head);
          this.#head = 0;
        }
        out.push(resp);
        if (resp.header.revision > this.#taken) this.#taken = resp.header.revision;
        if (resp.canceled) this.#finished = true;
        continue;
      }
      if (this.state !== "unsynced") break;
      const batch = this.#catchUp();
      if (batch === undefined) break;
      out.push(batch);
      this.#taken = batch.header.revision;
    }
    return out;
  }

  wait(): Promise<void> {
    if (this.ready || this.#finished) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  onReady(listener: (() => void) | undefined): void {
    this.#listener = listener;
  }

  requestProgress(): number {
    const current = this.#hub.source.revision;
    if (this.#head < this.#queue.length || this.state === "canceled") {
      return Math.min(this.#taken, current);
    }
    if (this.state === "synced") return current;
    return Math.min(Math.max(this.#taken, this.nextRev - 1), current);
  }

  cancel(): void {
    if (this.state !== "canceled") this.#hub.unregister(this);
    this.state = "canceled";
    this.#finished = true;
    this.#queue = [];
    this.#head = 0;
    this.#queuedEvents = 0;
    this.#signal();
  }

  async *responses(): AsyncIterableIterator<WatchResponse> {
    while (!this.#finished) {
      await this.wait();
      for (const resp of this.take()) yield resp;
    }
  }

  /** The next revision this watcher needs (for re-syncing after a restore). */
  needs(oldCurrent: number): number {
    return this.state === "synced" ? Math.max(oldCurrent + 1, this.nextRev) : this.nextRev;
  }
}

/**
 * All watchers of one store. The store calls {@link WatchHub.notify} after applying each
 * revision, {@link WatchHub.compacted} after a compaction and {@link WatchHub.restored} after a
 * restore.
 */
export class WatchHub {
  /** The store state the hub reads. */
  readonly source: WatchSource;
  /** See {@link WatchHubOptions.maxPendingEvents}. */
  readonly maxPendingEvents: number;
  /** See {@link WatchHubOptions.batchRevisions}. */
  readonly batchRevisions: number;
  #nextId = 1;
  #all = new Map<number, WatcherImpl>();
  /** Synced single-key watchers by key string. */
  #byKey = new Map<string, Set<WatcherImpl>>();
  /** Synced range watchers. */
  #ranges = new Set<WatcherImpl>();

  /** Creates a hub over `source`. */
  constructor(source: WatchSource, options: WatchHubOptions = {}) {
    this.source = source;
    this.maxPendingEvents = Math.max(1, options.maxPendingEvents ?? DEFAULT_MAX_PENDING_EVENTS);
    this.batchRevisions = Math.max(1, options.batchRevisions ?? DEFAULT_BATCH_REVISIONS);
  }

  /** Number of live (not canceled) watchers. */
  get size(): number {
    return this.#all.size;
  }

  /**
   * Creates a watcher. `startRevision` 0/absent: from the next revision; at or below the
   * current one: history first; below the compaction revision: the watcher's only response is
   * canceled with `compactRevision`. An empty key means "\0" (the smallest key), as in etcd.
   */
  watch(request: WatchRequest): Watcher {
    if (!(request.key instanceof Uint8Array)) throw new TypeError("watch: key is not a Uint8Array");
    if (request.key.length === 0) request = { ...request, key: Uint8Array.of(0) };
    const { revision: current, compactRevision } = this.source;
    const asked = request.startRevision ?? 0;
    const start = asked > 0 ? asked : current + 1;
    const w = new WatcherImpl(this, this.#nextId++, request, start);
    if (start < compactRevision) {
      w.endWith({ cancelReason: COMPACTED_REASON, compactRevision }, start - 1);
      return w;
    }
    this.#all.set(w.id, w);
    if (start > current) this.register(w);
    return w;
  }

  /** Marks `watcher` (one of this hub's) synced and routes live events to it. @internal */
  register(watcher: Watcher): void {
    const w = watcher as WatcherImpl;
    w.state = "synced";
    if (w.range.single) {
      let set = this.#byKey.get(w.range.lo);
      if (set === undefined) this.#byKey.set(w.range.lo, set = new Set());
      set.add(w);
    } else {
      this.#ranges.add(w);
    }
  }

  /** Stops routing anything to `watcher` (one of this hub's). @internal */
  unregister(watcher: Watcher): void {
    const w = watcher as WatcherImpl;
    this.#all.delete(w.id);
    if (w.state !== "synced") return;
    w.state = "unsynced";
    if (w.range.single) {
      const set = this.#byKey.get(w.range.lo);
      set?.delete(w);
      if (set?.size === 0) this.#byKey.delete(w.range.lo);
    } else {
      this.#ranges.delete(w);
    }
  }

  /**
   * Delivers the events of the just-applied `revision` to the synced watchers they concern.
   * `skeys[i]` is the key string of `events[i]`.
   */
  notify(revision: number, events: readonly Event[], skeys: readonly string[]): void {
    if (this.#byKey.size === 0 && this.#ranges.size === 0) return;
    if (events.length === 1) {
      // Fast path: one event, no per-watcher grouping needed.
      // (Deleting from a Set while iterating it is safe: a slow watcher may unregister itself.)
      const set = this.#byKey.get(skeys[0]!);
      if (set !== undefined) { for (const w of set) w.deliver(revision, events); }
      for (const w of this.#ranges) {
        if (w.matchesKey(events[0]!.kv.key)) w.deliver(revision, events);
      }
      return;
    }
    const targets = new Map<WatcherImpl, Event[]>();
    const add = (w: WatcherImpl, ev: Event) => {
      const list = targets.get(w);
      if (list === undefined) targets.set(w, [ev]);
      else list.push(ev);
    };
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      const set = this.#byKey.get(skeys[i]!);
      if (set !== undefined) { for (const w of set) add(w, ev); }
      for (const w of this.#ranges) if (w.matchesKey(ev.kv.key)) add(w, ev);
    }
    for (const [w, evs] of targets) w.deliver(revision, evs);
  }

  /** Cancels the watchers that still need a revision below `compactRevision`. */
  compacted(compactRevision: number): void {
    for (const w of [...this.#all.values()]) {
      if (w.state === "unsynced" && w.nextRev < compactRevision) {
        this.unregister(w);
        w.endWith({ cancelReason: COMPACTED_REASON, compactRevision }, w.requestProgress());
      }
    }
  }

  /**
   * Re-aims every watcher after the store was replaced by a restore: each continues from the
   * revision it needs, read from the new history; one whose revision is gone is canceled
   * (compacted), and all are canceled if the new state is older than `oldRevision`.
   */
  restored(oldRevision: number): void {
    const { revision, compactRevision } = this.source;
    for (const w of [...this.#all.values()]) {
      const need = w.needs(oldRevision);
      const progress = w.requestProgress();
      this.unregister(w);
      if (revision < oldRevision) {
        w.endWith({ cancelReason: RESTORED_REASON }, progress);
      } else if (need < compactRevision) {
        w.endWith({ cancelReason: COMPACTED_REASON, compactRevision }, progress);
      } else {
        this.#all.set(w.id, w);
        w.nextRev = need;
        if (need > revision) this.register(w);
      }
    }
  }
}
