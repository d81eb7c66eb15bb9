/**
 * The kubelet's Node object: registration (labels, capacity, allocatable, addresses, nodeInfo)
 * and the heartbeat (a Lease in kube-node-lease renewed every 10 s, and the Ready condition in
 * the node's status refreshed every minute or when it changes).
 *
 * @module
 */
import { ApiStatusError, type KubeObject, type ResourceClient } from "../client/mod.ts";
import type { DockerVersion } from "./docker_client.ts";

/** What the kubelet reports about its machine. */
export interface NodeFacts {
  readonly nodeName: string;
  readonly podCIDR: string;
  readonly hostIP: string;
  readonly kubeletPort: number;
  readonly docker: DockerVersion;
  /**
   * The node's ephemeral-storage capacity: the size of the filesystem of the kubelet's data
   * (see {@link filesystemSize}, read once at start); absent when unknown.
   */
  readonly ephemeralStorage?: string;
}

/** Total memory from /proc/meminfo, as a quantity ("16384Mi"); "0" when unreadable. */
export async function machineMemory(): Promise<string> {
  try {
    const text = await Deno.readTextFile("/proc/meminfo");
    const kib = Number(/^MemTotal:\s+(\d+) kB/m.exec(text)?.[1] ?? "0");
    return `${kib}Ki`;
  } catch {
    return "0";
  }
}

/**
 * The size of the filesystem holding `path` (the kubelet's data, where pods' writable layers
 * and volumes live), as a quantity ("263174212Ki", what kubelet reports as ephemeral-storage);
 * undefined when `df` cannot tell.
 */
export async function filesystemSize(path: string): Promise<string | undefined> {
  try {
    const { success, stdout } = await new Deno.Command("df", {
      args: ["-kP", path],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!success) return undefined;
    // "Filesystem 1024-blocks Used Available Capacity Mounted on" then one line per filesystem.
    const fields = new TextDecoder().decode(stdout).trim().split("\n")[1]?.trim().split(/\s+/);
    const kib = Number(fields?.[1]);
    return Number.isInteger(kib) && kib > 0 ? `${kib}Ki` : undefined;
  } catch {
    return undefined;
  }
}

/** The Node object this kubelet registers (status included). */
export async function nodeObject(facts: NodeFacts, now = new Date()): Promise<KubeObject> {
  const memory = await machineMemory();
  const cpu = String(navigator.hardwareConcurrency || 1);
  const resources = {
    cpu,
    memory,
    pods: "110",
    ...(facts.ephemeralStorage === undefined
      ? {}
      : { "ephemeral-storage": facts.ephemeralStorage }),
  };
  const arch = Deno.build.arch === "x86_64"
    ? "amd64"
    : Deno.build.arch === "aarch64"
    ? "arm64"
    : Deno.build.arch;
  const time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: time,
    lastTransitionTime: time,
    reason,
    message,
  });
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: facts.nodeName,
      labels: {
        "kubernetes.io/hostname": facts.nodeName,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": arch,
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": arch,
      },
    },
    spec: { podCIDR: facts.podCIDR, podCIDRs: [facts.podCIDR] },
    status: {
      capacity: resources,
      allocatable: { ...resources },
      conditions: [
        condition(
          "MemoryPressure",
          "False",
          "KubeletHasSufficientMemory",
          "kubelet has sufficient memory available",
        ),
        condition(
          "DiskPressure",
          "False",
          "KubeletHasNoDiskPressure",
          "kubelet has no disk pressure",
        ),
        condition(
          "PIDPressure",
          "False",
          "KubeletHasSufficientPID",
          "kubelet has sufficient PID available",
        ),
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      addresses: [
        { type: "InternalIP", address: facts.hostIP },
        { type: "Hostname", address: facts.nodeName },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: facts.kubeletPort } },
      nodeInfo: {
        machineID: "",
        systemUUID: "",
        bootID: "",
        kernelVersion: facts.docker.KernelVersion,
        osImage: "Debian GNU/Linux",
        containerRuntimeVersion: `docker://${facts.docker.Version}`,
        kubeletVersion: "v1.32.0-kubeno",
        kubeProxyVersion: "v1.32.0-kubeno",
        operatingSystem: "linux",
        architecture: arch,
      },
    },
  };
}

/**
 * Registers the node (creating it, or updating the status of an existing one) and keeps its
 * heartbeat Lease and Ready condition fresh.
 */
export class NodeHeartbeat {
  readonly #nodes: ResourceClient<KubeObject>;
  readonly #leases: ResourceClient<KubeObject>;
  readonly #facts: NodeFacts;
  #leaseTimer: ReturnType<typeof setInterval> | undefined;
  #statusTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    nodes: ResourceClient<KubeObject>,
    leases: ResourceClient<KubeObject>,
    facts: NodeFacts,
  ) {
    this.#nodes = nodes;
    this.#leases = leases;
    this.#facts = facts;
  }

  /** Registers the node and starts the heartbeats. */
  async start(): Promise<KubeObject> {
    const node = await this.#register();
    await this.#renewLease();
    this.#leaseTimer = setInterval(() => this.#renewLease().catch(() => {}), 10_000);
    this.#statusTimer = setInterval(() => this.#register().catch(() => {}), 60_000);
    return node;
  }

  /** Stops the heartbeats (the node goes NotReady when the node controller notices). */
  stop(): void {
    clearInterval(this.#leaseTimer);
    clearInterval(this.#statusTimer);
  }

  async #register(): Promise<KubeObject> {
    const desired = await nodeObject(this.#facts);
    try {
      return await this.#nodes.create(desired);
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.code === 409)) throw error;
    }
    const current = await this.#nodes.get(undefined, this.#facts.nodeName);
    const spec = (current.spec ?? {}) as { podCIDR?: string };
    return await this.#nodes.updateStatus({
      ...current,
      spec: { ...desired.spec as object, ...spec },
      status: desired.status,
    });
  }

  async #renewLease(): Promise<void> {
    const now = new Date().toISOString().replace("Z", "000Z");
    const name = this.#facts.nodeName;
    try {
      const lease = await this.#leases.get("kube-node-lease", name);
      await this.#leases.update({ ...lease, spec: { ...(lease.spec as object), renewTime: now } });
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
      await this.#leases.create({
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name, namespace: "kube-node-lease" },
        spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: now },
      });
    }
  }
}
