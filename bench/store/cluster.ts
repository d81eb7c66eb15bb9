/**
 * Store clusters under test, as local processes on loopback: Debian's etcd (the anchor) and,
 * when it is built, kubeno's own store. Both serve the same JSON gateway subset.
 *
 * @module
 */
import { GatewayClient } from "./gateway_client.ts";

/** A running multi-member store cluster on this machine. */
export interface ClusterUnderTest {
  /** A name for the report ("etcd 3.4.23", "kubeno"). */
  readonly label: string;
  /** One client endpoint per member, in member order. */
  readonly endpoints: readonly string[];
  /** The index of the current leader in `endpoints`. */
  leaderIndex(): Promise<number>;
  /** SIGKILLs member `index`. */
  kill(index: number): Promise<void>;
  /** Starts member `index` again from its data directory. */
  restart(index: number): Promise<void>;
  /** Stops every member and removes the data directories. */
  stop(): Promise<void>;
}

/** One member process and how to start it again. */
interface MemberProcess {
  child: Deno.ChildProcess | undefined;
  readonly start: () => Deno.ChildProcess;
}

/** Polls until every endpoint answers a status request. */
async function waitHealthy(endpoints: readonly string[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const endpoint of endpoints) {
    for (;;) {
      try {
        const status = await new GatewayClient(endpoint).status(AbortSignal.timeout(1000));
        if (status.leader !== "" && status.leader !== "0") break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`${endpoint} did not become healthy`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Base class: member processes with kill/restart/stop. */
abstract class ProcessCluster implements ClusterUnderTest {
  abstract readonly label: string;
  readonly endpoints: string[];
  readonly #members: MemberProcess[];
  readonly #dataRoot: string;

  protected constructor(endpoints: string[], members: MemberProcess[], dataRoot: string) {
    this.endpoints = endpoints;
    this.#members = members;
    this.#dataRoot = dataRoot;
  }

  async leaderIndex(): Promise<number> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const ids: string[] = [];
      let leader = "";
      for (const endpoint of this.endpoints) {
        try {
          const status = await new GatewayClient(endpoint).status(AbortSignal.timeout(500));
          ids.push(status.memberId);
          if (status.leader !== "" && status.leader !== "0") leader = status.leader;
        } catch {
          ids.push("");
        }
      }
      const index = ids.indexOf(leader);
      if (index >= 0) return index;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.label}: no leader`);
  }

  async kill(index: number): Promise<void> {
    const member = this.#members[index]!;
    member.child?.kill("SIGKILL");
    await member.child?.status;
    member.child = undefined;
  }

  async restart(index: number): Promise<void> {
    const member = this.#members[index]!;
    member.child = member.start();
    await waitHealthy([this.endpoints[index]!]);
  }

  async stop(): Promise<void> {
    for (const member of this.#members) {
      member.child?.kill("SIGTERM");
      await member.child?.status;
      member.child = undefined;
    }
    await Deno.remove(this.#dataRoot, { recursive: true });
  }

  protected async started(): Promise<this> {
    for (const member of this.#members) member.child = member.start();
    await waitHealthy(this.endpoints);
    return this;
  }
}

/** A 3-member etcd cluster from Debian's etcd-server, on loopback ports from `basePort`. */
export class EtcdCluster extends ProcessCluster {
  readonly label: string;

  private constructor(
    label: string,
    endpoints: string[],
    members: MemberProcess[],
    dataRoot: string,
  ) {
    super(endpoints, members, dataRoot);
    this.label = label;
  }

  /** Starts the cluster and waits until every member sees a leader. */
  static async start(basePort = 23790, size = 3): Promise<EtcdCluster> {
    const version = new TextDecoder().decode(
      (await new Deno.Command("etcd", { args: ["--version"] }).output()).stdout,
    ).match(/etcd Version: (\S+)/)?.[1] ?? "?";
    const dataRoot = await Deno.makeTempDir({ prefix: "kubeno-bench-etcd-" });
    const names = [...Array(size)].map((_, i) => `e${i + 1}`);
    const peer = (i: number) => `http://127.0.0.1:${basePort + 10 * i + 1}`;
    const client = (i: number) => `http://127.0.0.1:${basePort + 10 * i}`;
    const initialCluster = names.map((name, i) => `${name}=${peer(i)}`).join(",");
    const members = names.map((name, i): MemberProcess => ({
      child: undefined,
      start: () =>
        new Deno.Command("etcd", {
          args: [
            `--name=${name}`,
            `--data-dir=${dataRoot}/${name}`,
            `--listen-client-urls=${client(i)}`,
            `--advertise-client-urls=${client(i)}`,
            `--listen-peer-urls=${peer(i)}`,
            `--initial-advertise-peer-urls=${peer(i)}`,
            `--initial-cluster=${initialCluster}`,
            "--initial-cluster-token=kubeno-bench",
            "--initial-cluster-state=new",
            "--log-level=error",
          ],
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).spawn(),
    }));
    const cluster = new EtcdCluster(
      `etcd ${version}`,
      names.map((_, i) => client(i)),
      members,
      dataRoot,
    );
    return await cluster.started();
  }
}

/**
 * A 3-member kubeno store cluster (`kubeno store` processes), on loopback ports from
 * `basePort`. Fails to start until the store command is built.
 */
export class KubenoCluster extends ProcessCluster {
  readonly label = "kubeno";

  private constructor(endpoints: string[], members: MemberProcess[], dataRoot: string) {
    super(endpoints, members, dataRoot);
  }

  /** Starts the cluster and waits until every member sees a leader. */
  static async start(basePort = 24790, size = 3): Promise<KubenoCluster> {
    const dataRoot = await Deno.makeTempDir({ prefix: "kubeno-bench-store-" });
    const mainTs = new URL("../../main.ts", import.meta.url).pathname;
    const names = [...Array(size)].map((_, i) => `m${i + 1}`);
    const peer = (i: number) => `127.0.0.1:${basePort + 10 * i + 1}`;
    const client = (i: number) => `127.0.0.1:${basePort + 10 * i}`;
    const initialCluster = names.map((name, i) => `${name}=${peer(i)}`).join(",");
    const members = names.map((name, i): MemberProcess => ({
      child: undefined,
      start: () =>
        new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "--allow-all",
            mainTs,
            "store",
            "--name",
            name,
            "--data-dir",
            `${dataRoot}/${name}`,
            "--listen-client",
            client(i),
            "--listen-peer",
            peer(i),
            "--initial-cluster",
            initialCluster,
          ],
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).spawn(),
    }));
    const cluster = new KubenoCluster(
      names.map((_, i) => `http://${client(i)}`),
      members,
      dataRoot,
    );
    return await cluster.started();
  }
}
