/**
 * The deterministic simulator of kubeno's Raft store (see README.md): seeded clusters of the
 * real Raft core, WAL and state machine on a simulated clock, network and disk, with Raft's
 * safety invariants checked after every event and client histories checked for
 * linearizability. Test-only: nothing in production imports it.
 *
 * @module
 */

export { CI_SEEDS, describeBatch, runBatch, SHARDS, shardSeeds } from "./batch.ts";
export type { BatchSummary } from "./batch.ts";
export { parseSimArgs, type SimArgs } from "./cli.ts";
export { Cluster } from "./cluster.ts";
export { type DurableState, Invariants, InvariantViolation, type NodeView } from "./invariants.ts";
export {
  isMutationName,
  type Mutation,
  mutation,
  type MutationName,
  MUTATIONS,
} from "./mutations.ts";
export { Nemesis } from "./nemesis.ts";
export { Network, type NetworkFaults, type NetworkOptions } from "./network.ts";
export {
  replayCommand,
  type RunOptions,
  runScenario,
  type ScenarioResult,
  SimFailure,
} from "./runner.ts";
export {
  describeScenario,
  type ProfileName,
  PROFILES,
  type Scenario,
  scenarioFor,
  type ScenarioOverrides,
} from "./scenarios.ts";
export { type NodeOptions, SimNode } from "./sim_node.ts";
export { SimError, SimRandom, World } from "./world.ts";
