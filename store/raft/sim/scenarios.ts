/**
 * Scenarios: everything about a simulated run that is decided before it starts, derived from its
 * seed alone (so a seed is a complete reproduction recipe). A scenario picks a fault profile
 * (which faults the nemesis injects and how often), the cluster size, Raft and driver settings
 * (tick, timeouts, message size and in-flight limits that change how replication interleaves,
 * snapshot cadence, WAL segment size) and the client workload.
 *
 * Profiles:
 * - `calm`: small delays, no faults (a baseline that must always be linearizable and live);
 * - `lossy`: loss, duplication and delay spikes (reordering) on every link;
 * - `partitions`: symmetric and one-way partitions, leader isolation, healing;
 * - `crashes`: crashes (torn unsynced writes) and restarts, slow disks;
 * - `snapshots`: frequent snapshots with little catch-up log, and partitions so followers fall
 *   behind and need them;
 * - `transfers`: leadership transfers, forced campaigns, partitions;
 * - `elections`: rapid leader churn — forced campaigns, leader crashes and isolation, new
 *   leaders deposed before they replicate, short outages, quick restarts, delay spikes (stale
 *   votes and appends arriving late);
 * - `chaos`: all of the above at once.
 *
 * @module
 */

import type { ClientOptions } from "./clients.ts";
import type { MutationName } from "./mutations.ts";
import type { NetworkOptions } from "./network.ts";
import type { NodeOptions } from "./sim_node.ts";
import { SimRandom } from "./world.ts";

/** The fault profiles. */
export const PROFILES = [
  "calm",
  "lossy",
  "partitions",
  "crashes",
  "snapshots",
  "transfers",
  "elections",
  "chaos",
] as const;

/** A fault profile's name. */
export type ProfileName = typeof PROFILES[number];

/** What the nemesis can do. */
export type NemesisAction =
  | "partition"
  | "isolate-leader"
  | "one-way"
  | "heal"
  | "crash"
  | "crash-leader"
  | "crash-mid-write"
  | "depose-new-leader"
  | "restart"
  | "transfer"
  | "campaign"
  | "campaign-pair"
  | "storm";

/** The nemesis (fault injector) of a scenario. */
export interface NemesisOptions {
  /** Pause between two actions, ms [min, max]. */
  readonly everyMs: readonly [number, number];
  /** Relative weight of each action (absent: never). */
  readonly weights: Readonly<Partial<Record<NemesisAction, number>>>;
  /** How long a crashed member stays down before its automatic restart, ms [min, max]. */
  readonly downMs: readonly [number, number];
  /** Most members down at once. */
  readonly maxDown: number;
}

/** A complete scenario. */
export interface Scenario {
  /** The seed everything derives from. */
  readonly seed: number;
  /** The fault profile. */
  readonly profile: ProfileName;
  /** Number of members. */
  readonly nodes: number;
  /** Length of the fault phase, ms (faults and clients). */
  readonly chaosMs: number;
  /** After the faults: clients keep going this long on a healed cluster, ms. */
  readonly healMs: number;
  /** Deadline for the healed cluster to converge (liveness), ms. */
  readonly settleMs: number;
  /** Member settings. */
  readonly node: NodeOptions;
  /** Network settings. */
  readonly net: NetworkOptions;
  /** Client workload. */
  readonly clients: ClientOptions;
  /** Fault injection. */
  readonly nemesis: NemesisOptions;
  /** The injected broken rule, if any. */
  readonly mutation: MutationName | undefined;
  /** Whether the leader's commit rule is checked directly (see Invariants). */
  readonly checkCommitRule: boolean;
}

/** Knobs a caller may force (tests, soak runs, mutation checks). */
export interface ScenarioOverrides {
  /** Force a profile. */
  readonly profile?: ProfileName;
  /** Force the cluster size. */
  readonly nodes?: number;
  /** Force the fault phase length, in ticks of 10 ms. */
  readonly steps?: number;
  /** Inject a broken rule. */
  readonly mutation?: MutationName;
  /** Turn the durability check off (to show Raft-level invariants catch a mutation alone). */
  readonly checkDurability?: boolean;
  /** Turn the direct leader-commit-rule check off (to show its consequences are caught). */
  readonly checkCommitRule?: boolean;
  /** Fail on known issues (see the README) instead of working around them. */
  readonly strict?: boolean;
  /** Force one entry per MsgApp and one MsgApp in flight (slow, stepwise replication). */
  readonly oneEntryPerMessage?: boolean;
}

/** Virtual ms per Raft tick in every scenario. */
export const TICK_MS = 10;

const PROFILE_WEIGHTS: readonly (readonly [ProfileName, number])[] = [
  ["calm", 1],
  ["lossy", 2],
  ["partitions", 3],
  ["crashes", 3],
  ["snapshots", 2],
  ["transfers", 2],
  ["elections", 2],
  ["chaos", 4],
];

function pickWeighted<T>(r: SimRandom, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = r.float() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}

