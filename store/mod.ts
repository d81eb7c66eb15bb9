/**
 * The replicated, revisioned key/value store every master embeds (kubeno's etcd):
 * `raft/` the consensus core, `wal/` the durable log, `mvcc/` the revisioned KV, `transport/`
 * the peer streams, `node/` the member that drives them, `gateway/` the client API.
 *
 * @module
 */
import { type CommandSpec, runCommand, verbosity } from "../cli/command.ts";
import { STORE_FLAGS, storeConfigFromFlags } from "./flags.ts";
import { runStoreMember } from "./run_member.ts";

export { STORE_FLAGS, storeConfigFromFlags, type StoreMemberConfig } from "./flags.ts";

/** `kubeno store`: one member of the replicated store. */
export const storeCommand: CommandSpec<typeof STORE_FLAGS> = {
  name: "store",
  summary: "run one member of the replicated key/value store",
  details: "A 3-member cluster is three such commands with the same --initial-cluster.",
  flags: STORE_FLAGS,
  run(flags) {
    return runStoreMember(storeConfigFromFlags(flags), verbosity(flags));
  },
};

/** Runs `kubeno store` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(storeCommand, argv);
}
