/**
 * The userspace service proxy (TCP/UDP, ClusterIP and NodePort) and cluster DNS.
 *
 * @module
 */
import { type CommandSpec, runCommand } from "../cli/command.ts";
import { notBuiltYet } from "../cli/not_built.ts";
import { parseServerUrls } from "../cli/values.ts";
import { SERVER_FLAGS } from "../client/flags.ts";

/** `kubeno proxy`. */
export const proxyCommand: CommandSpec<typeof SERVER_FLAGS> = {
  name: "proxy",
  summary: "make services reachable on this machine (ClusterIP, NodePort) and serve cluster DNS",
  flags: SERVER_FLAGS,
  run(flags) {
    parseServerUrls("server", flags.server);
    return notBuiltYet("proxy");
  },
};

/** Runs `kubeno proxy` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(proxyCommand, argv);
}