function nemesisFor(profile: ProfileName, nodes: number): NemesisOptions {
  const minority = Math.floor((nodes - 1) / 2);
  switch (profile) {
    case "calm":
      return { everyMs: [1000, 1000], weights: {}, downMs: [0, 0], maxDown: 0 };
    case "lossy":
      return {
        everyMs: [100, 400],
        weights: { storm: 3, heal: 1, campaign: 1 },
        downMs: [0, 0],
        maxDown: 0,
      };
    case "partitions":
      return {
        everyMs: [80, 400],
        weights: { partition: 3, "isolate-leader": 2, "one-way": 3, heal: 3 },
        downMs: [0, 0],
        maxDown: 0,
      };
    case "crashes":
      return {
        everyMs: [60, 300],
        weights: { crash: 3, "crash-leader": 2, "crash-mid-write": 3, restart: 2, heal: 1 },
        downMs: [20, 600],
        maxDown: Math.max(1, nodes - 1),
      };
    case "snapshots":
      return {
        everyMs: [100, 400],
        weights: { partition: 2, "one-way": 1, heal: 2, crash: 1, restart: 1 },
        downMs: [100, 800],
        maxDown: Math.max(1, minority),
      };
    case "transfers":
      return {
        everyMs: [50, 250],
        weights: { transfer: 4, campaign: 2, partition: 1, "one-way": 1, heal: 2 },
        downMs: [0, 0],
        maxDown: 0,
      };
    case "elections":
      return {
        everyMs: [10, 80],
        weights: {
          campaign: 2,
          "campaign-pair": 3,
          "crash-leader": 2,
          "crash-mid-write": 2,
          "depose-new-leader": 4,
          crash: 1,
          "isolate-leader": 2,
          partition: 1,
          heal: 4,
          restart: 1,
        },
        downMs: [0, 60],
        maxDown: Math.max(1, nodes - 1),
      };
    case "chaos":
      return {
        everyMs: [40, 250],
        weights: {
          partition: 2,
          "isolate-leader": 1,
          "one-way": 2,
          heal: 3,
          crash: 2,
          "crash-leader": 1,
          "crash-mid-write": 2,
          "depose-new-leader": 1,
          restart: 2,
          transfer: 1,
          campaign: 1,
          storm: 1,
        },
        downMs: [10, 500],
        maxDown: Math.max(1, nodes - 1),
      };
  }
}

/** The scenario of `seed` (see the module doc), with `overrides` applied. */
export function scenarioFor(seed: number, overrides: ScenarioOverrides = {}): Scenario {
  // A stream of its own: the scenario's shape does not depend on how the run consumes the
  // world's PRNG.
  const r = new SimRandom(seed ^ 0x5ce7a210);
  const profile = overrides.profile ?? pickWeighted(r, PROFILE_WEIGHTS);
  const nodes = overrides.nodes ?? pickWeighted(r, [[3, 6], [5, 3], [1, 1]] as const);
  const steps = overrides.steps ?? r.between(120, 320);
  const lossy = profile === "lossy" || profile === "chaos";
  const snapshots = profile === "snapshots";
  const heartbeatTick = r.between(1, 3);
  const node: NodeOptions = {
    electionTick: 10,
    heartbeatTick,
    tickMs: TICK_MS,
    checkQuorum: true,
    preVote: true,
    maxSizePerMsg: overrides.oneEntryPerMessage ? 1 : r.pick([1, 200, 4096, 1 << 20]),
    maxInflightMsgs: overrides.oneEntryPerMessage ? 1 : r.pick([1, 4, 64, 256]),
    snapshotEvery: snapshots ? r.pick([4, 6, 10]) : r.pick([10, 25, 50, 100]),
    catchUpEntries: snapshots ? r.pick([0, 1, 2]) : r.pick([0, 3, 10, 50]),
    fsyncMs: profile === "crashes" || r.chance(0.2) ? [0.5, 8] : [0.05, 1],
    segmentSize: r.pick([2048, 8192, 65536]),
    tornCrashes: r.chance(0.8),
    checkDurability: overrides.checkDurability ?? true,
    strict: overrides.strict ?? false,
  };
  const net: NetworkOptions = {
    minDelayMs: 0.2,
    maxDelayMs: r.pick([2, 5, 10]),
    faults: profile === "elections"
      ? { loss: r.pick([0.01, 0.05]), duplicate: r.pick([0.05, 0.2]), spike: 0.2, spikeMs: 150 }
      : lossy
      ? {
        loss: r.pick([0.01, 0.05, 0.1]),
        duplicate: r.pick([0, 0.02, 0.1]),
        spike: 0.05,
        spikeMs: 60,
      }
      : { loss: 0, duplicate: 0, spike: profile === "calm" ? 0 : 0.01, spikeMs: 30 },
  };
  const clients: ClientOptions = {
    clients: r.between(2, 4),
    keys: r.between(1, 4),
    timeoutMs: r.pick([300, 600, 1000]),
    thinkMs: [0, r.pick([5, 20, 60])],
    maxRetries: 3,
    latencyMs: [0.1, 2],
  };
  return {
    seed,
    profile,
    nodes,
    chaosMs: steps * TICK_MS,
    healMs: 400,
    settleMs: 6000,
    node,
    net,
    clients,
    nemesis: nemesisFor(profile, nodes),
    mutation: overrides.mutation,
    checkCommitRule: overrides.checkCommitRule ?? true,
  };
}

/** A one-line summary of a scenario for reports. */
export function describeScenario(s: Scenario): string {
  const n = s.node;
  return `profile=${s.profile} nodes=${s.nodes} chaos=${s.chaosMs}ms hb=${n.heartbeatTick} ` +
    `maxMsg=${n.maxSizePerMsg} inflight=${n.maxInflightMsgs} snapEvery=${n.snapshotEvery} ` +
    `catchUp=${n.catchUpEntries} fsync=${n.fsyncMs.join("-")}ms seg=${n.segmentSize} ` +
    `torn=${n.tornCrashes} net=${s.net.minDelayMs}-${s.net.maxDelayMs}ms ` +
    `loss=${s.net.faults.loss} dup=${s.net.faults.duplicate} clients=${s.clients.clients} ` +
    `keys=${s.clients.keys}${s.mutation ? ` mutation=${s.mutation}` : ""}`;
}
