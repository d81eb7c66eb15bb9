/**
 * Flags of the kubelet (and of `kubeno agent`, which runs it).
 *
 * @module
 */
import {
  type FlagSpecs,
  type FlagValues,
  type HostPort,
  parseHostPort,
  parseServerUrls,
  UsageError,
} from "../cli/mod.ts";
import { SERVER_FLAGS } from "../client/flags.ts";

/** Flag declarations of `kubeno kubelet` and `kubeno agent`. */
export const KUBELET_FLAGS = {
  ...SERVER_FLAGS,
  "node-name": {
    type: "string",
    placeholder: "NAME",
    description: "this node's name (default: the machine's hostname, lower-cased)",
  },
  listen: {
    type: "string",
    default: "127.0.0.1:10250",
    placeholder: "ADDR",
    description: "host:port of the kubelet API (logs, exec)",
  },
} as const satisfies FlagSpecs;

/** A kubelet's validated configuration. */
export interface KubeletConfig {
  readonly servers: readonly URL[];
  readonly nodeName: string;
  readonly listen: HostPort;
}

/** Validates the kubelet flags. */
export function kubeletConfigFromFlags(flags: FlagValues<typeof KUBELET_FLAGS>): KubeletConfig {
  const nodeName = flags["node-name"] ?? Deno.hostname().toLowerCase();
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(nodeName)) {
    throw new UsageError(
      `--node-name must be a DNS subdomain (lower-case letters, digits, '-', '.'), got ${
        JSON.stringify(nodeName)
      }`,
    );
  }
  return {
    servers: parseServerUrls("server", flags.server),
    nodeName,
    listen: parseHostPort("listen", flags.listen),
  };
}
