/**
 * `kubeno kubelet`: registers the node, keeps its heartbeat, and runs the pods bound to it on
 * the local Docker engine until SIGINT or SIGTERM (pods keep running across a kubelet restart).
 *
 * @module
 */
import { createLogger } from "../cli/log.ts";
import { ApiClient, type KubeObject, ResourceClient } from "../client/mod.ts";
import { untilSignal } from "../store/run_member.ts";
import { KubeletAgent } from "./agent.ts";
import { nodeDnsSettings } from "./dns_config.ts";
import { DockerClient, DockerUnavailableError } from "./docker_client.ts";
import { derivedPodCidr, type KubeletConfig } from "./flags.ts";
import { filesystemSize, NodeHeartbeat, nodeObject } from "./node_status.ts";
import { awaitAssignedPodCidr } from "./pod_cidr_wait.ts";
import { PodRuntime } from "./pod_runtime.ts";
import { serveKubeletApi } from "./server.ts";
import { KubeletMetrics } from "./metrics.ts";

/** Runs the kubelet; resolves to the exit code. */
export async function runKubelet(config: KubeletConfig, verbosity: number): Promise<number> {
  const logger = createLogger("kubelet", verbosity).with({ node: config.nodeName });
  const docker = new DockerClient();
  let version;
  try {
    version = await docker.version();
  } catch (error) {
    if (error instanceof DockerUnavailableError) {
      console.error(`kubeno kubelet: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const api = new ApiClient(config.servers);
  const core = (resource: string, namespaced: boolean) =>
    new ResourceClient<KubeObject>(api, { group: "", version: "v1", resource, namespaced });
  const nodes = core("nodes", false);
  let podCIDR = config.podCIDR;
  if (podCIDR === undefined) {
    try {
      const existing = await nodes.get(undefined, config.nodeName);
      podCIDR = (existing.spec as { podCIDR?: string } | undefined)?.podCIDR;
    } catch {
      // a new node
    }
  }
  await Deno.mkdir(config.dataDir, { recursive: true });
  // The data filesystem's size, once: it is the node's ephemeral-storage capacity.
  const ephemeralStorage = await filesystemSize(config.dataDir);
  if (podCIDR === undefined) {
    // No --pod-cidr and none assigned yet: the node IPAM controller gives one.
    const unassigned = await nodeObject({
      nodeName: config.nodeName,
      podCIDR: "",
      hostIP: config.listen.hostname,
      kubeletPort: config.listen.port,
      docker: version,
      ...(ephemeralStorage === undefined ? {} : { ephemeralStorage }),
    });
    podCIDR = await awaitAssignedPodCidr(nodes, unassigned, logger);
    if (podCIDR === undefined) {
      logger.warn("no podCIDR assigned (is the node IPAM controller running?); deriving one");
    }
  }
  podCIDR ??= derivedPodCidr(config.nodeName);
  const heartbeat = new NodeHeartbeat(
    nodes,
    new ResourceClient<KubeObject>(api, {
      group: "coordination.k8s.io",
      version: "v1",
      resource: "leases",
      namespaced: true,
    }),
    {
      nodeName: config.nodeName,
      podCIDR,
      hostIP: config.listen.hostname,
      kubeletPort: config.listen.port,
      docker: version,
      ...(ephemeralStorage === undefined ? {} : { ephemeralStorage }),
    },
  );
  const runtime = await PodRuntime.create({
    docker,
    nodeName: config.nodeName,
    podCIDR,
    dataDir: config.dataDir,
    hostIP: config.listen.hostname,
    logger,
    dns: await nodeDnsSettings(config.clusterDNS),
  });
  await heartbeat.start();
  const agent = new KubeletAgent(api, runtime, config.nodeName, logger);
  await agent.start();
  const metrics = new KubeletMetrics(config.nodeName, () => agent.pods());
  runtime.subscribe(metrics);
  const kubeletApi = serveKubeletApi(runtime, (ns, name) => agent.pod(ns, name), {
    hostname: config.listen.hostname,
    port: config.listen.port,
    logger,
    metrics,
  });
  logger.info("kubelet running", { podCIDR });
  const signal = await untilSignal();
  logger.info("stopping", { signal });
  heartbeat.stop();
  await kubeletApi.shutdown();
  await agent.stop();
  return 0;
}
