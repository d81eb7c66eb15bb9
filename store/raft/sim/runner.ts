/**
 * Runs one scenario from start to verdict:
 * 1. start every member (fresh disks: they bootstrap) and the clients; the nemesis injects
 *    faults for `chaosMs`; the invariants are checked after every event;
 * 2. heal: the network is repaired and every member restarted; clients keep going for
 *    `healMs`, then stop issuing;
 * 3. settle (liveness): within `settleMs` the cluster must converge — one leader with an
 *    entry of its term committed, every member applied exactly that commit index, no client
 *    waiting — and every member's state machine must then be identical;
 * 4. the client history must be linearizable (KV model, partitioned per key); writes whose
 *    answer never came are first resolved from the log (see clients.ts).
 *
 * Any failure becomes a {@link SimFailure} whose message holds the seed, a one-line replay
 * command and the last lines of the trace.
 *
 * @module
 */

import { checkLinearizability, kvModel } from "../../../tests/support/mod.ts";
import { Cluster } from "./cluster.ts";
import { InvariantViolation } from "./invariants.ts";
import { writeOutput } from "./kv_requests.ts";
import { Nemesis, type NemesisStats } from "./nemesis.ts";
import { describeScenario, type Scenario, type ScenarioOverrides } from "./scenarios.ts";

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Trace lines printed in a failure report (default 40, or KUBENO_SIM_TRACE). */
  readonly reportLines?: number;
  /** Search budget of the linearizability check (steps; deterministic). */
  readonly linearizabilityMaxSteps?: number;
  /** The overrides the scenario was built with (for the replay command). */
  readonly overrides?: ScenarioOverrides;
  /** The test file to name in the replay command. */
  readonly testFile?: string;
}

/** What a successful run did. */
export interface ScenarioResult {
  /** The seed. */
  readonly seed: number;
  /** The scenario's summary line. */
  readonly scenario: string;
  /** Events run. */
  readonly events: number;
  /** Virtual time at the end, ms. */
  readonly virtualMs: number;
  /** Operations in the history (completed + unknown). */
  readonly operations: number;
  /** Writes whose answer never came. */
  readonly unknown: number;
  /** Of those, found applied in the log (the rest never took effect). */
  readonly unknownApplied: number;
  /** Terms that had a leader. */
  readonly terms: number;
  /** Highest committed index. */
  readonly committed: number;
  /** Crashes over all members. */
  readonly crashes: number;
  /** Restarts that repaired a torn WAL tail. */
  readonly tornRepairs: number;
  /** Snapshots taken locally / installed from a leader. */
  readonly snapshots: { readonly taken: number; readonly installed: number };
  /** Restarts whose commit index had to be raised to the recovered snapshot. */
  readonly commitClamped: number;
  /** Restarts that dropped a stale tail after a recovered snapshot (known WAL issue). */
  readonly staleTails: number;
  /** Messages sent / lost / cut / duplicated. */
  readonly messages: { sent: number; lost: number; cut: number; duplicated: number };
  /** Faults injected. */
  readonly nemesis: NemesisStats;
  /** Linearizability search steps. */
  readonly linearizabilitySteps: number;
}

/** A failed scenario: the message says what broke, how to replay it, and what led there. */
export class SimFailure extends Error {
  /** The seed. */
  readonly seed: number;
  /** The replay command. */
  readonly replay: string;
  /** The underlying error. */
  override readonly cause: unknown;

  /**
   * A failure of scenario `seed`.
   *
   * @param seed the seed
   * @param replay the one-line replay command
   * @param message the full report
   * @param cause the underlying error
   */
  constructor(seed: number, replay: string, message: string, cause: unknown) {
    super(message);
    this.name = "SimFailure";
    this.seed = seed;
    this.replay = replay;
    this.cause = cause;
  }
}

/** The one-line command that replays `seed` (with the overrides it ran with). */
export function replayCommand(
  seed: number,
  overrides: ScenarioOverrides = {},
  testFile = "store/raft/sim/sim_test.ts",
): string {
  const args = [`--seed=${seed}`];
  if (overrides.profile !== undefined) args.push(`--profile=${overrides.profile}`);
  if (overrides.nodes !== undefined) args.push(`--nodes=${overrides.nodes}`);
  if (overrides.steps !== undefined) args.push(`--steps=${overrides.steps}`);
  if (overrides.mutation !== undefined) args.push(`--mutation=${overrides.mutation}`);
  if (overrides.checkDurability === false) args.push("--no-durability");
  if (overrides.checkCommitRule === false) args.push("--no-commit-rule");
  if (overrides.oneEntryPerMessage) args.push("--one-entry");
  if (overrides.strict) args.push("--strict");
  return `scripts/deno test -A ${testFile} -- ${args.join(" ")}`;
}

