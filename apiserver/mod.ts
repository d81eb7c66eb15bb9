/**
 * The Kubernetes REST API over the store: registries, watch cache, admission, patch,
 * discovery, OpenAPI, tables, health and metrics.
 *
 * @module
 */
import { type CommandSpec, runCommand, verbosity } from "../cli/command.ts";
import { APISERVER_FLAGS, apiServerConfigFromFlags } from "./flags.ts";
import { runApiServer } from "./run.ts";

export { APISERVER_FLAGS, type ApiServerConfig, apiServerConfigFromFlags } from "./flags.ts";

/** `kubeno apiserver`: the API server with its embedded store member. */
export const apiServerCommand: CommandSpec<typeof APISERVER_FLAGS> = {
  name: "apiserver",
  summary: "serve the Kubernetes API, with an embedded store member",
  flags: APISERVER_FLAGS,
  run(flags) {
    return runApiServer(apiServerConfigFromFlags(flags), verbosity(flags));
  },
};

/** Runs `kubeno apiserver` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(apiServerCommand, argv);
}
