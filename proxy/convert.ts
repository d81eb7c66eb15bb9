/**
 * From the Kubernetes objects the controller loop watches (core/v1 Service and
 * discovery.k8s.io/v1 EndpointSlices) to the table's {@linkcode ServiceInput}. Pure. The types
 * below are structural: only the fields the proxy reads, so the API's own types fit them.
 *
 * Mapping:
 * - `clusterIPs` (or the older `clusterIP`); "None" is headless.
 * - `status.loadBalancer.ingress[].ip` of a LoadBalancer service (hostnames are left out).
 * - `sessionAffinity: ClientIP` with `sessionAffinityConfig.clientIP.timeoutSeconds`
 *   (default 10800).
 * - Ports with protocol TCP or UDP; SCTP ports are left out (not supported).
 * - Endpoints of every slice labelled `kubernetes.io/service-name: <service>` (slices with
 *   another service's label are ignored; unlabelled ones are taken as given), address types
 *   IPv4 and IPv6 (FQDN slices are ignored). A slice port maps the service port of the same
 *   name to that slice's number, so a named targetPort that resolves to different numbers on
 *   different pods (separate slices) is kept per endpoint. The same address in several slices
 *   merges its ports. Conditions: ready unset counts as ready, serving unset as ready,
 *   terminating unset as false (the EndpointSlice API's rules).
 *
 * @module
 */
import type {
  EndpointInput,
  Protocol,
  ServiceInput,
  ServicePortInput,
  ServiceType,
} from "./table.ts";

/** The label that ties an EndpointSlice to its service. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/** The fields of a core/v1 Service the proxy reads. */
export interface V1Service {
  readonly metadata: { readonly namespace?: string; readonly name?: string };
  readonly spec?: {
    readonly type?: string;
    readonly clusterIP?: string;
    readonly clusterIPs?: readonly string[] | null;
    readonly externalIPs?: readonly string[] | null;
    readonly externalName?: string;
    readonly sessionAffinity?: string;
    readonly sessionAffinityConfig?: { readonly clientIP?: { readonly timeoutSeconds?: number } };
    readonly externalTrafficPolicy?: string;
    readonly internalTrafficPolicy?: string;
    readonly ports?:
      | readonly {
        readonly name?: string;
        readonly protocol?: string;
        readonly port: number;
        readonly targetPort?: number | string;
        readonly nodePort?: number;
      }[]
      | null;
  };
  readonly status?: {
    readonly loadBalancer?: {
      readonly ingress?: readonly { readonly ip?: string; readonly hostname?: string }[] | null;
    } | null;
  } | null;
}

/** The fields of a discovery.k8s.io/v1 EndpointSlice the proxy reads. */
export interface V1EndpointSlice {
  readonly metadata: {
    readonly namespace?: string;
    readonly name?: string;
    readonly labels?: Readonly<Record<string, string>> | null;
  };
  readonly addressType: string;
  readonly endpoints?:
    | readonly {
      readonly addresses: readonly string[];
      readonly conditions?: {
        readonly ready?: boolean | null;
        readonly serving?: boolean | null;
        readonly terminating?: boolean | null;
      } | null;
      readonly hostname?: string | null;
      readonly nodeName?: string | null;
    }[]
    | null;
  readonly ports?:
    | readonly {
      readonly name?: string | null;
      readonly port?: number | null;
      readonly protocol?: string | null;
    }[]
    | null;
}

/**
 * The table entry for a service and its EndpointSlices.
 *
 * @throws {TypeError} when the service has no name.
 */
export function serviceFromKubernetes(
  service: V1Service,
  slices: readonly V1EndpointSlice[],
): ServiceInput {
  const namespace = service.metadata.namespace ?? "default";
  const name = service.metadata.name;
  if (!name) throw new TypeError("a service without metadata.name");
  const spec = service.spec ?? {};
  const clusterIPs = spec.clusterIPs?.length
    ? spec.clusterIPs
    : spec.clusterIP
    ? [spec.clusterIP]
    : [];
  const ports: ServicePortInput[] = [];
  for (const p of spec.ports ?? []) {
    const protocol = (p.protocol ?? "TCP") as string;
    if (protocol !== "TCP" && protocol !== "UDP") continue;
    ports.push({
      name: p.name ?? "",
      protocol: protocol as Protocol,
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      ...(p.nodePort ? { nodePort: p.nodePort } : {}),
    });
  }
  const type =
    (["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"].includes(spec.type ?? "")
      ? spec.type
      : "ClusterIP") as ServiceType;
  return {
    namespace,
    name,
    type,
    clusterIPs,
    externalIPs: spec.externalIPs ?? [],
    loadBalancerIPs: type === "LoadBalancer"
      ? (service.status?.loadBalancer?.ingress ?? []).flatMap((i) => i.ip ? [i.ip] : [])
      : [],
    ...(spec.externalName !== undefined && type === "ExternalName"
      ? { externalName: spec.externalName }
      : {}),
    sessionAffinity: spec.sessionAffinity === "ClientIP"
      ? {
        type: "ClientIP",
        timeoutSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800,
      }
      : { type: "None" },
    externalTrafficPolicy: spec.externalTrafficPolicy === "Local" ? "Local" : "Cluster",
    internalTrafficPolicy: spec.internalTrafficPolicy === "Local" ? "Local" : "Cluster",
    ports,
    endpoints: endpointsFromSlices(name, slices),
  };
}

/** The endpoints of a service's slices, merged by address (see the module notes). */
export function endpointsFromSlices(
  serviceName: string,
  slices: readonly V1EndpointSlice[],
): EndpointInput[] {
  const byIP = new Map<string, EndpointInput & { ports: Record<string, number> }>();
  for (const slice of slices) {
    const owner = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (owner !== undefined && owner !== serviceName) continue;
    if (slice.addressType !== "IPv4" && slice.addressType !== "IPv6") continue;
    const ports: Record<string, number> = {};
    for (const p of slice.ports ?? []) {
      if (typeof p.port === "number") ports[p.name ?? ""] = p.port;
    }
    for (const endpoint of slice.endpoints ?? []) {
      const ready = endpoint.conditions?.ready ?? true;
      const serving = endpoint.conditions?.serving ?? ready;
      const terminating = endpoint.conditions?.terminating ?? false;
      for (const ip of endpoint.addresses) {
        const known = byIP.get(ip);
        if (known) {
          Object.assign(known.ports, ports);
          continue;
        }
        byIP.set(ip, {
          ip,
          ports: { ...ports },
          ready,
          serving,
          terminating,
          ...(endpoint.nodeName ? { nodeName: endpoint.nodeName } : {}),
          ...(endpoint.hostname ? { hostname: endpoint.hostname } : {}),
        });
      }
    }
  }
  return [...byIP.values()];
}
