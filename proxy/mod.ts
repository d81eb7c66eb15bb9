/**
 * The userspace service proxy (TCP/UDP, ClusterIP and NodePort) and cluster DNS.
 *
 * @module
 */
import { type CommandSpec, runCommand } from "../cli/command.ts";
import { notBuiltYet } from "../cli/not_built.ts";
import { parseServerUrls } from "../cli/values.ts";
import { SERVER_FLAGS } from "../client/flags.ts";

/** `kubeno proxy`. */
export const proxyCommand: CommandSpec<typeof SERVER_FLAGS> = {
  name: "proxy",
  summary: "make services reachable on this machine (ClusterIP, NodePort) and serve cluster DNS",
  flags: SERVER_FLAGS,
  run(flags) {
    parseServerUrls("server", flags.server);
    return notBuiltYet("proxy");
  },
};

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
