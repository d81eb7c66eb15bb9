/**
 * `kubeno scheduler`: schedules pods while it holds the kube-system/kube-scheduler Lease (one
 * active scheduler among several), until SIGINT or SIGTERM.
 *
 * @module
 */
import { createLogger } from "../cli/log.ts";
import { ApiClient, LeaderElector, type Lease, ResourceClient } from "../client/mod.ts";
import { untilSignal } from "../store/run_member.ts";
import { Scheduler } from "./scheduler.ts";

/** Runs the scheduler; resolves to the exit code. */
export async function runScheduler(servers: readonly URL[], verbosity: number): Promise<number> {
  const logger = createLogger("scheduler", verbosity);
  const api = new ApiClient(servers);
  let scheduler: Scheduler | undefined;
  let starting: Promise<void> = Promise.resolve();
  const elector = new LeaderElector(
    new ResourceClient<Lease>(api, {
      group: "coordination.k8s.io",
      version: "v1",
      resource: "leases",
      namespaced: true,
    }),
    {
      namespace: "kube-system",
      name: "kube-scheduler",
      // hostname_pid_uuid: unique, and names the process that holds the Lease.
      identity: `${Deno.hostname()}_${Deno.pid}_${crypto.randomUUID()}`,
      leaseDurationMs: 4000,
      renewDeadlineMs: 3000,
      retryPeriodMs: 500,
      logger,
      onStartedLeading: () => {
        scheduler = new Scheduler(api, logger);
        starting = scheduler.start().catch((error) =>
          logger.error("scheduler failed to start", { error })
        );
      },
      onStoppedLeading: () => {
        const stopping = scheduler;
        scheduler = undefined;
        starting = starting.then(() => stopping?.stop());
      },
    },
  );
  elector.start();
  const signal = await untilSignal();
  logger.info("stopping", { signal });
  await elector.stop();
  await starting;
  await scheduler?.stop();
  return 0;
}
