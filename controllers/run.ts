/**
 * `kubeno controllers`: runs the controllers while holding the
 * kube-system/kube-controller-manager Lease (one active manager among several), until SIGINT or
 * SIGTERM: replication controllers, ReplicaSets, Deployments, endpoints (Endpoints and
 * EndpointSlices), the garbage collector, namespace deletion, node lifecycle, node IPAM, pod
 * GC and default service accounts. The controllers of one leadership term share one informer
 * per resource ({@link SharedInformers}), so each watch stream is decoded once.
 *
 * @module
 */
import { createLogger } from "../cli/log.ts";
import {
  ApiClient,
  LeaderElector,
  type Lease,
  ResourceClient,
  SharedInformers,
} from "../client/mod.ts";
import { untilSignal } from "../store/run_member.ts";
import { EndpointsController } from "./endpoints.ts";
import { ReplicationController } from "./replication.ts";
import { ReplicaSetController } from "./replica_set.ts";
import { DeploymentController } from "./deployment.ts";
import { type ControllerOptions, DEFAULT_CONTROLLER_OPTIONS } from "./flags.ts";
import { NodeLifecycleController } from "./node_lifecycle.ts";
import { NodeIpamController } from "./node_ipam.ts";
import { PodGarbageCollector } from "./pod_gc.ts";
import { GarbageCollector } from "./garbage_collector.ts";
import { NamespaceController } from "./namespace.ts";
import { ServiceAccountController } from "./service_account.ts";

/** Runs the controller manager; resolves to the exit code. */
export async function runControllers(
  servers: readonly URL[],
  verbosity: number,
  options: ControllerOptions = DEFAULT_CONTROLLER_OPTIONS,
): Promise<number> {
  const logger = createLogger("controllers", verbosity);
  const api = new ApiClient(servers);
  let running: { stop(): Promise<void> } | undefined;
  let transition: Promise<void> = Promise.resolve();
  const elector = new LeaderElector(
    new ResourceClient<Lease>(api, {
      group: "coordination.k8s.io",
      version: "v1",
      resource: "leases",
      namespaced: true,
    }),
    {
      namespace: "kube-system",
      name: "kube-controller-manager",
      // hostname_pid_uuid: unique, and names the process that holds the Lease.
      identity: `${Deno.hostname()}_${Deno.pid}_${crypto.randomUUID()}`,
      leaseDurationMs: 4000,
      renewDeadlineMs: 3000,
      retryPeriodMs: 500,
      logger,
      onStartedLeading: () => {
        // Fresh caches per term: a stopped informer cannot be restarted, and a new leader
        // must not act on what it cached during an earlier term.
        const informers = new SharedInformers(api, logger);
        const controllers = [
          new ReplicationController(informers, logger),
          new ReplicaSetController(informers, logger),
          new DeploymentController(informers, logger),
          new EndpointsController(informers, logger),
          new NodeLifecycleController(informers, {
            gracePeriodMs: options.nodeMonitorGracePeriodMs,
            podEvictionTimeoutMs: options.podEvictionTimeoutMs,
            monitorPeriodMs: options.nodeMonitorPeriodMs,
          }, logger),
          new NodeIpamController(informers, options.clusterCidr, options.nodeCidrMaskSize, logger),
          new PodGarbageCollector(informers, {
            terminatedThreshold: options.terminatedPodGcThreshold,
            periodMs: options.podGcPeriodMs,
          }, logger),
          new GarbageCollector(informers, logger),
          new NamespaceController(informers, logger),
          new ServiceAccountController(informers, logger),
        ];
        logger.debug(1, "shared informers", { informers: informers.size });
        running = {
          // Controllers first (their workers may still read the caches), then the informers.
          stop: async () => {
            await Promise.all(controllers.map((c) => c.stop()));
            await informers.stop();
          },
        };
        transition = transition.then(async () =>
          void (await Promise.all(controllers.map((c) => c.start())))
        )
          .catch((error) => logger.error("controllers failed to start", { error }));
      },
      onStoppedLeading: () => {
        const stopping = running;
        running = undefined;
        transition = transition.then(() => stopping?.stop());
      },
    },
  );
  elector.start();
  const signal = await untilSignal();
  logger.info("stopping", { signal });
  await elector.stop();
  await transition;
  await running?.stop();
  return 0;
}