function defaultReportLines(): number {
  const v = Deno.env.get("KUBENO_SIM_TRACE");
  const n = v === undefined ? NaN : Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : 40;
}

/** Runs events until virtual time `until`, checking the invariants after each. */
async function runUntil(c: Cluster, nemesis: Nemesis, until: number): Promise<void> {
  while (await c.world.step(until)) {
    c.inv.checkAll();
    nemesis.observe();
  }
}

/** Runs `scenario` (see the module doc); throws {@link SimFailure} on any failure. */
export async function runScenario(
  scenario: Scenario,
  options: RunOptions = {},
): Promise<ScenarioResult> {
  const reportLines = options.reportLines ?? defaultReportLines();
  const c = new Cluster(scenario, Math.max(reportLines, 1));
  const world = c.world;
  const nemesis = new Nemesis(c, world.random.fork());
  let linSteps = 0;
  try {
    for (const n of c.nodes.values()) world.schedule(world.random.float() * 20, () => n.start());
    c.clients.start();
    world.schedule(50, () => nemesis.start());
    await runUntil(c, nemesis, scenario.chaosMs);

    nemesis.heal(true);
    await runUntil(c, nemesis, world.now + scenario.healMs);
    c.clients.stop();

    const deadline = world.now + scenario.settleMs;
    let converged = false;
    while (world.now < deadline) {
      await runUntil(c, nemesis, Math.min(deadline, world.now + 50));
      if (c.converged()) {
        converged = true;
        break;
      }
    }
    if (!converged) {
      throw new InvariantViolation(
        "liveness",
        `the healed cluster did not converge within ${scenario.settleMs} ms: ${c.describe()}`,
      );
    }
    for (const n of c.nodes.values()) {
      c.inv.observeState(n.id, n.applied!, n.stateHash()!, "final state");
    }
    c.clients.finish((id) => {
      const a = c.applies.get(id);
      if (a === undefined) return null;
      return { time: a.time, output: (input) => writeOutput(input, a.res) };
    });
    const result = checkLinearizability(kvModel(), c.clients.history, {
      maxSteps: options.linearizabilityMaxSteps ?? 2_000_000,
    });
    linSteps = result.stats.steps;
    if (result.result === "illegal") {
      throw new InvariantViolation("linearizability", `\n${result.explanation}`);
    }
    if (result.result === "unknown") {
      throw new InvariantViolation(
        "linearizability",
        `check inconclusive (${result.reason}) after ${result.stats.steps} steps over ` +
          `${c.clients.history.length} operations`,
      );
    }
  } catch (err) {
    const replay = replayCommand(scenario.seed, options.overrides, options.testFile);
    const what = err instanceof InvariantViolation
      ? err.message
      : `${err instanceof Error ? err.stack ?? err.message : String(err)}`;
    const trace = world.lastTrace(reportLines).map((l) => `  ${l}`).join("\n");
    throw new SimFailure(
      scenario.seed,
      replay,
      `raft sim: seed ${scenario.seed} failed at t=${world.now.toFixed(2)} after ` +
        `${world.steps} events: ${what}\n` +
        `replay: ${replay}\n` +
        `scenario: ${describeScenario(scenario)}\n` +
        `cluster: ${c.describe()}\n` +
        `last ${Math.min(reportLines, world.steps)} trace lines:\n${trace}`,
      err,
    );
  }
  let crashes = 0, torn = 0, taken = 0, installed = 0, clamped = 0, stale = 0;
  for (const n of c.nodes.values()) {
    crashes += n.stats.crashes;
    torn += n.stats.tornRepairs;
    taken += n.stats.snapshotsTaken;
    installed += n.stats.snapshotsInstalled;
    clamped += n.stats.commitClamped;
    stale += n.stats.staleTails;
  }
  const ns = c.net.stats;
  return {
    seed: scenario.seed,
    scenario: describeScenario(scenario),
    events: world.steps,
    virtualMs: world.now,
    operations: c.clients.history.length,
    unknown: c.clients.stats.unknown,
    unknownApplied: c.clients.stats.resolvedApplied,
    terms: c.inv.termsWithLeader,
    committed: c.inv.maxCommitted,
    crashes,
    tornRepairs: torn,
    snapshots: { taken, installed },
    commitClamped: clamped,
    staleTails: stale,
    messages: { sent: ns.sent, lost: ns.lost, cut: ns.cut, duplicated: ns.duplicated },
    nemesis: nemesis.stats,
    linearizabilitySteps: linSteps,
  };
}
