/**
 * The pod sandbox: one pause container per pod that holds the pod's network (and IPC) namespace,
 * which the app containers join (`container:<sandbox id>`), so a pod's containers share
 * localhost, ports, hostname and /etc files. Like dockershim's:
 *
 * - name `k8s_POD_<pod>_<namespace>_<uid>_<attempt>`, labels with pod uid/name/namespace/node;
 * - a fixed address from the node's podCIDR on the pod network (hostNetwork pods use the host's
 *   network and hostname instead);
 * - hostname = the pod's name (or spec.hostname), truncated to 63 characters;
 * - /etc/resolv.conf from the cluster DNS per dnsPolicy and dnsConfig, /etc/hosts managed like
 *   the kubelet's; both are files in the pod's directory, bind-mounted into every container;
 * - hostPorts published on the node through Docker port bindings of the sandbox.
 *
 * @module
 */
import type { ContainerCreateBody, ContainerInfo, DockerClient } from "./docker_client.ts";
import { DockerApiError } from "./docker_client.ts";
import {
  type ClusterDnsSettings,
  formatResolvConf,
  managedHostsFile,
  podDnsType,
  podHostnameAndDomain,
  podResolvConf,
} from "./dns_config.ts";
import type { DockerMount } from "./container_spec.ts";
import { atomicWriteFile } from "./fs_util.ts";
import {
  LABELS,
  type PodIdentity,
  podLabels,
  SANDBOX_CONTAINER_NAME,
  sandboxName,
  TYPE_SANDBOX,
} from "./names.ts";
import type { PodLike } from "./pod_types.ts";

/** Docker's port map: `8080/tcp` -> bindings. */
export type PortBindings = Record<string, { HostIp: string; HostPort: string }[]>;

