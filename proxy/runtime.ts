/**
 * The proxy's data plane assembled: one {@linkcode ServiceTable} (fed by the controller loop),
 * the {@linkcode Proxier} serving it, cluster DNS on the DNS service address, and `/metrics`
 * over HTTP. `kubeno proxy` starts this and feeds the table from its informers.
 *
 * The DNS server binds its address itself, so the proxier is told to leave that address and
 * port alone (a `kube-dns` Service with the same cluster IP and port would otherwise collide).
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import { Forwarder, parseUpstream } from "./dns/forward.ts";
import { DnsHandler } from "./dns/handler.ts";
import { DnsServer } from "./dns/server.ts";
import { ClusterZone } from "./dns/zone.ts";
import { metricsHandler, ProxyMetrics } from "./metrics.ts";
import { frontendKey, Proxier, type ProxierOptions } from "./proxier.ts";
import type { ServiceTable } from "./table.ts";

/** Options of the data plane. */
export interface ProxyRuntimeOptions {
  /** The desired services (the runtime follows its changes). */
  readonly table: ServiceTable;
  /** Proxier tuning (node addresses, node name, timeouts). */
  readonly proxier?: Omit<ProxierOptions, "metrics" | "logger" | "reservedFrontends">;
  /** Serve cluster DNS; absent: no DNS server. */
  readonly dns?: {
    /** The DNS service IP (10.96.0.10 in a cluster). */
    readonly hostname: string;
    /** Default 53; 0 picks a free port. */
    readonly port?: number;
    /** Default `cluster.local`. */
    readonly domain?: string;
    /** `IP[:PORT]` of the upstream resolver for other names; absent: they are REFUSED. */
    readonly upstream?: string;
  };
  /** Serve `/metrics` over HTTP here; absent: not served. */
  readonly metrics?: { readonly hostname: string; readonly port: number };
  readonly logger?: Logger;
}

/** A running data plane. */
export interface ProxyRuntime {
  readonly proxier: Proxier;
  readonly metrics: ProxyMetrics;
  readonly zone: ClusterZone | undefined;
  readonly dnsServer: DnsServer | undefined;
  /** Where `/metrics` is served, when it is. */
  readonly metricsAddress: Deno.NetAddr | undefined;
  /** Stops everything; resolves when every socket is closed. */
  close(): Promise<void>;
}

/**
 * Starts the data plane.
 *
 * @throws when the DNS server or the metrics server cannot bind (after closing what started).
 */
export async function startProxyRuntime(options: ProxyRuntimeOptions): Promise<ProxyRuntime> {
  const log = options.logger ?? createLogger("proxy");
  const metrics = new ProxyMetrics();
  let zone: ClusterZone | undefined;
  let dnsServer: DnsServer | undefined;
  let httpServer: Deno.HttpServer<Deno.NetAddr> | undefined;
  let proxier: Proxier | undefined;
  const close = async () => {
    await Promise.all([proxier?.close(), dnsServer?.close(), httpServer?.shutdown()]);
    zone?.close();
  };
  try {
    const reserved = new Set<string>();
    if (options.dns) {
      const dns = options.dns;
      zone = new ClusterZone(options.table, {
        dnsIP: dns.hostname,
        ...(dns.domain ? { domain: dns.domain } : {}),
      });
      const forwarder = dns.upstream
        ? new Forwarder({ upstream: parseUpstream(dns.upstream), logger: log })
        : undefined;
      const handler = new DnsHandler({
        zone,
        metrics,
        logger: log,
        ...(forwarder ? { forwarder } : {}),
      });
      dnsServer = new DnsServer({
        hostname: dns.hostname,
        port: dns.port ?? 53,
        handler,
        logger: log,
      });
      await dnsServer.start();
      reserved.add(frontendKey("UDP", dns.hostname, dnsServer.port));
      reserved.add(frontendKey("TCP", dns.hostname, dnsServer.port));
    }
    if (options.metrics) {
      httpServer = Deno.serve({
        hostname: options.metrics.hostname,
        port: options.metrics.port,
        onListen: () => {},
      }, metricsHandler(metrics));
    }
    proxier = new Proxier(options.table, {
      ...options.proxier,
      metrics,
      logger: log,
      reservedFrontends: reserved,
    });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    proxier,
    metrics,
    zone,
    dnsServer,
    metricsAddress: httpServer?.addr,
    close,
  };
}
