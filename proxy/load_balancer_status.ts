/**
 * Type LoadBalancer without a cloud, as k3s's servicelb does it: every node's proxy serves the
 * service's NodePorts and, on the node's own addresses, its service ports, so the nodes are the
 * load balancer. This controller reports them: `status.loadBalancer.ingress` of each
 * LoadBalancer service becomes the InternalIP of every Ready node (ExternalIP when a node has
 * no InternalIP), or the proxy's own `--node-address` list while no node is known. A service
 * that stops being a LoadBalancer has its ingress cleared (as the cloud service controller
 * does).
 *
 * Every proxy runs it and computes the same list from the same nodes, so concurrent writers
 * agree; a write that loses a race (409) is retried with back-off from the informer's newer
 * copy. `sync` is idempotent and writes only when the status differs.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import {
  type ApiClient,
  ApiStatusError,
  Informer,
  type KubeObject,
  ResourceClient,
  WorkQueue,
} from "../client/mod.ts";
import { canonicalIP } from "./ip.ts";

/** The fields of a core/v1 Node the controller reads. */
export interface V1NodeAddresses {
  readonly metadata: { readonly name?: string };
  readonly status?: {
    readonly addresses?: readonly { readonly type?: string; readonly address?: string }[] | null;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string }[] | null;
  } | null;
}

/** One `status.loadBalancer.ingress` entry. */
export interface IngressEntry {
  readonly ip: string;
  readonly ipMode: "VIP";
}

/**
 * The ingress of a LoadBalancer service: the InternalIP (else ExternalIP) of every Ready node,
 * sorted and unique; `fallback` (canonical IPs only) when no node qualifies.
 */
export function desiredIngress(
  nodes: readonly V1NodeAddresses[],
  fallback: readonly string[],
): IngressEntry[] {
  const ips = new Set<string>();
  for (const node of nodes) {
    const ready = node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    if (!ready) continue;
    const addresses = node.status?.addresses ?? [];
    const pick = addresses.find((a) => a.type === "InternalIP" && a.address) ??
      addresses.find((a) => a.type === "ExternalIP" && a.address);
    const ip = pick?.address ? canonicalIP(pick.address) : undefined;
    if (ip) ips.add(ip);
  }
  if (ips.size === 0) {
    for (const address of fallback) {
      const ip = canonicalIP(address);
      if (ip) ips.add(ip);
    }
  }
  return [...ips].sort(compareIPs).map((ip) => ({ ip, ipMode: "VIP" }));
}

/** Options of the controller. */
export interface LoadBalancerStatusOptions {
  /** Addresses reported while no Ready node is known (the proxy's node addresses). */
  readonly fallbackAddresses: readonly string[];
  readonly logger?: Logger;
}

interface ServiceObject extends KubeObject {
  spec?: { type?: string };
  status?: {
    loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] };
    [field: string]: unknown;
  };
}

/** Keeps `status.loadBalancer.ingress` of LoadBalancer services equal to the nodes' addresses. */
export class LoadBalancerStatusController {
  readonly #services: Informer<KubeObject>;
  readonly #nodes: Informer<KubeObject>;
  readonly #client: ResourceClient<KubeObject>;
  readonly #queue = new WorkQueue();
  readonly #fallback: readonly string[];
  readonly #log: Logger;
  #worker: Promise<void> | undefined;

  /** Creates the controller; it runs after {@linkcode LoadBalancerStatusController.start}. */
  constructor(api: ApiClient, options: LoadBalancerStatusOptions) {
    this.#fallback = options.fallbackAddresses;
    this.#log = options.logger ?? createLogger("proxy");
    this.#client = new ResourceClient(api, {
      group: "",
      version: "v1",
      resource: "services",
      namespaced: true,
    });
    this.#services = new Informer(this.#client, { logger: this.#log });
    this.#nodes = new Informer(
      new ResourceClient(api, { group: "", version: "v1", resource: "nodes", namespaced: false }),
      { logger: this.#log },
    );
  }

  /** Starts the informers and the worker (does not wait for the first list). */
  start(): void {
    const enqueue = (o: KubeObject) =>
      this.#queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
    this.#services.addHandlers({ onAdd: enqueue, onUpdate: (_, o) => enqueue(o) });
    // A node change may change every LoadBalancer's ingress.
    const all = () => {
      for (const service of this.#services.list()) {
        if ((service as ServiceObject).spec?.type === "LoadBalancer") enqueue(service);
      }
    };
    this.#nodes.addHandlers({ onAdd: all, onUpdate: all, onDelete: all });
    this.#services.start();
    this.#nodes.start();
    this.#worker = this.#work();
  }

  /** Stops the worker and the informers. */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    await Promise.all([this.#worker, this.#services.stop(), this.#nodes.stop()]);
  }

  async #work(): Promise<void> {
    await Promise.all([this.#services.synced(), this.#nodes.synced()]);
    for (;;) {
      const key = await this.#queue.get();
      if (key === undefined) return;
      try {
        await this.#sync(key);
        this.#queue.forget(key);
      } catch (error) {
        if (!(error instanceof ApiStatusError && error.code === 409)) {
          this.#log.warn("cannot update a load balancer status", { service: key, error });
        }
        this.#queue.addRateLimited(key);
      } finally {
        this.#queue.done(key);
      }
    }
  }

  async #sync(key: string): Promise<void> {
    const service = this.#services.get(key) as ServiceObject | undefined;
    if (!service) return;
    const current = service.status?.loadBalancer?.ingress ?? [];
    const want = service.spec?.type === "LoadBalancer"
      ? desiredIngress(this.#nodes.list() as unknown as V1NodeAddresses[], this.#fallback)
      : [];
    if (sameIngress(current, want)) return;
    const next: ServiceObject = {
      ...service,
      status: { ...service.status, loadBalancer: want.length > 0 ? { ingress: want } : {} },
    };
    await this.#client.updateStatus(next);
    this.#log.info("load balancer status updated", {
      service: key,
      ingress: want.map((i) => i.ip).join(","),
    });
  }
}

function sameIngress(
  current: readonly { ip?: string; hostname?: string }[],
  want: readonly IngressEntry[],
): boolean {
  return current.length === want.length &&
    current.every((entry, i) => entry.ip === want[i]!.ip && entry.hostname === undefined);
}

/** Orders IPv4 numerically before IPv6 (text order). */
function compareIPs(a: string, b: string): number {
  const v4 = (ip: string) => ip.includes(":") ? undefined : ip.split(".").map(Number);
  const x = v4(a);
  const y = v4(b);
  if (x && y) {
    for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  }
  if (x) return -1;
  if (y) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
