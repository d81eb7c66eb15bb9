/**
 * A node's components in this process (`kubeno agent`, and `kubeno up`'s node): the kubelet and
 * the service proxy with cluster DNS (and the LoadBalancer status it reports). The proxy needs root (it makes the service range local
 * with `ip route` and serves DNS on port 53); without root the node runs without it and says so
 * in one line.
 *
 * @module
 */
import { type FlagSpecs, type HostPort, parseHostPort, UsageError } from "../cli/mod.ts";
import { formatIPv4, parseCidr } from "../kubelet/cidr.ts";
import type { KubeletConfig } from "../kubelet/flags.ts";
import { runKubelet } from "../kubelet/run.ts";
import type { ProxyConfig } from "../proxy/run.ts";
import { runProxyWithStatus } from "../proxy/mod.ts";
import type { InProcessComponent } from "./in_process.ts";

/** The proxy's flags on `agent` and `up` (the names `kubeno proxy` uses, where it has them). */
export const NODE_PROXY_FLAGS = {
  "service-cidr": {
    type: "string",
    default: "10.96.0.0/12",
    placeholder: "CIDR",
    description: "the service range the proxy makes local on this machine",
  },
  "dns-address": {
    type: "string",
    placeholder: "ADDR",
    description:
      "where cluster DNS listens, UDP and TCP, and (on port 53) the nameserver of pods' resolv.conf (default: the service range's 10th address, port 53); 'off' for none",
  },
  "proxy-metrics-listen": {
    type: "string",
    default: "127.0.0.1:10249",
    placeholder: "ADDR",
    description: "host:port of the proxy's /metrics",
  },
  "disable-proxy": {
    type: "boolean",
    description: "run no service proxy here (one proxy per machine serves every service)",
  },
} as const satisfies FlagSpecs;

/** The parsed {@link NODE_PROXY_FLAGS}. */
export interface NodeProxyFlags {
  readonly "service-cidr": string;
  readonly "dns-address": string | undefined;
  readonly "proxy-metrics-listen": string;
  readonly "disable-proxy": boolean;
}

/**
 * The proxy configuration of a node, or undefined with `--disable-proxy`.
 *
 * @throws {UsageError} for a malformed range or address.
 */
export function nodeProxyConfig(
  flags: NodeProxyFlags,
  servers: readonly URL[],
  nodeName: string,
): ProxyConfig | undefined {
  if (flags["disable-proxy"]) return undefined;
  let range;
  try {
    range = parseCidr(flags["service-cidr"]);
  } catch (error) {
    throw new UsageError(`--service-cidr: ${(error as Error).message}`);
  }
  if (range.size < 16) throw new UsageError("--service-cidr must hold at least 16 addresses");
  return {
    servers,
    serviceCidr: flags["service-cidr"],
    dns: nodeDnsAddress(flags),
    metrics: parseHostPort("proxy-metrics-listen", flags["proxy-metrics-listen"]),
    nodeName,
    nodeAddresses: ["127.0.0.1"],
  };
}

/**
 * Where the node's cluster DNS listens: `--dns-address`, else the service range's 10th address
 * on port 53; undefined for `off`.
 *
 * @throws {UsageError} for a malformed range or address.
 */
export function nodeDnsAddress(flags: NodeProxyFlags): HostPort | undefined {
  const dnsFlag = flags["dns-address"];
  if (dnsFlag === "off") return undefined;
  if (dnsFlag !== undefined) return parseHostPort("dns-address", dnsFlag);
  try {
    return { hostname: formatIPv4(parseCidr(flags["service-cidr"]).network + 10), port: 53 };
  } catch (error) {
    throw new UsageError(`--service-cidr: ${(error as Error).message}`);
  }
}

/**
 * The kubelet's `--cluster-dns` on a node: the node's DNS address when pods can use it (a
 * resolv.conf names no port, so only port 53 qualifies), else none (pods then resolve with the
 * node's resolvers). With `--disable-proxy` this is the DNS the machine's one proxy serves.
 */
export function kubeletClusterDns(flags: NodeProxyFlags): string {
  const dns = nodeDnsAddress(flags);
  return dns !== undefined && dns.port === 53 ? dns.hostname : "";
}

/**
 * The node's components: the kubelet (required) and, when configured and root, the proxy
 * (optional: the node runs on without it). `say` prints a line for the user.
 */
export function nodeComponents(
  kubelet: KubeletConfig,
  proxy: ProxyConfig | undefined,
  verbosity: number,
  say: (line: string) => void,
): InProcessComponent[] {
  const components: InProcessComponent[] = [
    { name: "kubelet", required: true, run: () => runKubelet(kubelet, verbosity) },
  ];
  if (proxy === undefined) return components;
  if (Deno.uid() !== 0) {
    say(
      "not root: no service proxy or cluster DNS on this machine (services are not reachable " +
        "by ClusterIP or NodePort here); run as root for them",
    );
    return components;
  }
  components.push({
    name: "proxy",
    required: false,
    run: () => runProxyWithStatus(proxy, verbosity),
  });
  return components;
}
