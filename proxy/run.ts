/**
 * `kubeno proxy`: makes the service range local (`ip route add local <cidr> dev lo`), follows
 * Services and EndpointSlices through informers into the ServiceTable that the userspace proxier
 * and the cluster DNS serve, until SIGINT or SIGTERM.
 *
 * Route ownership (several proxies, or a proxy and a test, may share one machine):
 * - the proxy that adds the route owns it and deletes it when it stops;
 * - a route that already exists with the same spec (`local <cidr> dev lo`) is used as it is and
 *   left in place on stop: whoever added it removes it;
 * - a route for the range that points elsewhere is someone else's configuration: the proxy
 *   refuses to start rather than replace it.
 * So a proxy never deletes a route it did not add. Proxies that must not depend on each other's
 * lifetime use distinct service ranges (as the tests do).
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

/** Runs `ip` and returns its stdout ("" when it fails). */
async function ipOutput(args: string[]): Promise<string> {
  try {
    const { code, stdout } = await new Deno.Command("ip", { args, stdin: "null", stderr: "null" })
      .output();
    return code === 0 ? new TextDecoder().decode(stdout) : "";
  } catch {
    return "";
  }
}

/** How this process holds the service route: `owned` ones are deleted on stop. */
type RouteHold = { readonly owned: boolean } | { readonly error: string };

/** Makes `cidr` local on `lo` following the ownership rule in the module comment. */
async function holdServiceRoute(cidr: string): Promise<RouteHold> {
  const spec = ["local", cidr, "dev", "lo"];
  const added = await ip(["route", "add", ...spec]);
  if (added.ok) return { owned: true };
  if (!/file exists/i.test(added.message)) {
    return {
      error: `cannot make ${cidr} local (ip route add ${spec.join(" ")}): ${
        added.message || "failed"
      }; run as root`,
    };
  }
  const shown = await ipOutput(["-j", "route", "show", "table", "local", "exact", cidr]);
  let routes: { type?: string; dev?: string }[] = [];
  try {
    routes = JSON.parse(shown || "[]");
  } catch {
    // unreadable: treated as a different spec below
  }
  if (routes.length > 0 && routes.every((r) => r.type === "local" && r.dev === "lo")) {
    return { owned: false };
  }
  return {
    error: `a route for ${cidr} exists and is not "local ${cidr} dev lo" (${
      shown.trim() || "unreadable"
    }); not replacing it`,
  };
}

/** Deletes the service route if this process added it. */
async function releaseServiceRoute(cidr: string, hold: { readonly owned: boolean }): Promise<void> {
  if (hold.owned) await ip(["route", "del", "local", cidr, "dev", "lo"]);
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
  const route = await holdServiceRoute(config.serviceCidr);
  if ("error" in route) {
    console.error(`kubeno proxy: ${route.error}`);
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
    await releaseServiceRoute(config.serviceCidr, route);
    console.error(`kubeno proxy: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const feed = new ServiceFeed(new ApiClient(config.servers), table, logger);
  await feed.start();
  logger.info("proxy running", {
    serviceCidr: config.serviceCidr,
    route: route.owned ? "added" : "shared",
    dns: config.dns ? `${config.dns.hostname}:${config.dns.port}` : "off",
  });
  const signal = await untilSignal();
  logger.info("stopping", { signal });
  await feed.stop();
  await runtime.close();
  await releaseServiceRoute(config.serviceCidr, route);
  return 0;
}
