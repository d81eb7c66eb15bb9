/**
 * The node IPAM controller's allocator (after kube-controller-manager's cidrset): the cluster
 * pod CIDR cut into equal blocks (/24 by default), each handed to at most one node. Pure.
 *
 * Invariant: `#used` holds the index of every block currently held by a node.
 *
 * @module
 */
import { type Cidr4, cidrCovers, formatCidr, parseCidr } from "../kubelet/cidr.ts";

/** Every block of the cluster CIDR is taken. */
export class CidrsExhaustedError extends Error {
  override name = "CidrsExhaustedError";
}

/** The blocks of one cluster CIDR and which are taken. */
export class CidrSet {
  readonly #cluster: Cidr4;
  readonly #maskSize: number;
  readonly #blockSize: number;
  readonly #count: number;
  readonly #used = new Set<number>();
  /** Where the next search starts (round-robin, so a released block is not reused at once). */
  #next = 0;

  /** `clusterCidr` like 10.244.0.0/16 cut into blocks of prefix `maskSize` (24). */
  constructor(clusterCidr: string, maskSize: number) {
    this.#cluster = parseCidr(clusterCidr);
    if (!Number.isInteger(maskSize) || maskSize < this.#cluster.prefix || maskSize > 32) {
      throw new RangeError(`mask size ${maskSize} does not fit cluster CIDR ${clusterCidr}`);
    }
    this.#maskSize = maskSize;
    this.#blockSize = 2 ** (32 - maskSize);
    this.#count = 2 ** (maskSize - this.#cluster.prefix);
  }

  /** How many blocks there are in all, and how many are taken. */
  get size(): { total: number; used: number } {
    return { total: this.#count, used: this.#used.size };
  }

  /** The block index of `cidr` if it is one of this set's blocks, else undefined. */
  #indexOf(cidr: string): number | undefined {
    let block: Cidr4;
    try {
      block = parseCidr(cidr);
    } catch {
      return undefined;
    }
    if (block.prefix !== this.#maskSize || !cidrCovers(this.#cluster, block)) return undefined;
    return (block.network - this.#cluster.network) / this.#blockSize;
  }

  /**
   * Marks `cidr` taken (a node already has it, say after a restart). False when it is not a
   * block of this set (another range, another mask size): nothing to track.
   */
  occupy(cidr: string): boolean {
    const index = this.#indexOf(cidr);
    if (index === undefined) return false;
    this.#used.add(index);
    return true;
  }

  /** Frees `cidr` (its node is gone). */
  release(cidr: string): void {
    const index = this.#indexOf(cidr);
    if (index !== undefined) this.#used.delete(index);
  }

  /** Takes the next free block. @throws {CidrsExhaustedError} when none is left. */
  allocate(): string {
    for (let i = 0; i < this.#count; i++) {
      const index = (this.#next + i) % this.#count;
      if (!this.#used.has(index)) {
        this.#used.add(index);
        this.#next = (index + 1) % this.#count;
        return formatCidr({
          network: this.#cluster.network + index * this.#blockSize,
          prefix: this.#maskSize,
          size: this.#blockSize,
        });
      }
    }
    throw new CidrsExhaustedError(
      `no free /${this.#maskSize} left in ${formatCidr(this.#cluster)} (${this.#count} in use)`,
    );
  }
}
