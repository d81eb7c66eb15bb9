/**
 * Starting `kubeno` processes in tests: the repository's main.ts under the test's Deno, with
 * its output appended to a log file the test can show when something goes wrong.
 *
 * @module
 */

import { freePort } from "../../store/node/test_cluster.ts";

/** The repository's main.ts: what the `kubeno` command runs. */
export const KUBENO_MAIN = new URL("../../main.ts", import.meta.url).pathname;

/**
 * `--inspect` for the command when KUBENO_INSPECT names it (`apiserver:9230,scheduler:9231`), so a
 * benchmark's components can be profiled through the V8 inspector (see bench/README.md).
 */
function inspectFlags(command: string | undefined): string[] {
  for (const entry of (Deno.env.get("KUBENO_INSPECT") ?? "").split(",")) {
    const [name, port] = entry.split(":");
    if (name === command && port) return [`--inspect=127.0.0.1:${port}`];
  }
  return [];
}

/**
 * Starts `kubeno <args>` with stdout and stderr appended to `log`. Bash `exec`s Deno, so the
 * child's PID is kubeno's own (signals and kill -9 reach it, not a wrapper).
 */
export function spawnKubeno(log: string, args: readonly string[]): Deno.ChildProcess {
  return new Deno.Command("bash", {
    args: [
      "-c",
      'log="$1"; shift; exec "$@" >>"$log" 2>&1',
      "kubeno",
      log,
      Deno.execPath(),
      "run",
      "--allow-all",
      "--quiet",
      ...inspectFlags(args[0]),
      KUBENO_MAIN,
      ...args,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** Where a `kubeno up` of a test or benchmark keeps its state and what it serves. */
export interface UpOptions {
  /** The data directory. */
  readonly dir: string;
  /** The API server's port on 127.0.0.1. */
  readonly port: number;
  readonly nodeName: string;
  /** The node's pod /24: each test file uses its own. */
  readonly podCidr: string;
  /** A service range of its own, so a proxy of another test or cluster keeps its route. */
  readonly serviceCidr: string;
}

/**
 * The command line that runs `kubeno up` (server and agent in one process) under this Deno,
 * every other listener on a free loopback port.
 */
export function upCommandArgs(options: UpOptions): string[] {
  return [
    "run",
    "--allow-all",
    "--quiet",
    KUBENO_MAIN,
    "up",
    "--data-dir",
    options.dir,
    "--listen",
    `127.0.0.1:${options.port}`,
    "--listen-client",
    `127.0.0.1:${freePort()}`,
    "--listen-peer",
    `127.0.0.1:${freePort()}`,
    "--node-name",
    options.nodeName,
    "--kubelet-listen",
    `127.0.0.1:${freePort()}`,
    "--pod-cidr",
    options.podCidr,
    "--service-cidr",
    options.serviceCidr,
    "--proxy-metrics-listen",
    `127.0.0.1:${freePort()}`,
  ];
}
