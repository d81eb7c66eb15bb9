/**
 * `kubeno up`: everything on one machine, a master and a node.
 *
 * @module
 */
import type { CommandSpec, FlagSpecs } from "../cli/command.ts";
import { parseHostPort } from "../cli/values.ts";
import { ensureImages, HostSetupError } from "./host_setup.ts";

const UP_FLAGS = {
  "data-dir": {
    type: "string",
    default: ".data/up",
    placeholder: "DIR",
    description: "where the cluster keeps its state; the kubeconfig is written here",
  },
  listen: {
    type: "string",
    default: "127.0.0.1:6443",
    placeholder: "ADDR",
    description: "host:port of the Kubernetes API",
  },
} as const satisfies FlagSpecs;

/** `kubeno up`. */
export const upCommand: CommandSpec<typeof UP_FLAGS> = {
  name: "up",
  summary: "run a whole cluster on this machine: one master and one node",
  details: "Sets up Docker and the local images when needed, then starts every component.",
  flags: UP_FLAGS,
  async run(flags) {
    parseHostPort("listen", flags.listen);
    try {
      await ensureImages();
    } catch (error) {
      if (!(error instanceof HostSetupError)) throw error;
      console.error(`kubeno up: ${error.message}`);
      return 1;
    }
    console.log("kubeno up: Docker engine ready; images kubeno/pause and kubeno/busybox built");
    console.log(
      "kubeno up: the control plane and node components are not built yet in this version " +
        "of kubeno; nothing else to start",
    );
    return 0;
  },
};
