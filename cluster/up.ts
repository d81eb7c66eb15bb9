/**
 * `kubeno up`: everything on one machine, a master and a node.
 *
 * @module
 */
import { type CommandSpec, type FlagSpecs, verbosity } from "../cli/command.ts";
import { parseHostPort } from "../cli/values.ts";
import { runApiServer } from "../apiserver/run.ts";
import { ensureImages, HostSetupError } from "./host_setup.ts";
import { kubeconfigFor } from "./kubeconfig.ts";

const UP_FLAGS = {
  "data-dir": {
    type: "string",
    default: ".data/up",
    placeholder: "DIR",
    description: "where the cluster keeps its state; the kubeconfig is written here",
  },
  listen: {
    type: "string",
    default: "127.0.0.1:6443",
    placeholder: "ADDR",
    description: "host:port of the Kubernetes API",
  },
  "listen-client": {
    type: "string",
    default: "127.0.0.1:2379",
    placeholder: "ADDR",
    description: "host:port of the embedded store's client API",
  },
  "listen-peer": {
    type: "string",
    default: "127.0.0.1:2380",
    placeholder: "ADDR",
    description: "host:port of the embedded store's peer listener",
  },
  "node-name": {
    type: "string",
    default: "node-1",
    placeholder: "NAME",
    description: "the name of this machine's node",
  },
  "kubelet-listen": {
    type: "string",
    default: "127.0.0.1:10250",
    placeholder: "ADDR",
    description: "host:port of the node's kubelet API",
  },
} as const satisfies FlagSpecs;

/** `kubeno up`. */
export const upCommand: CommandSpec<typeof UP_FLAGS> = {
  name: "up",
  summary: "run a whole cluster on this machine: one master and one node",
  details: "Sets up Docker and the local images when needed, then starts every component.",
  flags: UP_FLAGS,
  async run(flags) {
    const listen = parseHostPort("listen", flags.listen);
    const listenClient = parseHostPort("listen-client", flags["listen-client"]);
    const listenPeer = parseHostPort("listen-peer", flags["listen-peer"]);
    const level = verbosity(flags);
    try {
      await ensureImages();
    } catch (error) {
      if (!(error instanceof HostSetupError)) throw error;
      console.error(`kubeno up: ${error.message}`);
      return 1;
    }
    const dataDir = flags["data-dir"];
    await Deno.mkdir(dataDir, { recursive: true });
    const kubeconfig = `${dataDir}/kubeconfig`;
    await Deno.writeTextFile(kubeconfig, kubeconfigFor(`http://${listen.hostname}:${listen.port}`));
    console.log(`kubeno up: Docker ready; images kubeno/pause and kubeno/busybox built`);
    console.log(
      `kubeno up: starting the store and the API server on ${listen.hostname}:${listen.port}`,
    );
    console.log(`kubeno up: use it with: kubectl --kubeconfig ${kubeconfig} get namespaces`);
    console.log(
      `kubeno up: node ${flags["node-name"]} runs pods on Docker; of the controllers only the ` +
        "replication controller is built, and the proxy is not yet; Ctrl-C stops",
    );
    const kubeletListen = parseHostPort("kubelet-listen", flags["kubelet-listen"]);
    const server = `http://${listen.hostname}:${listen.port}`;
    const children: Deno.ChildProcess[] = [];
    const companions = {
      started() {
        // The node and the scheduler run as their own processes, as on a real cluster.
        const spawn = (args: string[]) =>
          children.push(
            new Deno.Command(Deno.execPath(), {
              args: [
                "run",
                "--allow-all",
                "--quiet",
                new URL("../main.ts", import.meta.url).pathname,
                ...args,
                "--server",
                server,
                "--v",
                String(level),
              ],
              stdin: "null",
            }).spawn(),
          );
        spawn(["scheduler"]);
        spawn(["controllers"]);
        spawn([
          "kubelet",
          "--node-name",
          flags["node-name"],
          "--listen",
          `${kubeletListen.hostname}:${kubeletListen.port}`,
          "--data-dir",
          `${dataDir}/kubelet`,
          "--pod-cidr",
          "10.244.1.0/24",
        ]);
        return Promise.resolve();
      },
      async stopping() {
        for (const child of children) {
          try {
            child.kill("SIGTERM");
          } catch {
            // already gone
          }
        }
        await Promise.all(children.map((child) => child.status));
      },
    };
    return await runApiServer(
      {
        store: {
          name: "m1",
          dataDir: `${dataDir}/store`,
          listenClient,
          listenPeer,
          initialCluster: [{ name: "m1", peer: listenPeer }],
          join: false,
          snapshotCount: 100_000,
          catchUpEntries: 5000,
          quotaBytes: 2 * 1024 ** 3,
        },
        listen,
      },
      level,
      companions,
    );
  },
};
