/**
 * The proxier: reconciles the {@linkcode ServiceTable} into frontends (one listener per
 * protocol, address and port) and keeps each service port's balancer in step with its
 * endpoints. It applies each service change as a diff: frontends that stay are never restarted,
 * balancers keep their affinity pins and round-robin position, and only the frontends of the
 * changed service are touched.
 *
 * Frontends of a service port: one per cluster IP (internal traffic policy), one per external IP,
 * one per LoadBalancer ingress IP that is a configured node address, and, with a nodePort, one
 * per configured node address (external traffic policy). A frontend
 * listens while its balancer has backends and is *parked* (listener closed, so connections are
 * refused at once) while it has none. Backends: the ready endpoints that offer the port (and,
 * for a Local policy, run on this node); when none is ready, the serving terminating ones.
 *
 * Errors are per service, never fatal: a bind failure or an address:port another service
 * already holds leaves that frontend in state `error` (see {@linkcode Proxier.status}); the
 * next change of the service or {@linkcode Proxier.resync} tries again.
 *
 * Invariants: `#frontends` maps every frontend key to the one frontend that owns it (O(1)
 * lookup); a frontend belongs to exactly one service state; the listener of a frontend is open
 * only while `wanted` (its balancer has backends), once its queued operations have run.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import { type Backend, backend, Balancer } from "./balancer.ts";
import { joinHostPort } from "./ip.ts";
import { type PortStats, ProxyMetrics } from "./metrics.ts";
import {
  endpointPort,
  type Protocol,
  type Service,
  type ServiceChange,
  type ServicePort,
  type ServiceTable,
  type TrafficPolicy,
} from "./table.ts";
import { TcpFrontend } from "./tcp_proxy.ts";
import { UdpFrontend } from "./udp_proxy.ts";

/** Options of the proxier. */
export interface ProxierOptions {
  /** Addresses NodePort frontends listen on (this node's addresses); default none. */
  readonly nodeAddresses?: readonly string[];
  /** This node's name, for the Local traffic policies. Local without it matches no endpoint. */
  readonly nodeName?: string;
  /** Listen on cluster IPs (default true). */
  readonly bindClusterIPs?: boolean;
  /**
   * Frontend keys (see {@linkcode frontendKey}) never opened, e.g. the DNS service's
   * `UDP/10.96.0.10:53` and `TCP/10.96.0.10:53` when this process serves cluster DNS there.
   */
  readonly reservedFrontends?: ReadonlySet<string>;
  readonly metrics?: ProxyMetrics;
  readonly logger?: Logger;
  /** TCP backend connect timeout (ms); default 3000. */
  readonly connectTimeoutMs?: number;
  /**
   * How long TCP connections to an endpoint that left the service stay open (ms); default
   * 30000; 0 closes them at once, Infinity never. Connections to endpoints that remain are
   * never closed by an update.
   */
  readonly removedEndpointGraceMs?: number;
  /** How long a backend that failed to connect is skipped (ms); default 5000. */
  readonly badBackendMs?: number;
  /** UDP session idle timeout (ms); default 30000. */
  readonly udpIdleTimeoutMs?: number;
  /** UDP sessions per frontend at most; default 10000. */
  readonly udpMaxSessions?: number;
}

/** What a frontend listens for. */
export type FrontendKind = "clusterIP" | "externalIP" | "loadBalancer" | "nodePort";

/** The state of a frontend: listening, parked (no backends), or failed to bind. */
export type FrontendState = "listening" | "parked" | "error";

/** A frontend as {@linkcode Proxier.status} and {@linkcode Proxier.lookup} report it. */
export interface FrontendStatus {
  /** `TCP/10.96.0.1:80`. */
  readonly key: string;
  /** The owning service, `namespace/name`. */
  readonly service: string;
  readonly portName: string;
  readonly protocol: Protocol;
  readonly ip: string;
  readonly port: number;
  readonly kind: FrontendKind;
  readonly state: FrontendState;
  /** Why binding failed, or which service holds the address. */
  readonly error?: string;
  /** The number of backends of its balancer. */
  readonly backends: number;
}

