/**
 * A keyed work queue (after client-go's rate-limited workqueue): a key added several times
 * before it is processed is processed once; a key being processed is not handed out again
 * until it is done (if it was re-added meanwhile, it comes back after); failures are retried
 * with per-key exponential back-off.
 *
 * Invariants: a key is in at most one of queued / processing; `#dirty` holds keys waiting to
 * be processed (queued, or re-added while processing).
 *
 * @module
 */

/** Options of a {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** First retry delay in ms (default 5). */
  readonly baseDelayMs?: number;
  /** Longest retry delay in ms (default 1000 s, client-go's). */
  readonly maxDelayMs?: number;
}

/** A de-duplicating queue of keys. */
export class WorkQueue {
  readonly #queue: string[] = [];
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #options: WorkQueueOptions;
  #waiters: ((key: string | undefined) => void)[] = [];
  #shutDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#options = options;
  }

  /** Queues `key` (once, however often it is added before it is processed). */
  add(key: string): void {
    if (this.#shutDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return; // comes back when done()
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      this.#dirty.delete(key);
      this.#processing.add(key);
      waiter(key);
    } else {
      this.#queue.push(key);
    }
  }

  /** Queues `key` after its back-off (grows with each consecutive failure). */
  addRateLimited(key: string): void {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    const delay = Math.min(
      (this.#options.baseDelayMs ?? 5) * 2 ** failures,
      this.#options.maxDelayMs ?? 1_000_000,
    );
    clearTimeout(this.#timers.get(key));
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        this.add(key);
      }, delay),
    );
  }

  /** Forgets a key's failures (after a success). */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  /** How many times `key` failed in a row. */
  retries(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** The next key to process, waiting for one; `undefined` after {@link shutDown}. */
  get(): Promise<string | undefined> {
    const key = this.#queue.shift();
    if (key !== undefined) {
      this.#dirty.delete(key);
      this.#processing.add(key);
      return Promise.resolve(key);
    }
    if (this.#shutDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Marks `key` processed; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key)) {
      this.#dirty.delete(key);
      this.add(key);
    }
  }

  /** Keys waiting. */
  get length(): number {
    return this.#queue.length;
  }

  /**
   * One worker: takes keys until the queue shuts down and syncs each. A key whose sync
   * succeeds is forgotten (its back-off resets); one whose sync throws is reported to
   * `onError` and retried with back-off. A key is never synced by two workers at once.
   */
  async process(
    sync: (key: string) => Promise<void>,
    onError: (key: string, error: unknown) => void,
  ): Promise<void> {
    for (;;) {
      const key = await this.get();
      if (key === undefined) return;
      try {
        await sync(key);
        this.forget(key);
      } catch (error) {
        onError(key, error);
        this.addRateLimited(key);
      } finally {
        this.done(key);
      }
    }
  }

  /** Stops handing out keys; pending get()s resolve to undefined. */
  shutDown(): void {
    this.#shutDown = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }
}
