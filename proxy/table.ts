/**
 * The proxy's desired state: every service this node must serve, with its ports and endpoints,
 * keyed by `namespace/name`. The controller loop (informers on Services and EndpointSlices)
 * feeds it whole services, as an informer delivers them; the table normalizes each one, drops
 * updates that change nothing, and tells its subscribers what changed (previous and current
 * service), so the proxier and DNS apply diffs rather than rebuilding.
 *
 * Invariants: a stored service is normalized and frozen (canonical IP text, defaults filled,
 * ports unique by name and by (port, protocol)); `changes` carries a service only when its
 * normalized form differs from the stored one.
 *
 * @module
 */
import { canonicalIP } from "./ip.ts";

/** Transport protocols the proxy forwards. (SCTP is not supported.) */
export type Protocol = "TCP" | "UDP";

/** Session affinity: none, or pin a client IP to one endpoint for `timeoutSeconds` after its last use. */
export type SessionAffinity =
  | { readonly type: "None" }
  | { readonly type: "ClientIP"; readonly timeoutSeconds: number };

/** Kubernetes' default ClientIP affinity timeout (3 hours). */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

/** Which endpoints a frontend may use: all of them, or only those on this node. */
export type TrafficPolicy = "Cluster" | "Local";

/** Service types, as in core/v1. */
export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

/** One port of a service. */
export interface ServicePort {
  /** The port's name; "" for the single unnamed port of a one-port service. */
  readonly name: string;
  readonly protocol: Protocol;
  /** The port clients connect to on the cluster IPs and external IPs. */
  readonly port: number;
  /**
   * Where traffic goes on an endpoint: a number, or the name of a container port, resolved per
   * endpoint (see {@linkcode endpointPort}).
   */
  readonly targetPort: number | string;
  /** The port opened on every node address, for NodePort and LoadBalancer services. */
  readonly nodePort?: number;
}

/** One endpoint (a pod address) of a service, as EndpointSlices describe it. */
export interface Endpoint {
  /** The endpoint's address (canonical text). */
  readonly ip: string;
  /**
   * Port numbers by name. EndpointSlices key them by the service port's name; a name may also
   * be a container port name that a named `targetPort` refers to.
   */
  readonly ports: Readonly<Record<string, number>>;
  /** Ready to receive new traffic. */
  readonly ready: boolean;
  /** Serving (may be terminating). Used when no endpoint is ready. */
  readonly serving: boolean;
  /** The pod is shutting down. */
  readonly terminating: boolean;
  /** The node the endpoint runs on (for the Local traffic policies). */
  readonly nodeName?: string;
  /** The pod's hostname, for headless DNS names (`hostname.svc.ns.svc.cluster.local`). */
  readonly hostname?: string;
}

/** A service as stored: normalized and frozen. */
export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  /** Cluster IPs (canonical text); empty for a headless service (`clusterIP: None`). */
  readonly clusterIPs: readonly string[];
  readonly externalIPs: readonly string[];
  /**
   * The ingress IPs of a LoadBalancer service's status (canonical text); the proxier serves
   * the service ports on those that are this node's addresses, as k3s's servicelb does.
   */
  readonly loadBalancerIPs: readonly string[];
  /** The CNAME target of an ExternalName service. */
  readonly externalName?: string;
  readonly sessionAffinity: SessionAffinity;
  /** Endpoint choice for NodePort and external IP traffic. */
  readonly externalTrafficPolicy: TrafficPolicy;
  /** Endpoint choice for cluster IP traffic. */
  readonly internalTrafficPolicy: TrafficPolicy;
  readonly ports: readonly ServicePort[];
  readonly endpoints: readonly Endpoint[];
}

/** A service as given to the table: the defaulted fields may be left out. */
export interface ServiceInput {
  readonly namespace: string;
  readonly name: string;
  readonly type?: ServiceType;
  /** `["None"]`, `"None"` entries or an empty list make the service headless. */
  readonly clusterIPs?: readonly string[];
  readonly externalIPs?: readonly string[];
  readonly loadBalancerIPs?: readonly string[];
  readonly externalName?: string;
  readonly sessionAffinity?: SessionAffinity;
  readonly externalTrafficPolicy?: TrafficPolicy;
  readonly internalTrafficPolicy?: TrafficPolicy;
  readonly ports?: readonly ServicePortInput[];
  readonly endpoints?: readonly EndpointInput[];
}

/** A service port as given: protocol defaults to TCP, name to "", targetPort to `port`. */
export interface ServicePortInput {
  readonly name?: string;
  readonly protocol?: Protocol;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
}

/** An endpoint as given: ready defaults to true, serving to ready, terminating to false. */
export interface EndpointInput {
  readonly ip: string;
  readonly ports?: Readonly<Record<string, number>>;
  readonly ready?: boolean;
  readonly serving?: boolean;
  readonly terminating?: boolean;
  readonly nodeName?: string;
  readonly hostname?: string;
}