/** The frontend key: `PROTOCOL/ip:port`. */
export function frontendKey(protocol: Protocol, ip: string, port: number): string {
  return `${protocol}/${joinHostPort(ip, port)}`;
}

type Server = TcpFrontend | UdpFrontend;

interface Frontend {
  readonly key: string;
  readonly service: string;
  readonly portName: string;
  readonly protocol: Protocol;
  readonly ip: string;
  readonly port: number;
  readonly kind: FrontendKind;
  readonly balancer: Balancer;
  readonly server: Server;
  wanted: boolean;
  state: FrontendState;
  error: string | undefined;
  closed: boolean;
  /** Queued listener operations, in order. */
  chain: Promise<void>;
  /** The number of queued operations not yet done. */
  busy: number;
}

interface PortState {
  spec: ServicePort;
  readonly internal: Balancer;
  /** The balancer of external frontends when the policies differ; else `internal` is used. */
  external: Balancer | undefined;
  readonly stats: PortStats;
}

interface ServiceState {
  service: Service;
  readonly ports: Map<string, PortState>;
  readonly frontends: Map<string, Frontend>;
  /** Frontend keys this service wants but another service holds -> the holder. */
  readonly conflicts: Map<string, { readonly holder: string; readonly want: DesiredFrontend }>;
}

interface DesiredFrontend {
  readonly key: string;
  readonly ip: string;
  readonly port: number;
  readonly kind: FrontendKind;
  readonly portState: PortState;
  readonly balancer: Balancer;
}

/** Turns the desired services into listeners and backend sets. */
export class Proxier {
  readonly metrics: ProxyMetrics;
  readonly #options: ProxierOptions;
  readonly #log: Logger;
  readonly #services = new Map<string, ServiceState>();
  readonly #frontends = new Map<string, Frontend>();
  readonly #pending = new Set<Promise<void>>();
  /** Frontend key -> the close of its previous (UDP) socket, which a new bind must await. */
  readonly #closing = new Map<string, Promise<void>>();
  readonly #unsubscribe: () => void;
  #closed = false;
  #listenerOpens = 0;

