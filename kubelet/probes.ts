/**
 * The prober: runs one container probe (exec, httpGet or tcpSocket) once, like the kubelet's
 * prober package, and says how it went with the output Kubernetes puts in its Events
 * ("HTTP probe failed with statuscode: 500", `dial tcp 10.244.1.5:80: connect: connection
 * refused`...). Also the probe's timing with the API's defaults. The periodic workers that call
 * this live in probes_manager.ts.
 *
 * httpGet and tcpSocket reach the pod's IP from the host: the pod bridge network is routable
 * from the node, like a CNI network is.
 *
 * @module
 */
import type { ContainerLike, ProbeLike } from "./pod_types.ts";

/** Which probe of a container. */
export type ProbeType = "liveness" | "readiness" | "startup";

/** The outcome of one probe run (unknown: the probe could not be run, e.g. no pod IP yet). */
export type ProbeResult = "success" | "failure" | "unknown";

/** A probe result with its output (the failure message, or the exec output). */
export interface ProbeOutcome {
  readonly result: ProbeResult;
  readonly output: string;
}

/** What a probe acts on. */
export interface ProbeTarget {
  /** The pod's IP (the host's for hostNetwork pods); "" when it has none yet. */
  readonly podIP: string;
  /** The container spec (its named ports). */
  readonly container: ContainerLike;
  /**
   * Runs `command` in the container and resolves to its exit code and combined output; rejects
   * with {@link ProbeTimeoutError} after `timeoutMs`.
   */
  exec(command: readonly string[], timeoutMs: number): Promise<{
    exitCode: number;
    output: string;
  }>;
}

/** An exec probe's command did not finish within the probe's timeout. */
export class ProbeTimeoutError extends Error {
  override name = "ProbeTimeoutError";
}

/** A probe's timing in milliseconds and thresholds, with the API's defaults applied. */
export interface ProbeTiming {
  readonly initialDelayMs: number;
  readonly timeoutMs: number;
  readonly periodMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/**
 * The probe's timing: timeoutSeconds 1, periodSeconds 10, successThreshold 1, failureThreshold 3
 * by default (values below the API's minimum of 1 count as unset); liveness and startup probes
 * always have a successThreshold of 1, as validation demands.
 */
export function probeTiming(probe: ProbeLike, type: ProbeType): ProbeTiming {
  const atLeastOne = (value: number | undefined, fallback: number) =>
    value !== undefined && Number.isFinite(value) && value >= 1 ? value : fallback;
  return {
    initialDelayMs: Math.max(0, probe.initialDelaySeconds ?? 0) * 1000,
    timeoutMs: atLeastOne(probe.timeoutSeconds, 1) * 1000,
    periodMs: atLeastOne(probe.periodSeconds, 10) * 1000,
    successThreshold: type === "readiness" ? atLeastOne(probe.successThreshold, 1) : 1,
    failureThreshold: atLeastOne(probe.failureThreshold, 3),
  };
}

/** A port number, or the containerPort of the container's port of that name. */
export function resolvePort(port: number | string, container: ContainerLike): number {
  if (typeof port === "number") return checkPort(port, String(port));
  if (/^\d+$/.test(port)) return checkPort(Number(port), port);
  const named = (container.ports ?? []).find((p) => p.name === port);
  if (named === undefined) {
    throw new RangeError(`couldn't find port: ${port} in container ${container.name}`);
  }
  return checkPort(named.containerPort, port);
}

function checkPort(port: number, text: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`invalid port number: ${text}`);
  }
  return port;
}

/** The probe's handler's kind, or undefined when it has none. */
export function handlerKind(
  probe: ProbeLike,
): "exec" | "httpGet" | "tcpSocket" | "grpc" | undefined {
  if (probe.exec !== undefined) return "exec";
  if (probe.httpGet !== undefined) return "httpGet";
  if (probe.tcpSocket !== undefined) return "tcpSocket";
  if (probe.grpc !== undefined) return "grpc";
  return undefined;
}

