/**
 * The userspace service proxy (TCP/UDP, ClusterIP and NodePort) and cluster DNS.
 *
 * @module
 */
import {
  type CommandSpec,
  type FlagSpecs,
  runCommand,
  UsageError,
  verbosity,
} from "../cli/command.ts";
import { parseHostPort, parseServerUrls } from "../cli/values.ts";
import { createLogger } from "../cli/log.ts";
import { SERVER_FLAGS } from "../client/flags.ts";
import { ApiClient } from "../client/mod.ts";
import { LoadBalancerStatusController } from "./load_balancer_status.ts";
import { runProxy } from "./run.ts";

const PROXY_FLAGS = {
  ...SERVER_FLAGS,
  "service-cidr": {
    type: "string",
    default: "10.96.0.0/12",
    placeholder: "CIDR",
    description: "the service range, made local on this machine",
  },
  "dns-address": {
    type: "string",
    default: "10.96.0.10:53",
    placeholder: "ADDR",
    description: "where cluster DNS listens (UDP and TCP); 'off' for none",
  },
  "metrics-listen": {
    type: "string",
    default: "127.0.0.1:10249",
    placeholder: "ADDR",
    description: "host:port of /metrics",
  },
  "node-name": {
    type: "string",
    placeholder: "NAME",
    description: "this node's name (for Local traffic policies)",
  },
  "node-address": {
    type: "string",
    default: "127.0.0.1",
    placeholder: "IPS",
    description: "addresses NodePorts listen on, comma-separated",
  },
} as const satisfies FlagSpecs;

/** `kubeno proxy`. */
export const proxyCommand: CommandSpec<typeof PROXY_FLAGS> = {
  name: "proxy",
  summary: "make services reachable on this machine (ClusterIP, NodePort) and serve cluster DNS",
  flags: PROXY_FLAGS,
  run(flags) {
    const cidr = flags["service-cidr"];
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr)) {
      throw new UsageError(
        `--service-cidr must be an IPv4 CIDR like 10.96.0.0/12, got ${JSON.stringify(cidr)}`,
      );
    }
    const servers = parseServerUrls("server", flags.server);
    const nodeAddresses = flags["node-address"].split(",").map((a) => a.trim())
      .filter((a) => a !== "");
    return runProxyWithStatus({
      servers,
      serviceCidr: cidr,
      dns: flags["dns-address"] === "off"
        ? undefined
        : parseHostPort("dns-address", flags["dns-address"]),
      metrics: parseHostPort("metrics-listen", flags["metrics-listen"]),
      nodeName: flags["node-name"],
      nodeAddresses,
    }, verbosity(flags));
  },
};

/**
 * The proxy with the LoadBalancer status controller beside it for as long as it runs (the
 * controller lives here rather than in run.ts so that `runProxy` stays the data plane alone).
 */
export async function runProxyWithStatus(
  config: Parameters<typeof runProxy>[0],
  level: number,
): Promise<number> {
  const status = new LoadBalancerStatusController(new ApiClient(config.servers), {
    fallbackAddresses: config.nodeAddresses,
    logger: createLogger("proxy", level),
  });
  status.start();
  try {
    return await runProxy(config, level);
  } finally {
    await status.stop();
  }
}

/** Runs `kubeno proxy` with its arguments; resolves to the exit code. */
export function run(argv: readonly string[]): Promise<number> {
  return runCommand(proxyCommand, argv);
}

export { type Backend, backend, Balancer, type BalancerOptions } from "./balancer.ts";
export {
  endpointsFromSlices,
  SERVICE_NAME_LABEL,
  serviceFromKubernetes,
  type V1EndpointSlice,
  type V1Service,
} from "./convert.ts";
export * as dns from "./dns/mod.ts";
export {
  desiredIngress,
  type IngressEntry,
  LoadBalancerStatusController,
  type LoadBalancerStatusOptions,
  type V1NodeAddresses,
} from "./load_balancer_status.ts";
export {
  type ErrorReason,
  type MetricFamily,
  metricsHandler,
  PortStats,
  PROMETHEUS_CONTENT_TYPE,
  ProxyMetrics,
  renderPrometheus,
} from "./metrics.ts";
export {
  backendsFor,
  frontendKey,
  type FrontendKind,
  type FrontendState,
  type FrontendStatus,
  Proxier,
  type ProxierOptions,
} from "./proxier.ts";
export {
  DEFAULT_AFFINITY_TIMEOUT_SECONDS,
  type Endpoint,
  type EndpointInput,
  endpointPort,
  isHeadless,
  normalizeService,
  type Protocol,
  type Service,
  type ServiceChange,
  type ServiceInput,
  serviceKey,
  type ServicePort,
  type ServicePortInput,
  ServiceTable,
  type ServiceType,
  type SessionAffinity,
  type TableListener,
  type TableUpdate,
  type TrafficPolicy,
} from "./table.ts";
export { TcpFrontend, type TcpFrontendOptions } from "./tcp_proxy.ts";
export { UdpFrontend, type UdpFrontendOptions } from "./udp_proxy.ts";
export { type ProxyRuntime, type ProxyRuntimeOptions, startProxyRuntime } from "./runtime.ts";
