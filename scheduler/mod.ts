/**
 * Assigns pods to nodes: a scheduling queue, filter and score plugins, binding through the API.
 *
 * @module
 */
import { type CommandSpec, runCommand } from "../cli/command.ts";
import { notBuiltYet } from "../cli/not_built.ts";
import { parseServerUrls } from "../cli/values.ts";
import { SERVER_FLAGS } from "../client/flags.ts";

/** `kubeno scheduler`. */
export const schedulerCommand: CommandSpec<typeof SERVER_FLAGS> = {
  name: "scheduler",
  summary: "assign pending pods to nodes",
  flags: SERVER_FLAGS,
  run(flags) {
    parseServerUrls("server", flags.server);
    return notBuiltYet("scheduler");
  },
};

/** Runs `kubeno scheduler` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(schedulerCommand, argv);
}
