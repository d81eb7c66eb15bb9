/**
 * The controllers: each a keyed queue over informers with an idempotent sync — replication controllers, ReplicaSets, Deployments, endpoints (Endpoints and EndpointSlices), the garbage collector, namespace deletion, node lifecycle, node IPAM and pod GC.
 * One active controller manager at a time, by Lease.
 *
 * @module
 */
import { type CommandSpec, runCommand, verbosity } from "../cli/command.ts";
import { parseServerUrls } from "../cli/values.ts";
import { controllerOptionsFromFlags, CONTROLLERS_FLAGS } from "./flags.ts";
import { runControllers } from "./run.ts";

export { ReplicationController } from "./replication.ts";
export { ReplicaSetController } from "./replica_set.ts";
export { DeploymentController } from "./deployment.ts";
export { EndpointsController } from "./endpoints.ts";
export { NodeLifecycleController } from "./node_lifecycle.ts";
export { NodeIpamController } from "./node_ipam.ts";
export { PodGarbageCollector } from "./pod_gc.ts";
export { type ControllerOptions, controllerOptionsFromFlags, CONTROLLERS_FLAGS } from "./flags.ts";

/** `kubeno controllers`. */
export const controllersCommand: CommandSpec<typeof CONTROLLERS_FLAGS> = {
  name: "controllers",
  summary: "run the controllers (replication, deployments, endpoints, GC, namespaces, nodes)",
  flags: CONTROLLERS_FLAGS,
  run(flags) {
    return runControllers(
      parseServerUrls("server", flags.server),
      verbosity(flags),
      controllerOptionsFromFlags(flags),
    );
  },
};

/** Runs `kubeno controllers` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(controllersCommand, argv);
}
