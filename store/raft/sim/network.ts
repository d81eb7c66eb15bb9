/**
 * The simulated network between Raft members (and their clients): each directed link has its
 * own delay distribution; messages can be lost, duplicated, delayed by a spike (which reorders
 * them), or dropped by a partition. Partitions are per directed link, so a one-way cut (A hears
 * B, B does not hear A) is as easy as a symmetric one.
 *
 * A message crossing a link is dropped if the link is cut when it is sent or when it would
 * arrive (a partition that starts while it is in flight catches it). Delivery itself (to a node
 * that may have crashed meanwhile) is the receiver's business.
 *
 * @module
 */

import type { NodeId } from "../types.ts";
import type { SimRandom, World } from "./world.ts";

/** Fault rates of the network; a scenario may change them during a run. */
export interface NetworkFaults {
  /** Probability that a message is lost. */
  loss: number;
  /** Probability that a message is delivered twice (independent delays). */
  duplicate: number;
  /** Probability that a message gets an extra delay spike (reordering it behind later ones). */
  spike: number;
  /** The largest extra delay of a spike, ms. */
  spikeMs: number;
}

/** Static shape of the network. */
export interface NetworkOptions {
  /** Smallest one-way delay of any link, ms. */
  readonly minDelayMs: number;
  /** Largest base one-way delay of any link, ms (each link draws its own range inside). */
  readonly maxDelayMs: number;
  /** Initial fault rates. */
  readonly faults: NetworkFaults;
}

/** Why a message did not arrive, or that it did. */
export type Fate = "delivered" | "lost" | "cut";

/** Counters of a run's network. */
export interface NetworkStats {
  /** Messages handed to the network. */
  sent: number;
  /** Deliveries attempted (duplicates count twice). */
  delivered: number;
  /** Lost at random. */
  lost: number;
  /** Dropped by a partition. */
  cut: number;
  /** Extra copies made. */
  duplicated: number;
}

/** No faults at all. */
export const NO_FAULTS: NetworkFaults = Object.freeze({
  loss: 0,
  duplicate: 0,
  spike: 0,
  spikeMs: 0,
});

function linkKey(from: NodeId, to: NodeId): number {
  return from * 65536 + to;
}

/**
 * The network. Invariant: a delivery callback runs at most once per copy, never before its
 * send time plus the link's minimum delay, and never across a link that is cut at send or at
 * arrival time.
 */
export class Network {
  /** Current fault rates (mutable: scenarios switch profiles mid-run). */
  faults: NetworkFaults;
  /** Counters. */
  readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, cut: 0, duplicated: 0 };
  readonly #world: World;
  readonly #random: SimRandom;
  readonly #options: NetworkOptions;
  /** Directed links that are cut, as linkKey(from, to). */
  readonly #cut = new Set<number>();
  /** Per directed link [min, max] delay, drawn on first use. */
  readonly #links = new Map<number, readonly [number, number]>();

  /**
   * A network in `world`.
   *
   * @param world the simulated world
   * @param random the network's PRNG stream
   * @param options delays and initial fault rates
   */
  constructor(world: World, random: SimRandom, options: NetworkOptions) {
    this.#world = world;
    this.#random = random;
    this.#options = options;
    this.faults = { ...options.faults };
  }

  #link(from: NodeId, to: NodeId): readonly [number, number] {
    const k = linkKey(from, to);
    let l = this.#links.get(k);
    if (l === undefined) {
      const { minDelayMs, maxDelayMs } = this.#options;
      const a = minDelayMs + this.#random.float() * (maxDelayMs - minDelayMs);
      const b = minDelayMs + this.#random.float() * (maxDelayMs - minDelayMs);
      l = [Math.min(a, b), Math.max(a, b)];
      this.#links.set(k, l);
    }
    return l;
  }

  /** True when messages from `from` to `to` are dropped. */
  isCut(from: NodeId, to: NodeId): boolean {
    return this.#cut.has(linkKey(from, to));
  }

  /** Cuts the directed link from → to (a one-way partition). */
  cutOneWay(from: NodeId, to: NodeId): void {
    this.#cut.add(linkKey(from, to));
  }

  /** Cuts both directions between `a` and `b`. */
  cutBoth(a: NodeId, b: NodeId): void {
    this.cutOneWay(a, b);
    this.cutOneWay(b, a);
  }

  /** Cuts every link between different groups (a symmetric partition). */
  partition(groups: readonly (readonly NodeId[])[]): void {
    for (let i = 0; i < groups.length; i++) {
      for (let j = 0; j < groups.length; j++) {
        if (i === j) continue;
        for (const a of groups[i]!) for (const b of groups[j]!) this.cutOneWay(a, b);
      }
    }
  }

  /** Restores every link. */
  heal(): void {
    this.#cut.clear();
  }

  /** A description of the cut links, e.g. `1>2 2>1`. */
  describeCuts(): string {
    return [...this.#cut].sort((a, b) => a - b).map((k) => `${Math.floor(k / 65536)}>${k % 65536}`)
      .join(" ");
  }

  #delay(from: NodeId, to: NodeId): number {
    const [lo, hi] = this.#link(from, to);
    let d = lo + this.#random.float() * (hi - lo);
    if (this.#random.chance(this.faults.spike)) d += this.#random.float() * this.faults.spikeMs;
    return d;
  }

  /**
   * Sends a message: `deliver` runs on arrival (once per copy), `onFate` (if given) once with
   * the fate of the first copy, at its arrival time (or when it would have arrived).
   *
   * @param from sender
   * @param to receiver
   * @param deliver called on arrival
   * @param options `noDuplicate` for messages whose duplication a real transport rules out
   */
  send(
    from: NodeId,
    to: NodeId,
    deliver: () => void,
    options: { readonly noDuplicate?: boolean; readonly onFate?: (fate: Fate) => void } = {},
  ): void {
    this.stats.sent++;
    const copies = !options.noDuplicate && this.#random.chance(this.faults.duplicate) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let c = 0; c < copies; c++) {
      const report = c === 0 ? options.onFate : undefined;
      if (this.isCut(from, to)) {
        this.stats.cut++;
        if (report) this.#world.schedule(this.#delay(from, to), () => report("cut"));
        continue;
      }
      if (this.#random.chance(this.faults.loss)) {
        this.stats.lost++;
        if (report) this.#world.schedule(this.#delay(from, to), () => report("lost"));
        continue;
      }
      this.#world.schedule(this.#delay(from, to), () => {
        if (this.isCut(from, to)) {
          this.stats.cut++;
          report?.("cut");
          return;
        }
        this.stats.delivered++;
        deliver();
        report?.("delivered");
      });
    }
  }
}
