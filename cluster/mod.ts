/**
 * The composite commands: `server` (a master), `agent` (a node) and `up` (both on one machine).
 *
 * @module
 */
import { runCommand } from "../cli/command.ts";
import { agentCommand } from "./agent.ts";
import { serverCommand } from "./server.ts";
import { upCommand } from "./up.ts";

export { agentCommand, serverCommand, upCommand };
export * from "./host_setup.ts";

/** Runs `kubeno server`; resolves to the exit code. */
export function runServer(argv: readonly string[]): Promise<number> {
  return runCommand(serverCommand, argv);
}

/** Runs `kubeno agent`; resolves to the exit code. */
export function runAgent(argv: readonly string[]): Promise<number> {
  return runCommand(agentCommand, argv);
}

/** Runs `kubeno up`; resolves to the exit code. */
export function runUp(argv: readonly string[]): Promise<number> {
  return runCommand(upCommand, argv);
}
