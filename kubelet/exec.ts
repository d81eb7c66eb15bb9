/**
 * The kubelet API's `/exec/<namespace>/<pod>/<container>`: runs a command in a running container
 * of a pod on this node and streams it over a WebSocket in the Kubernetes channel protocols (see
 * exec_channels.ts), which the API server's pods/exec relays to `kubectl exec`.
 *
 * The query is the API server's (kube-apiserver's names `input`, `output`, `error`, `tty`,
 * `command` repeated; kubectl's `stdin`, `stdout`, `stderr` are accepted too). Once upgraded,
 * every failure (pod not here, container not running, bad query) is reported the way kubectl
 * shows it: a Status on the error channel, then a normal close. Only a request that is not a
 * WebSocket upgrade, or offers no served sub-protocol, gets a plain HTTP error.
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import {
  demultiplexStream,
  DockerApiError,
  type DockerClient,
  type ExecSession,
} from "./docker_client.ts";
import {
  CHANNEL,
  closedChannel,
  decodeFrame,
  encodeFrame,
  EXEC_PROTOCOLS,
  type ExecProtocol,
  type ExecStatus,
  exitCodeStatus,
  failureStatus,
  negotiateProtocol,
  parseResize,
  statusFrame,
  successStatus,
} from "./exec_channels.ts";
import { LABELS, podIdentity, TYPE_CONTAINER } from "./names.ts";
import type { PodLike } from "./pod_types.ts";

/** What to run and which streams to attach, from an exec request's query. */
export interface ExecParams {
  readonly command: readonly string[];
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

/** A query that asks for something impossible; the message is the user's. */
export class ExecRequestError extends Error {
  override name = "ExecRequestError";
}

/**
 * Reads the exec (or, without `command`, attach) query; throws {@link ExecRequestError} like
 * kube-apiserver's validation.
 */
export function parseExecParams(query: URLSearchParams, kind: StreamKind = "exec"): ExecParams {
  const flag = (...keys: string[]) =>
    keys.some((key) => ["1", "true"].includes((query.get(key) ?? "").toLowerCase()));
  const command = query.getAll("command");
  const params = {
    command,
    stdin: flag("input", "stdin"),
    stdout: flag("output", "stdout"),
    stderr: flag("error", "stderr"),
    tty: flag("tty"),
  };
  if (kind === "exec" && command.length === 0) {
    throw new ExecRequestError("you must specify at least one command");
  }
  if (!params.stdin && !params.stdout && !params.stderr) {
    throw new ExecRequestError("you must specify at least 1 of stdin, stdout, stderr");
  }
  if (params.tty && params.stderr) {
    // A TTY merges stderr into stdout; kubectl never asks for both.
    throw new ExecRequestError("stdout and stderr cannot both be requested with a tty");
  }
  return params;
}

/** `exec` runs a new command; `attach` joins the container's main process. */
export type StreamKind = "exec" | "attach";

/** What an exec needs from the kubelet. */
export interface ExecDeps {
  readonly docker: DockerClient;
  readonly logger: Logger;
}

/** The id of the running instance of a pod's container; throws a message for the user. */
export async function runningContainerId(
  docker: DockerClient,
  pod: PodLike,
  container: string,
): Promise<string> {
  const identity = podIdentity(pod);
  // Init containers count too: `kubectl exec -c <init>` reaches one while it runs.
  const containers = [...pod.spec?.initContainers ?? [], ...pod.spec?.containers ?? []];
  if (!containers.some((c) => c.name === container)) {
    throw new ExecRequestError(`container ${container} is not valid for pod ${identity.name}`);
  }
  const labels = [
    `${LABELS.podUid}=${identity.uid}`,
    `${LABELS.containerName}=${container}`,
    `${LABELS.type}=${TYPE_CONTAINER}`,
  ];
  if (pod.spec?.nodeName) labels.push(`${LABELS.node}=${pod.spec.nodeName}`);
  const running = (await docker.listContainers(labels)).filter((c) => c.State === "running");
  if (running.length === 0) {
    throw new ExecRequestError(
      `container ${JSON.stringify(container)} in pod ${JSON.stringify(identity.name)} ` +
        "is not running",
    );
  }
  // The newest instance, should a restarted one overlap an old one for a moment.
  running.sort((a, b) => b.Created - a.Created);
  return running[0]!.Id;
}

/**
 * Answers `/exec/...` and `/attach/...`: upgrades to a WebSocket with the negotiated
 * sub-protocol and runs the session on it. `pod` is undefined when the pod is not on this node.
 * An attach ends with Success when the stream ends (kubectl attach reports no exit code).
 */
export function serveExec(
  request: Request,
  target: { namespace: string; name: string; container: string; pod: PodLike | undefined },
  deps: ExecDeps,
  kind: StreamKind = "exec",
): Response {
  if ((request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
    return plain(
      400,
      "exec needs a WebSocket upgrade with one of the sub-protocols " +
        `${EXEC_PROTOCOLS.join(", ")}; SPDY is not supported`,
    );
  }
  const protocol = negotiateProtocol(request.headers.get("sec-websocket-protocol"));
  if (protocol === undefined) {
    return plain(400, `no supported sub-protocol offered; this kubelet serves ${EXEC_PROTOCOLS}`);
  }
  const { socket, response } = Deno.upgradeWebSocket(request, { protocol });
  socket.binaryType = "arraybuffer";
  const query = new URL(request.url).searchParams;
  const session = new ExecConnection(socket, protocol, deps.logger);
  socket.addEventListener("open", () => {
    session.run(async () => {
      if (target.pod === undefined) {
        throw new ExecRequestError(`pod ${target.namespace}/${target.name} is not on this node`);
      }
      const params = parseExecParams(query, kind);
      const id = await runningContainerId(deps.docker, target.pod, target.container);
      const streams = { stdin: params.stdin, stdout: params.stdout, stderr: params.stderr };
      if (kind === "attach") {
        const tty = (await deps.docker.inspectContainer(id))?.Config.Tty === true;
        const session = await deps.docker.attach(id, streams);
        return { params: { ...params, tty }, session, reportExit: false };
      }
      const session = await deps.docker.exec(id, {
        cmd: params.command,
        ...streams,
        tty: params.tty,
      });
      return { params, session, reportExit: true };
    });
  });
  return response;
}

/** A started session; `reportExit` is false for an attach. */
interface Started {
  readonly params: ExecParams;
  readonly session: ExecSession;
  readonly reportExit: boolean;
}

/** Output waits while this much is queued on the socket (a slow reader slows the command). */
const HIGH_WATER = 1 << 20;

/**
 * One upgraded exec connection: relays the session's streams and reports how it ended.
 * Exported for its unit tests only (they drive it with a fake socket).
 */
export class ExecConnection {
  readonly #socket: WebSocket;
  readonly #protocol: ExecProtocol;
  readonly #logger: Logger;
  /** Incoming messages are handled in order, each after the session has started. */
  #inbox: Promise<unknown> = Promise.resolve();
  #started: Promise<Started | undefined> | undefined;
  #closed = false;

  /** Relays over `socket` (already upgraded with `protocol`). */
  constructor(socket: WebSocket, protocol: ExecProtocol, logger: Logger) {
    this.#socket = socket;
    this.#protocol = protocol;
    this.#logger = logger;
    socket.addEventListener("message", (event) => {
      this.#inbox = this.#inbox.then(() => this.#receive(event.data)).catch((error) =>
        this.#finish(failureStatus(`exec: ${errorMessage(error)}`, 400))
      );
    });
    socket.addEventListener("close", () => {
      this.#closed = true;
      // The client went away: drop the engine connection (and with it the command's stdin).
      void this.#started?.then((started) => started?.session.close());
    });
  }

  /** Starts the session, relays its output, then sends its Status and closes. */
  run(start: () => Promise<Started>): void {
    const started = start();
    this.#started = started.catch(() => undefined);
    void (async () => {
      let status: ExecStatus;
      try {
        const { params, session, reportExit } = await started;
        await this.#relayOutput(session, params.tty);
        const code = reportExit ? await session.exitCode() : 0;
        status = code === 0 ? successStatus() : exitCodeStatus(params.command, code);
      } catch (error) {
        status = error instanceof ExecRequestError
          ? failureStatus(error.message, 400)
          : failureStatus(dockerMessage(error));
        if (!(error instanceof ExecRequestError)) {
          this.#logger.debug(1, "exec failed", { error });
        }
      }
      this.#finish(status);
    })();
  }

  async #relayOutput(session: ExecSession, tty: boolean): Promise<void> {
    if (tty) {
      await session.output.pipeTo(
        new WritableStream({ write: (chunk) => this.#send(CHANNEL.stdout, chunk) }),
      );
      return;
    }
    // The demultiplexer hands over each frame with its stream synchronously; the sends are
    // chained, and the sink waits for the chain, so a slow client stops the pipe from reading
    // more of the engine's output (back-pressure) instead of queueing it all in memory.
    let queue = Promise.resolve();
    await session.output.pipeThrough(demultiplexStream((which, payload) => {
      const channel = which === "stderr" ? CHANNEL.stderr : CHANNEL.stdout;
      queue = queue.then(() => this.#send(channel, payload));
    })).pipeTo(new WritableStream({ write: () => queue }));
    await queue;
  }

  async #send(channel: number, payload: Uint8Array): Promise<void> {
    if (this.#closed || payload.length === 0) return;
    while (this.#socket.bufferedAmount > HIGH_WATER && !this.#closed) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.send(encodeFrame(this.#protocol, channel, payload));
    }
  }

  async #receive(data: ArrayBuffer | string): Promise<void> {
    const frame = decodeFrame(this.#protocol, data);
    const started = await this.#started;
    if (started === undefined) return;
    const { params, session } = started;
    const closed = closedChannel(this.#protocol, frame);
    if (closed !== undefined) {
      if (closed === CHANNEL.stdin) session.closeStdin();
      return;
    }
    if (frame.channel === CHANNEL.stdin && params.stdin) {
      await session.write(frame.payload);
    } else if (frame.channel === CHANNEL.resize && params.tty) {
      await session.resize(parseResize(frame.payload)).catch((error) =>
        this.#logger.debug(2, "exec resize failed", { error })
      );
    }
  }

  #finish(status: ExecStatus): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    this.#socket.send(statusFrame(this.#protocol, status));
    this.#socket.close(1000);
  }
}

function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The engine's own words for an engine error; the message otherwise. */
function dockerMessage(error: unknown): string {
  return error instanceof DockerApiError ? error.reason : errorMessage(error);
}
