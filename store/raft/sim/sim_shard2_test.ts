/**
 * The second half of the simulation test's seeded batch (see sim_test.ts), in its own file so
 * `deno test --parallel` runs both halves at once. Idle when replaying a single seed.
 *
 * @module
 */

import { CI_SEEDS, describeBatch, runBatch, SHARDS, shardSeeds } from "./batch.ts";
import { parseSimArgs } from "./cli.ts";

const args = parseSimArgs();
const count = args.seeds ?? CI_SEEDS;

Deno.test({
  name: `raft sim: seeded scenarios, shard 2/${SHARDS} of ${count} from seed ${args.start}`,
  ignore: args.seed !== undefined,
  fn: async () => {
    const summary = await runBatch(shardSeeds(args.start, count, 1), args.overrides);
    console.log(describeBatch(summary));
  },
});
