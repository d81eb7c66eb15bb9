/**
 * The kubelet API on `--listen`: `/healthz`, `/metrics`; `/containerLogs/<ns>/<pod>/<container>` with
 * kubectl's log options (follow, tailLines, sinceSeconds, timestamps, previous), streamed as
 * text; `/exec/<ns>/<pod>/<container>` and `/attach/...` over a WebSocket (see exec.ts). The API
 * server proxies `pods/log`, `pods/exec` and `pods/attach` here.
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import { DockerClient } from "./docker_client.ts";
import { serveExec } from "./exec.ts";
import type { KubeletMetrics } from "./metrics.ts";
import { PROMETHEUS_CONTENT_TYPE } from "../cli/prometheus.ts";
import type { PodRuntime } from "./pod_runtime.ts";
import type { PodLike } from "./pod_types.ts";

/** Finds a pod of this node by namespace and name. */
export type PodLookup = (namespace: string, name: string) => PodLike | undefined;

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Serves the kubelet API until the returned server is shut down. */
export function serveKubeletApi(
  runtime: PodRuntime,
  pods: PodLookup,
  options: {
    hostname: string;
    port: number;
    logger: Logger;
    docker?: DockerClient;
    /** Serves /metrics when given. */
    metrics?: KubeletMetrics;
  },
): Deno.HttpServer<Deno.NetAddr> {
  const docker = options.docker ?? new DockerClient();
  return Deno.serve(
    { hostname: options.hostname, port: options.port, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      const parts = url.pathname.split("/").filter((p) => p !== "").map(decodeURIComponent);
      if (url.pathname === "/healthz") return text(200, "ok");
      if (url.pathname === "/metrics" && options.metrics !== undefined) {
        return new Response(options.metrics.render(), {
          headers: { "content-type": PROMETHEUS_CONTENT_TYPE },
        });
      }
      if ((parts[0] === "exec" || parts[0] === "attach") && parts.length === 4) {
        const [kind, namespace, name, container] = parts as [
          "exec" | "attach",
          string,
          string,
          string,
        ];
        const target = { namespace, name, container, pod: pods(namespace, name) };
        return serveExec(request, target, { docker, logger: options.logger }, kind);
      }
      if (parts[0] !== "containerLogs" || parts.length !== 4) {
        return text(
          404,
          "404 page not found\n",
        );
      }
      const [, namespace, name, container] = parts as [string, string, string, string];
      const pod = pods(namespace, name);
      if (pod === undefined) return text(404, `pod ${namespace}/${name} is not on this node\n`);
      const q = url.searchParams;
      const number = (key: string) => (q.has(key) ? Number(q.get(key)) : undefined);
      try {
        const tailLines = number("tailLines");
        const sinceSeconds = number("sinceSeconds");
        const stream = await runtime.containerLogs(pod, container, {
          follow: q.get("follow") === "true",
          timestamps: q.get("timestamps") === "true",
          previous: q.get("previous") === "true",
          ...(tailLines === undefined ? {} : { tailLines }),
          ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
        });
        return new Response(stream, { headers: { "content-type": "text/plain; charset=utf-8" } });
      } catch (error) {
        options.logger.debug(1, "container logs failed", {
          pod: `${namespace}/${name}`,
          container,
          error,
        });
        return text(400, `${error instanceof Error ? error.message : String(error)}\n`);
      }
    },
  );
}
