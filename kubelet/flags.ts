/**
 * Flags of the kubelet (and of `kubeno agent`, which runs it).
 *
 * @module
 */
import {
  type FlagSpecs,
  type FlagValues,
  type HostPort,
  parseHostPort,
  parseServerUrls,
  UsageError,
} from "../cli/mod.ts";
import { SERVER_FLAGS } from "../client/flags.ts";
import { isIP } from "../proxy/ip.ts";
import { DEFAULT_CLUSTER_DNS, MAX_DNS_NAMESERVERS } from "./dns_config.ts";

/** Flag declarations of `kubeno kubelet` and `kubeno agent`. */
export const KUBELET_FLAGS = {
  ...SERVER_FLAGS,
  "node-name": {
    type: "string",
    placeholder: "NAME",
    description: "this node's name (default: the machine's hostname, lower-cased)",
  },
  listen: {
    type: "string",
    default: "127.0.0.1:10250",
    placeholder: "ADDR",
    description: "host:port of the kubelet API (logs, exec)",
  },
  "data-dir": {
    type: "string",
    placeholder: "DIR",
    description: "where the kubelet keeps pod volumes and state (default .data/kubelet-<node>)",
  },
  "pod-cidr": {
    type: "string",
    placeholder: "CIDR",
    description:
      "this node's pod range, a /24 of 10.244.0.0/16 (default: the Node's spec.podCIDR, else one derived from the node name)",
  },
  "cluster-dns": {
    type: "string",
    default: DEFAULT_CLUSTER_DNS.clusterDNS.join(","),
    placeholder: "IP[,IP]",
    description:
      "the cluster DNS servers pods resolve names with (dnsPolicy ClusterFirst, port 53); '' for none: pods then use the node's resolvers",
  },
} as const satisfies FlagSpecs;

/** A kubelet's validated configuration. */
export interface KubeletConfig {
  readonly servers: readonly URL[];
  readonly nodeName: string;
  readonly listen: HostPort;
  readonly dataDir: string;
  /** Undefined: take the Node's spec.podCIDR, else derive one. */
  readonly podCIDR: string | undefined;
  /** The cluster DNS servers written into ClusterFirst pods' resolv.conf (may be empty). */
  readonly clusterDNS: readonly string[];
}

/** A /24 of 10.244.0.0/16 chosen from the node name (1..254), for nodes without IPAM. */
export function derivedPodCidr(nodeName: string): string {
  let hash = 0;
  for (const char of nodeName) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `10.244.${1 + (hash % 254)}.0/24`;
}

/** Validates the kubelet flags. */
export function kubeletConfigFromFlags(flags: FlagValues<typeof KUBELET_FLAGS>): KubeletConfig {
  const nodeName = flags["node-name"] ?? Deno.hostname().toLowerCase();
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(nodeName)) {
    throw new UsageError(
      `--node-name must be a DNS subdomain (lower-case letters, digits, '-', '.'), got ${
        JSON.stringify(nodeName)
      }`,
    );
  }
  const podCIDR = flags["pod-cidr"];
  if (podCIDR !== undefined && !/^10\.244\.(\d{1,3})\.0\/24$/.test(podCIDR)) {
    throw new UsageError(
      `--pod-cidr must be a /24 of 10.244.0.0/16 like 10.244.3.0/24, got ${
        JSON.stringify(podCIDR)
      }`,
    );
  }
  return {
    servers: parseServerUrls("server", flags.server),
    clusterDNS: parseClusterDns(flags["cluster-dns"]),
    nodeName,
    listen: parseHostPort("listen", flags.listen),
    dataDir: flags["data-dir"] ?? `.data/kubelet-${nodeName}`,
    podCIDR,
  };
}

/**
 * Parses `--cluster-dns`: comma-separated IP addresses, at most three (a resolv.conf holds no
 * more); an empty value means none.
 *
 * @throws {UsageError} for anything else.
 */
export function parseClusterDns(value: string): string[] {
  const servers = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const bad = servers.find((s) => !isIP(s));
  if (bad !== undefined) {
    throw new UsageError(
      `--cluster-dns must be IP addresses separated by commas, got ${JSON.stringify(bad)}`,
    );
  }
  if (servers.length > MAX_DNS_NAMESERVERS) {
    throw new UsageError(
      `--cluster-dns takes at most ${MAX_DNS_NAMESERVERS} addresses, got ${servers.length}`,
    );
  }
  return servers;
}