/** The exposed ports and host bindings of the pod's hostPorts (none on the host network). */
export function hostPortBindings(
  pod: PodLike,
): { exposed: Record<string, Record<string, never>>; bindings: PortBindings } {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: PortBindings = {};
  if (pod.spec?.hostNetwork === true) return { exposed, bindings };
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (!port.hostPort) continue;
      const key = `${port.containerPort}/${(port.protocol ?? "TCP").toLowerCase()}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: port.hostIP ?? "", HostPort: String(port.hostPort) });
    }
  }
  return { exposed, bindings };
}

/** Everything {@link sandboxCreateBody} needs. */
export interface SandboxSpecInput {
  readonly pod: PodLike;
  readonly identity: PodIdentity;
  readonly attempt: number;
  readonly nodeName: string;
  /** The pod network's name (ignored on the host network). */
  readonly networkName: string;
  /** The sandbox's address on the pod network; undefined on the host network. */
  readonly podIP: string | undefined;
  readonly pauseImage: string;
  readonly clusterDomain: string;
  /** Mounts of the pod's /etc/resolv.conf and /etc/hosts. */
  readonly mounts: readonly DockerMount[];
  readonly extraLabels?: Readonly<Record<string, string>>;
}

/** The sandbox's labels. */
export function sandboxLabels(input: SandboxSpecInput): Record<string, string> {
  return {
    ...input.extraLabels,
    ...podLabels(input.identity, input.nodeName),
    [LABELS.type]: TYPE_SANDBOX,
    [LABELS.containerName]: SANDBOX_CONTAINER_NAME,
    [LABELS.sandboxAttempt]: String(input.attempt),
    [LABELS.podIP]: input.podIP ?? "",
    [LABELS.gracePeriod]: String(input.pod.spec?.terminationGracePeriodSeconds ?? 30),
  };
}

/** The Docker create body of a pod's sandbox (pure). */
export function sandboxCreateBody(input: SandboxSpecInput): ContainerCreateBody {
  const hostNetwork = input.pod.spec?.hostNetwork === true;
  const { exposed, bindings } = hostPortBindings(input.pod);
  const hostConfig: Record<string, unknown> = {
    NetworkMode: hostNetwork ? "host" : input.networkName,
    IpcMode: "shareable",
    RestartPolicy: { Name: "no" },
    Mounts: input.mounts,
    PortBindings: bindings,
    CpuShares: 2,
  };
  if (hostNetwork) hostConfig.UTSMode = "host";
  const body: Record<string, unknown> = {
    Image: input.pauseImage,
    Labels: sandboxLabels(input),
    ExposedPorts: exposed,
    HostConfig: hostConfig,
  };
  if (!hostNetwork) {
    body.Hostname = podHostnameAndDomain(input.pod, input.clusterDomain).hostname;
    body.NetworkingConfig = {
      EndpointsConfig: {
        [input.networkName]: { IPAMConfig: { IPv4Address: input.podIP } },
      },
    };
  }
  return body as ContainerCreateBody;
}

/** The sandbox could not be created or started (FailedCreatePodSandBox). */
export class SandboxError extends Error {
  override name = "SandboxError";
}

/** Options of {@link SandboxManager}. */
export interface SandboxManagerOptions {
  readonly docker: DockerClient;
  readonly nodeName: string;
  readonly networkName: string;
  readonly pauseImage: string;
  readonly dns: ClusterDnsSettings;
  readonly extraLabels?: Readonly<Record<string, string>>;
}

/** A sandbox as the runtime sees it. */
export interface SandboxStatus {
  readonly id: string;
  readonly attempt: number;
  readonly running: boolean;
  /** The pod address on the pod network ("" on the host network). */
  readonly ip: string;
  readonly createdAt: string;
  readonly info: ContainerInfo;
}

/** Creates, inspects and removes pod sandboxes. */
export class SandboxManager {
  readonly #options: SandboxManagerOptions;

  constructor(options: SandboxManagerOptions) {
    this.#options = options;
  }

  /**
   * The pod's /etc files: resolv.conf (unless a hostNetwork pod uses the node's DNS) and hosts
   * (unless on the host network), written into `podDir`; returns their mounts.
   */
  async writePodEtcFiles(
    pod: PodLike,
    podDir: string,
    podIP: string | undefined,
  ): Promise<DockerMount[]> {
    const mounts: DockerMount[] = [];
    const hostNetwork = pod.spec?.hostNetwork === true;
    if (!(hostNetwork && podDnsType(pod) === "host")) {
      const path = `${podDir}/resolv.conf`;
      await atomicWriteFile(path, formatResolvConf(podResolvConf(pod, this.#options.dns)));
      mounts.push({ Type: "bind", Source: path, Target: "/etc/resolv.conf" });
    }
    if (!hostNetwork && podIP !== undefined) {
      const path = `${podDir}/etc-hosts`;
      await atomicWriteFile(path, managedHostsFile(pod, [podIP], this.#options.dns.clusterDomain));
      mounts.push({ Type: "bind", Source: path, Target: "/etc/hosts" });
    }
    return mounts;
  }

  /**
   * Creates and starts the pod's sandbox (attempt `attempt`) with address `podIP` (undefined on
   * the host network); returns its id. A leftover container of the same name is replaced.
   * Throws {@link SandboxError}.
   */
  async create(
    pod: PodLike,
    identity: PodIdentity,
    attempt: number,
    podIP: string | undefined,
    etcMounts: readonly DockerMount[],
  ): Promise<string> {
    const docker = this.#options.docker;
    const body = sandboxCreateBody({
      pod,
      identity,
      attempt,
      nodeName: this.#options.nodeName,
      networkName: this.#options.networkName,
      podIP,
      pauseImage: this.#options.pauseImage,
      clusterDomain: this.#options.dns.clusterDomain,
      mounts: etcMounts,
      ...(this.#options.extraLabels === undefined
        ? {}
        : { extraLabels: this.#options.extraLabels }),
    });
    const name = sandboxName(identity, attempt);
    let id: string;
    try {
      id = await docker.createContainer(name, body);
    } catch (error) {
      if (!(error instanceof DockerApiError && error.status === 409)) throw wrap(error);
      await docker.removeContainer(name, { force: true });
      try {
        id = await docker.createContainer(name, body);
      } catch (again) {
        throw wrap(again);
      }
    }
    try {
      await docker.startContainer(id);
    } catch (error) {
      await docker.removeContainer(id, { force: true }).catch(() => {});
      throw wrap(error);
    }
    return id;
  }

  /** The sandbox's status, or undefined when it is gone. */
  async status(id: string): Promise<SandboxStatus | undefined> {
    const info = await this.#options.docker.inspectContainer(id);
    return info === undefined ? undefined : this.statusOf(info);
  }

  /** The status of an inspected sandbox. */
  statusOf(info: ContainerInfo): SandboxStatus {
    const labels = info.Config.Labels ?? {};
    const endpoint = info.NetworkSettings.Networks?.[this.#options.networkName];
    return {
      id: info.Id,
      attempt: Number(labels[LABELS.sandboxAttempt] ?? 0),
      running: info.State.Running,
      ip: endpoint?.IPAddress || labels[LABELS.podIP] || "",
      createdAt: info.Created,
      info,
    };
  }

  /** Stops (SIGKILL after `graceSeconds`) and removes the sandbox; a missing one is fine. */
  async remove(id: string, graceSeconds = 0): Promise<void> {
    const docker = this.#options.docker;
    try {
      await docker.stopContainer(id, graceSeconds);
    } catch (error) {
      if (!(error instanceof DockerApiError && error.status === 404)) throw error;
    }
    await docker.removeContainer(id, { force: true });
  }
}

function wrap(error: unknown): SandboxError {
  const reason = error instanceof DockerApiError
    ? error.reason
    : error instanceof Error
    ? error.message
    : String(error);
  return new SandboxError(`Failed to create pod sandbox: ${reason}`);
}
