/**
 * A `kubeno apiserver` process for tests, on free loopback ports with a temp data dir, and the
 * real kubectl binaries pointed at it (kubeconfig and cache dir of its own).
 *
 * @module
 */
import { freePort } from "./store_cluster.ts";
import { spawnKubeno } from "./kubeno_process.ts";

/** Where the real kubectl binaries are on these machines (see notes/kubectl-compat.md). */
export const KUBECTL_DIR = Deno.env.get("KUBENO_KUBECTL_DIR") ?? "/usr/lib/google-cloud-sdk/bin";

/** What a kubectl run printed. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Stops a component started with {@link ApiServerProcess.component} (SIGTERM, then waits). */
export async function stopComponent(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch {
    // already gone
  }
  await child.status;
}

/** A running API server. */
export class ApiServerProcess {
  readonly root: string;
  readonly url: string;
  readonly #child: Deno.ChildProcess;

  private constructor(root: string, url: string, child: Deno.ChildProcess) {
    this.root = root;
    this.url = url;
    this.#child = child;
  }

  /**
   * Starts an API server and waits until /readyz answers. `extraArgs` are more apiserver flags
   * (e.g. `--service-cidr`), kept across {@link ApiServerProcess.restart}.
   */
  static async start(extraArgs: readonly string[] = []): Promise<ApiServerProcess> {
    // A port freePort() picked can be taken by another test before the server binds it: then
    // start again on other ports, with a fresh data dir (a few tries).
    for (let attempt = 1;; attempt++) {
      const root = await Deno.makeTempDir({ prefix: "kubeno-apiserver-" });
      const ports = [freePort(), freePort(), freePort()] as const;
      await Deno.writeTextFile(`${root}/ports.json`, JSON.stringify(ports));
      await Deno.writeTextFile(`${root}/args.json`, JSON.stringify(extraArgs));
      try {
        return await ApiServerProcess.#launch(root, ports, extraArgs);
      } catch (error) {
        // The error carries the server's log; nothing of this attempt is left behind.
        await Deno.remove(root, { recursive: true }).catch(() => {});
        const portTaken = String(error).includes("Address already in use");
        if (!portTaken || attempt >= 3) throw error;
      }
    }
  }

