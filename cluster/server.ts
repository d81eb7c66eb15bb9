/**
 * `kubeno server`: a master in one process: a store member with the API server over it, the
 * scheduler and the controller manager (the latter two active on one master at a time, by the
 * kube-system Leases). Three `kubeno server`s with one `--initial-cluster` form one control
 * plane: one Raft group, every API server serving.
 *
 * @module
 */
import { type CommandSpec, verbosity } from "../cli/command.ts";
import { createLogger } from "../cli/log.ts";
import {
  APISERVER_FLAGS,
  type ApiServerConfig,
  apiServerConfigFromFlags,
} from "../apiserver/flags.ts";
import { runApiServer } from "../apiserver/run.ts";
import { runControllers } from "../controllers/run.ts";
import { runScheduler } from "../scheduler/run.ts";
import { ComponentGroup, type InProcessComponent } from "./in_process.ts";

/** What a master runs beyond its own components (`kubeno up` adds the node). */
export interface MasterOptions {
  /** Components started once the API server serves, beside the scheduler and controllers. */
  readonly extra?: (api: URL) => InProcessComponent[];
  /** Called once the API server serves (before the other components start). */
  readonly serving?: (api: URL) => void;
}

/**
 * Runs a master in this process until SIGINT/SIGTERM; resolves to the exit code. The API
 * server stops last, after every component that talks to it.
 */
export async function runMaster(
  config: ApiServerConfig,
  level: number,
  options: MasterOptions = {},
): Promise<number> {
  const group = new ComponentGroup(createLogger("server", level));
  // The components of this master talk to its own API server: they live and die with it, and
  // the other masters' schedulers and controllers take over through the Leases.
  const api = new URL(`http://${hostForUrl(config.listen.hostname)}:${config.listen.port}`);
  group.start({
    name: "apiserver",
    required: true,
    run: () =>
      runApiServer(config, level, {
        started() {
          options.serving?.(api);
          for (const component of controlPlane(api, level)) group.start(component);
          for (const component of options.extra?.(api) ?? []) group.start(component);
          return Promise.resolve();
        },
        stopping: () => group.othersStopped("apiserver"),
      }),
  });
  return await group.wait();
}

/** The scheduler and the controller manager against `api`. */
function controlPlane(api: URL, level: number): InProcessComponent[] {
  return [
    { name: "scheduler", required: true, run: () => runScheduler([api], level) },
    { name: "controllers", required: true, run: () => runControllers([api], level) },
  ];
}

/** `0.0.0.0` and `::` are listen addresses, not ones to dial: dial loopback instead. */
function hostForUrl(hostname: string): string {
  if (hostname === "0.0.0.0") return "127.0.0.1";
  if (hostname === "::") return "[::1]";
  return hostname.includes(":") ? `[${hostname}]` : hostname;
}

/** `kubeno server`. */
export const serverCommand: CommandSpec<typeof APISERVER_FLAGS> = {
  name: "server",
  summary: "run a master: store member, API server, scheduler and controllers",
  details: "The scheduler and the controllers are active on one master at a time, by Lease. " +
    "Three servers with one --initial-cluster form a highly available control plane.",
  flags: APISERVER_FLAGS,
  async run(flags) {
    const config = apiServerConfigFromFlags(flags);
    const level = verbosity(flags);
    return await runMaster(config, level, {
      serving(api) {
        console.log(
          `kubeno server: member ${config.store.name} serves the Kubernetes API at ${api}`,
        );
        console.log(`kubeno server: use it with: kubectl --server ${api.origin} get nodes`);
      },
    });
  },
};
