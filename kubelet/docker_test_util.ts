/**
 * Test support for the Docker-backed kubelet tests: a run id whose label marks every container,
 * volume and network a test creates, a private pod network on a random /16, a temporary data dir,
 * and a clean-up that removes all of it by label, even when the test failed.
 *
 * @module
 */
import { createLogger } from "../cli/log.ts";
import { DockerClient } from "./docker_client.ts";
import { PodRuntime, type PodRuntimeOptions } from "./pod_runtime.ts";
import type { ContainerLike, ObjectMetaLike, PodLike, PodSpecLike } from "./pod_types.ts";
import { ensurePodNetwork, type PodNetwork, type PodNetworkConfig } from "./pod_network.ts";

/** The label every object a test creates carries; its value is the run id. */
export const TEST_LABEL = "io.kubeno.test";

/** One test's Docker world. */
export interface DockerTestEnv {
  readonly docker: DockerClient;
  readonly runId: string;
  /** `{ [TEST_LABEL]: runId }`: pass as extra labels to everything created. */
  readonly labels: Readonly<Record<string, string>>;
  /** A temporary directory removed afterwards. */
  readonly dataDir: string;
  /** The test's own pod network config (random /16 in 10.100.0.0 - 10.239.0.0). */
  readonly networkConfig: PodNetworkConfig;
  readonly network: PodNetwork;
  /** `10.X.<n>.0/24` inside the test network: the podCIDR of "node n". */
  podCidr(node: number): string;
}

/**
 * Runs `fn` with a fresh environment and removes every container, volume and network labelled
 * with the run id afterwards, then the data dir.
 */
export async function withDockerTestEnv(
  fn: (env: DockerTestEnv) => Promise<void>,
  options: { network?: boolean } = {},
): Promise<void> {
  const docker = new DockerClient();
  const runId = crypto.randomUUID().slice(0, 12);
  const labels = { [TEST_LABEL]: runId };
  const dataDir = await Deno.makeTempDir({ prefix: `kubeno-kubelet-${runId}-` });
  try {
    let networkConfig: PodNetworkConfig = {
      name: `kubeno-test-${runId}`,
      subnet: "10.99.0.0/16",
      gateway: "10.99.0.1",
      labels,
    };
    let network: PodNetwork = { id: "", name: networkConfig.name, subnet: "", gateway: "" };
    if (options.network ?? true) {
      for (let attempt = 0;; attempt++) {
        const second = 100 + Math.floor(Math.random() * 140);
        networkConfig = {
          ...networkConfig,
          subnet: `10.${second}.0.0/16`,
          gateway: `10.${second}.0.1`,
        };
        try {
          network = await ensurePodNetwork(docker, networkConfig);
          break;
        } catch (error) {
          if (attempt >= 10 || !/overlap/i.test(String(error))) throw error;
        }
      }
    }
    const prefix = networkConfig.subnet.split(".").slice(0, 2).join(".");
    await fn({
      docker,
      runId,
      labels,
      dataDir,
      networkConfig,
      network,
      podCidr: (node) => `${prefix}.${node}.0/24`,
    });
  } finally {
    await cleanUpDocker(docker, runId);
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

/** Removes every container, volume and network labelled with the run id. */
export async function cleanUpDocker(docker: DockerClient, runId: string): Promise<void> {
  const filter = [`${TEST_LABEL}=${runId}`];
  const containers = await docker.listContainers(filter);
  await Promise.all(containers.map((c) => docker.removeContainer(c.Id, { force: true })));
  const volumes = await docker.listVolumes(filter);
  await Promise.all(volumes.map((v) => docker.removeVolume(v.Name, { force: true })));
  const networks = await docker.listNetworks(filter);
  await Promise.all(networks.map((n) => docker.removeNetwork(n.Id)));
}

/** Polls `check` every `intervalMs` until it returns a value other than undefined. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/** A busybox container that never pulls (the test images exist only locally). */
export function busybox(
  name: string,
  command: readonly string[],
  extra: Record<string, unknown> = {},
): ContainerLike {
  return {
    name,
    image: "kubeno/busybox:latest",
    imagePullPolicy: "IfNotPresent",
    command,
    ...extra,
  } as ContainerLike;
}

/** A pod with a fresh uid. */
export function testPod(
  name: string,
  containers: readonly ContainerLike[],
  spec: Partial<PodSpecLike> = {},
  metadata: Partial<ObjectMetaLike> = {},
): PodLike {
  return {
    metadata: {
      name,
      namespace: "default",
      uid: crypto.randomUUID(),
      ...metadata,
    },
    spec: { containers, terminationGracePeriodSeconds: 0, ...spec },
  };
}

/** A runtime for "node n" of the test env (its own data dir and /24, the shared network). */
export function testRuntime(
  env: DockerTestEnv,
  node: number,
  overrides: Partial<PodRuntimeOptions> = {},
): Promise<PodRuntime> {
  return PodRuntime.create({
    docker: env.docker,
    nodeName: `node-${node}-${env.runId}`,
    podCIDR: env.podCidr(node),
    dataDir: `${env.dataDir}/node-${node}`,
    network: env.networkConfig,
    extraLabels: env.labels,
    minimumGracePeriodSeconds: 0,
    dns: { clusterDNS: ["10.96.0.10"], clusterDomain: "cluster.local", hostResolvConf: "" },
    dockerConfigPaths: [],
    logger: createLogger("kubelet", 0, () => {}),
    ...overrides,
  });
}

/** An HTTP GET over `nc`, run with `sh -c` (busybox's wget is broken). */
export function ncGet(host: string, port: number, path = "/"): string[] {
  return ["sh", "-c", `printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${host} ${port}`];
}