  /** Starts serving every service of `table` and follows its changes. */
  constructor(table: ServiceTable, options: ProxierOptions = {}) {
    this.#options = options;
    this.metrics = options.metrics ?? new ProxyMetrics();
    this.#log = options.logger ?? createLogger("proxy");
    this.#unsubscribe = table.subscribe((changes) => this.#apply(changes));
    this.#apply([...table.values()].map((service) => ({
      key: `${service.namespace}/${service.name}`,
      current: service,
    })));
  }

  /** The number of frontends (listening, parked or failed). */
  get frontendCount(): number {
    return this.#frontends.size;
  }

  /** How many times a listener was opened (tests check unchanged frontends stay open). */
  get listenerOpens(): number {
    return this.#listenerOpens;
  }

  /** The frontend for a protocol, address and port, in O(1). */
  lookup(protocol: Protocol, ip: string, port: number): FrontendStatus | undefined {
    const frontend = this.#frontends.get(frontendKey(protocol, ip, port));
    return frontend && describe(frontend);
  }

  /**
   * The frontends of one service (`namespace/name`) or of all, with conflicts reported as
   * frontends in state `error`.
   */
  status(key?: string): FrontendStatus[] {
    const states = key === undefined
      ? [...this.#services.entries()]
      : this.#services.has(key)
      ? [[key, this.#services.get(key)!] as const]
      : [];
    const out: FrontendStatus[] = [];
    for (const [serviceKey, state] of states) {
      for (const frontend of state.frontends.values()) out.push(describe(frontend));
      for (const { holder, want } of state.conflicts.values()) {
        out.push({
          key: want.key,
          service: serviceKey,
          portName: want.portState.spec.name,
          protocol: want.portState.spec.protocol,
          ip: want.ip,
          port: want.port,
          kind: want.kind,
          state: "error",
          error: `address in use by service ${holder}`,
          backends: want.balancer.size,
        });
      }
    }
    return out;
  }

  /** The frontends in state `error`. */
  errors(): FrontendStatus[] {
    return this.status().filter((s) => s.state === "error");
  }

  /** Retries failed binds and conflicts; resolves when done. */
  resync(): Promise<void> {
    for (const state of this.#services.values()) {
      if (state.conflicts.size > 0) {
        this.#sync(`${state.service.namespace}/${state.service.name}`, state.service);
      }
    }
    for (const frontend of this.#frontends.values()) {
      if (frontend.state === "error") this.#converge(frontend);
    }
    return this.settled();
  }

  /** Resolves when every queued listener operation has run. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  /** Stops following the table and closes every frontend and connection. */
  async close(): Promise<void> {
    if (this.#closed) return this.settled();
    this.#closed = true;
    this.#unsubscribe();
    for (const frontend of this.#frontends.values()) this.#closeFrontend(frontend);
    this.#frontends.clear();
    this.#services.clear();
    await this.settled();
  }

  #apply(changes: readonly ServiceChange[]): void {
    if (this.#closed) return;
    for (const change of changes) {
      try {
        this.#sync(change.key, change.current);
      } catch (error) {
        this.#log.error("applying a service change failed", { service: change.key, error });
      }
    }
  }

  /** Makes the frontends and balancers of one service match `service` (absent: deleted). */
  #sync(key: string, service: Service | undefined): void {
    const serviceKey = key;
    let state = this.#services.get(serviceKey);
    if (!service) {
      if (!state) return;
      for (const frontend of state.frontends.values()) this.#release(frontend);
      this.#services.delete(serviceKey);
      this.metrics.removeService(state.service.namespace, state.service.name);
      return;
    }
    if (!state) {
      state = { service, ports: new Map(), frontends: new Map(), conflicts: new Map() };
      this.#services.set(serviceKey, state);
    }
    state.service = service;

    // Ports and balancers: reuse a port's balancers while its name and protocol stay.
    const removedByBalancer = new Map<Balancer, string[]>();
    const ports = new Map<string, PortState>();
    for (const spec of service.ports) {
      let portState = state.ports.get(spec.name);
      if (!portState || portState.spec.protocol !== spec.protocol) {
        portState = {
          spec,
          internal: this.#balancer(),
          external: undefined,
          stats: this.metrics.port(service.namespace, service.name, spec.name, spec.protocol),
        };
      }
      portState.spec = spec;
      const samePolicy = service.externalTrafficPolicy === service.internalTrafficPolicy;
      if (samePolicy) portState.external = undefined;
      else portState.external ??= this.#balancer();
      const views: [Balancer, TrafficPolicy][] = [[
        portState.internal,
        service.internalTrafficPolicy,
      ]];
      if (portState.external) views.push([portState.external, service.externalTrafficPolicy]);
      for (const [balancer, policy] of views) {
        balancer.setAffinity(service.sessionAffinity);
        const removed = balancer.setBackends(
          backendsFor(service, spec, policy, this.#options.nodeName),
        );
        if (removed.length > 0) removedByBalancer.set(balancer, removed);
      }
      ports.set(spec.name, portState);
    }
    state.ports.clear();
    for (const [name, portState] of ports) state.ports.set(name, portState);

    // Frontends: close the ones no longer wanted (or now fed by another balancer), open new.
    const desired = new Map<string, DesiredFrontend>();
    for (const want of desiredFrontends(service, ports, this.#options)) desired.set(want.key, want);
    for (const [frontendKey, frontend] of state.frontends) {
      const want = desired.get(frontendKey);
      if (
        !want || want.balancer !== frontend.balancer ||
        want.portState.spec.name !== frontend.portName
      ) {
        state.frontends.delete(frontendKey);
        this.#release(frontend);
      }
    }
    state.conflicts.clear();
    for (const want of desired.values()) {
      if (state.frontends.has(want.key)) continue;
      const holder = this.#frontends.get(want.key);
      if (holder) {
        state.conflicts.set(want.key, { holder: holder.service, want });
        this.#log.warn("frontend address already used by another service", {
          service: serviceKey,
          frontend: want.key,
          holder: holder.service,
        });
        continue;
      }
      const frontend = this.#createFrontend(serviceKey, want);
      state.frontends.set(want.key, frontend);
      this.#frontends.set(want.key, frontend);
    }

    // Listen while there are backends; retire connections to backends that left.
    const grace = this.#options.removedEndpointGraceMs ?? 30_000;
    for (const frontend of state.frontends.values()) {
      frontend.wanted = frontend.balancer.size > 0;
      this.#converge(frontend);
      const removed = removedByBalancer.get(frontend.balancer);
      if (removed) frontend.server.retireBackends(removed, grace);
    }
  }

  #balancer(): Balancer {
    return new Balancer(
      this.#options.badBackendMs !== undefined ? { badBackendMs: this.#options.badBackendMs } : {},
    );
  }

  #createFrontend(service: string, want: DesiredFrontend): Frontend {
    const spec = want.portState.spec;
    const common = {
      hostname: want.ip,
      port: want.port,
      balancer: want.balancer,
      stats: want.portState.stats,
      logger: this.#log.with({ service }),
    };
    const o = this.#options;
    const server: Server = spec.protocol === "TCP"
      ? new TcpFrontend({
        ...common,
        ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      })
      : new UdpFrontend({
        ...common,
        ...(o.udpIdleTimeoutMs !== undefined ? { idleTimeoutMs: o.udpIdleTimeoutMs } : {}),
        ...(o.udpMaxSessions !== undefined ? { maxSessions: o.udpMaxSessions } : {}),
      });
    const frontend: Frontend = {
      key: want.key,
      service,
      portName: spec.name,
      protocol: spec.protocol,
      ip: want.ip,
      port: want.port,
      kind: want.kind,
      balancer: want.balancer,
      server,
      wanted: false,
      state: "parked",
      error: undefined,
      closed: false,
      chain: Promise.resolve(),
      busy: 0,
    };
    // A previous frontend on this key may still be releasing its socket: bind after it.
    const previous = this.#closing.get(want.key);
    if (previous) this.#enqueue(frontend, () => previous);
    return frontend;
  }

  /** Removes a frontend from the global map and closes it. */
  #release(frontend: Frontend): void {
    if (this.#frontends.get(frontend.key) === frontend) this.#frontends.delete(frontend.key);
    this.#closeFrontend(frontend);
  }

  #closeFrontend(frontend: Frontend): void {
    frontend.closed = true;
    frontend.wanted = false;
    // A TCP listener stops at once; a UDP socket after its queued operations. A new frontend
    // on the key binds after this close has released the socket.
    const closed = frontend.server instanceof TcpFrontend
      ? Promise.all([frontend.server.close(), frontend.chain]).then(() => {})
      : frontend.chain.then(() => frontend.server.close());
    const done = closed.catch((error) => {
      this.#log.error("closing a frontend failed", { frontend: frontend.key, error });
    });
    this.#closing.set(frontend.key, done);
    done.then(() => {
      if (this.#closing.get(frontend.key) === done) this.#closing.delete(frontend.key);
    });
    this.#track(done);
  }

  /**
   * Opens or parks the listener to match `wanted`. A TCP frontend with nothing queued does it
   * synchronously (new connections see the change within the update); otherwise the operation
   * is queued behind the frontend's pending ones (UDP binds, a socket still being released).
   */
  #converge(frontend: Frontend): void {
    if (frontend.closed) return;
    const server = frontend.server;
    if (server instanceof TcpFrontend && frontend.busy === 0) {
      if (frontend.wanted) this.#open(frontend, () => server.open());
      else {
        const released = server.park();
        frontend.state = "parked";
        frontend.error = undefined;
        this.#enqueue(frontend, () => released);
      }
      return;
    }
    this.#enqueue(frontend, async () => {
      if (frontend.closed) return;
      if (frontend.wanted) await this.#open(frontend, () => server.open());
      else {
        await server.park();
        frontend.state = "parked";
        frontend.error = undefined;
      }
    });
  }

  /** Opens the listener unless open; records success or the bind error. */
  #open(frontend: Frontend, open: () => void | Promise<void>): void | Promise<void> {
    const done = () => {
      frontend.state = "listening";
      frontend.error = undefined;
    };
    if (frontend.server.listening) return done();
    try {
      const result = open();
      if (!result) {
        this.#listenerOpens++;
        return done();
      }
      return result.then(() => {
        this.#listenerOpens++;
        done();
      }, (error) => this.#bindFailed(frontend, error));
    } catch (error) {
      this.#bindFailed(frontend, error);
    }
  }

  /** Runs `op` after the frontend's queued operations. */
  #enqueue(frontend: Frontend, op: () => void | Promise<void>): void {
    frontend.busy++;
    frontend.chain = frontend.chain.then(op).finally(() => {
      frontend.busy--;
    });
    this.#track(frontend.chain);
  }

  #bindFailed(frontend: Frontend, error: unknown): void {
    frontend.state = "error";
    frontend.error = error instanceof Error ? error.message : String(error);
    this.#log.warn("cannot listen for a service", {
      service: frontend.service,
      frontend: frontend.key,
      error,
    });
  }

  #track(promise: Promise<void>): void {
    const tracked = promise.catch((error) => {
      this.#log.error("frontend operation failed", { error });
    });
    this.#pending.add(tracked);
    tracked.then(() => this.#pending.delete(tracked));
  }
}

