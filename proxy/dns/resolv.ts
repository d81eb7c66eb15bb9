/**
 * The resolver side of cluster DNS: the `resolv.conf` a pod gets (`dnsPolicy: ClusterFirst`)
 * and the order in which a stub resolver tries names through its search list. The server
 * never sees short names: a pod's resolver expands them.
 *
 * For a pod in namespace `ns`: `search ns.svc.<domain> svc.<domain> <domain>` and
 * `options ndots:5`. So `web` tries `web.ns.svc.<domain>` first (a service in the pod's own
 * namespace), `web.other` finds `web.other.svc.<domain>` through the second entry and
 * `web.other.svc` through the third. glibc's order ({@linkcode searchOrder}): a name ending
 * in "." is tried alone; a name with at least `ndots` dots is tried as is first, then with
 * each search suffix; a name with fewer dots tries the suffixes first and itself last. The
 * walk stops at the first answer that is not NXDOMAIN.
 *
 * @module
 */

/** What a pod's resolv.conf says. */
export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly ndots: number;
}

/** Options of {@linkcode podResolvConf}. */
export interface PodResolvOptions {
  readonly namespace: string;
  /** The DNS service IP. */
  readonly nameserver: string;
  /** The cluster domain; default `cluster.local`. */
  readonly domain?: string;
  /** Search entries appended after the cluster ones (the node's own). */
  readonly extraSearch?: readonly string[];
}

/** The resolver configuration of a pod with `dnsPolicy: ClusterFirst`. */
export function podResolvConf(options: PodResolvOptions): ResolvConf {
  const domain = options.domain ?? "cluster.local";
  return {
    nameservers: [options.nameserver],
    search: [
      `${options.namespace}.svc.${domain}`,
      `svc.${domain}`,
      domain,
      ...(options.extraSearch ?? []),
    ],
    ndots: 5,
  };
}

/** The text of a resolv.conf file. */
export function renderResolvConf(conf: ResolvConf): string {
  return [
    ...conf.nameservers.map((ns) => `nameserver ${ns}`),
    `search ${conf.search.join(" ")}`,
    `options ndots:${conf.ndots}`,
    "",
  ].join("\n");
}

/** The absolute names a stub resolver tries for `name`, in order (glibc semantics). */
export function searchOrder(name: string, conf: Pick<ResolvConf, "search" | "ndots">): string[] {
  if (name.endsWith(".")) return [name.slice(0, -1)];
  const expanded = conf.search.map((suffix) => `${name}.${suffix}`);
  const dots = name.split(".").length - 1;
  return dots >= conf.ndots ? [name, ...expanded] : [...expanded, name];
}
