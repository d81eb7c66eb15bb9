/**
 * The proxy's metrics: per service port counters (connections, active connections, bytes each
 * way, errors by reason) and DNS request counters, rendered as Prometheus text exposition
 * (version 0.0.4). A few counters do not justify a client library; the renderer escapes label
 * values as the format requires.
 *
 * @module
 */

import { type MetricFamily, PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "../cli/prometheus.ts";

export { type MetricFamily, PROMETHEUS_CONTENT_TYPE, renderPrometheus };

/** Why a connection or datagram failed. */
export type ErrorReason =
  /** Connecting to a backend failed (refused, timed out); the next one was tried. */
  | "connect"
  /** A connection arrived but no backend could take it; it was closed. */
  | "no_backend"
  /** Reading or writing an established connection failed (reset, broken pipe). */
  | "io"
  /** Sending a datagram failed. */
  | "send";

/** The counters of one service port (mutated in place by the frontends, O(1)). */
export class PortStats {
  /** Connections accepted (TCP) or sessions created (UDP). */
  connections = 0;
  /** Connections or sessions open now. */
  active = 0;
  /** Bytes from clients to backends. */
  bytesIn = 0;
  /** Bytes from backends to clients. */
  bytesOut = 0;
  /** Errors by reason. */
  readonly errors = new Map<ErrorReason, number>();

  /** Creates the counters of `namespace/service` port `port` (`protocol`). */
  constructor(
    readonly namespace: string,
    readonly service: string,
    readonly port: string,
    readonly protocol: string,
  ) {}

  /** Counts one error. */
  error(reason: ErrorReason): void {
    this.errors.set(reason, (this.errors.get(reason) ?? 0) + 1);
  }

  /** The total of every error reason. */
  get errorTotal(): number {
    let total = 0;
    for (const n of this.errors.values()) total += n;
    return total;
  }
}

/** The registry of the proxy's counters. */
export class ProxyMetrics {
  readonly #ports = new Map<string, PortStats>();
  /** DNS responses by transport and rcode name (`udp/NOERROR`). */
  readonly dnsResponses = new Map<string, number>();
  /** DNS queries forwarded upstream, and those that failed. */
  dnsForwarded = 0;
  /** DNS forwards that got no answer. */
  dnsForwardErrors = 0;

  /** The counters of a service port, created on first use (O(1)). */
  port(namespace: string, service: string, port: string, protocol: string): PortStats {
    const key = `${namespace}/${service}/${port}/${protocol}`;
    let stats = this.#ports.get(key);
    if (!stats) {
      stats = new PortStats(namespace, service, port, protocol);
      this.#ports.set(key, stats);
    }
    return stats;
  }

  /** Forgets the counters of a deleted service (its series end). */
  removeService(namespace: string, service: string): void {
    const prefix = `${namespace}/${service}/`;
    for (const key of this.#ports.keys()) if (key.startsWith(prefix)) this.#ports.delete(key);
  }

  /** Counts one DNS response. */
  dnsResponse(transport: "udp" | "tcp", rcode: string): void {
    const key = `${transport}/${rcode}`;
    this.dnsResponses.set(key, (this.dnsResponses.get(key) ?? 0) + 1);
  }

  /** Every counter in Prometheus text exposition format. */
  render(): string {
    const families: MetricFamily[] = [];
    const ports = [...this.#ports.values()];
    const labels = (s: PortStats) => ({
      namespace: s.namespace,
      service: s.service,
      port: s.port,
      protocol: s.protocol,
    });
    families.push(
      {
        name: "kubeno_proxy_connections_total",
        help: "Connections accepted (TCP) or sessions created (UDP) per service port.",
        type: "counter",
        samples: ports.map((s) => ({ labels: labels(s), value: s.connections })),
      },
      {
        name: "kubeno_proxy_active_connections",
        help: "Connections (TCP) or sessions (UDP) open now per service port.",
        type: "gauge",
        samples: ports.map((s) => ({ labels: labels(s), value: s.active })),
      },
      {
        name: "kubeno_proxy_bytes_total",
        help: "Bytes relayed per service port; direction in = client to backend.",
        type: "counter",
        samples: ports.flatMap((s) => [
          { labels: { ...labels(s), direction: "in" }, value: s.bytesIn },
          { labels: { ...labels(s), direction: "out" }, value: s.bytesOut },
        ]),
      },
      {
        name: "kubeno_proxy_errors_total",
        help: "Connection errors per service port and reason.",
        type: "counter",
        samples: ports.flatMap((s) =>
          [...s.errors].map(([reason, value]) => ({ labels: { ...labels(s), reason }, value }))
        ),
      },
      {
        name: "kubeno_dns_responses_total",
        help: "DNS responses by transport and response code.",
        type: "counter",
        samples: [...this.dnsResponses].map(([key, value]) => {
          const [transport = "", rcode = ""] = key.split("/");
          return { labels: { transport, rcode }, value };
        }),
      },
      {
        name: "kubeno_dns_forwarded_total",
        help: "DNS queries forwarded to the upstream server.",
        type: "counter",
        samples: [{ labels: {}, value: this.dnsForwarded }],
      },
      {
        name: "kubeno_dns_forward_errors_total",
        help: "Forwarded DNS queries that got no answer from the upstream server.",
        type: "counter",
        samples: [{ labels: {}, value: this.dnsForwardErrors }],
      },
    );
    return renderPrometheus(families);
  }
}

/** An HTTP handler serving `metrics.render()` at `/metrics` (404 elsewhere), for `Deno.serve`. */
export function metricsHandler(metrics: ProxyMetrics): (request: Request) => Response {
  return (request) => {
    if (new URL(request.url).pathname !== "/metrics") {
      return new Response("not found\n", { status: 404 });
    }
    return new Response(metrics.render(), { headers: { "content-type": PROMETHEUS_CONTENT_TYPE } });
  };
}
