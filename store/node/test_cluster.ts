/**
 * Test support: several {@link StoreNode}s in this process on loopback, with real disks.
 *
 * @module
 */
import { createLogger } from "../../cli/log.ts";
import type { ClusterMember } from "../../cli/values.ts";
import { StoreError } from "../mvcc/mod.ts";
import { StoreNode, type StoreNodeOptions } from "./store_node.ts";

/**
 * Runs `operation` as a client would: retrying for up to `ms` while it fails with a retryable
 * error (gRPC UNAVAILABLE: no leader, leader changed), so a test is not at the mercy of an
 * election on a loaded machine.
 */
export async function retrying<T>(operation: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      const retryable = error instanceof StoreError && error.code === 14;
      if (!retryable || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A free loopback port (bound and released; fine for tests). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A cluster of in-process members sharing one temp directory. */
export class TestCluster {
  readonly members: ClusterMember[];
  readonly nodes: (StoreNode | undefined)[];
  readonly root: string;
  readonly logs: string[] = [];
  readonly #overrides: Partial<StoreNodeOptions>;

  private constructor(root: string, size: number, overrides: Partial<StoreNodeOptions>) {
    this.root = root;
    this.members = [...Array(size)].map((_, i) => ({
      name: `m${i + 1}`,
      peer: { hostname: "127.0.0.1", port: freePort() },
    }));
    this.nodes = this.members.map(() => undefined);
    this.#overrides = overrides;
  }

  /** Starts `size` members and waits for a leader. */
  static async start(
    size: number,
    overrides: Partial<StoreNodeOptions> = {},
  ): Promise<TestCluster> {
    const cluster = new TestCluster(
      await Deno.makeTempDir({ prefix: "kubeno-store-test-" }),
      size,
      overrides,
    );
    await Promise.all(cluster.members.map((_, i) => cluster.startMember(i)));
    await cluster.leader();
    return cluster;
  }

  /**
   * Starts (or restarts) member `i` from its data directory; `join` makes an empty one join
   * the running cluster instead of bootstrapping.
   */
  async startMember(i: number, join = false): Promise<StoreNode> {
    const node = await StoreNode.start({
      join,
      name: this.members[i]!.name,
      dataDir: `${this.root}/${this.members[i]!.name}`,
      initialCluster: this.members,
      logger: createLogger("store", 1, (line) => this.logs.push(line)),
      tickMs: 50,
      electionTicks: 10,
      ...this.#overrides,
    });
    this.nodes[i] = node;
    return node;
  }

  /** Adds a member slot (name and free port) for a member to be added; returns its index. */
  addSlot(name: string): number {
    this.members.push({ name, peer: { hostname: "127.0.0.1", port: freePort() } });
    this.nodes.push(undefined);
    return this.members.length - 1;
  }

  /** Removes member `i`'s data directory (after a crash). */
  async wipe(i: number): Promise<void> {
    await Deno.remove(`${this.root}/${this.members[i]!.name}`, { recursive: true });
  }

  /** Stops member `i` abruptly (no leadership hand-over): as close to a crash as in-process gets. */
  async crash(i: number): Promise<void> {
    await this.nodes[i]?.stop({ transfer: false });
    this.nodes[i] = undefined;
  }

  /**
   * The index of the leader once all running members (but `ignore`d ones) agree on one
   * (waits up to `ms`).
   */
  async leader(ms = 10_000, ignore: readonly number[] = []): Promise<number> {
    const deadline = Date.now() + ms;
    for (;;) {
      const running = this.nodes.filter((node, i) =>
        node !== undefined && !ignore.includes(i)
      ) as StoreNode[];
      const leaders = running.filter((node) => node.isLeader);
      if (leaders.length === 1 && running.every((node) => node.leader === leaders[0]!.id)) {
        return this.nodes.indexOf(leaders[0]);
      }
      if (Date.now() > deadline) throw new Error("no agreed leader");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Stops every member and removes the data. */
  async stop(): Promise<void> {
    for (const node of this.nodes) await node?.stop({ transfer: false });
    await Deno.remove(this.root, { recursive: true });
  }
}
