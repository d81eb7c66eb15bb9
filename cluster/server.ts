/**
 * `kubeno server`: a master (store member, API server, scheduler and controllers; the latter two
 * active on one master at a time, by Lease).
 *
 * @module
 */
import type { CommandSpec } from "../cli/command.ts";
import { notBuiltYet } from "../cli/not_built.ts";
import { APISERVER_FLAGS, apiServerConfigFromFlags } from "../apiserver/flags.ts";

/** `kubeno server`. */
export const serverCommand: CommandSpec<typeof APISERVER_FLAGS> = {
  name: "server",
  summary: "run a master: store member, API server, scheduler and controllers",
  flags: APISERVER_FLAGS,
  run(flags) {
    apiServerConfigFromFlags(flags);
    return notBuiltYet("server");
  },
};
