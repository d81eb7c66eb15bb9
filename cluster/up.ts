/**
 * `kubeno up`: everything on one machine in one process: a master (`kubeno server`'s
 * components) and a node (`kubeno agent`'s). Ctrl-C or SIGTERM stops it all; the service route
 * goes, and the node's containers too unless `--keep-containers`.
 *
 * @module
 */
import { type CommandSpec, type FlagSpecs, verbosity } from "../cli/command.ts";
import { parseHostPort } from "../cli/values.ts";
import { serviceRangesFromFlags } from "../apiserver/flags.ts";
import { kubeletConfigFromFlags } from "../kubelet/flags.ts";
import { DockerClient } from "../kubelet/docker_client.ts";
import { LABELS } from "../kubelet/names.ts";
import { ensureImages, HostSetupError } from "./host_setup.ts";
import { kubeconfigFor } from "./kubeconfig.ts";
import { kubeletClusterDns, NODE_PROXY_FLAGS, nodeComponents, nodeProxyConfig } from "./node.ts";
import { runMaster } from "./server.ts";

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
  "pod-cidr": {
    type: "string",
    default: "10.244.1.0/24",
    placeholder: "CIDR",
    description: "the node's pod range, a /24 of 10.244.0.0/16",
  },
  "keep-containers": {
    type: "boolean",
    description: "leave the node's containers running on stop (the next up takes them back)",
  },
  ...NODE_PROXY_FLAGS,
} as const satisfies FlagSpecs;

/** `kubeno up`. */
export const upCommand: CommandSpec<typeof UP_FLAGS> = {
  name: "up",
  summary: "run a whole cluster on this machine: one master and one node",
  details: "Sets up Docker and the local images when needed, then starts every component in " +
    "this process. Run as root for the service proxy and cluster DNS.",
  flags: UP_FLAGS,
  async run(flags) {
    const listen = parseHostPort("listen", flags.listen);
    const listenClient = parseHostPort("listen-client", flags["listen-client"]);
    const listenPeer = parseHostPort("listen-peer", flags["listen-peer"]);
    const level = verbosity(flags);
    const dataDir = flags["data-dir"];
    const server = `http://${listen.hostname}:${listen.port}`;
    const kubelet = kubeletConfigFromFlags({
      server,
      "node-name": flags["node-name"],
      listen: flags["kubelet-listen"],
      "data-dir": `${dataDir}/kubelet`,
      "pod-cidr": flags["pod-cidr"],
      "cluster-dns": kubeletClusterDns(flags),
    });
    const proxy = nodeProxyConfig(flags, kubelet.servers, kubelet.nodeName);
    const say = (line: string) => console.log(`kubeno up: ${line}`);
    try {
      await ensureImages();
    } catch (error) {
      if (!(error instanceof HostSetupError)) throw error;
      console.error(`kubeno up: ${error.message}`);
      return 1;
    }
    await Deno.mkdir(dataDir, { recursive: true });
    const kubeconfig = `${dataDir}/kubeconfig`;
    await Deno.writeTextFile(kubeconfig, kubeconfigFor(server));
    say("Docker ready; images kubeno/pause and kubeno/busybox built");
    const code = await runMaster(
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
        // ClusterIPs come from the range this machine's proxy makes local.
        services: serviceRangesFromFlags(flags["service-cidr"], "30000-32767"),
      },
      level,
      {
        serving() {
          say(`the API serves at ${server}; node ${kubelet.nodeName} runs pods on Docker`);
          say(`use it with: kubectl --kubeconfig ${kubeconfig} get nodes`);
          say("Ctrl-C stops everything");
        },
        extra: () => nodeComponents(kubelet, proxy, level, say),
      },
    );
    if (!flags["keep-containers"]) await removeContainers(kubelet.nodeName, say);
    return code;
  },
};

/** Removes every container of `node` (stopped or running). */
async function removeContainers(node: string, say: (line: string) => void): Promise<void> {
  const docker = new DockerClient();
  try {
    const containers = await docker.listContainers([`${LABELS.node}=${node}`]);
    await Promise.all(containers.map((c) => docker.removeContainer(c.Id, { force: true })));
    if (containers.length > 0) say(`removed the ${containers.length} containers of node ${node}`);
  } catch (error) {
    say(`could not remove the containers of node ${node}: ${(error as Error).message}`);
  }
}
