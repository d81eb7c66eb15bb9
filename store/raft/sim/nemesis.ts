/**
 * The nemesis: injects the scenario's faults at random moments of the fault phase —
 * symmetric partitions, leader isolation, one-way link cuts, healing, crashes (of any member, of
 * the leader, or in the middle of a member's next fsync) with automatic restarts, leadership transfers, forced campaigns, and network
 * storms (bursts of loss, duplication and delay spikes). {@link Nemesis.heal} ends it all.
 *
 * @module
 */

import type { NodeId } from "../types.ts";
import type { Cluster } from "./cluster.ts";
import type { NetworkFaults } from "./network.ts";
import type { NemesisAction } from "./scenarios.ts";
import type { SimNode } from "./sim_node.ts";
import type { EventHandle, SimRandom } from "./world.ts";

/** A new leader is deposed within this many ms of being seen (see Nemesis.observe). */
const DEPOSE_MS = 30;

/** Counters of injected faults. */
export type NemesisStats = Record<NemesisAction, number>;

/** The fault injector of one run. */
export class Nemesis {
  /** How many times each action ran. */
  readonly stats: NemesisStats = {
    partition: 0,
    "isolate-leader": 0,
    "one-way": 0,
    heal: 0,
    crash: 0,
    "crash-leader": 0,
    "crash-mid-write": 0,
    "depose-new-leader": 0,
    restart: 0,
    transfer: 0,
    campaign: 0,
    "campaign-pair": 0,
    storm: 0,
  };
  readonly #c: Cluster;
  readonly #random: SimRandom;
  readonly #actions: readonly (readonly [NemesisAction, number])[];
  readonly #baseFaults: NetworkFaults;
  #active = false;
  /** Set by "depose-new-leader": the highest term a leader was seen in when it was armed. */
  #deposeAfterTerm: number | undefined = undefined;
  #next: EventHandle | undefined;
  readonly #restarts = new Set<EventHandle>();

  /**
   * The nemesis of `cluster`'s scenario.
   *
   * @param cluster the cluster
   * @param random its PRNG stream
   */
  constructor(cluster: Cluster, random: SimRandom) {
    this.#c = cluster;
    this.#random = random;
    const w = cluster.scenario.nemesis.weights;
    this.#actions = (Object.entries(w) as [NemesisAction, number][]).filter(([, n]) => n > 0);
    this.#baseFaults = { ...cluster.net.faults };
  }

