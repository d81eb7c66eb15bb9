/**
 * Flags of `kubeno controllers` (kube-controller-manager's names where it has them) and their
 * validation into {@link ControllerOptions}.
 *
 * @module
 */
import { type FlagSpecs, type FlagValues, parseCount, UsageError } from "../cli/mod.ts";
import { SERVER_FLAGS } from "../client/flags.ts";
import { parseCidr } from "../kubelet/cidr.ts";

/** Flag declarations of `kubeno controllers`. */
export const CONTROLLERS_FLAGS = {
  ...SERVER_FLAGS,
  "node-monitor-grace-period": {
    type: "string",
    default: "20s",
    placeholder: "DURATION",
    description: "a node whose Lease and status stop being renewed this long is marked NotReady",
  },
  "pod-eviction-timeout": {
    type: "string",
    default: "30s",
    placeholder: "DURATION",
    description:
      "pods of a NotReady node are evicted this long after it was tainted (unless they tolerate longer)",
  },
  "node-monitor-period": {
    type: "string",
    default: "1s",
    placeholder: "DURATION",
    description: "how often node heartbeats are checked",
  },
  "cluster-cidr": {
    type: "string",
    default: "10.244.0.0/16",
    placeholder: "CIDR",
    description: "the pod range; each node gets a block of it as spec.podCIDR",
  },
  "node-cidr-mask-size": {
    type: "string",
    default: "24",
    placeholder: "BITS",
    description: "the prefix length of each node's podCIDR",
  },
  "pod-gc-period": {
    type: "string",
    default: "20s",
    placeholder: "DURATION",
    description: "how often the pod garbage collector looks for orphaned and terminated pods",
  },
  "terminated-pod-gc-threshold": {
    type: "string",
    default: "12500",
    placeholder: "N",
    description: "terminated pods beyond this many are deleted, oldest first (0: never)",
  },
} as const satisfies FlagSpecs;

/** Settings of the controllers beyond the API servers. */
export interface ControllerOptions {
  readonly nodeMonitorGracePeriodMs: number;
  readonly podEvictionTimeoutMs: number;
  readonly nodeMonitorPeriodMs: number;
  readonly clusterCidr: string;
  readonly nodeCidrMaskSize: number;
  readonly terminatedPodGcThreshold: number;
  readonly podGcPeriodMs: number;
}

/** The defaults (those of the flags). */
export const DEFAULT_CONTROLLER_OPTIONS: ControllerOptions = {
  nodeMonitorGracePeriodMs: 20_000,
  podEvictionTimeoutMs: 30_000,
  nodeMonitorPeriodMs: 1000,
  clusterCidr: "10.244.0.0/16",
  nodeCidrMaskSize: 24,
  terminatedPodGcThreshold: 12_500,
  podGcPeriodMs: 20_000,
};

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go-style duration (`500ms`, `20s`, `5m`, `1m30s`) into milliseconds. */
export function parseDuration(flag: string, value: string): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) {
    throw new UsageError(
      `--${flag} must be a duration like 500ms, 20s or 5m, got ${JSON.stringify(value)}`,
    );
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit!]!, 0);
}

/** Validates the controller flags. */
export function controllerOptionsFromFlags(
  flags: FlagValues<typeof CONTROLLERS_FLAGS>,
): ControllerOptions {
  let cluster;
  try {
    cluster = parseCidr(flags["cluster-cidr"]);
  } catch (error) {
    throw new UsageError(`--cluster-cidr: ${(error as Error).message}`);
  }
  const mask = parseCount("node-cidr-mask-size", flags["node-cidr-mask-size"]);
  if (mask < cluster.prefix || mask > 30) {
    throw new UsageError(
      `--node-cidr-mask-size must be between the cluster CIDR's prefix (${cluster.prefix}) and 30, got ${mask}`,
    );
  }
  const period = parseDuration("node-monitor-period", flags["node-monitor-period"]);
  if (period < 10) throw new UsageError("--node-monitor-period must be at least 10ms");
  return {
    nodeMonitorGracePeriodMs: parseDuration(
      "node-monitor-grace-period",
      flags["node-monitor-grace-period"],
    ),
    podEvictionTimeoutMs: parseDuration("pod-eviction-timeout", flags["pod-eviction-timeout"]),
    nodeMonitorPeriodMs: period,
    clusterCidr: flags["cluster-cidr"],
    nodeCidrMaskSize: mask,
    podGcPeriodMs: Math.max(10, parseDuration("pod-gc-period", flags["pod-gc-period"])),
    terminatedPodGcThreshold: parseCount(
      "terminated-pod-gc-threshold",
      flags["terminated-pod-gc-threshold"],
    ),
  };
}
