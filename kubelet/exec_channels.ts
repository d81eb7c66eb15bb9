/**
 * The Kubernetes remote-command channel protocols over WebSocket, as `kubectl exec` and
 * `kubectl attach` speak them (k8s.io/apimachinery's wsstream and client-go's remotecommand):
 *
 * - `v5.channel.k8s.io` (what kubectl >= 1.30 asks for): binary messages whose first byte is the
 *   channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize) and the rest the payload; a message
 *   `[255, channel]` says the sender closed that channel (kubectl sends `[255, 0]` at the end of
 *   its stdin).
 * - `v4.channel.k8s.io`: the same framing without the close signal.
 * - `v4.base64.channel.k8s.io`: text messages, the channel as an ASCII digit followed by the
 *   payload in base64 (for clients that cannot send binary messages).
 *
 * The error channel carries one `metav1.Status` when the command is done: Success, or Failure
 * with reason NonZeroExitCode and the exit code as a cause of type ExitCode (which kubectl turns
 * into its own exit code), or Failure with the reason the command could not run.
 *
 * Pure: no I/O.
 *
 * @module
 */

/** The sub-protocols served, in the server's order of preference. */
export const EXEC_PROTOCOLS = [
  "v5.channel.k8s.io",
  "v4.channel.k8s.io",
  "v4.base64.channel.k8s.io",
] as const;

/** One of {@link EXEC_PROTOCOLS}. */
export type ExecProtocol = typeof EXEC_PROTOCOLS[number];

/** The channel numbers of the remote-command protocols. */
export const CHANNEL = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  error: 3,
  resize: 4,
  /** v5 only: `[255, n]` closes channel n. */
  close: 255,
} as const;

/**
 * Picks the sub-protocol from a `Sec-WebSocket-Protocol` request header: the first one the
 * client lists that is served (the client lists its preference first, as wsstream honours), or
 * undefined when none is.
 */
export function negotiateProtocol(header: string | null): ExecProtocol | undefined {
  for (const offered of (header ?? "").split(",")) {
    const name = offered.trim();
    if ((EXEC_PROTOCOLS as readonly string[]).includes(name)) return name as ExecProtocol;
  }
  return undefined;
}

/** True for the base64 (text message) variants. */
export function isBase64Protocol(protocol: ExecProtocol): boolean {
  return protocol.includes(".base64.");
}

/** One message's content: its channel and payload. */
export interface Frame {
  readonly channel: number;
  readonly payload: Uint8Array;
}

/** A message that breaks the negotiated protocol. */
export class FrameError extends Error {
  override name = "FrameError";
}

/** The WebSocket message that carries `payload` on `channel` under `protocol`. */
export function encodeFrame(
  protocol: ExecProtocol,
  channel: number,
  payload: Uint8Array,
): Uint8Array | string {
  if (!Number.isInteger(channel) || channel < 0 || channel > 255) {
    throw new RangeError(`channel ${channel} is not a byte`);
  }
  if (isBase64Protocol(protocol)) {
    if (channel > 9) throw new RangeError(`channel ${channel} has no base64 encoding`);
    return `${channel}${toBase64(payload)}`;
  }
  const message = new Uint8Array(payload.length + 1);
  message[0] = channel;
  message.set(payload, 1);
  return message;
}

/** Splits a received message into channel and payload; throws {@link FrameError}. */
export function decodeFrame(protocol: ExecProtocol, message: ArrayBuffer | string): Frame {
  if (isBase64Protocol(protocol)) {
    if (typeof message !== "string") {
      throw new FrameError(`${protocol} expects text messages, got a binary one`);
    }
    const channel = message.charCodeAt(0) - 48;
    if (message.length === 0 || channel < 0 || channel > 9) {
      throw new FrameError(`${protocol}: a message must start with a channel digit`);
    }
    try {
      return { channel, payload: fromBase64(message.slice(1)) };
    } catch {
      throw new FrameError(`${protocol}: channel ${channel} payload is not base64`);
    }
  }
  if (typeof message === "string") {
    throw new FrameError(`${protocol} expects binary messages, got a text one`);
  }
  const bytes = new Uint8Array(message);
  if (bytes.length === 0) throw new FrameError(`${protocol}: an empty message has no channel`);
  return { channel: bytes[0]!, payload: bytes.subarray(1) };
}

/** The channel a v5 close message closes, or undefined when the frame is not one. */
export function closedChannel(protocol: ExecProtocol, frame: Frame): number | undefined {
  if (protocol !== "v5.channel.k8s.io" || frame.channel !== CHANNEL.close) return undefined;
  if (frame.payload.length !== 1) throw new FrameError("a close message names one channel");
  return frame.payload[0];
}

/** A terminal size, as the resize channel carries it. */
export interface TerminalSize {
  readonly width: number;
  readonly height: number;
}

/** Parses a resize channel payload (`{"Width":80,"Height":24}`); throws {@link FrameError}. */
export function parseResize(payload: Uint8Array): TerminalSize {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new FrameError("a resize message must be JSON");
  }
  const { Width, Height } = (value ?? {}) as { Width?: unknown; Height?: unknown };
  const valid = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  if (!valid(Width) || !valid(Height) || Width > 65535 || Height > 65535) {
    throw new FrameError('a resize message is {"Width": <cols>, "Height": <rows>}');
  }
  return { width: Width, height: Height };
}

/** The error channel's Status (metav1.Status with the fields kubectl reads). */
export interface ExecStatus {
  readonly metadata: Record<string, never>;
  readonly status: "Success" | "Failure";
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: { readonly causes: readonly { reason: string; message: string }[] };
}

/** The command exited 0 (or the stream ended normally). */
export function successStatus(): ExecStatus {
  return { metadata: {}, status: "Success" };
}

/**
 * The command exited non-zero: kubectl prints "command terminated with exit code N" and exits
 * with N (it reads the code from the ExitCode cause, whose type serializes as `reason`).
 */
export function exitCodeStatus(command: readonly string[], exitCode: number): ExecStatus {
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command [${
      command.join(" ")
    }], exit code ${exitCode}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(exitCode) }] },
  };
}

/**
 * The command could not run (or broke off): kubectl prints "error: <message>" and exits 1.
 * `reason` defaults from the code (BadRequest, NotFound, InternalError).
 */
export function failureStatus(message: string, code = 500, reason?: string): ExecStatus {
  return {
    metadata: {},
    status: "Failure",
    message,
    reason: reason ?? (code === 400 ? "BadRequest" : code === 404 ? "NotFound" : "InternalError"),
    code,
  };
}

/** The error channel frame of a Status. */
export function statusFrame(protocol: ExecProtocol, status: ExecStatus): Uint8Array | string {
  return encodeFrame(protocol, CHANNEL.error, new TextEncoder().encode(JSON.stringify(status)));
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
