/**
 * The service environment variables of a container, in the seed's and Kubernetes' exact format
 * (envvars.FromServices): for a service `redis-master` at 10.0.0.11 with port 6379,
 *
 *     REDIS_MASTER_SERVICE_HOST=10.0.0.11
 *     REDIS_MASTER_SERVICE_PORT=6379
 *     REDIS_MASTER_SERVICE_PORT_<NAME>=6379        (each named port)
 *     REDIS_MASTER_PORT=tcp://10.0.0.11:6379       (Docker links style, first port)
 *     REDIS_MASTER_PORT_6379_TCP=tcp://10.0.0.11:6379
 *     REDIS_MASTER_PORT_6379_TCP_PROTO=tcp
 *     REDIS_MASTER_PORT_6379_TCP_PORT=6379
 *     REDIS_MASTER_PORT_6379_TCP_ADDR=10.0.0.11
 *
 * Pure.
 *
 * @module
 */
import type { ServiceLike } from "./pod_types.ts";

/** A name/value pair of a container's environment. */
export interface EnvPair {
  readonly name: string;
  readonly value: string;
}

/** Services whose variables every pod gets (from the default namespace), as the kubelet's. */
export const MASTER_SERVICES: ReadonlySet<string> = new Set(["kubernetes"]);

/** `redis-master` -> `REDIS_MASTER`. */
export function envVariableName(serviceName: string): string {
  return serviceName.replaceAll("-", "_").toUpperCase();
}

/** True when the service has a cluster IP (not headless, not unallocated). */
export function isServiceIPSet(service: ServiceLike): boolean {
  const ip = service.spec?.clusterIP;
  return ip !== undefined && ip !== "" && ip !== "None";
}

/** `host:port`, with brackets for IPv6. */
function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The variables of the given services, in order (envvars.FromServices). */
export function serviceEnvVars(services: readonly ServiceLike[]): EnvPair[] {
  const out: EnvPair[] = [];
  for (const service of services) {
    const ports = service.spec?.ports ?? [];
    if (!isServiceIPSet(service) || ports.length === 0) continue;
    const ip = service.spec!.clusterIP!;
    const prefix = envVariableName(service.metadata?.name ?? "");
    out.push({ name: `${prefix}_SERVICE_HOST`, value: ip });
    out.push({ name: `${prefix}_SERVICE_PORT`, value: String(ports[0]!.port) });
    for (const port of ports) {
      if (port.name) {
        out.push({
          name: `${prefix}_SERVICE_PORT_${envVariableName(port.name)}`,
          value: String(port.port),
        });
      }
    }
    ports.forEach((port, index) => {
      const protocol = port.protocol || "TCP";
      const url = `${protocol.toLowerCase()}://${joinHostPort(ip, port.port)}`;
      if (index === 0) out.push({ name: `${prefix}_PORT`, value: url });
      const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
      out.push({ name: portPrefix, value: url });
      out.push({ name: `${portPrefix}_PROTO`, value: protocol.toLowerCase() });
      out.push({ name: `${portPrefix}_PORT`, value: String(port.port) });
      out.push({ name: `${portPrefix}_ADDR`, value: ip });
    });
  }
  return out;
}

/**
 * The services a pod in `namespace` gets variables for (getServiceEnvVarMap): the master
 * services of the default namespace always, the services of its own namespace when
 * enableServiceLinks (default true); a same-named service of the pod's namespace wins. Sorted by
 * name so the environment is deterministic.
 */
export function servicesForPod(
  namespace: string,
  enableServiceLinks: boolean,
  namespaceServices: readonly ServiceLike[],
  defaultNamespaceServices: readonly ServiceLike[],
): ServiceLike[] {
  const byName = new Map<string, ServiceLike>();
  const consider = (service: ServiceLike) => {
    if (!isServiceIPSet(service)) return;
    const name = service.metadata?.name ?? "";
    const ns = service.metadata?.namespace ?? namespace;
    if (ns === "default" && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, service);
    } else if (ns === namespace && enableServiceLinks) {
      byName.set(name, service);
    }
  };
  for (const service of defaultNamespaceServices) consider(service);
  for (const service of namespaceServices) consider(service);
  return [...byName.values()].sort((a, b) =>
    (a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1
  );
}