/** What changed about one service: absent `previous` is an add, absent `current` a delete. */
export interface ServiceChange {
  readonly key: string;
  readonly previous?: Service;
  readonly current?: Service;
}

/** One update, as an informer delivers it: the whole service, or its deletion. */
export type TableUpdate =
  | { readonly type: "upsert"; readonly service: ServiceInput }
  | { readonly type: "delete"; readonly namespace: string; readonly name: string };

/** Receives the changes of one table operation, in order, synchronously. */
export type TableListener = (changes: readonly ServiceChange[]) => void;

/** The table key of a service: `namespace/name`. */
export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * The port on `endpoint` that traffic for `port` goes to, or undefined when the endpoint does
 * not offer it. Order: the endpoint's port named like the service port (what EndpointSlices
 * carry, already resolved per pod); else the endpoint's port named by a string targetPort; else
 * a numeric targetPort. So a named targetPort resolves per endpoint, and pods may differ.
 */
export function endpointPort(port: ServicePort, endpoint: Endpoint): number | undefined {
  const byName = endpoint.ports[port.name];
  if (byName !== undefined) return byName;
  if (typeof port.targetPort === "string") return endpoint.ports[port.targetPort];
  return port.targetPort;
}

/** True when the service has no cluster IP (`clusterIP: None`). */
export function isHeadless(service: Service): boolean {
  return service.clusterIPs.length === 0;
}

/** The desired services, keyed by `namespace/name`. */
export class ServiceTable {
  readonly #services = new Map<string, { service: Service; fingerprint: string }>();
  readonly #listeners = new Set<TableListener>();

  /** The number of services. */
  get size(): number {
    return this.#services.size;
  }

  /** The service stored under `key` (`namespace/name`), in O(1). */
  get(key: string): Service | undefined {
    return this.#services.get(key)?.service;
  }

