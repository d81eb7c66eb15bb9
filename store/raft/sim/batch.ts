/**
 * Runs many seeds and reports them together: the CI batch and the soak mode are shards of a
 * seed range, each run by its own test file so `deno test --parallel` uses every core.
 *
 * @module
 */

import { runScenario, type ScenarioResult, SimFailure } from "./runner.ts";
import { type ProfileName, scenarioFor, type ScenarioOverrides } from "./scenarios.ts";

/** How many seeds the CI batch runs (over all shards). */
export const CI_SEEDS = 2000;

/** Number of test files sharing a batch. */
export const SHARDS = 2;

/** Totals of a batch. */
export interface BatchSummary {
  /** Seeds run. */
  seeds: number;
  /** Seeds that failed. */
  failed: number[];
  /** Events over all seeds. */
  events: number;
  /** Client operations checked for linearizability. */
  operations: number;
  /** Crashes injected. */
  crashes: number;
  /** Torn WAL tails repaired on restart. */
  tornRepairs: number;
  /** Snapshots installed from a leader. */
  snapshotsInstalled: number;
  /** Terms with a leader. */
  terms: number;
  /** Known-issue workarounds applied (stale WAL tails dropped). */
  staleTails: number;
  /** Seeds per profile. */
  profiles: Partial<Record<ProfileName, number>>;
  /** Wall-clock time, ms. */
  elapsedMs: number;
}

/** The seeds of shard `shard` (of {@link SHARDS}) among `count` seeds from `start`. */
export function shardSeeds(start: number, count: number, shard: number): number[] {
  const seeds: number[] = [];
  for (let s = start; s < start + count; s++) {
    if ((s - start) % SHARDS === shard) seeds.push(s);
  }
  return seeds;
}

/**
 * Runs `seeds`; throws one Error listing every failure (the first in full, the others by
 * their replay command) once all ran, or after `maxFailures` failures.
 */
export async function runBatch(
  seeds: readonly number[],
  overrides: ScenarioOverrides = {},
  maxFailures = 5,
): Promise<BatchSummary> {
  const t0 = performance.now();
  const sum: BatchSummary = {
    seeds: 0,
    failed: [],
    events: 0,
    operations: 0,
    crashes: 0,
    tornRepairs: 0,
    snapshotsInstalled: 0,
    terms: 0,
    staleTails: 0,
    profiles: {},
    elapsedMs: 0,
  };
  const reports: string[] = [];
  for (const seed of seeds) {
    const scenario = scenarioFor(seed, overrides);
    sum.seeds++;
    sum.profiles[scenario.profile] = (sum.profiles[scenario.profile] ?? 0) + 1;
    let r: ScenarioResult;
    try {
      r = await runScenario(scenario, { overrides });
    } catch (err) {
      if (!(err instanceof SimFailure)) throw err;
      sum.failed.push(seed);
      reports.push(reports.length === 0 ? err.message : `seed ${seed}: ${err.replay}`);
      if (sum.failed.length >= maxFailures) break;
      continue;
    }
    sum.events += r.events;
    sum.operations += r.operations;
    sum.crashes += r.crashes;
    sum.tornRepairs += r.tornRepairs;
    sum.snapshotsInstalled += r.snapshots.installed;
    sum.terms += r.terms;
    sum.staleTails += r.staleTails;
  }
  sum.elapsedMs = performance.now() - t0;
  if (reports.length > 0) {
    throw new Error(
      `${sum.failed.length} of ${sum.seeds} seeds failed (${sum.failed.join(", ")}):\n\n` +
        reports.join("\n\n"),
    );
  }
  return sum;
}

/** A one-line account of a batch, for the test log. */
export function describeBatch(s: BatchSummary): string {
  const profiles = Object.entries(s.profiles).map(([p, n]) => `${p}=${n}`).join(" ");
  return `${s.seeds} seeds in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.events} events, ` +
    `${s.operations} client operations checked, ${s.terms} leader terms, ${s.crashes} crashes ` +
    `(${s.tornRepairs} torn tails repaired), ${s.snapshotsInstalled} snapshots installed, ` +
    `${s.staleTails} stale WAL tails dropped (known issue); ${profiles}`;
}
