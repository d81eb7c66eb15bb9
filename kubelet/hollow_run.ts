/**
 * `kubeno hollow-nodes`: runs a fleet of simulated nodes until SIGINT or SIGTERM.
 *
 * @module
 */
import { createLogger } from "../cli/log.ts";
import { ApiClient } from "../client/mod.ts";
import { untilSignal } from "../store/run_member.ts";
import type { HollowConfig } from "./hollow_flags.ts";
import { HollowNodes } from "./hollow_nodes.ts";

/** Runs the hollow nodes; resolves to the exit code. */
export async function runHollowFleet(config: HollowConfig, verbosity: number): Promise<number> {
  const logger = createLogger("hollow-nodes", verbosity).with({ prefix: config.namePrefix });
  const fleet = new HollowNodes(new ApiClient(config.servers), config, logger);
  // A signal during registration stops it too.
  const signalled = untilSignal();
  let failure: unknown;
  const started = fleet.start().then(
    () => "started" as const,
    (error) => {
      failure = error;
      return "failed" as const;
    },
  );
  const first = await Promise.race([signalled, started]);
  if (first === "failed") {
    logger.error("hollow nodes failed to start", { error: failure });
    await fleet.stop();
    return 1;
  }
  if (first === "started") logger.info("hollow nodes running", { count: config.count });
  const signal = await signalled;
  logger.info("stopping", { signal });
  await fleet.stop();
  await started;
  return 0;
}
