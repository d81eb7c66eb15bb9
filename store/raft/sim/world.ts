/**
 * The simulated world: a virtual clock in milliseconds, an event queue ordered by
 * (time, sequence number), one seeded PRNG that every random choice of a run draws from, a
 * bounded trace of what happened, and the bookkeeping that lets asynchronous driver code (the
 * WAL's promises) run to a stable point before virtual time moves on.
 *
 * Determinism: nothing here reads a wall clock, `Math.random` or a timer. Events scheduled for
 * the same instant run in the order they were scheduled. Driver tasks are plain promise chains
 * on the in-memory disk (which resolves without timers) and advance only while
 * {@link World.settle} yields microtask turns, so a run is a pure function of its seed.
 *
 * @module
 */

import { newRand, type Rand } from "../rand.ts";

/** The seeded random source of a run, with the helpers the simulator needs. */
export class SimRandom {
  readonly #rand: Rand;

  /** A source seeded with `seed` (any safe integer; only the low 32 bits matter). */
  constructor(seed: number) {
    this.#rand = newRand(seed >>> 0);
  }

  /** The underlying {@link Rand} (for components that take one). */
  get rand(): Rand {
    return this.#rand;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return this.#rand.intn(n);
  }

  /** An integer in [lo, hi] (inclusive). */
  between(lo: number, hi: number): number {
    return lo + this.#rand.intn(hi - lo + 1);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.#rand.intn(0x100000000) / 0x100000000;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.float() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick: empty array");
    return items[this.#rand.intn(items.length)]!;
  }

  /** A new independent source seeded from this one (for a component's own stream). */
  fork(): SimRandom {
    return new SimRandom(this.#rand.intn(0x100000000));
  }
}

/** A scheduled event. */
interface Scheduled {
  readonly time: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A handle to cancel a scheduled event. */
export interface EventHandle {
  /** Prevents the event from running (no effect once it ran). */
  cancel(): void;
}

/** Thrown when the simulation's own machinery breaks (not a Raft invariant). */
export class SimError extends Error {
  /** A simulator error. */
  constructor(message: string) {
    super(message);
    this.name = "SimError";
  }
}

/** A binary min-heap of events by (time, seq). */
class EventHeap {
  #items: Scheduled[] = [];

  get size(): number {
    return this.#items.length;
  }

  #less(a: Scheduled, b: Scheduled): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  push(e: Scheduled): void {
    const h = this.#items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  peek(): Scheduled | undefined {
    return this.#items[0];
  }

  pop(): Scheduled | undefined {
    const h = this.#items;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
    return top;
  }
}

/** How many microtask turns {@link World.settle} waits before declaring a driver stuck. */
const MAX_SETTLE_SPINS = 200_000;

/**
 * The clock, the queue, the PRNG and the trace of one simulated run.
 *
 * Invariant: `now` never decreases; an event never runs before its time.
 */
export class World {
  /** Virtual time in milliseconds. */
  now = 0;
  /** The run's PRNG: every random choice of the run comes from here (or a fork of it). */
  readonly random: SimRandom;
  /** Number of events run so far. */
  steps = 0;
  readonly #queue = new EventHeap();
  #seq = 0;
  /** Driver tasks (promise chains) started and not yet finished. */
  #tasks = 0;
  /** Of those, how many wait on a simulated event (an fsync completing). */
  #blocked = 0;
  readonly #trace: { t: number; line: string | (() => string) }[];
  /** The first error an asynchronous driver task reported (see {@link fail}). */
  #failure: { error: unknown } | undefined = undefined;
  #traceNext = 0;
  #traceCount = 0;

  /**
   * A world at time 0.
   *
   * @param seed the run's seed
   * @param traceLines how many recent trace lines to keep for failure reports
   */
  constructor(seed: number, traceLines = 400) {
    this.random = new SimRandom(seed);
    this.#trace = new Array(Math.max(1, traceLines));
  }

  /** Schedules `fn` to run `delay` ms from now (delay ≥ 0). */
  schedule(delay: number, fn: () => void): EventHandle {
    return this.at(this.now + Math.max(0, delay), fn);
  }

  /** Schedules `fn` at absolute time `time` (not before now). */
  at(time: number, fn: () => void): EventHandle {
    const e: Scheduled = { time: Math.max(time, this.now), seq: this.#seq++, fn, cancelled: false };
    this.#queue.push(e);
    return {
      cancel: () => {
        e.cancelled = true;
      },
    };
  }

  /** Number of queued events (including cancelled ones not yet popped). */
  get pending(): number {
    return this.#queue.size;
  }

  /**
   * Runs the next event due at or before `until`, then lets driver tasks settle. Returns false
   * (leaving `now` at `until`) when no such event remains.
   */
  async step(until: number): Promise<boolean> {
    for (;;) {
      const next = this.#queue.peek();
      if (next === undefined || next.time > until) {
        this.now = Math.max(this.now, until);
        return false;
      }
      this.#queue.pop();
      if (next.cancelled) continue;
      this.now = next.time;
      this.steps++;
      next.fn();
      await this.settle();
      if (this.#failure !== undefined) throw this.#failure.error;
      return true;
    }
  }

  /**
   * Records an error raised inside an asynchronous driver task; {@link step} rethrows the first
   * one once the tasks settle.
   */
  fail(error: unknown): void {
    this.#failure ??= { error };
  }

  /** Records that a driver task started; pair with {@link taskDone}. */
  taskStarted(): void {
    this.#tasks++;
  }

  /** Records that a driver task finished. */
  taskDone(): void {
    this.#tasks--;
  }

  /** Records that a task now waits on a simulated event; pair with {@link unblocked}. */
  blocked(): void {
    this.#blocked++;
  }

  /** Records that a simulated event a task waited on happened. */
  unblocked(): void {
    this.#blocked--;
  }

  /**
   * Yields microtask turns until every driver task is finished or waiting on a simulated event,
   * so the next event sees the state the drivers reached "instantly".
   */
  async settle(): Promise<void> {
    let spins = 0;
    while (this.#tasks > this.#blocked) {
      await null;
      if (++spins > MAX_SETTLE_SPINS) {
        throw new SimError(
          `driver tasks did not settle (tasks ${this.#tasks}, blocked ${this.#blocked})`,
        );
      }
    }
  }

  /**
   * Appends a line (or a thunk producing it, formatted only when reported) to the trace,
   * stamped with the current time.
   */
  trace(line: string | (() => string)): void {
    this.#trace[this.#traceNext] = { t: this.now, line };
    this.#traceNext = (this.#traceNext + 1) % this.#trace.length;
    this.#traceCount++;
  }

  /** The last `n` trace lines, oldest first. */
  lastTrace(n: number): string[] {
    const cap = this.#trace.length;
    const have = Math.min(this.#traceCount, cap, n);
    const out: string[] = [];
    for (let k = have; k > 0; k--) {
      const e = this.#trace[(this.#traceNext - k + cap * 2) % cap];
      if (e !== undefined) {
        out.push(`${fmtTime(e.t)} ${typeof e.line === "string" ? e.line : e.line()}`);
      }
    }
    return out;
  }
}

/** Formats virtual time for the trace, e.g. `t=1234.5`. */
export function fmtTime(ms: number): string {
  return `t=${Number.isInteger(ms) ? ms : ms.toFixed(2)}`;
}
