/**
 * `kubeno apiserver`: an embedded store member, its client API, and the Kubernetes API over
 * it, until SIGINT or SIGTERM.
 *
 * @module
 */
import { createLogger } from "../cli/log.ts";
import type { StoreNode } from "../store/node/mod.ts";
import { runStoreMember } from "../store/run_member.ts";
import type { ApiServerConfig } from "./flags.ts";
import { ApiServer } from "./server.ts";
import { serviceHooks } from "./admission/services.ts";
import { podHooks } from "./admission/pods.ts";

/** What runs beside the API server in the same command (`kubeno up`'s node and scheduler). */
export interface Companions {
  /** Called once the API server serves. */
  started(): Promise<void>;
  /** Called before the API server stops. */
  stopping(): Promise<void>;
}

/** Runs the API server (and `companions`); resolves to the exit code. */
export function runApiServer(
  config: ApiServerConfig,
  verbosity: number,
  companions?: Companions,
): Promise<number> {
  const logger = createLogger("apiserver", verbosity);
  let api: ApiServer | undefined;
  return runStoreMember(config.store, verbosity, {
    async started(node: StoreNode) {
      const services = serviceHooks(undefined, config.services);
      api = new ApiServer({
        backend: node,
        hostname: config.listen.hostname,
        port: config.listen.port,
        logger,
        hooks: { services, pods: podHooks() },
      });
      services.bind(async () => {
        const handler = api!.handler("", "services")!;
        return (await handler.listAll()).items;
      });
      await api.start();
      await companions?.started();
    },
    async stopping() {
      await companions?.stopping();
      await api?.stop();
    },
  });
}
