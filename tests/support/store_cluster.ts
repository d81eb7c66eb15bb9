/**
 * Store clusters under test, as local processes on loopback with real disks: Debian's etcd
 * (the anchor) and kubeno's own store (`kubeno store`). Both serve the same JSON gateway
 * subset. Used by the end-to-end store tests and by bench/store_bench.ts.
 *
 * @module
 */
import { freePort } from "../../store/node/test_cluster.ts";
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

/** A free loopback port (bound and released). */
export { freePort };

/** Signals a child that may have exited already. */
function signalQuietly(child: Deno.ChildProcess | undefined, signal: Deno.Signal): void {
  try {
    child?.kill(signal);
  } catch {
    // it has exited: nothing to signal
  }
}

/** One member process and how to start it. */
interface MemberProcess {
  readonly name: string;
  readonly client: string;
  readonly peer: string;
  child: Deno.ChildProcess | undefined;
  /** Starts the member; `join` for kubeno members joining a running cluster. */
  readonly start: (join: boolean) => Deno.ChildProcess;
}

/** Base class: member processes with kill/restart/stop and health checks. */
abstract class ProcessCluster implements ClusterUnderTest {
  abstract readonly label: string;
  readonly dataRoot: string;
  protected readonly members: MemberProcess[];

  protected constructor(members: MemberProcess[], dataRoot: string) {
    this.members = members;
    this.dataRoot = dataRoot;
  }

  get endpoints(): string[] {
    return this.members.map((member) => `http://${member.client}`);
  }

  /** Member `i`'s data directory. */
  dataDir(i: number): string {
    return `${this.dataRoot}/${this.members[i]!.name}`;
  }