  /** Starts injecting faults. */
  start(): void {
    if (this.#actions.length === 0) return;
    this.#active = true;
    this.#schedule();
  }

  /**
   * Stops injecting faults and repairs everything: heals the network, restores the base fault
   * rates, cancels pending automatic restarts and restarts every member that is down.
   */
  heal(quiet: boolean): void {
    this.#active = false;
    this.#next?.cancel();
    for (const h of this.#restarts) h.cancel();
    this.#restarts.clear();
    const c = this.#c;
    for (const n of c.nodes.values()) n.disarm();
    c.net.heal();
    c.net.faults = quiet
      ? { loss: 0, duplicate: 0, spike: 0, spikeMs: 0 }
      : { ...this.#baseFaults };
    for (const n of c.downNodes()) n.start();
    c.world.trace("nemesis: heal all, restart every member");
  }

  /**
   * Called after every event: a "depose-new-leader" action waits for a leader of a newer term
   * and, a few ms after it is seen, isolates it from everyone or crashes it — so it dies
   * before replicating its first entries (the situations of the Raft paper's Figure 8).
   */
  observe(): void {
    const armed = this.#deposeAfterTerm;
    if (armed === undefined || !this.#active) return;
    const c = this.#c;
    const l = c.leader();
    const term = l?.view()?.raft.term ?? 0;
    if (l === undefined || term <= armed) return;
    this.#deposeAfterTerm = undefined;
    const isolate = this.#random.chance(0.5);
    c.world.schedule(this.#random.float() * DEPOSE_MS, () => {
      if (!this.#active || !l.up) return;
      if (isolate) {
        c.net.partition([[l.id], c.ids.filter((id) => id !== l.id)]);
        c.world.trace(`nemesis: isolate new leader ${l.id} (term ${term})`);
      } else {
        c.world.trace(`nemesis: crash new leader ${l.id} (term ${term})`);
        l.crash();
        this.#restartLater(l);
      }
    });
  }

  /** Restarts `n` after the scenario's down time (unless the nemesis is healed first). */
  #restartLater(n: SimNode): void {
    if (!this.#active) return;
    const c = this.#c;
    const [lo, hi] = c.scenario.nemesis.downMs;
    const h = c.world.schedule(lo + this.#random.float() * (hi - lo), () => {
      this.#restarts.delete(h);
      if (!n.up) n.start();
    });
    this.#restarts.add(h);
  }

  #schedule(): void {
    const [lo, hi] = this.#c.scenario.nemesis.everyMs;
    this.#next = this.#c.world.schedule(lo + this.#random.float() * (hi - lo), () => {
      if (!this.#active) return;
      this.#act();
      this.#schedule();
    });
  }

  #pickAction(): NemesisAction {
    let total = 0;
    for (const [, w] of this.#actions) total += w;
    let x = this.#random.float() * total;
    for (const [a, w] of this.#actions) {
      x -= w;
      if (x < 0) return a;
    }
    return this.#actions[this.#actions.length - 1]![0];
  }

  #shuffled(ids: readonly NodeId[]): NodeId[] {
    const a = [...ids];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.#random.int(i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }

  #act(): void {
    const c = this.#c;
    const r = this.#random;
    const action = this.#pickAction();
    const ids = c.ids;
    switch (action) {
      case "partition": {
        if (ids.length < 2) return;
        const s = this.#shuffled(ids);
        const k = r.between(1, ids.length - 1);
        const groups = [s.slice(0, k), s.slice(k)];
        c.net.heal();
        c.net.partition(groups);
        c.world.trace(`nemesis: partition ${groups.map((g) => `[${g.join(",")}]`).join(" ")}`);
        break;
      }
      case "isolate-leader": {
        const l = c.leader();
        if (l === undefined || ids.length < 2) return;
        c.net.partition([[l.id], ids.filter((id) => id !== l.id)]);
        c.world.trace(`nemesis: isolate leader ${l.id}`);
        break;
      }
      case "one-way": {
        if (ids.length < 2) return;
        const n = r.between(1, Math.max(1, ids.length - 1));
        for (let i = 0; i < n; i++) {
          const [a, b] = this.#shuffled(ids);
          c.net.cutOneWay(a!, b!);
        }
        c.world.trace(`nemesis: one-way cuts ${c.net.describeCuts()}`);
        break;
      }
      case "heal":
        c.net.heal();
        c.world.trace("nemesis: heal network");
        break;
      case "crash":
      case "crash-leader": {
        const up = c.upNodes();
        if (c.nodes.size - up.length >= c.scenario.nemesis.maxDown || up.length === 0) return;
        const victim = action === "crash-leader" ? (c.leader() ?? r.pick(up)) : r.pick(up);
        victim.crash();
        this.#restartLater(victim);
        break;
      }
      case "crash-mid-write": {
        const up = c.upNodes();
        if (c.nodes.size - up.length >= c.scenario.nemesis.maxDown || up.length === 0) return;
        const victim = r.pick(up);
        c.world.trace(`nemesis: node ${victim.id} will crash during its next fsync`);
        victim.crashDuringNextSync(() => this.#restartLater(victim));
        break;
      }
      case "depose-new-leader": {
        this.#deposeAfterTerm = c.leader()?.view()?.raft.term ?? 0;
        c.world.trace("nemesis: will depose the next new leader");
        break;
      }
      case "restart": {
        const down = c.downNodes();
        if (down.length === 0) return;
        r.pick(down).start();
        break;
      }
      case "transfer": {
        const l = c.leader();
        if (l === undefined || ids.length < 2) return;
        l.transferLeadership(r.pick(ids.filter((id) => id !== l.id)));
        break;
      }
      case "campaign": {
        const up = c.upNodes();
        if (up.length === 0) return;
        const n = r.pick(up);
        c.world.trace(`nemesis: node ${n.id} campaigns`);
        n.campaign();
        break;
      }
      case "campaign-pair": {
        // Two election timeouts firing together: the split vote that Raft's randomized
        // timeouts make rare, forced.
        const up = this.#shuffled(c.upNodes().map((n) => n.id));
        if (up.length < 2) return;
        c.world.trace(`nemesis: nodes ${up[0]} and ${up[1]} campaign together`);
        c.nodes.get(up[0]!)!.campaign();
        c.nodes.get(up[1]!)!.campaign();
        break;
      }
      case "storm": {
        const base = this.#baseFaults;
        c.net.faults = {
          loss: Math.max(base.loss, r.pick([0.1, 0.3])),
          duplicate: Math.max(base.duplicate, r.pick([0.05, 0.2])),
          spike: Math.max(base.spike, 0.2),
          spikeMs: Math.max(base.spikeMs, r.pick([50, 200])),
        };
        c.world.trace(() => `nemesis: storm ${JSON.stringify(c.net.faults)}`);
        c.world.schedule(r.between(50, 400), () => {
          if (this.#active) c.net.faults = { ...base };
        });
        break;
      }
    }
    this.stats[action]++;
  }
}
