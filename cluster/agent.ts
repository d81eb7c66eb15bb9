/**
 * `kubeno agent`: a node in one process: the kubelet and the service proxy with cluster DNS.
 * Several agents on one machine act as several nodes when each has its own `--node-name`,
 * `--listen` (kubelet API) and pod range (`--pod-cidr`, or the one the node IPAM controller
 * assigns); one of them runs the proxy, the others `--disable-proxy`. Containers outlive the
 * agent: a restarted agent takes its pods back.
 *
 * @module
 */
import { type CommandSpec, type FlagSpecs, verbosity } from "../cli/command.ts";
import { createLogger } from "../cli/log.ts";
import { KUBELET_FLAGS, kubeletConfigFromFlags } from "../kubelet/flags.ts";
import { ComponentGroup } from "./in_process.ts";
import { kubeletClusterDns, NODE_PROXY_FLAGS, nodeComponents, nodeProxyConfig } from "./node.ts";

// The kubelet's --cluster-dns follows the node's --dns-address (one flag for one address).
const { "cluster-dns": _clusterDns, ...KUBELET_NODE_FLAGS } = KUBELET_FLAGS;
const AGENT_FLAGS = { ...KUBELET_NODE_FLAGS, ...NODE_PROXY_FLAGS } as const satisfies FlagSpecs;

/** `kubeno agent`. */
export const agentCommand: CommandSpec<typeof AGENT_FLAGS> = {
  name: "agent",
  summary: "run a node: kubelet and service proxy",
  details: "The proxy needs root; without root the node runs without it.",
  flags: AGENT_FLAGS,
  async run(flags) {
    const kubelet = kubeletConfigFromFlags({ ...flags, "cluster-dns": kubeletClusterDns(flags) });
    const proxy = nodeProxyConfig(flags, kubelet.servers, kubelet.nodeName);
    const level = verbosity(flags);
    const group = new ComponentGroup(createLogger("agent", level));
    const say = (line: string) => console.log(`kubeno agent: ${line}`);
    for (const component of nodeComponents(kubelet, proxy, level, say)) group.start(component);
    say(`node ${kubelet.nodeName} joins ${kubelet.servers.map((s) => s.origin).join(",")}`);
    return await group.wait();
  },
};