  /** Every stored service, in insertion order. */
  *values(): IterableIterator<Service> {
    for (const entry of this.#services.values()) yield entry.service;
  }

  /**
   * Calls `listener` with the changes of every later operation; returns the unsubscribe
   * function. A listener that throws does not stop the others (the error is rethrown after all
   * have run).
   */
  subscribe(listener: TableListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds or replaces a whole service; returns the change, or undefined when nothing changed. */
  upsert(input: ServiceInput): ServiceChange | undefined {
    return this.apply([{ type: "upsert", service: input }])[0];
  }

  /** Deletes a service; returns the change, or undefined when it was absent. */
  delete(namespace: string, name: string): ServiceChange | undefined {
    return this.apply([{ type: "delete", namespace, name }])[0];
  }

  /**
   * Applies updates in order and notifies subscribers once with every effective change.
   * Validation happens first: an invalid service throws (TypeError/RangeError) and nothing of
   * this batch is applied.
   */
  apply(updates: readonly TableUpdate[]): ServiceChange[] {
    const normalized = updates.map((update) =>
      update.type === "upsert"
        ? { key: "", update, service: normalizeService(update.service) }
        : { key: serviceKey(update.namespace, update.name), update, service: undefined }
    );
    const changes: ServiceChange[] = [];
    for (const item of normalized) {
      if (item.service) {
        const key = serviceKey(item.service.namespace, item.service.name);
        const fingerprint = JSON.stringify(item.service);
        const old = this.#services.get(key);
        if (old?.fingerprint === fingerprint) continue;
        this.#services.set(key, { service: item.service, fingerprint });
        changes.push(
          old
            ? { key, previous: old.service, current: item.service }
            : { key, current: item.service },
        );
      } else {
        const old = this.#services.get(item.key);
        if (!old) continue;
        this.#services.delete(item.key);
        changes.push({ key: item.key, previous: old.service });
      }
    }
    if (changes.length > 0) this.#notify(changes);
    return changes;
  }

  /**
   * Makes the table equal to `inputs` (an informer's relist): upserts each, deletes services
   * not among them. Returns the effective changes.
   */
  replaceAll(inputs: readonly ServiceInput[]): ServiceChange[] {
    const keep = new Set(inputs.map((s) => serviceKey(s.namespace, s.name)));
    const updates: TableUpdate[] = inputs.map((service) => ({ type: "upsert", service }));
    for (const { service } of this.#services.values()) {
      if (!keep.has(serviceKey(service.namespace, service.name))) {
        updates.push({ type: "delete", namespace: service.namespace, name: service.name });
      }
    }
    return this.apply(updates);
  }

  #notify(changes: readonly ServiceChange[]): void {
    let failure: unknown;
    for (const listener of this.#listeners) {
      try {
        listener(changes);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}

/**
 * Validates and fills the defaults of a service.
 *
 * @throws {TypeError} for a malformed field (bad IP, missing name).
 * @throws {RangeError} for an out-of-range port or timeout, or duplicate ports.
 */
export function normalizeService(input: ServiceInput): Service {
  if (!input.namespace || !input.name) {
    throw new TypeError("a service needs a namespace and a name");
  }
  const where = serviceKey(input.namespace, input.name);
  const ip = (text: string, what: string): string => {
    const canonical = canonicalIP(text);
    if (!canonical) throw new TypeError(`${where}: ${what} ${JSON.stringify(text)} is not an IP`);
    return canonical;
  };
  const rawClusterIPs = (input.clusterIPs ?? []).filter((c) => c !== "None" && c !== "");
  const clusterIPs = unique(rawClusterIPs.map((c) => ip(c, "cluster IP")));
  const externalIPs = unique((input.externalIPs ?? []).map((c) => ip(c, "external IP")));
  const loadBalancerIPs = unique(
    (input.loadBalancerIPs ?? []).map((c) => ip(c, "load balancer ingress IP")),
  );
  const affinity = input.sessionAffinity ?? { type: "None" };
  let sessionAffinity: SessionAffinity = { type: "None" };
  if (affinity.type === "ClientIP") {
    const timeout = affinity.timeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS;
    if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86400) {
      throw new RangeError(`${where}: sessionAffinity timeoutSeconds must be in 1..86400`);
    }
    sessionAffinity = Object.freeze({ type: "ClientIP", timeoutSeconds: timeout });
  }
  const ports = (input.ports ?? []).map((p) => normalizePort(p, where));
  const names = new Set<string>();
  const numbers = new Set<string>();
  for (const p of ports) {
    if (names.has(p.name)) {
      throw new RangeError(`${where}: duplicate port name ${JSON.stringify(p.name)}`);
    }
    const id = `${p.port}/${p.protocol}`;
    if (numbers.has(id)) throw new RangeError(`${where}: duplicate port ${id}`);
    names.add(p.name);
    numbers.add(id);
  }
  const endpoints = (input.endpoints ?? []).map((e) => normalizeEndpoint(e, where, ip));
  const service: Service = {
    namespace: input.namespace,
    name: input.name,
    type: input.type ?? (input.externalName !== undefined ? "ExternalName" : "ClusterIP"),
    clusterIPs: Object.freeze(clusterIPs),
    externalIPs: Object.freeze(externalIPs),
    loadBalancerIPs: Object.freeze(loadBalancerIPs),
    ...(input.externalName !== undefined ? { externalName: input.externalName } : {}),
    sessionAffinity,
    externalTrafficPolicy: input.externalTrafficPolicy ?? "Cluster",
    internalTrafficPolicy: input.internalTrafficPolicy ?? "Cluster",
    ports: Object.freeze(ports),
    endpoints: Object.freeze(endpoints),
  };
  return Object.freeze(service);
}

function normalizePort(input: ServicePortInput, where: string): ServicePort {
  const protocol = input.protocol ?? "TCP";
  if (protocol !== "TCP" && protocol !== "UDP") {
    throw new TypeError(`${where}: protocol ${String(protocol)} is not supported (TCP, UDP)`);
  }
  checkPort(input.port, `${where}: port`);
  const targetPort = input.targetPort ?? input.port;
  if (typeof targetPort === "number") checkPort(targetPort, `${where}: targetPort`);
  else if (targetPort === "") throw new TypeError(`${where}: targetPort name is empty`);
  if (input.nodePort !== undefined) checkPort(input.nodePort, `${where}: nodePort`);
  return Object.freeze({
    name: input.name ?? "",
    protocol,
    port: input.port,
    targetPort,
    ...(input.nodePort !== undefined ? { nodePort: input.nodePort } : {}),
  });
}

function normalizeEndpoint(
  input: EndpointInput,
  where: string,
  ip: (text: string, what: string) => string,
): Endpoint {
  const ports: Record<string, number> = {};
  for (const [name, port] of Object.entries(input.ports ?? {})) {
    checkPort(port, `${where}: endpoint ${input.ip} port ${JSON.stringify(name)}`);
    ports[name] = port;
  }
  const ready = input.ready ?? true;
  return Object.freeze({
    ip: ip(input.ip, "endpoint"),
    ports: Object.freeze(ports),
    ready,
    serving: input.serving ?? ready,
    terminating: input.terminating ?? false,
    ...(input.nodeName !== undefined ? { nodeName: input.nodeName } : {}),
    ...(input.hostname !== undefined ? { hostname: input.hostname } : {}),
  });
}

function checkPort(port: number, what: string): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`${what} ${port} is not in 1..65535`);
  }
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
