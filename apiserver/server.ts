/**
 * The Kubernetes API server over a store backend: routing of every request to discovery,
 * OpenAPI, health, version, the cluster UI (/ui/) or a kind's REST handler; the watch caches;
 * the namespaces that always exist; admission (namespace must exist). Any failure is answered as
 * a Status.
 *
 * @module
 */
import { KINDS } from "../api/types/registry.ts";
import { createLogger, type Logger } from "../cli/log.ts";
import type { StoreBackend } from "../store/backend.ts";
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from "./discovery.ts";
import { alreadyExists, ApiError, notFound, type ResourceRef } from "./errors.ts";
import { namespaceTerminating } from "./admission/namespaces.ts";
import { type HealthCheck, healthResponse } from "./health.ts";
import { ApiMetrics } from "./metrics.ts";
import { openApiDocument, openApiRoot } from "./openapi.ts";
import { parseRequestInfo } from "./request_info.ts";
import { type KindHooks, ResourceHandler } from "./rest/resources.ts";
import type { ApiObject } from "./rest/metadata.ts";
import { nowTimestamp } from "./rest/metadata.ts";
import { errorResponse, jsonResponse } from "./status.ts";
import { ObjectStore } from "./storage/object_store.ts";
import { WatchCache } from "./storage/watch_cache.ts";
import { isUiPath, uiResponse } from "./ui.ts";
import { versionInfo } from "./version.ts";

/** Namespaces every cluster has. */
export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** Options of an {@link ApiServer}. */
export interface ApiServerOptions {
  readonly backend: StoreBackend;
  readonly hostname: string;
  readonly port: number;
  readonly logger?: Logger;
  /** Kind-specific hooks by resource name (validation, allocation). */
  readonly hooks?: Readonly<Record<string, KindHooks>>;
  /** Watch bookmark interval (default 60 s). */
  readonly bookmarkMs?: number;
}

/** A running API server. */
export class ApiServer {
  readonly #options: ApiServerOptions;
  readonly #logger: Logger;
  readonly #store: ObjectStore;
  readonly #handlers = new Map<string, ResourceHandler>();
  readonly #caches: WatchCache<ApiObject>[] = [];
  readonly #openapi = new Map<string, unknown>();
  readonly #metrics = new ApiMetrics();
  #server: Deno.HttpServer<Deno.NetAddr> | undefined;

  constructor(options: ApiServerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? createLogger("apiserver");
    this.#store = new ObjectStore(options.backend);
  }

  /** Where the server listens. */
  get address(): { hostname: string; port: number } {
    const addr = this.#server!.addr;
    return { hostname: addr.hostname, port: addr.port };
  }

  /** The handler of a resource (for in-process callers such as tests). */
  handler(group: string, resource: string): ResourceHandler | undefined {
    return this.#handlers.get(`${group}/${resource}`);
  }