  async leaderIndex(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ids: string[] = [];
      let leader = "";
      for (const [i, endpoint] of this.endpoints.entries()) {
        if (this.members[i]!.child === undefined) {
          ids.push("");
          continue;
        }
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
      if (Date.now() > deadline) throw new Error(`${this.label}: no leader`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async kill(index: number): Promise<void> {
    const member = this.members[index]!;
    signalQuietly(member.child, "SIGKILL");
    await member.child?.status;
    member.child = undefined;
  }

  /** Sends SIGTERM to member `index` and waits for it to exit. */
  async terminate(index: number): Promise<Deno.CommandStatus | undefined> {
    const member = this.members[index]!;
    signalQuietly(member.child, "SIGTERM");
    const status = await member.child?.status;
    member.child = undefined;
    return status;
  }

  async restart(index: number, join = false): Promise<void> {
    const member = this.members[index]!;
    member.child = member.start(join);
    await this.waitHealthy([index]);
  }

  async stop(): Promise<void> {
    for (const member of this.members) {
      signalQuietly(member.child, "SIGKILL");
      await member.child?.status;
      member.child = undefined;
    }
    await Deno.remove(this.dataRoot, { recursive: true });
  }

  /** Starts every member and waits until each sees a leader. */
  protected async started(): Promise<this> {
    for (const member of this.members) member.child = member.start(false);
    try {
      await this.waitHealthy(this.members.map((_, i) => i));
    } catch (error) {
      await this.stop();
      throw error;
    }
    return this;
  }

  /** Polls until the members answer a status naming a leader; fails at once if one exits. */
  async waitHealthy(indexes: readonly number[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const i of indexes) {
      const member = this.members[i]!;
      let exited: Deno.CommandStatus | undefined;
      member.child?.status.then((status) => (exited = status));
      for (;;) {
        try {
          const status = await new GatewayClient(`http://${member.client}`).status(
            AbortSignal.timeout(1000),
          );
          if (status.leader !== "" && status.leader !== "0") break;
        } catch {
          // not up yet
        }
        if (exited !== undefined) {
          throw new Error(`${this.label} member ${member.name} exited (${exited.code})`);
        }
        if (Date.now() > deadline) throw new Error(`${member.name} did not become healthy`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/** A 3-member etcd cluster from Debian's etcd-server, on free loopback ports. */
export class EtcdCluster extends ProcessCluster {
  readonly label: string;

  private constructor(label: string, members: MemberProcess[], dataRoot: string) {
    super(members, dataRoot);
    this.label = label;
  }

  /** Starts the cluster and waits until every member sees a leader. */
  static async start(size = 3): Promise<EtcdCluster> {
    const version = new TextDecoder().decode(
      (await new Deno.Command("etcd", { args: ["--version"] }).output()).stdout,
    ).match(/etcd Version: (\S+)/)?.[1] ?? "?";
    const dataRoot = await Deno.makeTempDir({ prefix: "kubeno-etcd-" });
    const names = [...Array(size)].map((_, i) => `e${i + 1}`);
    const peers = names.map(() => `127.0.0.1:${freePort()}`);
    const clients = names.map(() => `127.0.0.1:${freePort()}`);
    const initialCluster = names.map((name, i) => `${name}=http://${peers[i]}`).join(",");
    const members = names.map((name, i): MemberProcess => ({
      name,
      client: clients[i]!,
      peer: peers[i]!,
      child: undefined,
      start: () =>
        new Deno.Command("etcd", {
          args: [
            `--name=${name}`,
            `--data-dir=${dataRoot}/${name}`,
            `--listen-client-urls=http://${clients[i]}`,
            `--advertise-client-urls=http://${clients[i]}`,
            `--listen-peer-urls=http://${peers[i]}`,
            `--initial-advertise-peer-urls=http://${peers[i]}`,
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
    return await new EtcdCluster(`etcd ${version}`, members, dataRoot).started();
  }
}

/** Options of a {@link KubenoCluster}. */
export interface KubenoClusterOptions {
  readonly size?: number;
  /** Extra `kubeno store` flags for every member. */
  readonly extraArgs?: readonly string[];
}

/**
 * A kubeno store cluster: `kubeno store` processes on free loopback ports. Each member's
 * stderr goes to `<dataRoot>/<name>.log`.
 */
export class KubenoCluster extends ProcessCluster {
  readonly label = "kubeno";

  private constructor(members: MemberProcess[], dataRoot: string) {
    super(members, dataRoot);
  }

  /** Starts the cluster and waits until every member sees a leader. */
  static async start(options: KubenoClusterOptions = {}): Promise<KubenoCluster> {
    const size = options.size ?? 3;
    const dataRoot = await Deno.makeTempDir({ prefix: "kubeno-store-" });
    const names = [...Array(size)].map((_, i) => `m${i + 1}`);
    const peers = names.map(() => `127.0.0.1:${freePort()}`);
    const clients = names.map(() => `127.0.0.1:${freePort()}`);
    const initialCluster = names.map((name, i) => `${name}=${peers[i]}`).join(",");
    const members = names.map((name, i): MemberProcess =>
      kubenoMember(dataRoot, name, clients[i]!, peers[i]!, initialCluster, options.extraArgs ?? [])
    );
    return await new KubenoCluster(members, dataRoot).started();
  }

  /** The text member `i` logged so far. */
  async log(i: number): Promise<string> {
    return await Deno.readTextFile(`${this.dataRoot}/${this.members[i]!.name}.log`).catch(() => "");
  }

  /** Removes member `i`'s data directory (it must not be running). */
  async wipe(i: number): Promise<void> {
    await Deno.remove(this.dataDir(i), { recursive: true });
  }

  /** Member `i`'s name and peer address. */
  member(i: number): { name: string; peer: string } {
    const member = this.members[i]!;
    return { name: member.name, peer: member.peer };
  }
}

function kubenoMember(
  dataRoot: string,
  name: string,
  client: string,
  peer: string,
  initialCluster: string,
  extraArgs: readonly string[],
): MemberProcess {
  const mainTs = new URL("../../main.ts", import.meta.url).pathname;
  return {
    name,
    client,
    peer,
    child: undefined,
    start: (join) =>
      // bash appends stderr to the log file and then becomes the member (exec), so the child's
      // PID is the member's own and SIGKILL reaches it directly.
      new Deno.Command("bash", {
        args: [
          "-c",
          'log="$1"; shift; exec "$@" 2>>"$log"',
          "kubeno-store",
          `${dataRoot}/${name}.log`,
          Deno.execPath(),
          "run",
          "--allow-all",
          "--quiet",
          mainTs,
          "store",
          "--name",
          name,
          "--data-dir",
          `${dataRoot}/${name}`,
          "--listen-client",
          client,
          "--listen-peer",
          peer,
          "--initial-cluster",
          initialCluster,
          "--initial-cluster-state",
          join ? "existing" : "new",
          ...extraArgs,
        ],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn(),
  };
}
