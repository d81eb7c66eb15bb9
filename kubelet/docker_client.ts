/**
 * A small typed client for the Docker Engine API over `npm:docker-modem`: just the calls the
 * kubelet makes, each returning plain data and failing with a typed error.
 *
 * @module
 */
// @ts-types="@types/docker-modem"
import Modem from "docker-modem";
import type { Buffer } from "node:buffer";
import type { Readable } from "node:stream";

/** The Engine API version the kubelet speaks; Debian's docker.io 20.10 serves 1.41. */
export const DOCKER_API_VERSION = "v1.41";

/** The engine could not be reached at all (not installed, not running, wrong socket). */
export class DockerUnavailableError extends Error {
  override name = "DockerUnavailableError";
}

/** The engine answered with an error status. */
export class DockerApiError extends Error {
  override name = "DockerApiError";
  /** The HTTP status the engine answered with (404 for an unknown container or image). */
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Where to find the engine. */
export interface DockerClientOptions {
  /** A Unix socket path; defaults to DOCKER_HOST (unix://...) or /var/run/docker.sock. */
  readonly socketPath?: string;
}

/** The subset of the engine's version answer the kubelet reports in nodeInfo. */
export interface DockerVersion {
  readonly Version: string;
  readonly ApiVersion: string;
  readonly Os: string;
  readonly Arch: string;
  readonly KernelVersion: string;
}

/** The body of `POST /containers/create` (Docker's ContainerConfig plus HostConfig). */
export interface ContainerCreateBody {
  readonly Image: string;
  readonly Cmd?: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly Env?: readonly string[];
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>>;
  readonly Hostname?: string;
  readonly HostConfig?: Readonly<Record<string, unknown>>;
  readonly [extra: string]: unknown;
}

/** What a container printed, split by stream. */
export interface ContainerOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** A typed Docker Engine API client. */
export class DockerClient {
  readonly #modem: Modem;
  /** Where the client dials, for error messages. */
  readonly endpoint: string;

  constructor(options: DockerClientOptions = {}) {
    const socketPath = options.socketPath ?? socketFromEnv() ?? "/var/run/docker.sock";
    this.endpoint = `unix://${socketPath}`;
    this.#modem = new Modem({ socketPath, version: DOCKER_API_VERSION, timeout: 0 });
  }

  /** Resolves when the engine answers; throws {@link DockerUnavailableError} when it does not. */
  async ping(): Promise<void> {
    await this.#call({ path: "/_ping", method: "GET", statusCodes: { 200: true } });
  }

  /** The engine's version information. */
  async version(): Promise<DockerVersion> {
    return await this.#call({ path: "/version", method: "GET", statusCodes: { 200: true } });
  }

  /** True when the image is present locally. */
  async imageExists(reference: string): Promise<boolean> {
    try {
      await this.#call({
        path: `/images/${encodeURIComponent(reference)}/json`,
        method: "GET",
        statusCodes: { 200: true, 404: "no such image" },
      });
      return true;
    } catch (error) {
      if (error instanceof DockerApiError && error.status === 404) return false;
      throw error;
    }
  }

  /** Creates a container and returns its id. */
  async createContainer(name: string, body: ContainerCreateBody): Promise<string> {
    const created = await this.#call<{ Id: string }>({
      path: "/containers/create?",
      method: "POST",
      options: { _query: { name }, _body: body },
      statusCodes: { 201: true, 404: "no such image", 409: "name in use" },
    });
    return created.Id;
  }

  /** Starts a created container. */
  async startContainer(id: string): Promise<void> {
    await this.#call({
      path: `/containers/${id}/start`,
      method: "POST",
      statusCodes: { 204: true, 304: true, 404: "no such container" },
    });
  }

  /** Waits for the container to stop and returns its exit code. */
  async waitContainer(id: string): Promise<number> {
    const result = await this.#call<{ StatusCode: number }>({
      path: `/containers/${id}/wait`,
      method: "POST",
      statusCodes: { 200: true, 404: "no such container" },
    });
    return result.StatusCode;
  }

  /** Everything the (non-TTY) container printed so far. */
  async containerOutput(id: string): Promise<ContainerOutput> {
    const stream = await this.#call<Readable>({
      path: `/containers/${id}/logs?`,
      method: "GET",
      options: { _query: { stdout: true, stderr: true } },
      isStream: true,
      statusCodes: { 200: true, 404: "no such container" },
    });
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return demultiplex(concat(chunks));
  }

  /** Removes a container (and its anonymous volumes); `force` kills a running one first. */
  async removeContainer(id: string, options: { force?: boolean } = {}): Promise<void> {
    await this.#call({
      path: `/containers/${id}?`,
      method: "DELETE",
      options: { _query: { force: options.force ?? false, v: true } },
      statusCodes: { 204: true, 404: true },
    });
  }

  /** One API call; connection failures become {@link DockerUnavailableError}. */
  #call<T>(options: Modem.DialOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#modem.dial(options, (error, result) => {
        if (error === null) {
          resolve(result as T);
          return;
        }
        const status = (error as { statusCode?: number }).statusCode;
        if (typeof status === "number") {
          const reason = (error as { json?: { message?: string } }).json?.message ?? error.message;
          reject(
            new DockerApiError(status, `docker: ${options.method} ${options.path}: ${reason}`),
          );
          return;
        }
        reject(
          new DockerUnavailableError(
            `cannot reach the Docker engine at ${this.endpoint} (${error.message}); ` +
              "start one with scripts/ensure_docker.sh",
          ),
        );
      });
    });
  }
}

/** The socket named by DOCKER_HOST when it is a unix:// address. */
function socketFromEnv(): string | undefined {
  const host = Deno.env.get("DOCKER_HOST");
  return host?.startsWith("unix://") ? host.slice("unix://".length) : undefined;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Splits Docker's multiplexed log stream: frames of an 8-byte header (stream 1 = stdout,
 * 2 = stderr, then a big-endian uint32 length at bytes 4..7) followed by the payload.
 * A truncated last frame is kept as far as it goes.
 */
export function demultiplex(bytes: Uint8Array): ContainerOutput {
  const decoder = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  let stdout = "";
  let stderr = "";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const stream = bytes[offset];
    const size = view.getUint32(offset + 4);
    const payload = bytes.subarray(offset + 8, Math.min(offset + 8 + size, bytes.length));
    if (stream === 2) stderr += decoder.stderr.decode(payload, { stream: true });
    else stdout += decoder.stdout.decode(payload, { stream: true });
    offset += 8 + size;
  }
  return { stdout: stdout + decoder.stdout.decode(), stderr: stderr + decoder.stderr.decode() };
}
