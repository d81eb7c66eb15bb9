/**
 * The kubelet: node registration and heartbeat, the pod sync loop, the Docker runtime, probes,
 * logs/exec, and hollow mode (simulated nodes for scale tests).
 *
 * @module
 */
import { type CommandSpec, runCommand, verbosity } from "../cli/command.ts";
import { KUBELET_FLAGS, kubeletConfigFromFlags } from "./flags.ts";
import { runKubelet } from "./run.ts";
import { HOLLOW_FLAGS, hollowConfigFromFlags } from "./hollow_flags.ts";
import { runHollowFleet } from "./hollow_run.ts";

export { KUBELET_FLAGS, type KubeletConfig, kubeletConfigFromFlags } from "./flags.ts";
export * from "./docker_client.ts";
export { HOLLOW_FLAGS, type HollowConfig, hollowConfigFromFlags } from "./hollow_flags.ts";
export { HollowNodes } from "./hollow_nodes.ts";

/** `kubeno kubelet`: runs the pods bound to this node on the local Docker engine. */
export const kubeletCommand: CommandSpec<typeof KUBELET_FLAGS> = {
  name: "kubelet",
  summary: "run the pods bound to this node on the local Docker engine",
  flags: KUBELET_FLAGS,
  run(flags) {
    return runKubelet(kubeletConfigFromFlags(flags), verbosity(flags));
  },
};

/** `kubeno hollow-nodes`: many simulated kubelets in one process, for scale tests. */
export const hollowNodesCommand: CommandSpec<typeof HOLLOW_FLAGS> = {
  name: "hollow-nodes",
  summary: "simulate many nodes (kubelets without containers) for scale tests",
  details:
    "Registers --count nodes named <name-prefix>0.., keeps their Leases and Ready status fresh, and reports the pods bound to them Running (IPs from each node's podCIDR).",
  flags: HOLLOW_FLAGS,
  run(flags) {
    return runHollowFleet(hollowConfigFromFlags(flags), verbosity(flags));
  },
};

/** Runs `kubeno kubelet` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(kubeletCommand, argv);
}

/** Runs `kubeno hollow-nodes` with its arguments; resolves to the exit code. */
export function runHollowNodes(argv: readonly string[]): Promise<number> {
  return runCommand(hollowNodesCommand, argv);
}

// The Docker container runtime: pods on the node's engine.
export * from "./pod_runtime.ts";
export * from "./pod_types.ts";
export {
  assertPodCidrInNetwork,
  DEFAULT_POD_NETWORK,
  ensurePodNetwork,
  type PodNetwork,
  type PodNetworkConfig,
  PodNetworkMismatchError,
} from "./pod_network.ts";
export { IpAllocator, IpExhaustedError } from "./ip_allocator.ts";
export { type ClusterDnsSettings, DEFAULT_CLUSTER_DNS } from "./dns_config.ts";
export { type BackoffPolicy, CRASH_LOOP_BACKOFF, IMAGE_PULL_BACKOFF } from "./backoff.ts";
export { ImageError, type ImageErrorReason } from "./images.ts";
export { ContainerConfigError } from "./env.ts";
export { VolumeSetupError } from "./volumes.ts";
export { SandboxError } from "./sandbox.ts";
