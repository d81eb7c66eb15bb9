/**
 * The endpoints controller (after kube-controller-manager's endpoints and endpointslice
 * controllers): for each Service with a selector, the ready and not-ready addresses of the pods
 * it selects, written as an Endpoints object and one EndpointSlice
 * (`kubernetes.io/service-name` label, what `kubectl describe svc` reads). Named target ports
 * are resolved per pod.
 *
 * @module
 */
import { Selector } from "../api/labels.ts";
import { createLogger, type Logger } from "../cli/log.ts";
import {
  ApiStatusError,
  type Informer,
  keyOf,
  type KubeObject,
  ResourceClient,
  type SharedInformers,
  WorkQueue,
} from "../client/mod.ts";

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

interface PodLike extends KubeObject {
  spec?: {
    nodeName?: string;
    hostname?: string;
    containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
  };
  status?: { podIP?: string; phase?: string; conditions?: { type: string; status: string }[] };
}

function ready(pod: PodLike): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** The port of `pod` a service port targets (a named port resolves per pod). */
function targetPort(pod: PodLike, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? "TCP") === (port.protocol ?? "TCP")) {
        return p.containerPort;
      }
    }
  }
  return undefined;
}

/** Keeps Endpoints and EndpointSlices in step with services and their pods. */
export class EndpointsController {
  readonly #logger: Logger;
  readonly #endpoints: ResourceClient<KubeObject>;
  readonly #slices: ResourceClient<KubeObject>;
  readonly #services: Informer<KubeObject>;
  readonly #pods: Informer<KubeObject>;
  readonly #queue = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 30_000 });
  #workers: Promise<void>[] = [];

  constructor(informers: SharedInformers, logger?: Logger) {
    this.#logger = logger ?? createLogger("endpoints-controller");
    const core = (resource: string) => ({ group: "", version: "v1", resource, namespaced: true });
    this.#endpoints = new ResourceClient(informers.api, core("endpoints"));
    this.#slices = new ResourceClient(informers.api, {
      group: "discovery.k8s.io",
      version: "v1",
      resource: "endpointslices",
      namespaced: true,
    });
    this.#services = informers.informer(core("services"));
    this.#pods = informers.informer(core("pods"));
  }

  /** Starts watching and reconciling. */
  async start(workers = 2): Promise<void> {
    const enqueue = (o: KubeObject) => this.#queue.add(keyOf(o));
    this.#services.addHandlers({
      onAdd: enqueue,
      onUpdate: (_, o) => enqueue(o),
      onDelete: enqueue,
    });
    const podChanged = (pod: KubeObject) => {
      for (const svc of this.#services.byIndex("namespace", pod.metadata.namespace ?? "")) {
        const selector = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
        if (
          selector && Object.keys(selector).length > 0 &&
          Selector.fromSet(selector).matches(pod.metadata.labels ?? {})
        ) {
          enqueue(svc);
        }
      }
    };
    this.#pods.addHandlers({
      onAdd: podChanged,
      onUpdate: (old, pod) => {
        podChanged(old);
        podChanged(pod);
      },
      onDelete: podChanged,
    });
    this.#services.start();
    this.#pods.start();
    await Promise.all([this.#services.synced(), this.#pods.synced()]);
    this.#workers = [...Array(workers)].map(() => this.#work());
  }

  /** Stops reconciling (the shared informers are their owner's to stop). */
  async stop(): Promise<void> {
    this.#queue.shutDown();
    await Promise.all(this.#workers);
  }

  #work(): Promise<void> {
    return this.#queue.process(
      (k) => this.#sync(k),
      (k, error) => this.#logger.warn("endpoints sync failed; retrying", { service: k, error }),
    );
  }

  async #sync(k: string): Promise<void> {
    const [namespace, name] = k.split("/") as [string, string];
    const svc = this.#services.get(k);
    const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (svc === undefined || !selector || Object.keys(selector).length === 0) {
      // Service gone (or selector-less: endpoints are the user's): nothing of ours to keep.
      if (svc === undefined) {
        await this.#endpoints.delete(namespace, name).catch(ignoreNotFound);
        await this.#slices.delete(namespace, name).catch(ignoreNotFound);
      }
      return;
    }
    const ports = (svc.spec as { ports?: ServicePort[] }).ports ?? [];
    const match = Selector.fromSet(selector);
    const pods = (this.#pods.byIndex("namespace", namespace) as PodLike[]).filter((p) =>
      match.matches(p.metadata.labels ?? {}) && p.status?.podIP &&
      p.metadata.deletionTimestamp === undefined &&
      p.status.phase !== "Succeeded" && p.status.phase !== "Failed"
    ).sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
    const address = (p: PodLike) => ({
      ip: p.status!.podIP!,
      ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}),
      targetRef: { kind: "Pod", namespace, name: p.metadata.name, uid: p.metadata.uid },
    });
    const subsets = ports.length === 0 ? [] : [{
      ...(pods.some(ready) ? { addresses: pods.filter(ready).map(address) } : {}),
      ...(pods.some((p) => !ready(p))
        ? { notReadyAddresses: pods.filter((p) => !ready(p)).map(address) }
        : {}),
      ports: ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: targetPort(pods[0] ?? {} as PodLike, p) ?? Number(p.targetPort ?? p.port),
        protocol: p.protocol ?? "TCP",
      })),
    }].filter((s) => "addresses" in s || "notReadyAddresses" in s);
    await this.#write(this.#endpoints, namespace, name, {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name, namespace, labels: { ...(svc.metadata.labels ?? {}) } },
      subsets,
    });
    await this.#write(this.#slices, namespace, name, {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name,
        namespace,
        labels: {
          "kubernetes.io/service-name": name,
          "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
        },
        ownerReferences: [{
          apiVersion: "v1",
          kind: "Service",
          name,
          uid: svc.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        }],
      },
      addressType: "IPv4",
      endpoints: pods.map((p) => ({
        addresses: [p.status!.podIP!],
        conditions: { ready: ready(p), serving: ready(p), terminating: false },
        ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}),
        targetRef: { kind: "Pod", namespace, name: p.metadata.name, uid: p.metadata.uid },
      })),
      ports: ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: targetPort(pods[0] ?? {} as PodLike, p) ?? null,
        protocol: p.protocol ?? "TCP",
      })),
    });
  }

  /** Creates or replaces an object when its content differs from what is stored. */
  async #write(
    client: ResourceClient<KubeObject>,
    namespace: string,
    name: string,
    desired: KubeObject,
  ): Promise<void> {
    let current: KubeObject | undefined;
    try {
      current = await client.get(namespace, name);
    } catch (error) {
      if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
    }
    if (current === undefined) {
      await client.create(desired);
      return;
    }
    const { metadata: _m, ...desiredBody } = desired;
    const { metadata: _c, apiVersion: _a, kind: _k, ...currentBody } = current;
    const { apiVersion: _da, kind: _dk, ...desiredRest } = desiredBody;
    if (JSON.stringify(currentBody) === JSON.stringify(desiredRest)) return;
    await client.update({
      ...desired,
      metadata: { ...desired.metadata, resourceVersion: current.metadata.resourceVersion ?? "" },
    });
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof ApiStatusError && error.code === 404)) throw error;
}