  /** Stops the server (SIGTERM) and starts it again on the same ports and data. */
  async restart(): Promise<ApiServerProcess> {
    try {
      this.#child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await this.#child.status;
    const ports = JSON.parse(await Deno.readTextFile(`${this.root}/ports.json`)) as [
      number,
      number,
      number,
    ];
    const extraArgs = JSON.parse(
      await Deno.readTextFile(`${this.root}/args.json`).catch(() => "[]"),
    ) as string[];
    return await ApiServerProcess.#launch(this.root, ports, extraArgs);
  }

  static async #launch(
    root: string,
    [port, clientPort, peerPort]: readonly [number, number, number],
    extraArgs: readonly string[],
  ): Promise<ApiServerProcess> {
    // What an earlier run (before a restart) logged is not this run's news.
    const logOffset = (await Deno.stat(`${root}/apiserver.log`).catch(() => ({ size: 0 }))).size;
    const child = spawnKubeno(`${root}/apiserver.log`, [
      "apiserver",
      "--data-dir",
      `${root}/data`,
      "--listen",
      `127.0.0.1:${port}`,
      "--listen-client",
      `127.0.0.1:${clientPort}`,
      "--listen-peer",
      `127.0.0.1:${peerPort}`,
      ...extraArgs,
    ]);
    const server = new ApiServerProcess(root, `http://127.0.0.1:${port}`, child);
    await Deno.writeTextFile(
      `${root}/kubeconfig`,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- cluster: {server: "${server.url}"}`,
        "  name: kubeno",
        "contexts:",
        "- context: {cluster: kubeno, user: kubeno}",
        "  name: kubeno",
        "current-context: kubeno",
        "users:",
        "- name: kubeno",
        "  user: {}",
        "",
      ].join("\n"),
    );
    const deadline = Date.now() + 30_000;
    let exited: Deno.CommandStatus | undefined;
    child.status.then((status) => (exited = status));
    for (;;) {
      try {
        const response = await fetch(`${server.url}/readyz`);
        await response.body?.cancel();
        // Ready only once our own process says it listens: a port picked by freePort() can be
        // taken by another test's server meanwhile, whose /readyz would answer for ours.
        if (response.ok && (await server.#logSince(logOffset)).includes("API server listening")) {
          break;
        }
      } catch {
        // not up yet
      }
      if (exited !== undefined) {
        throw new Error(`kubeno apiserver exited (${exited.code}): ${await server.log()}`);
      }
      if (Date.now() > deadline) {
        await stopComponent(child);
        throw new Error(`kubeno apiserver did not become ready: ${await server.log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return server;
  }

  /**
   * Starts another kubeno component against this server (`kubelet`, `scheduler`...), logging
   * to `<root>/<name>.log`; the caller stops it with {@link stopComponent}.
   */
  component(name: string, args: readonly string[]): Deno.ChildProcess {
    return spawnKubeno(`${this.root}/${name}.log`, [...args, "--server", this.url]);
  }

  /** What the server logged from byte `offset` on. */
  async #logSince(offset: number): Promise<string> {
    const bytes = await Deno.readFile(`${this.root}/apiserver.log`).catch(() => new Uint8Array());
    return new TextDecoder().decode(bytes.subarray(offset));
  }

  /**
   * Starts a `kubeno kubelet` for node `node` against this server, its pods in `podCidr` (each
   * test file takes its own /24: test files run in parallel on one Docker network), its API on
   * `port` (default: a free one) of `hostname` (default 127.0.0.1).
   */
  kubelet(
    node: string,
    podCidr: string,
    options: { hostname?: string; port?: number; args?: readonly string[] } = {},
  ): Deno.ChildProcess {
    return this.component("kubelet", [
      "kubelet",
      "--node-name",
      node,
      "--listen",
      `${options.hostname ?? "127.0.0.1"}:${options.port ?? freePort()}`,
      "--data-dir",
      `${this.root}/kubelet`,
      "--pod-cidr",
      podCidr,
      ...(options.args ?? []),
    ]);
  }

  /** What the server logged. */
  async log(): Promise<string> {
    return await Deno.readTextFile(`${this.root}/apiserver.log`).catch(() => "");
  }

  /**
   * Runs kubectl `version` (e.g. "1.33") with `args`, optionally feeding `stdin`, with extra
   * environment variables `env` (e.g. `KUBE_EDITOR`).
   */
  async kubectl(
    version: string,
    args: readonly string[],
    stdin?: string,
    env: Readonly<Record<string, string>> = {},
  ): Promise<KubectlResult> {
    const child = (await this.kubectlCommand(version, args, {
      stdin: stdin === undefined ? "null" : "piped",
      env,
    })).spawn();
    if (stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(stdin));
      await writer.close();
    }
    const { code, stdout, stderr } = await child.output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    return { code, stdout: decode(stdout), stderr: decode(stderr) };
  }

  /**
   * Runs kubectl 1.33 (or `version`) with `args` and resolves with its stdout; throws, with
   * its stderr, unless it exits 0.
   */
  async kubectlOk(args: readonly string[], stdin?: string, version = "1.33"): Promise<string> {
    const out = await this.kubectl(version, args, stdin);
    if (out.code !== 0) {
      throw new Error(`kubectl ${args.join(" ")} exited ${out.code}: ${out.stderr}`);
    }
    return out.stdout;
  }

  /**
   * A kubectl command against this server, for callers that stream its output (`get -w`);
   * stdout and stderr are piped.
   */
  async kubectlCommand(
    version: string,
    args: readonly string[],
    options: { stdin?: "null" | "piped"; env?: Readonly<Record<string, string>> } = {},
  ): Promise<Deno.Command> {
    const binary = `${KUBECTL_DIR}/kubectl.${version}`;
    try {
      await Deno.stat(binary);
    } catch {
      throw new Error(`${binary} is missing: these tests need the real kubectl ${version}`);
    }
    return new Deno.Command(binary, {
      args: [
        "--kubeconfig",
        `${this.root}/kubeconfig`,
        "--cache-dir",
        `${this.root}/cache-${version}`,
        ...args,
      ],
      stdin: options.stdin ?? "null",
      stdout: "piped",
      stderr: "piped",
      env: { HOME: this.root, ...options.env },
    });
  }

  /** Stops the server (SIGTERM) and removes its data. */
  async stop(): Promise<void> {
    try {
      this.#child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await this.#child.status;
    await Deno.remove(this.root, { recursive: true });
  }
}
