/**
 * Flags of `kubeno hollow-nodes` (simulated nodes for scale tests) and their validation.
 *
 * @module
 */
import {
  type FlagSpecs,
  type FlagValues,
  parseCount,
  parseServerUrls,
  UsageError,
} from "../cli/mod.ts";
import { SERVER_FLAGS } from "../client/flags.ts";
import { Quantity } from "../api/quantity.ts";

/** Flag declarations of `kubeno hollow-nodes`. */
export const HOLLOW_FLAGS = {
  ...SERVER_FLAGS,
  count: {
    type: "string",
    default: "1",
    placeholder: "N",
    description: "how many simulated nodes to run",
  },
  "name-prefix": {
    type: "string",
    default: "hollow-",
    placeholder: "PREFIX",
    description: "node names are PREFIX0, PREFIX1, ... (give each process its own prefix)",
  },
  cpu: {
    type: "string",
    default: "4",
    placeholder: "QUANTITY",
    description: "each node's cpu capacity",
  },
  memory: {
    type: "string",
    default: "16Gi",
    placeholder: "QUANTITY",
    description: "each node's memory capacity",
  },
  pods: {
    type: "string",
    default: "110",
    placeholder: "N",
    description: "how many pods each node takes",
  },
  "lease-duration": {
    type: "string",
    default: "40",
    placeholder: "SECONDS",
    description: "the node Leases' duration; each is renewed every quarter of it, as the kubelet",
  },
  "status-interval": {
    type: "string",
    default: "60",
    placeholder: "SECONDS",
    description: "how often each node's Ready status is refreshed (at once when it goes stale)",
  },
  concurrency: {
    type: "string",
    default: "32",
    placeholder: "N",
    description: "API requests in flight at most (registration, heartbeats, pod status)",
  },
} as const satisfies FlagSpecs;

/** Most nodes one process simulates (each needs a fake host address in 198.18.0.0/15). */
export const MAX_HOLLOW_NODES = 100_000;

/** A validated hollow-nodes configuration. */
export interface HollowConfig {
  readonly servers: readonly URL[];
  readonly count: number;
  readonly namePrefix: string;
  /** Capacity (= allocatable) of every node, as quantities. */
  readonly cpu: string;
  readonly memory: string;
  readonly pods: string;
  readonly leaseDurationSeconds: number;
  readonly statusIntervalMs: number;
  readonly concurrency: number;
}

function positive(flag: string, value: string): number {
  const n = parseCount(flag, value);
  if (n < 1) throw new UsageError(`--${flag} must be at least 1, got ${JSON.stringify(value)}`);
  return n;
}

function quantity(flag: string, value: string): string {
  try {
    if (Quantity.parse(value).milliValue() <= 0n) throw new RangeError("not positive");
  } catch {
    throw new UsageError(
      `--${flag} must be a positive quantity like 4, 500m or 16Gi, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Validates the flags of `kubeno hollow-nodes`. */
export function hollowConfigFromFlags(flags: FlagValues<typeof HOLLOW_FLAGS>): HollowConfig {
  const prefix = flags["name-prefix"];
  if (!/^[a-z0-9]([-a-z0-9.]{0,200})?$/.test(prefix)) {
    throw new UsageError(
      `--name-prefix must start a DNS subdomain (lower-case letters, digits, '-', '.'), got ${
        JSON.stringify(prefix)
      }`,
    );
  }
  const count = positive("count", flags.count);
  if (count > MAX_HOLLOW_NODES) {
    throw new UsageError(`--count must be at most ${MAX_HOLLOW_NODES}, got ${count}`);
  }
  return {
    servers: parseServerUrls("server", flags.server),
    count,
    namePrefix: prefix,
    cpu: quantity("cpu", flags.cpu),
    memory: quantity("memory", flags.memory),
    pods: String(positive("pods", flags.pods)),
    leaseDurationSeconds: positive("lease-duration", flags["lease-duration"]),
    statusIntervalMs: positive("status-interval", flags["status-interval"]) * 1000,
    concurrency: positive("concurrency", flags.concurrency),
  };
}