  /** Fills the watch caches, creates the system namespaces and starts serving. */
  async start(): Promise<void> {
    for (const kind of KINDS) {
      if (kind.listSchema === undefined) continue;
      const prefix = kind.group === ""
        ? `/registry/${kind.resource}/`
        : `/registry/${kind.group}/${kind.resource}/`;
      const cache = new WatchCache<ApiObject>(this.#store, prefix, {
        onError: (error) =>
          this.#logger.warn("watch cache restarts", { resource: kind.resource, error }),
      });
      this.#handlers.set(
        `${kind.group}/${kind.resource}`,
        new ResourceHandler(kind, {
          store: this.#store,
          cache,
          requireNamespace: (namespace, resource, name) =>
            this.#requireNamespace(namespace, resource, name),
          kubeletAddress: (nodeName) => this.#kubeletAddress(nodeName),
          ...(this.#options.hooks?.[kind.resource]
            ? { hooks: this.#options.hooks[kind.resource]! }
            : {}),
          ...(this.#options.bookmarkMs === undefined
            ? {}
            : { bookmarkMs: this.#options.bookmarkMs }),
        }),
      );
      this.#caches.push(cache);
    }
    await Promise.all(this.#caches.map((cache) => cache.start()));
    await this.#ensureNamespaces();
    this.#server = Deno.serve({
      hostname: this.#options.hostname,
      port: this.#options.port,
      onListen: () => {},
      onError: (error) => errorResponse(error),
    }, (request) => this.handle(request));
    this.#logger.info("API server listening", {
      address: `${this.address.hostname}:${this.address.port}`,
    });
  }

  /** Stops serving and the watch caches. */
  async stop(): Promise<void> {
    await Promise.all(this.#caches.map((cache) => cache.stop()));
    await this.#server?.shutdown();
  }

  /** Answers one request, counting it in /metrics. */
  async handle(request: Request): Promise<Response> {
    const started = performance.now();
    const url = new URL(request.url);
    const info = parseRequestInfo(request.method, url);
    const response = await this.#answer(request, url);
    if (info.kind === "resource") {
      const verb = info.verb === "create"
        ? "POST"
        : info.verb === "update"
        ? "PUT"
        : info.verb.toUpperCase();
      this.#metrics.record({
        verb,
        group: info.group,
        version: info.version,
        resource: info.resource,
        subresource: info.subresource ?? "",
        scope: info.name !== undefined
          ? "resource"
          : info.namespace !== undefined
          ? "namespace"
          : "cluster",
        code: String(response.status),
      }, info.verb === "watch" ? undefined : (performance.now() - started) / 1000);
    }
    return response;
  }

  async #answer(request: Request, url: URL): Promise<Response> {
    try {
      const info = parseRequestInfo(request.method, url);
      if (info.kind === "nonresource") return await this.#nonResource(request, url);
      const handler = this.#handlers.get(`${info.group}/${info.resource}`);
      const kind = handler?.kind;
      if (handler === undefined || kind === undefined || kind.version !== info.version) {
        await request.body?.cancel();
        throw new ApiError("NotFound", 404, "the server could not find the requested resource");
      }
      return await handler.handle(request, info, url);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.#logger.error("request failed", { method: request.method, path: url.pathname, error });
      }
      await request.body?.cancel().catch(() => {});
      return errorResponse(error);
    }
  }

  async #nonResource(request: Request, url: URL): Promise<Response> {
    await request.body?.cancel();
    if (isUiPath(url.pathname)) return uiResponse(request, url);
    const path = url.pathname.replace(/\/$/, "") || "/";
    const parts = path.split("/").filter((p) => p !== "");
    const found = (body: unknown) => body === undefined ? this.#notFound() : jsonResponse(body);
    if (path === "/version") return jsonResponse(versionInfo());
    if (path === "/metrics") {
      return new Response(this.#metrics.render(), {
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
      });
    }
    if (["healthz", "livez", "readyz"].includes(parts[0] ?? "")) {
      return await healthResponse(parts[0]!, url, this.#healthChecks());
    }
    if (path === "/api") {
      return jsonResponse(apiVersions(`${this.address.hostname}:${this.address.port}`));
    }
    if (path === "/apis") return jsonResponse(apiGroupList());
    if (parts[0] === "api" && parts.length === 2) return found(apiResourceList("", parts[1]!));
    if (parts[0] === "apis" && parts.length === 2) return found(apiGroupDocument(parts[1]!));
    if (parts[0] === "apis" && parts.length === 3) {
      return found(apiResourceList(parts[1]!, parts[2]!));
    }
    if (path === "/openapi/v3") return jsonResponse(await openApiRoot());
    if (parts[0] === "openapi" && parts[1] === "v3") {
      const gv = parts.slice(2);
      const [group, version] = gv[0] === "api" ? ["", gv[1]] : [gv[1], gv[2]];
      if (version === undefined || group === undefined) return this.#notFound();
      const key = `${group}/${version}`;
      if (!this.#openapi.has(key)) this.#openapi.set(key, openApiDocument(group, version));
      return found(this.#openapi.get(key));
    }
    return this.#notFound();
  }

  #notFound(): Response {
    return errorResponse(
      new ApiError("NotFound", 404, "the server could not find the requested resource"),
    );
  }

  #healthChecks(): HealthCheck[] {
    return [
      { name: "ping", check: () => Promise.resolve() },
      { name: "etcd", check: async () => void (await this.#store.currentRevision()) },
    ];
  }

  /** A node's kubelet API address, from its status (InternalIP and the kubelet endpoint). */
  async #kubeletAddress(nodeName: string): Promise<{ hostname: string; port: number }> {
    const node = await this.#handlers.get("/nodes")!.get(undefined, nodeName);
    const status = (node.status ?? {}) as {
      addresses?: { type: string; address: string }[];
      daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
    };
    const address = status.addresses?.find((a) => a.type === "InternalIP")?.address ?? "127.0.0.1";
    return { hostname: address, port: status.daemonEndpoints?.kubeletEndpoint?.Port ?? 10250 };
  }

  async #requireNamespace(
    namespace: string,
    resource: ResourceRef = { resource: "", group: "" },
    name = "",
  ): Promise<void> {
    const namespaces = this.#handlers.get("/namespaces")!;
    let object: ApiObject;
    try {
      object = await namespaces.get(undefined, namespace);
    } catch (error) {
      if (error instanceof ApiError && error.code === 404) {
        throw notFound({ resource: "namespaces", group: "" }, namespace);
      }
      throw error;
    }
    if (object.metadata.deletionTimestamp !== undefined) {
      throw namespaceTerminating(resource, name, namespace);
    }
  }

  async #ensureNamespaces(): Promise<void> {
    for (const name of SYSTEM_NAMESPACES) {
      try {
        await this.#store.create(
          { resource: "namespaces", group: "" },
          `/registry/namespaces/${name}`,
          {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: {
              name,
              uid: crypto.randomUUID(),
              creationTimestamp: nowTimestamp(),
              labels: { "kubernetes.io/metadata.name": name },
            },
            spec: { finalizers: ["kubernetes"] },
            status: { phase: "Active" },
          },
        );
      } catch (error) {
        if (
          !(error instanceof ApiError &&
            error.reason === alreadyExists({ resource: "", group: "" }, "").reason)
        ) throw error;
      }
    }
  }
}
