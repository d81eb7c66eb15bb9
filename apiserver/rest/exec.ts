/**
 * pods/exec and pods/attach: checks the request against the pod (container, node, streams) the way
 * kube-apiserver does, then relays the WebSocket to the kubelet of the pod's node
 * (`/exec/<ns>/<pod>/<container>` or `/attach/...`, see kubelet/exec.ts).
 *
 * Errors: kubectl >= 1.30 dials a WebSocket (v5.channel.k8s.io) first and, when the upgrade is
 * answered with anything but 101, retries with SPDY (a POST with `Upgrade: SPDY/3.1` and
 * `Content-Length: 0`), and prints what that second attempt got. Deno's HTTP server answers such
 * a request itself with an empty 400 before any handler runs, so an HTTP error to the WebSocket
 * attempt would reach the user as a bare "Error from server:". Hence a WebSocket request that
 * offers a served sub-protocol is always upgraded, and a failure (pod not found, container not
 * valid, no host, kubelet unreachable) is sent as the Status on the error channel, which kubectl
 * prints as "error: <message>". Requests without a WebSocket upgrade get the same Status as an
 * ordinary HTTP error.
 *
 * @module
 */
import {
  type ExecProtocol,
  failureStatus,
  negotiateProtocol,
  statusFrame,
} from "../../kubelet/exec_channels.ts";
import { ApiError, badRequest } from "../errors.ts";
import { ClientUpgradeError, proxyWebSocket, UpstreamDialError } from "../proxy_websocket.ts";
import type { ApiObject } from "./metadata.ts";

/** Where a node's kubelet API is. */
export type KubeletAddress = (nodeName: string) => Promise<{ hostname: string; port: number }>;

interface PodSpecView {
  nodeName?: string;
  containers?: { name: string }[];
  initContainers?: { name: string }[];
  ephemeralContainers?: { name: string }[];
}

/** The container an exec (or attach) targets: the named one, or the pod's only container. */
export function execContainer(pod: ApiObject, requested: string): string {
  const name = pod.metadata.name ?? "";
  const spec = (pod.spec ?? {}) as PodSpecView;
  const main = (spec.containers ?? []).map((c) => c.name);
  if (requested === "") {
    if (main.length === 1) return main[0]!;
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${main.join(" ")}]`,
    );
  }
  const all = [
    ...main,
    ...(spec.initContainers ?? []).map((c) => c.name),
    ...(spec.ephemeralContainers ?? []).map((c) => c.name),
  ];
  if (!all.includes(requested)) {
    throw badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

/**
 * The kubelet's query for an exec from the API request's (PodExecOptions: `command` repeated,
 * `stdin`, `stdout`, `stderr`, `tty`), in the kubelet's names (`input`, `output`, `error`).
 * Throws 400 for a request kube-apiserver also refuses.
 */
export function kubeletExecQuery(
  params: URLSearchParams,
  kind: "exec" | "attach" = "exec",
): URLSearchParams {
  const on = (key: string) => ["1", "true"].includes((params.get(key) ?? "").toLowerCase());
  const command = params.getAll("command");
  if (kind === "exec" && command.length === 0) {
    throw badRequest("you must specify at least one command");
  }
  const streams = { input: on("stdin"), output: on("stdout"), error: on("stderr") };
  if (!streams.input && !streams.output && !streams.error) {
    throw badRequest("you must specify at least 1 of stdin, stdout, stderr");
  }
  const tty = on("tty");
  if (tty && streams.error) {
    throw badRequest("stdout and stderr cannot both be requested with a tty");
  }
  const query = new URLSearchParams();
  for (const part of command) query.append("command", part);
  for (const [key, value] of Object.entries(streams)) if (value) query.set(key, "1");
  if (tty) query.set("tty", "1");
  return query;
}

/**
 * Answers GET or POST pods/<name>/exec (or /attach, by `kind`); `lookup` reads the pod (and
 * throws its 404). See the module documentation for how errors reach WebSocket clients.
 */
export async function podExec(
  request: Request,
  lookup: () => Promise<ApiObject>,
  params: URLSearchParams,
  kubeletAddress: KubeletAddress | undefined,
  kind: "exec" | "attach" = "exec",
): Promise<Response> {
  await request.body?.cancel();
  const upgrade = (request.headers.get("upgrade") ?? "").toLowerCase();
  const protocol = upgrade === "websocket"
    ? negotiateProtocol(request.headers.get("sec-websocket-protocol"))
    : undefined;
  try {
    const pod = await lookup();
    const name = pod.metadata.name ?? "";
    const namespace = pod.metadata.namespace ?? "default";
    const container = execContainer(pod, params.get("container") ?? "");
    const query = kubeletExecQuery(params, kind);
    const nodeName = ((pod.spec ?? {}) as PodSpecView).nodeName;
    if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    if (kubeletAddress === undefined) {
      throw new ApiError("ServiceUnavailable", 503, "no kubelet connection is configured");
    }
    const { hostname, port } = await kubeletAddress(nodeName);
    const upstream = new URL(
      `ws://${hostname}:${port}/${kind}/${encodeURIComponent(namespace)}/${
        encodeURIComponent(name)
      }/${encodeURIComponent(container)}?${query}`,
    );
    if (upgrade === "websocket") {
      try {
        return await proxyWebSocket(request, upstream);
      } catch (error) {
        if (error instanceof UpstreamDialError) throw dialError(error.message);
        if (error instanceof ClientUpgradeError) throw badRequest(error.message);
        throw error;
      }
    }
    try {
      (await Deno.connect({ hostname, port })).close();
    } catch (error) {
      throw dialError(`dial tcp ${hostname}:${port}: ${(error as Error).message}`);
    }
    if (upgrade === "") throw badRequest("Upgrade request required");
    throw badRequest(
      `unable to upgrade connection: ${upgrade} is not supported; pods/${kind} is served over ` +
        "WebSocket (v5.channel.k8s.io, kubectl >= 1.30)",
    );
  } catch (error) {
    if (protocol !== undefined && error instanceof ApiError) {
      return failOverWebSocket(request, protocol, error);
    }
    throw error;
  }
}

/**
 * Upgrades, sends `error` as the error channel's Status, and closes normally. A request that
 * cannot be upgraded (a malformed handshake) gets `error` as a plain HTTP error instead.
 */
function failOverWebSocket(request: Request, protocol: ExecProtocol, error: ApiError): Response {
  let upgraded: { socket: WebSocket; response: Response };
  try {
    upgraded = Deno.upgradeWebSocket(request, { protocol });
  } catch {
    throw error;
  }
  const { socket, response } = upgraded;
  socket.addEventListener("open", () => {
    socket.send(statusFrame(protocol, failureStatus(error.message, error.code, error.reason)));
    socket.close(1000);
  });
  return response;
}

function dialError(message: string): ApiError {
  return new ApiError("InternalError", 500, `error dialing backend: ${message}`);
}
