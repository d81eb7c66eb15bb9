/**
 * The `--server` flag of every component that talks to the API server.
 *
 * @module
 */
import type { FlagSpecs } from "../cli/command.ts";

/** Declaration of `--server`: one API server URL or several, comma-separated, for HA. */
export const SERVER_FLAGS = {
  server: {
    type: "string",
    default: "http://127.0.0.1:6443",
    placeholder: "URLS",
    description: "API server URL(s), comma-separated for several masters",
  },
} as const satisfies FlagSpecs;
