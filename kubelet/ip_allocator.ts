/**
 * Host-local IP allocation for the pods of one node, like CNI's host-local plugin: addresses come
 * from the node's podCIDR (a /24 such as 10.244.3.0/24 gives 10.244.3.2 ... 10.244.3.254; the
 * network address, `.1` and the broadcast address are never handed out, `.1` being the gateway
 * of a per-node bridge and, for the first node's block, of the shared pod bridge), one address per
 * pod uid, handed out round-robin after the last one reserved so a freed address is not reused at
 * once.
 *
 * The allocations live in a JSON state file under the kubelet's data dir, replaced atomically on
 * every change, so a restarted kubelet does not hand out the address of a pod that still runs;
 * {@link IpAllocator.reconcile} then squares the file with the sandboxes Docker actually has.
 *
 * @module
 */
import { type Cidr4, cidrContains, formatCidr, formatIPv4, parseCidr, parseIPv4 } from "./cidr.ts";
import { atomicWriteFile, readTextIfExists } from "./fs_util.ts";

/** No free address is left in the node's range. */
export class IpExhaustedError extends Error {
  override name = "IpExhaustedError";
}

/** What the state file holds. */
export interface IpAllocatorState {
  readonly version: 1;
  /** The podCIDR the allocations were made from. */
  readonly cidr: string;
  /** The last address handed out; the next search starts after it. */
  readonly lastReserved?: string;
  /** Address -> the pod uid holding it. */
  readonly allocations: Readonly<Record<string, string>>;
}

/** The first and last address {@link nextFreeAddress} may hand out in a block. */
export function allocatableRange(cidr: Cidr4): { first: number; last: number } {
  if (cidr.prefix > 30) {
    throw new RangeError(`podCIDR ${formatCidr(cidr)} is too small: want a /30 or larger block`);
  }
  // .0 is the network, .1 the gateway, the last address the broadcast.
  return { first: cidr.network + 2, last: cidr.network + cidr.size - 2 };
}

/**
 * The next free address of the block after `lastReserved` (wrapping around), skipping `used`
 * and `reserved`; undefined when every address is taken. Pure.
 */
export function nextFreeAddress(
  cidr: Cidr4,
  used: ReadonlySet<number>,
  lastReserved?: number,
  reserved: ReadonlySet<number> = new Set(),
): number | undefined {
  const { first, last } = allocatableRange(cidr);
  const count = last - first + 1;
  const start = lastReserved !== undefined && lastReserved >= first && lastReserved <= last
    ? lastReserved + 1
    : first;
  for (let i = 0; i < count; i++) {
    const candidate = first + ((start - first + i) % count);
    if (!used.has(candidate) && !reserved.has(candidate)) return candidate;
  }
  return undefined;
}

/** Options of {@link IpAllocator.open}. */
export interface IpAllocatorOptions {
  /** Addresses never to hand out (say, a gateway that falls inside the block). */
  readonly reserved?: readonly string[];
}

/** The allocations of one node, persisted in one state file. */
export class IpAllocator {
  readonly #path: string;
  readonly #cidr: Cidr4;
  readonly #reserved: ReadonlySet<number>;
  /** pod uid -> address */
  readonly #byPod = new Map<string, number>();
  #lastReserved: number | undefined;
  /** Serializes changes (and their file writes) within this process. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(path: string, cidr: Cidr4, reserved: ReadonlySet<number>) {
    this.#path = path;
    this.#cidr = cidr;
    this.#reserved = reserved;
  }

  /**
   * Loads the state file at `path` (a missing file is an empty state) for the node's `podCidr`.
   * Allocations outside `podCidr` (the node got another block) are dropped.
   */
  static async open(
    path: string,
    podCidr: string,
    options: IpAllocatorOptions = {},
  ): Promise<IpAllocator> {
    const cidr = parseCidr(podCidr);
    allocatableRange(cidr);
    const reserved = new Set<number>();
    for (const ip of options.reserved ?? []) {
      const value = parseIPv4(ip);
      if (value === undefined) throw new RangeError(`invalid reserved address ${ip}`);
      reserved.add(value);
    }
    const allocator = new IpAllocator(path, cidr, reserved);
    const text = await readTextIfExists(path);
    if (text !== undefined) allocator.#load(text);
    return allocator;
  }

