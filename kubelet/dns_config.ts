/**
 * What a pod sees of names: its hostname, its /etc/resolv.conf (by dnsPolicy and dnsConfig, like
 * the kubelet's dns.Configurer) and its Kubernetes-managed /etc/hosts. Pure, except
 * {@link nodeDnsSettings}, which reads the node's resolv.conf once at start.
 *
 * @module
 */
import type { PodLike } from "./pod_types.ts";

/** The node's DNS settings. */
export interface ClusterDnsSettings {
  /** The cluster DNS servers (`--cluster-dns`); empty makes ClusterFirst fall back to Default. */
  readonly clusterDNS: readonly string[];
  /** The cluster domain (`--cluster-domain`), `cluster.local`. */
  readonly clusterDomain: string;
  /**
   * The node's resolv.conf content (`--resolv-conf`, /etc/resolv.conf), the base of the Default
   * policy; undefined disables lookups for Default (nameserver 127.0.0.1, search `.`), as the
   * kubelet does for an empty `--resolv-conf`.
   */
  readonly hostResolvConf?: string;
}

/** The kubelet's defaults: the cluster DNS service at 10.96.0.10, domain cluster.local. */
export const DEFAULT_CLUSTER_DNS: ClusterDnsSettings = {
  clusterDNS: ["10.96.0.10"],
  clusterDomain: "cluster.local",
};

/**
 * The node's DNS settings from the kubelet's `--cluster-dns` servers (empty: ClusterFirst pods
 * use the node's resolvers), the default domain, and the node's resolv.conf at `path` (an
 * unreadable file disables lookups for the Default policy, as an empty `--resolv-conf` does).
 */
export async function nodeDnsSettings(
  clusterDNS: readonly string[],
  path = "/etc/resolv.conf",
): Promise<ClusterDnsSettings> {
  let hostResolvConf: string | undefined;
  try {
    hostResolvConf = await Deno.readTextFile(path);
  } catch {
    hostResolvConf = undefined;
  }
  return {
    clusterDNS: [...clusterDNS],
    clusterDomain: DEFAULT_CLUSTER_DNS.clusterDomain,
    ...(hostResolvConf === undefined ? {} : { hostResolvConf }),
  };
}

/** A resolver configuration. */
export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  /** `ndots:5`, `edns0`, ... */
  readonly options: readonly string[];
}

/** At most this many nameservers (glibc's MAXNS), like validation.MaxDNSNameservers. */
export const MAX_DNS_NAMESERVERS = 3;
/** At most this many search domains, like validation.MaxDNSSearchPaths. */
export const MAX_DNS_SEARCH_PATHS = 32;

/** Parses resolv.conf text (comments and unknown keywords ignored). */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let searches: string[] = [];
  const options: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    const [keyword, ...fields] = line.split(/\s+/);
    if (keyword === "nameserver" && fields[0] !== undefined) nameservers.push(fields[0]);
    // The last search (or domain) line wins, as in glibc.
    else if (keyword === "search" || keyword === "domain") searches = fields;
    else if (keyword === "options") options.push(...fields);
  }
  return { nameservers, searches, options };
}

/** resolv.conf text: search, nameserver lines, options (the order containerd writes). */
export function formatResolvConf(config: ResolvConf): string {
  const lines: string[] = [];
  if (config.searches.length > 0) lines.push(`search ${config.searches.join(" ")}`);
  for (const server of config.nameservers) lines.push(`nameserver ${server}`);
  if (config.options.length > 0) lines.push(`options ${config.options.join(" ")}`);
  return lines.join("\n") + "\n";
}

/** Which base a pod's DNS policy selects. */
export type PodDnsType = "cluster" | "host" | "none";

/** The pod's DNS type by dnsPolicy (ClusterFirst on the host network means Default). */
export function podDnsType(pod: PodLike): PodDnsType {
  const policy = pod.spec?.dnsPolicy ?? "ClusterFirst";
  switch (policy) {
    case "None":
      return "none";
    case "ClusterFirstWithHostNet":
      return "cluster";
    case "ClusterFirst":
      return pod.spec?.hostNetwork === true ? "host" : "cluster";
    case "Default":
      return "host";
    default:
      throw new RangeError(`invalid DNSPolicy=${policy}`);
  }
}

/**
 * The pod's resolver configuration, as the kubelet's GetPodDNS computes it: the base by policy
 * (cluster: the cluster DNS servers, `<ns>.svc.<domain> svc.<domain> <domain>` then the node's
 * search domains, `ndots:5`; host: the node's resolv.conf minus loopback servers, which a pod
 * cannot reach; none: empty), then the pod's dnsConfig appended without duplicates, options
 * merged by name (the pod's win), then the limits applied.
 */