/** The backends of a service port for a traffic policy (see the module notes). */
export function backendsFor(
  service: Service,
  port: ServicePort,
  policy: TrafficPolicy,
  nodeName: string | undefined,
): Backend[] {
  const ready: Backend[] = [];
  const terminating: Backend[] = [];
  for (const endpoint of service.endpoints) {
    if (policy === "Local" && (nodeName === undefined || endpoint.nodeName !== nodeName)) continue;
    const targetPort = endpointPort(port, endpoint);
    if (targetPort === undefined) continue;
    if (endpoint.ready) ready.push(backend(endpoint.ip, targetPort));
    else if (endpoint.serving && endpoint.terminating) {
      terminating.push(backend(endpoint.ip, targetPort));
    }
  }
  return ready.length > 0 ? ready : terminating;
}

function desiredFrontends(
  service: Service,
  ports: ReadonlyMap<string, PortState>,
  options: ProxierOptions,
): DesiredFrontend[] {
  if (service.type === "ExternalName") return [];
  const out: DesiredFrontend[] = [];
  for (const portState of ports.values()) {
    const spec = portState.spec;
    const internal = portState.internal;
    const external = portState.external ?? portState.internal;
    const add = (ip: string, port: number, kind: FrontendKind, balancer: Balancer) => {
      const key = frontendKey(spec.protocol, ip, port);
      if (options.reservedFrontends?.has(key)) return;
      out.push({ key, ip, port, kind, portState, balancer });
    };
    if (options.bindClusterIPs ?? true) {
      for (const ip of service.clusterIPs) add(ip, spec.port, "clusterIP", internal);
    }
    for (const ip of service.externalIPs) add(ip, spec.port, "externalIP", external);
    // Only this node's addresses can be bound; an ingress IP that is also an external IP is
    // served once (as the external IP).
    for (const ip of service.loadBalancerIPs) {
      if (options.nodeAddresses?.includes(ip) && !service.externalIPs.includes(ip)) {
        add(ip, spec.port, "loadBalancer", external);
      }
    }
    if (spec.nodePort !== undefined) {
      for (const ip of options.nodeAddresses ?? []) add(ip, spec.nodePort, "nodePort", external);
    }
  }
  return out;
}

function describe(frontend: Frontend): FrontendStatus {
  return {
    key: frontend.key,
    service: frontend.service,
    portName: frontend.portName,
    protocol: frontend.protocol,
    ip: frontend.ip,
    port: frontend.port,
    kind: frontend.kind,
    state: frontend.state,
    ...(frontend.error !== undefined ? { error: frontend.error } : {}),
    backends: frontend.balancer.size,
  };
}
