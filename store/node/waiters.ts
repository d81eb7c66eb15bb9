/**
 * Requests waiting for the log: proposals keyed by their request id (resolved when the entry
 * is applied on this member), and linearizable reads batched behind one ReadIndex round.
 *
 * @module
 */
import { TimeoutError, UnavailableError } from "../backend.ts";

/** A request waiting for its entry to be applied. */
interface Waiter<T> {
  /** The leader this member knew when the request was proposed. */
  leader: number;
  resolve(value: T): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Proposals in flight on this member, by request id. Invariant: an id is in the map from its
 * proposal until it is applied, fails, times out or the member stops — exactly one of
 * resolve/reject is called.
 */
export class ProposalWaiters<T> {
  readonly #waiting = new Map<number, Waiter<T>>();
  readonly #timeoutMs: number;
  #base = 0;
  #counter = 0;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#rebase();
  }

  /**
   * A request id no other member will use: 32 random high bits per batch of 2^21 ids, so
   * entries proposed by other members (which this member applies too) never match a waiter.
   */
  nextId(): number {
    if (++this.#counter >= 2 ** 21) this.#rebase();
    return this.#base + this.#counter;
  }

  #rebase(): void {
    const random = crypto.getRandomValues(new Uint32Array(1))[0]!;
    this.#base = (random >>> 0) * 2 ** 21;
    this.#counter = 1;
  }

  /**
   * Registers a waiter for `id`, proposed while `leader` led; it times out with
   * {@link TimeoutError}.
   */
  wait(id: number, leader: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new TimeoutError());
      }, this.#timeoutMs);
      this.#waiting.set(id, { leader, resolve, reject, timer });
    });
  }

  /** Resolves the waiter of `id`, if this member has one. */
  resolve(id: number, value: T): void {
    const waiter = this.#take(id);
    waiter?.resolve(value);
  }

  /** Fails the waiter of `id`, if this member has one. */
  reject(id: number, error: unknown): void {
    this.#take(id)?.reject(error);
  }

  /**
   * Fails the waiters of proposals made under another leader than `leader`: a proposal
   * forwarded to a leader that is gone may never commit, and its client should retry rather
   * than wait out the timeout. (Its outcome is unknown, as with a timeout.)
   */
  rejectLeaderChanged(leader: number, error: unknown): void {
    for (const [id, waiter] of [...this.#waiting]) {
      if (waiter.leader !== leader) this.reject(id, error);
    }
  }

  /** Fails every waiter (the member is stopping). */
  rejectAll(error: unknown = new UnavailableError("etcdserver: server stopped")): void {
    for (const id of [...this.#waiting.keys()]) this.reject(id, error);
  }

  #take(id: number): Waiter<T> | undefined {
    const waiter = this.#waiting.get(id);
    if (waiter === undefined) return undefined;
    clearTimeout(waiter.timer);
    this.#waiting.delete(id);
    return waiter;
  }
}

/** One ReadIndex round and the reads waiting on it. */
interface ReadBatch {
  readonly ctx: Uint8Array;
  readonly key: string;
  readonly waiters: { resolve(): void; reject(error: unknown): void }[];
  /** Set when the ReadState arrived: serve once applied ≥ index. */
  index?: number;
  sentAt: number;
}

/**
 * Linearizable reads, batched: every read that arrives while a ReadIndex round is in flight
 * joins the next round, so concurrent readers cost one heartbeat round, not one each.
 * A round with no answer after `retryMs` is sent again with a fresh context (the leader may
 * have changed and dropped it).
 */
export class ReadBatcher {
  readonly #send: (ctx: Uint8Array) => void;
  readonly #retryMs: number;
  readonly #timeoutMs: number;
  #inFlight: ReadBatch | undefined;
  #next: ReadBatch["waiters"] = [];
  /** Rounds answered and waiting for the apply index to catch up. */
  #answered: ReadBatch[] = [];
  #deadlines = new Map<ReadBatch["waiters"][number], ReturnType<typeof setTimeout>>();

  constructor(send: (ctx: Uint8Array) => void, options: { retryMs: number; timeoutMs: number }) {
    this.#send = send;
    this.#retryMs = options.retryMs;
    this.#timeoutMs = options.timeoutMs;
  }

  /** Resolves once this member has applied everything committed before the call. */
  barrier(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(this.#deadlines.get(waiter));
          this.#deadlines.delete(waiter);
          resolve();
        },
        reject: (error: unknown) => {
          clearTimeout(this.#deadlines.get(waiter));
          this.#deadlines.delete(waiter);
          reject(error);
        },
      };
      this.#deadlines.set(
        waiter,
        setTimeout(() => {
          this.#remove(waiter);
          reject(new TimeoutError());
        }, this.#timeoutMs),
      );
      this.#next.push(waiter);
      if (this.#inFlight === undefined) this.#launch();
    });
  }

  /** A ReadState arrived from Raft. */
  onReadState(ctx: Uint8Array, index: number, applied: number): void {
    const batch = this.#inFlight;
    if (batch === undefined || batch.key !== keyOf(ctx)) return;
    this.#inFlight = undefined;
    batch.index = index;
    this.#answered.push(batch);
    this.onApplied(applied);
    if (this.#next.length > 0) this.#launch();
  }

  /** The member applied up to `applied`: serve the rounds it satisfies. */
  onApplied(applied: number): void {
    if (this.#answered.length === 0) return;
    const ready = this.#answered.filter((batch) => batch.index! <= applied);
    if (ready.length === 0) return;
    this.#answered = this.#answered.filter((batch) => batch.index! > applied);
    for (const batch of ready) for (const waiter of batch.waiters) waiter.resolve();
  }

  /** Called periodically: resend a round that went unanswered for too long. */
  tick(now: number): void {
    const batch = this.#inFlight;
    if (batch === undefined || now - batch.sentAt < this.#retryMs) return;
    this.#inFlight = undefined;
    this.#next = [...batch.waiters, ...this.#next];
    this.#launch();
  }

  /** Fails every waiting read (the member is stopping). */
  rejectAll(error: unknown): void {
    const all = [
      ...(this.#inFlight?.waiters ?? []),
      ...this.#next,
      ...this.#answered.flatMap((batch) => batch.waiters),
    ];
    this.#inFlight = undefined;
    this.#next = [];
    this.#answered = [];
    for (const waiter of all) waiter.reject(error);
  }

  #launch(): void {
    if (this.#next.length === 0) return;
    const ctx = crypto.getRandomValues(new Uint8Array(8));
    const batch: ReadBatch = { ctx, key: keyOf(ctx), waiters: this.#next, sentAt: Date.now() };
    this.#next = [];
    this.#inFlight = batch;
    this.#send(ctx);
  }

  #remove(waiter: ReadBatch["waiters"][number]): void {
    this.#deadlines.delete(waiter);
    const drop = (list: ReadBatch["waiters"]) => {
      const i = list.indexOf(waiter);
      if (i >= 0) list.splice(i, 1);
    };
    drop(this.#next);
    if (this.#inFlight !== undefined) drop(this.#inFlight.waiters);
    for (const batch of this.#answered) drop(batch.waiters);
  }
}

function keyOf(ctx: Uint8Array): string {
  return Array.from(ctx, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