export function podResolvConf(pod: PodLike, settings: ClusterDnsSettings): ResolvConf {
  const host = hostBase(settings);
  let type = podDnsType(pod);
  if (type === "cluster" && settings.clusterDNS.length === 0) type = "host";
  let base: ResolvConf;
  if (type === "none") base = { nameservers: [], searches: [], options: [] };
  else if (type === "host") base = host;
  else {
    const domain = settings.clusterDomain;
    const namespace = pod.metadata?.namespace ?? "default";
    base = {
      nameservers: [...settings.clusterDNS],
      searches: domain === ""
        ? host.searches
        : unique([`${namespace}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches]),
      options: ["ndots:5"],
    };
  }
  const extra = pod.spec?.dnsConfig;
  const merged: ResolvConf = extra === undefined ? base : {
    nameservers: unique([...base.nameservers, ...(extra.nameservers ?? [])]),
    searches: unique([...base.searches, ...(extra.searches ?? [])]),
    options: mergeOptions(base.options, extra.options ?? []),
  };
  return {
    nameservers: merged.nameservers.slice(0, MAX_DNS_NAMESERVERS),
    searches: merged.searches.slice(0, MAX_DNS_SEARCH_PATHS),
    options: merged.options,
  };
}

function hostBase(settings: ClusterDnsSettings): ResolvConf {
  if (settings.hostResolvConf === undefined) {
    return { nameservers: ["127.0.0.1"], searches: ["."], options: [] };
  }
  const parsed = parseResolvConf(settings.hostResolvConf);
  return {
    nameservers: unique(parsed.nameservers.filter((s) => !/^127\.|^::1$/.test(s))),
    searches: unique(parsed.searches),
    options: parsed.options,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ""))];
}

function mergeOptions(
  base: readonly string[],
  extra: readonly { readonly name?: string; readonly value?: string }[],
): string[] {
  const byName = new Map<string, string | undefined>();
  for (const option of base) {
    const index = option.indexOf(":");
    if (index < 0) byName.set(option, undefined);
    else byName.set(option.slice(0, index), option.slice(index + 1));
  }
  for (const option of extra) {
    if (!option.name) continue;
    byName.set(option.name, option.value === "" ? undefined : option.value);
  }
  return [...byName].map(([name, value]) => value === undefined ? name : `${name}:${value}`);
}

/** The pod's hostname and (with a subdomain) domain, as GeneratePodHostNameAndDomain makes them. */
export function podHostnameAndDomain(
  pod: PodLike,
  clusterDomain: string,
): { hostname: string; domain?: string } {
  const name = pod.metadata?.name ?? "";
  let hostname = pod.spec?.hostname || name;
  if (pod.spec?.hostname && !isDns1123Label(pod.spec.hostname)) {
    throw new RangeError(
      `pod Hostname ${JSON.stringify(pod.spec.hostname)} is not a valid DNS label`,
    );
  }
  if (hostname.length > 63) hostname = hostname.slice(0, 63).replace(/[-.]+$/, "");
  if (hostname === "") throw new RangeError(`hostname for pod ${JSON.stringify(name)} is invalid`);
  const subdomain = pod.spec?.subdomain;
  if (!subdomain) return { hostname };
  if (!isDns1123Label(subdomain)) {
    throw new RangeError(`pod Subdomain ${JSON.stringify(subdomain)} is not a valid DNS label`);
  }
  const namespace = pod.metadata?.namespace ?? "default";
  return { hostname, domain: `${subdomain}.${namespace}.svc.${clusterDomain}` };
}

function isDns1123Label(value: string): boolean {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** The Kubernetes-managed /etc/hosts of a pod that is not on the host network. */
export function managedHostsFile(
  pod: PodLike,
  podIPs: readonly string[],
  clusterDomain: string,
): string {
  const { hostname, domain } = podHostnameAndDomain(pod, clusterDomain);
  const lines = [
    "# Kubernetes-managed hosts file.",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "fe00::0\tip6-mcastprefix",
    "fe00::1\tip6-allnodes",
    "fe00::2\tip6-allrouters",
  ];
  for (const ip of podIPs) {
    lines.push(
      domain === undefined ? `${ip}\t${hostname}` : `${ip}\t${hostname}.${domain}\t${hostname}`,
    );
  }
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length > 0) {
    lines.push("", "# Entries added by HostAliases.");
    for (const alias of aliases) lines.push(`${alias.ip}\t${(alias.hostnames ?? []).join("\t")}`);
  }
  return lines.join("\n") + "\n";
}
