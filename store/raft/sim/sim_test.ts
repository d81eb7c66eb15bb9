/**
 * The deterministic simulation test of the Raft store (see README.md): by default the first
 * half of the CI batch of seeded scenarios (sim_shard2_test.ts runs the other half in
 * parallel); with `-- --seed=N` a replay of one seed with a longer trace; with
 * `KUBENO_SIM_SEEDS=N` a soak run (both files share it).
 *
 * ```sh
 * scripts/deno test -A store/raft/sim/                                   # CI batch
 * scripts/deno test -A store/raft/sim/sim_test.ts -- --seed=12345        # replay a seed
 * KUBENO_SIM_SEEDS=100000 KUBENO_SIM_STEPS=600 scripts/deno test -A --parallel store/raft/sim/
 * ```
 *
 * @module
 */

import { CI_SEEDS, describeBatch, runBatch, SHARDS, shardSeeds } from "./batch.ts";
import { parseSimArgs } from "./cli.ts";
import { runScenario } from "./runner.ts";
import { describeScenario, scenarioFor } from "./scenarios.ts";

const args = parseSimArgs();
const replay = args.seed;

if (replay !== undefined) {
  Deno.test(`raft sim: replay seed ${replay}`, async () => {
    const scenario = scenarioFor(replay, args.overrides);
    console.log(`scenario: ${describeScenario(scenario)}`);
    const traceEnv = Deno.env.get("KUBENO_SIM_TRACE");
    const r = await runScenario(scenario, {
      overrides: args.overrides,
      reportLines: traceEnv === undefined ? 200 : Number(traceEnv),
    });
    console.log(JSON.stringify(r));
  });
} else {
  const count = args.seeds ?? CI_SEEDS;
  Deno.test(
    `raft sim: seeded scenarios, shard 1/${SHARDS} of ${count} from seed ${args.start}`,
    async () => {
      const summary = await runBatch(shardSeeds(args.start, count, 0), args.overrides);
      console.log(describeBatch(summary));
    },
  );
}
