/**
 * Flags of the API server: an embedded store member plus the address it serves on.
 *
 * @module
 */
import { type FlagSpecs, type FlagValues, type HostPort, parseHostPort } from "../cli/mod.ts";
import { STORE_FLAGS, storeConfigFromFlags, type StoreMemberConfig } from "../store/flags.ts";

/** Flag declarations of `kubeno apiserver` and `kubeno server`. */
export const APISERVER_FLAGS = {
  ...STORE_FLAGS,
  listen: {
    type: "string",
    default: "127.0.0.1:6443",
    placeholder: "ADDR",
    description: "host:port of the Kubernetes API (plain HTTP is allowed on loopback only)",
  },
} as const satisfies FlagSpecs;

/** An API server's validated configuration. */
export interface ApiServerConfig {
  readonly store: StoreMemberConfig;
  readonly listen: HostPort;
}

/** Validates the API server flags. */
export function apiServerConfigFromFlags(
  flags: FlagValues<typeof APISERVER_FLAGS>,
): ApiServerConfig {
  return { store: storeConfigFromFlags(flags), listen: parseHostPort("listen", flags.listen) };
}
