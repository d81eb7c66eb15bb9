/**
 * Flags of the API server: an embedded store member plus the address it serves on.
 *
 * @module
 */
import {
  type FlagSpecs,
  type FlagValues,
  type HostPort,
  parseHostPort,
  UsageError,
} from "../cli/mod.ts";
import { parseCidr } from "../kubelet/cidr.ts";
import { STORE_FLAGS, storeConfigFromFlags, type StoreMemberConfig } from "../store/flags.ts";
import type { ServiceRanges } from "./admission/services.ts";

/** Flag declarations of `kubeno apiserver` and `kubeno server`. */
export const APISERVER_FLAGS = {
  ...STORE_FLAGS,
  listen: {
    type: "string",
    default: "127.0.0.1:6443",
    placeholder: "ADDR",
    description: "host:port of the Kubernetes API (plain HTTP is allowed on loopback only)",
  },
  "service-cidr": {
    type: "string",
    default: "10.96.0.0/12",
    placeholder: "CIDR",
    description: "the range ClusterIPs are allocated from (the proxies' --service-cidr)",
  },
  "service-node-port-range": {
    type: "string",
    default: "30000-32767",
    placeholder: "MIN-MAX",
    description: "the range NodePorts are allocated from",
  },
} as const satisfies FlagSpecs;

/** An API server's validated configuration. */
export interface ApiServerConfig {
  readonly store: StoreMemberConfig;
  readonly listen: HostPort;
  /** The ClusterIP and NodePort ranges service admission allocates from (default 10.96.0.0/12, 30000-32767). */
  readonly services?: ServiceRanges;
}

/** Validates the API server flags. */
export function apiServerConfigFromFlags(
  flags: FlagValues<typeof APISERVER_FLAGS>,
): ApiServerConfig {
  return {
    store: storeConfigFromFlags(flags),
    listen: parseHostPort("listen", flags.listen),
    services: serviceRangesFromFlags(flags["service-cidr"], flags["service-node-port-range"]),
  };
}

/**
 * Validates `--service-cidr` (IPv4, at least 16 addresses: the first, the DNS service's 10th
 * and the broadcast are never handed out) and `--service-node-port-range` (`MIN-MAX` in
 * 1..65535).
 *
 * @throws {UsageError} with one readable line for a malformed value.
 */
export function serviceRangesFromFlags(cidr: string, nodePorts: string): ServiceRanges {
  let range;
  try {
    range = parseCidr(cidr);
  } catch (error) {
    throw new UsageError(`--service-cidr: ${(error as Error).message}`);
  }
  if (range.size < 16) throw new UsageError("--service-cidr must hold at least 16 addresses");
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(nodePorts);
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (!match || min < 1 || max > 65535 || min > max) {
    throw new UsageError(
      `--service-node-port-range must be MIN-MAX within 1-65535, got ${JSON.stringify(nodePorts)}`,
    );
  }
  return { cidr, nodePortMin: min, nodePortMax: max };
}
