/**
 * Mutation check: breaking a Raft rule on purpose must make the simulator fail. For each
 * mutation (see mutations.ts) the seeds of a scenario family are run in order until one fails;
 * the test asserts that happens within a bound, that the failure names a replay command, and
 * that the same seed passes without the mutation (so the mutation, not the seed, is caught).
 * README.md records the results.
 *
 * @module
 */

import assert from "node:assert/strict";
import { InvariantViolation } from "./invariants.ts";
import type { MutationName } from "./mutations.ts";
import { runScenario, SimFailure } from "./runner.ts";
import { scenarioFor, type ScenarioOverrides } from "./scenarios.ts";

/** One mutation experiment. */
interface MutationCase {
  /** What is checked. */
  readonly title: string;
  /** The broken rule. */
  readonly mutation: MutationName;
  /** The scenario family searched. */
  readonly overrides: ScenarioOverrides;
  /** The failure must come within this many seeds. */
  readonly maxSeeds: number;
  /** Too slow for CI: runs only with KUBENO_SIM_SLOW=1. */
  readonly slow?: boolean;
}

const CASES: readonly MutationCase[] = [
  {
    title: "commit by counting replicas of a previous-term entry: leader commit rule",
    mutation: "commit-by-count",
    overrides: { profile: "elections", oneEntryPerMessage: true },
    maxSeeds: 20,
  },
  {
    title: "commit by counting replicas of a previous-term entry: its consequences only " +
      "(Figure 8: a committed entry overwritten)",
    mutation: "commit-by-count",
    overrides: {
      profile: "elections",
      nodes: 3,
      oneEntryPerMessage: true,
      checkCommitRule: false,
    },
    // About one seed in a thousand builds the Figure 8 situation (figure8_test.ts scripts it).
    maxSeeds: 5000,
    slow: true,
  },
  {
    title: "vote not persisted before answering: durability check",
    mutation: "vote-not-persisted",
    overrides: { profile: "elections" },
    maxSeeds: 10,
  },
  {
    title: "vote not persisted before answering: Raft invariants only (two leaders in a term)",
    mutation: "vote-not-persisted",
    overrides: { profile: "elections", nodes: 3, checkDurability: false },
    maxSeeds: 500,
  },
  {
    title: "reads served locally without ReadIndex: client history not linearizable",
    mutation: "stale-reads",
    overrides: {},
    maxSeeds: 40,
  },
  {
    title: "messages sent before the Ready is persisted: Raft invariants only",
    mutation: "send-before-persist",
    overrides: { profile: "crashes", checkDurability: false },
    maxSeeds: 20,
  },
];

function caughtBy(err: SimFailure): string {
  const c = err.cause;
  if (c instanceof InvariantViolation) return c.invariant;
  return c instanceof Error ? c.name : String(c);
}

const slow = Deno.env.get("KUBENO_SIM_SLOW") === "1";

for (const c of CASES) {
  Deno.test({
    name: `raft sim mutation: ${c.title}`,
    ignore: c.slow === true && !slow,
  }, async () => {
    const overrides: ScenarioOverrides = { ...c.overrides, mutation: c.mutation };
    for (let seed = 1; seed <= c.maxSeeds; seed++) {
      let failure: SimFailure | undefined;
      try {
        await runScenario(scenarioFor(seed, overrides), { overrides, reportLines: 0 });
      } catch (err) {
        if (!(err instanceof SimFailure)) throw err;
        failure = err;
      }
      if (failure === undefined) continue;
      assert.match(failure.message, /^replay: scripts\/deno test -A .* --seed=\d+/m);
      assert.ok(failure.replay.includes(`--mutation=${c.mutation}`), failure.replay);
      // The control: without the mutation, the same seed passes.
      const control: ScenarioOverrides = { ...c.overrides };
      await runScenario(scenarioFor(seed, control), { overrides: control });
      console.log(
        `${c.mutation}: detected at seed ${seed} (${seed} seeds run) by ${caughtBy(failure)}; ` +
          `replay: ${failure.replay}`,
      );
      return;
    }
    assert.fail(`${c.mutation} was not detected within ${c.maxSeeds} seeds`);
  });
}
