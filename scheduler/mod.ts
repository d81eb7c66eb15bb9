/**
 * The scheduler: a queue of pods without a node, filter and score plugins, binding through
 * pods/binding; one active scheduler at a time by Lease.
 *
 * @module
 */
import { type CommandSpec, runCommand, verbosity } from "../cli/command.ts";
import { parseServerUrls } from "../cli/values.ts";
import { SERVER_FLAGS } from "../client/flags.ts";
import { runScheduler } from "./run.ts";

export { Scheduler } from "./scheduler.ts";
export * from "./plugins.ts";

/** `kubeno scheduler`. */
export const schedulerCommand: CommandSpec<typeof SERVER_FLAGS> = {
  name: "scheduler",
  summary: "assign pending pods to nodes",
  flags: SERVER_FLAGS,
  run(flags) {
    return runScheduler(parseServerUrls("server", flags.server), verbosity(flags));
  },
};

/** Runs `kubeno scheduler` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(schedulerCommand, argv);
}