  /** The node's block, `a.b.c.d/n`. */
  get cidr(): string {
    return formatCidr(this.#cidr);
  }

  /** The state file. */
  get path(): string {
    return this.#path;
  }

  /** The address held by the pod, if any. */
  lookup(podUid: string): string | undefined {
    const value = this.#byPod.get(podUid);
    return value === undefined ? undefined : formatIPv4(value);
  }

  /** Every allocation: pod uid -> address. */
  allocations(): Map<string, string> {
    return new Map([...this.#byPod].map(([uid, value]) => [uid, formatIPv4(value)]));
  }

  /**
   * The pod's address: the one it already holds, or the next free one, persisted before it is
   * returned. Throws {@link IpExhaustedError} when the block is full.
   */
  allocate(podUid: string): Promise<string> {
    return this.#serialized(async () => {
      const held = this.#byPod.get(podUid);
      if (held !== undefined) return formatIPv4(held);
      const used = new Set(this.#byPod.values());
      const value = nextFreeAddress(this.#cidr, used, this.#lastReserved, this.#reserved);
      if (value === undefined) {
        const { first, last } = allocatableRange(this.#cidr);
        throw new IpExhaustedError(
          `no IP addresses available in range set: ${formatIPv4(first)}-${formatIPv4(last)}`,
        );
      }
      this.#byPod.set(podUid, value);
      this.#lastReserved = value;
      await this.#save();
      return formatIPv4(value);
    });
  }

  /** Frees the pod's address; false when it held none. */
  release(podUid: string): Promise<boolean> {
    return this.#serialized(async () => {
      if (!this.#byPod.delete(podUid)) return false;
      await this.#save();
      return true;
    });
  }

  /**
   * Squares the state with the sandboxes that exist (pod uid -> the address Docker reports for
   * its sandbox, undefined when unknown): frees the addresses of pods without a sandbox and
   * adopts the addresses of sandboxes the file does not know (a lost or older state file).
   */
  reconcile(
    live: ReadonlyMap<string, string | undefined>,
  ): Promise<{ released: string[]; adopted: string[] }> {
    return this.#serialized(async () => {
      const released: string[] = [];
      const adopted: string[] = [];
      for (const [uid, value] of [...this.#byPod]) {
        if (!live.has(uid)) {
          this.#byPod.delete(uid);
          released.push(formatIPv4(value));
        }
      }
      for (const [uid, ip] of live) {
        const value = ip === undefined ? undefined : parseIPv4(ip);
        if (value === undefined || !cidrContains(this.#cidr, value)) continue;
        if (this.#byPod.get(uid) === value) continue;
        // A running sandbox's address wins over whatever the file says.
        for (const [other, held] of [...this.#byPod]) {
          if (held === value && other !== uid) this.#byPod.delete(other);
        }
        this.#byPod.set(uid, value);
        adopted.push(ip!);
      }
      if (released.length > 0 || adopted.length > 0) await this.#save();
      return { released, adopted };
    });
  }

  #load(text: string): void {
    let state: Partial<IpAllocatorState>;
    try {
      state = JSON.parse(text);
    } catch (error) {
      throw new Error(`IP allocation state ${this.#path} is not JSON: ${(error as Error).message}`);
    }
    for (const [ip, uid] of Object.entries(state.allocations ?? {})) {
      const value = parseIPv4(ip);
      if (value !== undefined && typeof uid === "string" && cidrContains(this.#cidr, value)) {
        this.#byPod.set(uid, value);
      }
    }
    const last = state.lastReserved === undefined ? undefined : parseIPv4(state.lastReserved);
    if (last !== undefined && cidrContains(this.#cidr, last)) this.#lastReserved = last;
  }

  async #save(): Promise<void> {
    const allocations: Record<string, string> = {};
    for (const [uid, value] of [...this.#byPod].sort((a, b) => a[1] - b[1])) {
      allocations[formatIPv4(value)] = uid;
    }
    const state: IpAllocatorState = {
      version: 1,
      cidr: this.cidr,
      ...(this.#lastReserved === undefined ? {} : { lastReserved: formatIPv4(this.#lastReserved) }),
      allocations,
    };
    await atomicWriteFile(this.#path, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.catch(() => {});
    return result;
  }
}
