/**
 * The pod network on one machine: a single Docker bridge network spanning the whole pod CIDR
 * (Docker isolates separate bridge networks from each other, so per-node bridges could not reach
 * each other), on which each node's pods take fixed addresses from that node's /24. Pods of every
 * node on the machine can thus reach each other directly, as on a flat Kubernetes pod network.
 *
 * Defaults: network `kubeno-pods`, subnet 10.244.0.0/16, gateway 10.244.0.1 (the host's side of
 * the bridge `kubeno0`). The gateway lies in the first node's /24, where the allocator never hands
 * out `.1` anyway (see ip_allocator.ts), so no pod address can collide with it.
 *
 * {@link ensurePodNetwork} is idempotent and safe when several kubelets on the machine call it at
 * once: the engine refuses a second network with the same name (CheckDuplicate) or an overlapping
 * subnet, and whoever loses the race finds the winner's network and uses it.
 *
 * @module
 */
import { cidrCovers, parseCidr, parseIPv4 } from "./cidr.ts";
import { DockerApiError, type DockerClient, type NetworkInfo } from "./docker_client.ts";

/** Which network to use and how to create it. */
export interface PodNetworkConfig {
  /** The Docker network's name. */
  readonly name: string;
  /** The whole pod CIDR, `10.244.0.0/16`. */
  readonly subnet: string;
  /** The bridge's own address (the pods' default route). */
  readonly gateway: string;
  /** The Linux bridge device name (at most 15 characters); Docker picks `br-<id>` when unset. */
  readonly bridgeName?: string;
  /** Extra labels on the network (tests mark theirs for clean-up). */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The network every kubelet of the machine uses unless configured otherwise. */
export const DEFAULT_POD_NETWORK: PodNetworkConfig = {
  name: "kubeno-pods",
  subnet: "10.244.0.0/16",
  gateway: "10.244.0.1",
  bridgeName: "kubeno0",
};

/** The label that marks a network as a kubeno pod network. */
export const POD_NETWORK_LABEL = "io.kubeno.pod-network";

/** An existing network of the same name does not match the configuration. */
export class PodNetworkMismatchError extends Error {
  override name = "PodNetworkMismatchError";
}

/** The pod network as found or created. */
export interface PodNetwork {
  readonly id: string;
  readonly name: string;
  readonly subnet: string;
  readonly gateway: string;
}

/** Checks a configuration; throws RangeError naming the bad field. */
export function validatePodNetworkConfig(config: PodNetworkConfig): void {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(config.name)) {
    throw new RangeError(`invalid pod network name ${JSON.stringify(config.name)}`);
  }
  const subnet = parseCidr(config.subnet);
  const gateway = parseIPv4(config.gateway);
  if (gateway === undefined || !cidrCovers(subnet, { network: gateway, prefix: 32, size: 1 })) {
    throw new RangeError(`pod network gateway ${config.gateway} is not inside ${config.subnet}`);
  }
  if (config.bridgeName !== undefined && !/^[a-zA-Z0-9_.-]{1,15}$/.test(config.bridgeName)) {
    throw new RangeError(`invalid bridge name ${JSON.stringify(config.bridgeName)}`);
  }
}

/** Throws RangeError unless the node's podCIDR lies inside the pod network's subnet. */
export function assertPodCidrInNetwork(podCidr: string, config: PodNetworkConfig): void {
  if (!cidrCovers(parseCidr(config.subnet), parseCidr(podCidr))) {
    throw new RangeError(
      `the node's podCIDR ${podCidr} is not inside the pod network ${config.name} (${config.subnet})`,
    );
  }
}

/** Finds or creates the pod network; see the module documentation. */
export async function ensurePodNetwork(
  docker: DockerClient,
  config: PodNetworkConfig = DEFAULT_POD_NETWORK,
): Promise<PodNetwork> {
  validatePodNetworkConfig(config);
  const existing = await docker.inspectNetwork(config.name);
  if (existing !== undefined) return checked(existing, config);
  try {
    await docker.createNetwork({
      Name: config.name,
      Driver: "bridge",
      CheckDuplicate: true,
      IPAM: { Driver: "default", Config: [{ Subnet: config.subnet, Gateway: config.gateway }] },
      Options: config.bridgeName === undefined
        ? {}
        : { "com.docker.network.bridge.name": config.bridgeName },
      Labels: { [POD_NETWORK_LABEL]: "true", ...config.labels },
    });
  } catch (error) {
    if (!(error instanceof DockerApiError)) throw error;
    // Lost a race with another kubelet (name in use, or "Pool overlaps" while its network is
    // being created), or the subnet is really taken by some other network.
    for (let attempt = 0; attempt < 20; attempt++) {
      const winner = await docker.inspectNetwork(config.name);
      if (winner !== undefined) return checked(winner, config);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new PodNetworkMismatchError(
      `cannot create the pod network ${config.name} (${config.subnet}): ${error.message}`,
    );
  }
  const created = await docker.inspectNetwork(config.name);
  if (created === undefined) {
    throw new PodNetworkMismatchError(`the pod network ${config.name} vanished after creation`);
  }
  return checked(created, config);
}

function checked(network: NetworkInfo, config: PodNetworkConfig): PodNetwork {
  const ipam = network.IPAM.Config ?? [];
  const match = ipam.find((entry) => entry.Subnet === config.subnet);
  if (network.Driver !== "bridge" || match === undefined) {
    throw new PodNetworkMismatchError(
      `the Docker network ${config.name} exists with driver ${network.Driver} and subnets ${
        ipam.map((entry) => entry.Subnet).join(",") || "(none)"
      }, want a bridge on ${config.subnet}; remove it (docker network rm ${config.name}) ` +
        "or configure another pod network",
    );
  }
  return {
    id: network.Id,
    name: network.Name,
    subnet: config.subnet,
    gateway: match.Gateway ?? config.gateway,
  };
}
