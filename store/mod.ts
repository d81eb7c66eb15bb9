/**
 * The replicated, revisioned key/value store every master embeds (kubeno's etcd):
 * `raft/` the consensus core, `wal/` the durable log, `mvcc/` the revisioned KV.
 *
 * @module
 */
import { type CommandSpec, runCommand } from "../cli/command.ts";
import { notBuiltYet } from "../cli/not_built.ts";
import { STORE_FLAGS, storeConfigFromFlags } from "./flags.ts";

export { STORE_FLAGS, storeConfigFromFlags, type StoreMemberConfig } from "./flags.ts";

/** `kubeno store`: one member of the replicated store. */
export const storeCommand: CommandSpec<typeof STORE_FLAGS> = {
  name: "store",
  summary: "run one member of the replicated key/value store",
  details: "A 3-member cluster is three such commands with the same --initial-cluster.",
  flags: STORE_FLAGS,
  run(flags) {
    storeConfigFromFlags(flags);
    return notBuiltYet("store");
  },
};

/** Runs `kubeno store` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(storeCommand, argv);
}