/** Runs the probe once against the target. Never rejects: problems are failures or unknowns. */
export async function runProbe(probe: ProbeLike, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = probeTiming(probe, "readiness").timeoutMs;
  try {
    if (probe.exec !== undefined) {
      return await execProbe(probe.exec.command ?? [], target, timeoutMs);
    }
    if (probe.httpGet !== undefined) return await httpProbe(probe.httpGet, target, timeoutMs);
    if (probe.tcpSocket !== undefined) return await tcpProbe(probe.tcpSocket, target, timeoutMs);
  } catch (error) {
    if (error instanceof RangeError) return { result: "failure", output: error.message };
    return { result: "unknown", output: (error as Error).message };
  }
  if (probe.grpc !== undefined) {
    return { result: "unknown", output: "grpc probes are not supported by this kubelet" };
  }
  return { result: "unknown", output: "missing probe handler" };
}

async function execProbe(
  command: readonly string[],
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  try {
    const { exitCode, output } = await target.exec(command, timeoutMs);
    return { result: exitCode === 0 ? "success" : "failure", output };
  } catch (error) {
    if (error instanceof ProbeTimeoutError) {
      return {
        result: "failure",
        output: `command ${JSON.stringify(command.join(" "))} timed out`,
      };
    }
    throw error;
  }
}

/** A host for a URL or dial message (IPv6 in brackets). */
function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function hostOf(host: string | undefined, target: ProbeTarget): string {
  const chosen = host || target.podIP;
  if (chosen === "") throw new Error("the pod has no IP address yet");
  return chosen;
}

/** Go's dial error text for a failed connection, as Kubernetes prints it. */
function dialError(address: string, error: unknown, timedOut: boolean): string {
  if (timedOut) return `dial tcp ${address}: i/o timeout`;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Deno.errors.ConnectionRefused || /refused/i.test(message)) {
    return `dial tcp ${address}: connect: connection refused`;
  }
  if (/unreachable/i.test(message)) return `dial tcp ${address}: connect: no route to host`;
  return `dial tcp ${address}: ${message.replace(/\s*\(os error \d+\)$/, "").toLowerCase()}`;
}

async function httpProbe(
  handler: NonNullable<ProbeLike["httpGet"]>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const port = resolvePort(handler.port, target.container);
  const host = hostOf(handler.host, target);
  const scheme = (handler.scheme ?? "HTTP").toLowerCase();
  if (scheme !== "http" && scheme !== "https") {
    throw new RangeError(`unsupported scheme: ${handler.scheme}`);
  }
  let path = handler.path ?? "/";
  if (!path.startsWith("/")) path = `/${path}`;
  const url = `${scheme}://${hostPort(host, port)}${path}`;
  const headers = new Headers({ "User-Agent": "kube-probe/1.33", Accept: "*/*" });
  for (const header of handler.httpHeaders ?? []) {
    // A Host header names the virtual host, as in Kubernetes.
    headers.set(header.name, header.value);
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(url, { headers, signal: controller.signal });
    // The body is the success output (up to 10 KiB, like the kubelet); a failure says the code.
    const body = await readLimited(response, 10 * 1024);
    if (response.status >= 200 && response.status < 400) {
      return { result: "success", output: body };
    }
    return {
      result: "failure",
      output: `HTTP probe failed with statuscode: ${response.status}`,
    };
  } catch (error) {
    const reason = timedOut
      ? "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
      : dialError(
        hostPort(host, port),
        error instanceof TypeError ? error.cause ?? error : error,
        false,
      );
    return { result: "failure", output: `Get ${JSON.stringify(url)}: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(response: Response, limit: number): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes.subarray(0, limit));
}

async function tcpProbe(
  handler: NonNullable<ProbeLike["tcpSocket"]>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const port = resolvePort(handler.port, target.container);
  const host = hostOf(handler.host, target);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const conn = await Deno.connect({ hostname: host, port, signal: controller.signal });
    conn.close();
    return { result: "success", output: "" };
  } catch (error) {
    return { result: "failure", output: dialError(hostPort(host, port), error, timedOut) };
  } finally {
    clearTimeout(timer);
  }
}
