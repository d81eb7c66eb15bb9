/**
 * The controllers: replication, deployment/replicaset, endpoints and EndpointSlices, node lifecycle and IPAM, garbage collector, namespace, pod GC.
 *
 * @module
 */
import { type CommandSpec, runCommand } from "../cli/command.ts";
import { notBuiltYet } from "../cli/not_built.ts";
import { parseServerUrls } from "../cli/values.ts";
import { SERVER_FLAGS } from "../client/flags.ts";

/** `kubeno controllers`. */
export const controllersCommand: CommandSpec<typeof SERVER_FLAGS> = {
  name: "controllers",
  summary:
    "run the controllers (replication, deployments, endpoints, nodes, garbage collection...)",
  flags: SERVER_FLAGS,
  run(flags) {
    parseServerUrls("server", flags.server);
    return notBuiltYet("controllers");
  },
};

/** Runs `kubeno controllers` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(controllersCommand, argv);
}
