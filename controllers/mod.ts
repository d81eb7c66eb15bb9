/**
 * The controllers: each a keyed queue over informers with an idempotent sync. Built so far:
 * replication and endpoints (Endpoints and EndpointSlices). One active controller manager at a time, by Lease.
 *
 * @module
 */
import { type CommandSpec, runCommand, verbosity } from "../cli/command.ts";
import { parseServerUrls } from "../cli/values.ts";
import { SERVER_FLAGS } from "../client/flags.ts";
import { runControllers } from "./run.ts";

export { ReplicationController } from "./replication.ts";
export { EndpointsController } from "./endpoints.ts";

/** `kubeno controllers`. */
export const controllersCommand: CommandSpec<typeof SERVER_FLAGS> = {
  name: "controllers",
  summary: "run the controllers (replication and endpoints so far)",
  flags: SERVER_FLAGS,
  run(flags) {
    return runControllers(parseServerUrls("server", flags.server), verbosity(flags));
  },
};

/** Runs `kubeno controllers` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(controllersCommand, argv);
}
