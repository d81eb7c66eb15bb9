/**
 * A kubelet started without `--pod-cidr` takes its range from the node IPAM controller: it
 * registers its Node without a podCIDR and waits until spec.podCIDR is set.
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import { ApiStatusError, type KubeObject, type ResourceClient } from "../client/mod.ts";

/**
 * Registers `node` (its spec.podCIDR left empty; an existing Node is kept) and polls until the
 * node IPAM controller has given it a podCIDR; undefined after `timeoutMs` without one.
 */
export async function awaitAssignedPodCidr(
  nodes: ResourceClient<KubeObject>,
  node: KubeObject,
  logger: Logger,
  timeoutMs = 30_000,
): Promise<string | undefined> {
  const name = node.metadata.name!;
  try {
    await nodes.create({ ...node, spec: {} });
  } catch (error) {
    if (!(error instanceof ApiStatusError && error.code === 409)) throw error;
  }
  logger.info("waiting for the node IPAM controller to assign a podCIDR", { node: name });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const current = await nodes.get(undefined, name);
    const podCIDR = (current.spec as { podCIDR?: string } | undefined)?.podCIDR;
    if (podCIDR) return podCIDR;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}
