/**
 * The node IPAM controller (after kube-controller-manager's range allocator): every node without
 * a spec.podCIDR gets the next free block of the cluster pod CIDR, written to spec.podCIDR and
 * spec.podCIDRs (the store keeps it, as the seed's flannel subnet leases). Allocations are
 * rebuilt from the nodes' podCIDRs when the controller starts, so a restart never hands out a
 * block twice; a deleted node's block is freed.
 *
 * Invariant: allocation happens synchronously between awaits, so concurrent workers never take
 * the same block; a block whose write failed is freed again before the retry.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import {
  ApiStatusError,
  type Informer,
  type KubeObject,
  ResourceClient,
  type SharedInformers,
  WorkQueue,
} from "../client/mod.ts";
import { CidrSet, CidrsExhaustedError } from "./node_ipam_cidrs.ts";

interface NodeSpec {
  podCIDR?: string;
  podCIDRs?: string[];
}

function podCidrOf(node: KubeObject): string | undefined {
  return (node.spec as NodeSpec | undefined)?.podCIDR;
}

/** Gives each node its own podCIDR. */
export class NodeIpamController {
  readonly #logger: Logger;
  readonly #nodes: ResourceClient<KubeObject>;
  readonly #informer: Informer<KubeObject>;
  readonly #cidrs: CidrSet;
  readonly #queue = new WorkQueue({ baseDelayMs: 200, maxDelayMs: 30_000 });
  #workers: Promise<void>[] = [];

  /** `clusterCidr` (10.244.0.0/16) is cut into blocks of prefix `maskSize` (24). */
  constructor(
    informers: SharedInformers,
    clusterCidr: string,
    maskSize: number,
    logger?: Logger,
  ) {
    this.#logger = logger ?? createLogger("node-ipam-controller");
    this.#cidrs = new CidrSet(clusterCidr, maskSize);
    const id = { group: "", version: "v1", resource: "nodes", namespaced: false };
    this.#nodes = new ResourceClient(informers.api, id);
    this.#informer = informers.informer(id);
  }

  /** Starts: rebuilds the allocations from the nodes, then assigns blocks to those lacking one. */
  async start(workers = 4): Promise<void> {
    this.#informer.addHandlers({
      onAdd: (node) => this.#seen(node),
      onUpdate: (old, node) => {
        const before = podCidrOf(old);
        if (before !== undefined && before !== podCidrOf(node)) this.#cidrs.release(before);
        this.#seen(node);
      },
      onDelete: (node) => {
        const cidr = podCidrOf(node);
        if (cidr !== undefined) this.#cidrs.release(cidr);
      },
    });
    this.#informer.start();
    await this.#informer.synced();
    // Every existing allocation is known (onAdd ran for the whole list) before any new one.
    this.#workers = [...Array(workers)].map(() => this.#work());
  }

  /** Stops assigning (the shared informer is its owner's to stop). */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    await Promise.all(this.#workers);
  }

  #seen(node: KubeObject): void {
    const cidr = podCidrOf(node);
    if (cidr === undefined) this.#queue.add(node.metadata.name!);
    else this.#cidrs.occupy(cidr);
  }

  #work(): Promise<void> {
    return this.#queue.process((name) => this.#sync(name), (name, error) => {
      if (error instanceof CidrsExhaustedError) {
        this.#logger.warn("no podCIDR for node", { node: name, error });
      } else {
        this.#logger.debug(1, "podCIDR assignment failed; retrying", { node: name, error });
      }
    });
  }

  async #sync(name: string): Promise<void> {
    const node = this.#informer.get(name);
    if (node === undefined || podCidrOf(node) !== undefined) return;
    const cidr = this.#cidrs.allocate();
    try {
      await this.#nodes.patch(undefined, name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    } catch (error) {
      this.#cidrs.release(cidr);
      if (error instanceof ApiStatusError && error.code === 404) return;
      throw error;
    }
    this.#logger.info("podCIDR assigned", { node: name, podCIDR: cidr });
  }
}
