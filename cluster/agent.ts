/**
 * `kubeno agent`: a node (kubelet and proxy).
 *
 * @module
 */
import type { CommandSpec } from "../cli/command.ts";
import { notBuiltYet } from "../cli/not_built.ts";
import { KUBELET_FLAGS, kubeletConfigFromFlags } from "../kubelet/flags.ts";

/** `kubeno agent`. */
export const agentCommand: CommandSpec<typeof KUBELET_FLAGS> = {
  name: "agent",
  summary: "run a node: kubelet and service proxy",
  flags: KUBELET_FLAGS,
  run(flags) {
    kubeletConfigFromFlags(flags);
    return notBuiltYet("agent");
  },
};
