/**
 * A small typed client for the Docker Engine API over `npm:docker-modem`: just the calls the
 * kubelet makes, each returning plain data and failing with a typed error.
 *
 * @module
 */
// @ts-types="@types/docker-modem"
import Modem from "docker-modem";
import type { Buffer } from "node:buffer";
import type { Duplex, Readable } from "node:stream";

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
  /** The engine's own message, without the request in front. */
  readonly reason: string;
  constructor(status: number, message: string, reason: string = message) {
    super(message);
    this.status = status;
    this.reason = reason;
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

/** A label filter for list calls: `key` alone (present) or `key=value`. */
export type LabelFilter = readonly string[];

/** `State` of a container inspect answer. */
export interface ContainerStateInfo {
  /** created, running, paused, restarting, removing, exited or dead. */
  readonly Status: string;
  readonly Running: boolean;
  readonly OOMKilled: boolean;
  readonly Dead: boolean;
  readonly Pid: number;
  readonly ExitCode: number;
  /** Why the engine could not start the process (empty when it could). */
  readonly Error: string;
  /** RFC 3339; "0001-01-01T00:00:00Z" when never started. */
  readonly StartedAt: string;
  /** RFC 3339; "0001-01-01T00:00:00Z" when never finished. */
  readonly FinishedAt: string;
}

/** One network endpoint of a container. */
export interface EndpointInfo {
  readonly NetworkID: string;
  readonly IPAddress: string;
  readonly Gateway: string;
  readonly MacAddress: string;
  readonly IPAMConfig?: { readonly IPv4Address?: string } | null;
}

/** The subset of `GET /containers/{id}/json` the kubelet reads. */
export interface ContainerInfo {
  readonly Id: string;
  /** With a leading slash, as the engine reports it. */
  readonly Name: string;
  readonly Created: string;
  /** The image id (sha256:...). */
  readonly Image: string;
  readonly State: ContainerStateInfo;
  readonly ResolvConfPath: string;
  readonly HostnamePath: string;
  readonly HostsPath: string;
  readonly Config: {
    readonly Hostname: string;
    readonly Image: string;
    readonly Env: readonly string[] | null;
    readonly Cmd: readonly string[] | null;
    readonly Entrypoint: readonly string[] | null;
    readonly WorkingDir: string;
    readonly Tty: boolean;
    readonly Labels: Readonly<Record<string, string>> | null;
  };
  readonly HostConfig: Readonly<Record<string, unknown>> & {
    readonly NetworkMode?: string;
    readonly Memory?: number;
    readonly NanoCpus?: number;
    readonly CpuShares?: number;
    readonly CpuQuota?: number;
    readonly CpuPeriod?: number;
  };
  readonly NetworkSettings: {
    readonly Networks: Readonly<Record<string, EndpointInfo>> | null;
    readonly Ports?: Readonly<
      Record<string, readonly { HostIp: string; HostPort: string }[] | null>
    >;
  };
  readonly Mounts: readonly {
    readonly Type: string;
    readonly Source: string;
    readonly Destination: string;
    readonly RW: boolean;
  }[];
}

/** One entry of `GET /containers/json`. */
export interface ContainerSummary {
  readonly Id: string;
  /** With leading slashes, as the engine reports them. */
  readonly Names: readonly string[];
  readonly Image: string;
  readonly ImageID: string;
  /** Seconds since the epoch. */
  readonly Created: number;
  /** created, running, paused, restarting, removing, exited or dead. */
  readonly State: string;
  readonly Status: string;
  readonly Labels: Readonly<Record<string, string>>;
}

/** The body of `POST /networks/create`. */
export interface NetworkCreateBody {
  readonly Name: string;
  readonly Driver?: string;
  readonly CheckDuplicate?: boolean;
  readonly Internal?: boolean;
  readonly IPAM?: {
    readonly Driver?: string;
    readonly Config?: readonly { readonly Subnet?: string; readonly Gateway?: string }[];
  };
  readonly Options?: Readonly<Record<string, string>>;
  readonly Labels?: Readonly<Record<string, string>>;
}

/** The subset of `GET /networks/{id}` the kubelet reads. */
export interface NetworkInfo {
  readonly Id: string;
  readonly Name: string;
  readonly Driver: string;
  readonly IPAM: {
    readonly Config: readonly { readonly Subnet?: string; readonly Gateway?: string }[] | null;
  };
  readonly Labels: Readonly<Record<string, string>> | null;
  readonly Containers?: Readonly<Record<string, { readonly IPv4Address: string }>> | null;
}

/** The subset of `GET /images/{name}/json` the kubelet reads. */
export interface ImageInfo {
  /** sha256:... */
  readonly Id: string;
  readonly RepoTags: readonly string[] | null;
  readonly RepoDigests: readonly string[] | null;
  readonly Size: number;
  readonly Config: {
    readonly Entrypoint: readonly string[] | null;
    readonly Cmd: readonly string[] | null;
    readonly Env: readonly string[] | null;
    readonly WorkingDir: string;
    readonly Labels: Readonly<Record<string, string>> | null;
  } | null;
}

/** The body of `POST /volumes/create`. */
export interface VolumeCreateBody {
  readonly Name: string;
  readonly Driver?: string;
  readonly DriverOpts?: Readonly<Record<string, string>>;
  readonly Labels?: Readonly<Record<string, string>>;
}

/** One entry of `GET /volumes`. */
export interface VolumeSummary {
  readonly Name: string;
  readonly Driver: string;
  readonly Mountpoint: string;
  readonly Labels: Readonly<Record<string, string>> | null;
}

/** The body of `POST /containers/{id}/exec`. */
export interface ExecCreateBody {
  readonly Cmd: readonly string[];
  readonly AttachStdin?: boolean;
  readonly AttachStdout?: boolean;
  readonly AttachStderr?: boolean;
  readonly Tty?: boolean;
  readonly Env?: readonly string[];
  readonly WorkingDir?: string;
  readonly User?: string;
}

/** Options of `GET /containers/{id}/logs`. */
export interface LogsOptions {
  /** Keep the stream open and send new output until the container stops. */
  readonly follow?: boolean;
  /** Only this many lines from the end. */
  readonly tail?: number;
  /** Only output since this many seconds since the epoch (fractions allowed). */
  readonly since?: number;
  /** Prefix every line with an RFC 3339 timestamp (nanoseconds) and a space. */
  readonly timestamps?: boolean;
  readonly stdout?: boolean;
  readonly stderr?: boolean;
}

/** A pull's failure; `status` 200 when the engine reported the error inside the stream. */
export class ImagePullError extends DockerApiError {
  override name = "ImagePullError";
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

  /** Stops a container: SIGTERM (or the image's StopSignal), then SIGKILL after `timeoutSeconds`. */
  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.#call({
      path: `/containers/${id}/stop?`,
      method: "POST",
      options: { _query: { t: Math.max(0, Math.ceil(timeoutSeconds)) }, _body: {} },
      statusCodes: { 204: true, 304: true, 404: "no such container" },
    });
  }

  /** Sends a signal to a running container; a container that is not running is left alone. */
  async killContainer(id: string, signal = "SIGKILL"): Promise<void> {
    await this.#call({
      path: `/containers/${id}/kill?`,
      method: "POST",
      options: { _query: { signal }, _body: {} },
      statusCodes: { 204: true, 404: "no such container", 409: true },
    });
  }

  /** The container's details, or undefined when there is no such container. */
  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    try {
      return await this.#call<ContainerInfo>({
        path: `/containers/${encodeURIComponent(id)}/json`,
        method: "GET",
        statusCodes: { 200: true, 404: "no such container" },
      });
    } catch (error) {
      if (error instanceof DockerApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Containers (running and stopped) that carry every label of the filter. */
  async listContainers(labels: LabelFilter): Promise<ContainerSummary[]> {
    return await this.#call<ContainerSummary[]>({
      path: "/containers/json?",
      method: "GET",
      options: { _query: { all: true, filters: { label: labels } } },
      statusCodes: { 200: true },
    });
  }

  /** Creates a network and returns its id. */
  async createNetwork(body: NetworkCreateBody): Promise<string> {
    const created = await this.#call<{ Id: string }>({
      path: "/networks/create",
      method: "POST",
      options: body,
      statusCodes: { 201: true, 403: "forbidden", 404: "plugin not found", 409: "name in use" },
    });
    return created.Id;
  }

  /** The network's details, or undefined when there is no such network. */
  async inspectNetwork(idOrName: string): Promise<NetworkInfo | undefined> {
    try {
      return await this.#call<NetworkInfo>({
        path: `/networks/${encodeURIComponent(idOrName)}`,
        method: "GET",
        statusCodes: { 200: true, 404: "no such network" },
      });
    } catch (error) {
      if (error instanceof DockerApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Networks that carry every label of the filter. */
  async listNetworks(labels: LabelFilter): Promise<NetworkInfo[]> {
    return await this.#call<NetworkInfo[]>({
      path: "/networks?",
      method: "GET",
      options: { _query: { filters: { label: labels } } },
      statusCodes: { 200: true },
    });
  }

  /** Removes a network; a missing one is not an error. */
  async removeNetwork(idOrName: string): Promise<void> {
    await this.#call({
      path: `/networks/${encodeURIComponent(idOrName)}`,
      method: "DELETE",
      statusCodes: { 204: true, 404: true, 403: "in use" },
    });
  }

  /** Creates a named volume (idempotent for the same name and options). */
  async createVolume(body: VolumeCreateBody): Promise<void> {
    await this.#call({
      path: "/volumes/create",
      method: "POST",
      options: body,
      statusCodes: { 201: true },
    });
  }

  /** Volumes that carry every label of the filter. */
  async listVolumes(labels: LabelFilter): Promise<VolumeSummary[]> {
    const answer = await this.#call<{ Volumes: VolumeSummary[] | null }>({
      path: "/volumes?",
      method: "GET",
      options: { _query: { filters: { label: labels } } },
      statusCodes: { 200: true },
    });
    return answer.Volumes ?? [];
  }

  /** Removes a volume; a missing one is not an error. */
  async removeVolume(name: string, options: { force?: boolean } = {}): Promise<void> {
    await this.#call({
      path: `/volumes/${encodeURIComponent(name)}?`,
      method: "DELETE",
      options: { _query: { force: options.force ?? false } },
      statusCodes: { 204: true, 404: true, 409: "in use" },
    });
  }

  /** The image's details, or undefined when it is not present locally. */
  async inspectImage(reference: string): Promise<ImageInfo | undefined> {
    try {
      return await this.#call<ImageInfo>({
        path: `/images/${encodeURIComponent(reference)}/json`,
        method: "GET",
        statusCodes: { 200: true, 404: "no such image" },
      });
    } catch (error) {
      if (error instanceof DockerApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Pulls `image:tag` (or `image@digest`, with `tag` the digest) and resolves when the engine has
   * it; errors the engine reports inside the progress stream become {@link ImagePullError}.
   * `registryAuth` is the X-Registry-Auth header value (base64url JSON); it is sent as a header
   * only and never appears in an error.
   */
  async pullImage(
    image: string,
    tag: string,
    options: { registryAuth?: string; signal?: AbortSignal } = {},
  ): Promise<void> {
    const dial: Modem.DialOptions & { authconfig?: { base64: string } } = {
      path: "/images/create?",
      method: "POST",
      options: { _query: { fromImage: image, tag }, _body: {} },
      isStream: true,
      statusCodes: { 200: true, 404: "not found", 500: "server error" },
    };
    if (options.registryAuth !== undefined) dial.authconfig = { base64: options.registryAuth };
    if (options.signal !== undefined) dial.abortSignal = options.signal;
    const stream = await this.#call<Readable>(dial);
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of stream) text += decoder.decode(chunk as Buffer, { stream: true });
    text += decoder.decode();
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let message: { error?: string; errorDetail?: { message?: string } };
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      const error = message.errorDetail?.message ?? message.error;
      if (error !== undefined) throw new ImagePullError(200, error);
    }
  }

  /**
   * The container's output as the engine streams it: multiplexed frames for a container without
   * a TTY (see {@link demultiplexStream}), raw bytes for one with a TTY. Cancel the stream to
   * stop following.
   */
  async containerLogs(id: string, options: LogsOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const query: Record<string, unknown> = {
      stdout: options.stdout ?? true,
      stderr: options.stderr ?? true,
      follow: options.follow ?? false,
      timestamps: options.timestamps ?? false,
    };
    if (options.tail !== undefined) query.tail = options.tail;
    if (options.since !== undefined) query.since = options.since;
    const stream = await this.#call<Readable>({
      path: `/containers/${id}/logs?`,
      method: "GET",
      options: { _query: query },
      isStream: true,
      statusCodes: { 200: true, 404: "no such container" },
    });
    return toWebStream(stream);
  }

  /** Creates an exec instance in a running container and returns its id. */
  async createExec(containerId: string, body: ExecCreateBody): Promise<string> {
    const created = await this.#call<{ Id: string }>({
      path: `/containers/${containerId}/exec`,
      method: "POST",
      options: body,
      statusCodes: { 201: true, 404: "no such container", 409: "container is not running" },
    });
    return created.Id;
  }

  /**
   * Starts an exec instance without stdin and returns its output stream (multiplexed frames
   * unless it has a TTY); the stream ends when the command exits.
   */
  async startExec(
    execId: string,
    options: { tty?: boolean } = {},
  ): Promise<ReadableStream<Uint8Array>> {
    const stream = await this.#call<Readable>({
      path: `/exec/${execId}/start`,
      method: "POST",
      options: { _body: { Detach: false, Tty: options.tty ?? false } },
      isStream: true,
      statusCodes: { 200: true, 404: "no such exec instance", 409: "container is not running" },
    });
    return toWebStream(stream);
  }

  /** Whether an exec instance still runs, and its exit code once it has finished. */
  async inspectExec(execId: string): Promise<{ Running: boolean; ExitCode: number | null }> {
    return await this.#call({
      path: `/exec/${execId}/json`,
      method: "GET",
      statusCodes: { 200: true, 404: "no such exec instance" },
    });
  }

  /**
   * Runs a command in a running container over a hijacked connection and returns the live
   * session: output as the engine streams it (multiplexed frames unless `tty`; see
   * {@link demultiplexStream}), stdin when asked for, TTY resize, and the exit code. Probes and
   * `kubectl exec` both run through here.
   */
  async exec(containerId: string, options: ExecSessionOptions): Promise<ExecSession> {
    const tty = options.tty === true;
    const execId = await this.createExec(containerId, {
      Cmd: options.cmd,
      AttachStdin: options.stdin === true,
      AttachStdout: options.stdout ?? true,
      AttachStderr: options.stderr ?? true,
      Tty: tty,
      ...(options.env === undefined ? {} : { Env: options.env }),
      ...(options.workingDir === undefined ? {} : { WorkingDir: options.workingDir }),
      ...(options.user === undefined ? {} : { User: options.user }),
    });
    const socket = await this.#call<Duplex>({
      path: `/exec/${execId}/start`,
      method: "POST",
      options: { Detach: false, Tty: tty },
      hijack: true,
      openStdin: true,
      isStream: true,
      statusCodes: { 101: true, 200: true, 404: "no such exec instance", 409: "not running" },
    });
    return new HijackedSession(execId, socket, {
      resize: (size) => this.resizeExec(execId, size),
      exitCode: () => this.#execExitCode(execId),
    });
  }

  /**
   * Attaches to a running container's main process over a hijacked connection (`kubectl
   * attach`): its output from now on (multiplexed unless the container has a TTY) and, when
   * `stdin` is set and the container keeps stdin open, its input. The session's exit code is
   * the container's once it stops (0 while it still runs and only the connection ended).
   */
  async attach(
    containerId: string,
    options: { stdin?: boolean; stdout?: boolean; stderr?: boolean } = {},
  ): Promise<ExecSession> {
    const socket = await this.#call<Duplex>({
      path: `/containers/${containerId}/attach?`,
      method: "POST",
      options: {
        _query: {
          stream: true,
          stdin: options.stdin === true,
          stdout: options.stdout ?? true,
          stderr: options.stderr ?? true,
        },
      },
      hijack: true,
      openStdin: true,
      isStream: true,
      statusCodes: { 101: true, 200: true, 404: "no such container", 409: "not running" },
    });
    return new HijackedSession(containerId, socket, {
      resize: (size) => this.resizeContainer(containerId, size),
      exitCode: async () => {
        const info = await this.inspectContainer(containerId);
        return info === undefined || info.State.Running ? 0 : info.State.ExitCode;
      },
    });
  }

  /** Resizes a container's TTY. */
  async resizeContainer(id: string, size: { width: number; height: number }): Promise<void> {
    await this.#call({
      path: `/containers/${id}/resize?`,
      method: "POST",
      options: { _query: { h: size.height, w: size.width }, _body: {} },
      statusCodes: { 200: true, 201: true, 404: "no such container" },
    });
  }

  /** An exec's exit code; polls briefly, as the instance may still finish after its stream. */
  async #execExitCode(execId: string): Promise<number> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const state = await this.inspectExec(execId);
      if (!state.Running && state.ExitCode !== null) return state.ExitCode;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`exec ${execId.slice(0, 12)} is still running after its output ended`);
  }

  /** Resizes the TTY of an exec instance (ignored by the engine for one without a TTY). */
  async resizeExec(execId: string, size: { width: number; height: number }): Promise<void> {
    await this.#call({
      path: `/exec/${execId}/resize?`,
      method: "POST",
      options: { _query: { h: size.height, w: size.width }, _body: {} },
      statusCodes: { 200: true, 201: true, 404: "no such exec instance" },
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
          const reason = (error as { json?: { message?: string } }).json?.message ??
            // A streamed answer's error: "(HTTP code 404) not found - <engine message> ".
            /^\(HTTP code \d+\) .*? - ([^]*)$/.exec(error.message)?.[1] ?? error.message;
          reject(
            new DockerApiError(
              status,
              `docker: ${options.method} ${options.path}: ${reason}`,
              String(reason).trim(),
            ),
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

/** Options of {@link DockerClient.exec}. */
export interface ExecSessionOptions {
  readonly cmd: readonly string[];
  /** Attach the command's stdin (write with {@link ExecSession.write}). */
  readonly stdin?: boolean;
  /** Attach stdout (default true). */
  readonly stdout?: boolean;
  /** Attach stderr (default true; merged into the output with a TTY). */
  readonly stderr?: boolean;
  /** Allocate a TTY: the output is then raw bytes rather than multiplexed frames. */
  readonly tty?: boolean;
  readonly env?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
}

/** A command running in a container, attached over one hijacked connection. */
export interface ExecSession {
  /** The engine's exec instance id (the container id for an attach). */
  readonly id: string;
  /**
   * What the command prints: multiplexed frames without a TTY (see {@link demultiplexStream}),
   * raw bytes with one. It ends when the command exits. Read it (or cancel it), or the
   * engine blocks the command once its buffers are full.
   */
  readonly output: ReadableStream<Uint8Array>;
  /** Writes to the command's stdin; resolves once the socket takes more (back-pressure). */
  write(bytes: Uint8Array): Promise<void>;
  /** Ends the command's stdin (it reads EOF); the output keeps flowing. */
  closeStdin(): void;
  /** Resizes the command's TTY. */
  resize(size: { width: number; height: number }): Promise<void>;
  /**
   * The exit code, once the command has exited: call it after the output ended. Polls the
   * engine briefly, because the exec instance may still be finishing when its stream ends.
   */
  exitCode(): Promise<number>;
  /** Drops the connection (the command is not killed; without stdin it runs on). */
  close(): void;
}

/** What resize and exit code mean for a hijacked session (an exec, or an attach). */
interface SessionOps {
  resize(size: { width: number; height: number }): Promise<void>;
  exitCode(): Promise<number>;
}

/** {@link ExecSession} over the socket docker-modem hands back from a hijacked request. */
class HijackedSession implements ExecSession {
  readonly id: string;
  readonly output: ReadableStream<Uint8Array>;
  readonly #socket: Duplex;
  readonly #ops: SessionOps;

  constructor(id: string, socket: Duplex, ops: SessionOps) {
    this.id = id;
    this.#socket = socket;
    this.#ops = ops;
    // A write after the engine hung up must not crash the process: the output ends instead.
    socket.on("error", () => {});
    this.output = toWebStream(socket);
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#socket.destroyed || this.#socket.writableEnded) return Promise.resolve();
    if (this.#socket.write(bytes)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#socket.off("drain", done);
        this.#socket.off("close", done);
        resolve();
      };
      this.#socket.on("drain", done);
      this.#socket.on("close", done);
    });
  }

  closeStdin(): void {
    if (!this.#socket.destroyed && !this.#socket.writableEnded) this.#socket.end();
  }

  resize(size: { width: number; height: number }): Promise<void> {
    return this.#ops.resize(size);
  }

  exitCode(): Promise<number> {
    return this.#ops.exitCode();
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** The socket named by DOCKER_HOST when it is a unix:// address. */
function socketFromEnv(): string | undefined {
  const host = Deno.env.get("DOCKER_HOST");
  return host?.startsWith("unix://") ? host.slice("unix://".length) : undefined;
}

/** A Node readable as a web stream; cancelling it destroys the Node stream (and its socket). */
function toWebStream(stream: Readable): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      stream.on("data", (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) stream.pause();
      });
      stream.on("end", () => controller.close());
      stream.on("error", (error) => controller.error(error));
    },
    pull() {
      stream.resume();
    },
    cancel() {
      stream.destroy();
    },
  }, { highWaterMark: 16 });
}

/**
 * A stream that splits Docker's multiplexed frames (see {@link demultiplex}) into their
 * payloads, stdout and stderr interleaved in arrival order, as `kubectl logs` shows them.
 * `onFrame` sees which stream each payload came from.
 */
export function demultiplexStream(
  onFrame?: (stream: "stdout" | "stderr", payload: Uint8Array) => void,
): TransformStream<Uint8Array, Uint8Array> {
  let pending: Uint8Array = new Uint8Array(0);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      pending = pending.length === 0 ? chunk : concat([pending, chunk]);
      let offset = 0;
      while (offset + 8 <= pending.length) {
        const size = new DataView(pending.buffer, pending.byteOffset + offset + 4, 4).getUint32(0);
        if (offset + 8 + size > pending.length) break;
        const payload = pending.slice(offset + 8, offset + 8 + size);
        onFrame?.(pending[offset] === 2 ? "stderr" : "stdout", payload);
        if (payload.length > 0) controller.enqueue(payload);
        offset += 8 + size;
      }
      pending = pending.slice(offset);
    },
    flush(controller) {
      // A truncated last frame is kept as far as it goes.
      if (pending.length > 8) controller.enqueue(pending.slice(8));
    },
  });
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
