/**
 * `kubeno proxy`: makes the service range local (`ip route replace local <cidr> dev lo`, removed
 * on shutdown), follows Services and EndpointSlices through informers into the ServiceTable
 * that the userspace proxier and the cluster DNS serve, until SIGINT or SIGTERM.
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import type { HostPort } from "../cli/values.ts";
import { ApiClient, Informer, type KubeObject, ResourceClient } from "../client/mod.ts";
import { untilSignal } from "../store/run_member.ts";
import {
  SERVICE_NAME_LABEL,
  serviceFromKubernetes,
  type V1EndpointSlice,
  type V1Service,
} from "./convert.ts";
import { startProxyRuntime } from "./runtime.ts";
import { ServiceTable } from "./table.ts";

/** A proxy's configuration. */
export interface ProxyConfig {
  readonly servers: readonly URL[];
  readonly serviceCidr: string;
  readonly dns: HostPort | undefined;
  readonly metrics: HostPort;
  readonly nodeName: string | undefined;
  readonly nodeAddresses: readonly string[];
}

async function ip(args: string[]): Promise<{ ok: boolean; message: string }> {
  try {
    const { code, stderr } = await new Deno.Command("ip", {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    return { ok: code === 0, message: new TextDecoder().decode(stderr).trim() };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Follows services and slices into the table. */
class ServiceFeed {
  readonly #table: ServiceTable;
  readonly #services: Informer<KubeObject>;
  readonly #slices: Informer<KubeObject>;
  readonly #logger: Logger;

  constructor(api: ApiClient, table: ServiceTable, logger: Logger) {
    this.#table = table;
    this.#logger = logger;
    this.#services = new Informer(
      new ResourceClient(api, { group: "", version: "v1", resource: "services", namespaced: true }),
      { logger },
    );
    this.#slices = new Informer(
      new ResourceClient(api, {
        group: "discovery.k8s.io",
        version: "v1",
        resource: "endpointslices",
        namespaced: true,
      }),
      { logger },
    );
  }

  async start(): Promise<void> {
    const refresh = (namespace: string | undefined, name: string | undefined) => {
      if (!namespace || !name) return;
      const service = this.#services.get(`${namespace}/${name}`);
      try {
        if (service === undefined) {
          this.#table.delete(namespace, name);
          return;
        }
        const slices = this.#slices.byIndex("namespace", namespace)
          .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
        this.#table.upsert(
          serviceFromKubernetes(
            service as unknown as V1Service,
            slices as unknown as V1EndpointSlice[],
          ),
        );
      } catch (error) {
        this.#logger.warn("service not proxied", { service: `${namespace}/${name}`, error });
      }
    };
    const onService = (o: KubeObject) => refresh(o.metadata.namespace, o.metadata.name);
    const onSlice = (o: KubeObject) =>
      refresh(o.metadata.namespace, o.metadata.labels?.[SERVICE_NAME_LABEL]);
    this.#services.addHandlers({
      onAdd: onService,
      onUpdate: (_, o) => onService(o),
      onDelete: onService,
    });
    this.#slices.addHandlers({ onAdd: onSlice, onUpdate: (_, o) => onSlice(o), onDelete: onSlice });
    this.#services.start();
    this.#slices.start();
    await Promise.all([this.#services.synced(), this.#slices.synced()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.#services.stop(), this.#slices.stop()]);
  }
}

/** Runs the proxy; resolves to the exit code. */
export async function runProxy(config: ProxyConfig, verbosity: number): Promise<number> {
  const logger = createLogger("proxy", verbosity);
  const route = ["route", "replace", "local", config.serviceCidr, "dev", "lo"];
  const added = await ip(route);
  if (!added.ok) {
    console.error(
      `kubeno proxy: cannot make ${config.serviceCidr} local (ip ${route.join(" ")}): ${
        added.message || "failed"
      }; run as root`,
    );
    return 1;
  }
  const table = new ServiceTable();
  let runtime;
  try {
    runtime = await startProxyRuntime({
      table,
      proxier: {
        nodeAddresses: config.nodeAddresses,
        ...(config.nodeName === undefined ? {} : { nodeName: config.nodeName }),
      },
      ...(config.dns === undefined
        ? {}
        : { dns: { hostname: config.dns.hostname, port: config.dns.port } }),
      metrics: config.metrics,
      logger,
    });
  } catch (error) {
    await ip(["route", "del", "local", config.serviceCidr, "dev", "lo"]);
    console.error(`kubeno proxy: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const feed = new ServiceFeed(new ApiClient(config.servers), table, logger);
  await feed.start();
  logger.info("proxy running", {
    serviceCidr: config.serviceCidr,
    dns: config.dns ? `${config.dns.hostname}:${config.dns.port}` : "off",
  });
  const signal = await untilSignal();
  logger.info("stopping", { signal });
  await feed.stop();
  await runtime.close();
  await ip(["route", "del", "local", config.serviceCidr, "dev", "lo"]);
  return 0;
}
