/**
 * The `kubeno` command: a thin dispatcher from the first argument to a component's `run()`.
 * Each component is also runnable alone as `deno run <component>/main.ts`.
 *
 * @module
 */
import { EXIT_USAGE } from "./cli/command.ts";
import { runAgent, runServer, runUp } from "./cluster/mod.ts";
import { run as runStore } from "./store/mod.ts";
import { run as runApiServer } from "./apiserver/mod.ts";
import { run as runScheduler } from "./scheduler/mod.ts";
import { run as runControllers } from "./controllers/mod.ts";
import { run as runKubelet, runHollowNodes } from "./kubelet/mod.ts";
import { run as runProxy } from "./proxy/mod.ts";

/** A subcommand: its one-line summary and its entry point. */
interface Subcommand {
  readonly summary: string;
  readonly run: (argv: readonly string[]) => Promise<number>;
}

/** Every subcommand, in the order `kubeno --help` lists them. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  up: { summary: "run a whole cluster on this machine (master + node)", run: runUp },
  server: { summary: "run a master: store, API server, scheduler, controllers", run: runServer },
  agent: { summary: "run a node: kubelet and service proxy", run: runAgent },
  store: { summary: "run one member of the replicated key/value store", run: runStore },
  apiserver: {
    summary: "serve the Kubernetes API with an embedded store member",
    run: runApiServer,
  },
  scheduler: { summary: "assign pending pods to nodes", run: runScheduler },
  controllers: { summary: "run the controllers", run: runControllers },
  kubelet: { summary: "run this node's pods on the local Docker engine", run: runKubelet },
  proxy: { summary: "make services reachable (ClusterIP, NodePort) and serve DNS", run: runProxy },
  "hollow-nodes": { summary: "simulate many nodes for scale tests", run: runHollowNodes },
};

/** The top-level help text. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length)) + 2;
  return [
    "kubeno: a Kubernetes-compatible container orchestrator",
    "",
    "Usage: kubeno <command> [flags]",
    "",
    "Commands:",
    ...Object.entries(SUBCOMMANDS).map(([name, sub]) => `  ${name.padEnd(width)}${sub.summary}`),
    "",
    "Run 'kubeno <command> --help' for a command's flags.",
  ].join("\n");
}

/** Dispatches `argv` (without the program name); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(mainHelp());
    return command === undefined ? EXIT_USAGE : 0;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  if (sub === undefined) {
    console.error(`kubeno: unknown command ${JSON.stringify(command)} (see 'kubeno --help')`);
    return EXIT_USAGE;
  }
  return await sub.run(rest);
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
