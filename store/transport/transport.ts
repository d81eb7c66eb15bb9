/**
 * Raft traffic between masters over TCP: one pipelined, batched stream per peer and direction
 * for ordinary messages, and a connection of its own for each large message (a snapshot) so it
 * never holds up heartbeats.
 *
 * Delivery is best effort, as Raft expects of its network: a message queued for a peer that
 * cannot be reached is dropped and the peer is reported unreachable (Raft then probes it).
 * Every connection starts with a {@link Hello}; a member of another cluster, or one that
 * believes it dialled someone else, is refused with the reason.
 *
 * @module
 */
import type { HostPort } from "../../cli/values.ts";
import { createLogger, type Logger } from "../../cli/log.ts";
import {
  encodeFrame,
  type Frame,
  FrameKind,
  FrameReader,
  type Hello,
  MAX_FRAME_BYTES,
  writeAll,
} from "./frame.ts";

/** A member as the transport knows it. */
export interface PeerInfo {
  /** The member's Raft id. */
  readonly id: number;
  /** The member's name (from `--initial-cluster`). */
  readonly name: string;
  /** Where its peer listener is. */
  readonly address: HostPort;
}

/** What the transport reports to its owner (the store node). */
export interface TransportHandler {
  /** A message arrived from member `from`. */
  onMessage(from: number, message: Uint8Array): void;
  /** A message for `to` was dropped because `to` could not be reached. */
  onUnreachable(to: number): void;
  /** A large message sent with {@link PeerTransport.sendLarge} was delivered (`ok`) or not. */
  onLargeDelivered(to: number, ok: boolean): void;
  /** The cluster's description for a joining member (see {@link fetchClusterDescription}). */
  describeCluster?(): Uint8Array;
  /** An application reason to refuse a caller by its id (e.g. it was removed), or undefined. */
  refuse?(fromId: number): string | undefined;
  /** A peer refused our connection, saying `reason`. */
  onRefused?(to: number, reason: string): void;
}

/** Configuration of a {@link PeerTransport}. */
export interface TransportOptions {
  /** The cluster identity both ends must share. */
  readonly cluster: string;
  /** This member. Its address is where to listen (port 0 picks a free port). */
  readonly self: PeerInfo;
  /** The other members. */
  readonly peers: readonly PeerInfo[];
  readonly handler: TransportHandler;
  readonly logger?: Logger;
  /** Messages queued per peer before new ones are dropped (default 4096). */
  readonly maxQueuedMessages?: number;
  /** Reconnect back-off: first delay and cap, in milliseconds (default 50 and 2000). */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
  /** How long a large message may take to be delivered (default 60 s). */
  readonly largeTimeoutMs?: number;
}

/** Bytes coalesced into one socket write. */
const MAX_BATCH_BYTES = 1024 * 1024;
/** Size of the pieces a large message is cut into. */
const CHUNK_BYTES = 1024 * 1024;

/** The peer-to-peer transport of one store member. */
export class PeerTransport {
  readonly #options: TransportOptions;
  readonly #logger: Logger;
  readonly #listener: Deno.TcpListener;
  readonly #peers = new Map<number, PeerInfo>();
  readonly #streams = new Map<number, PeerStream>();
  readonly #inbound = new Set<Deno.Conn>();
  /** Inbound message streams by caller id, closed when the caller stops being a peer. */
  readonly #inboundById = new Map<number, Set<Deno.Conn>>();
  readonly #tasks = new Set<Promise<void>>();
  #closed = false;

  private constructor(options: TransportOptions, listener: Deno.TcpListener) {
    this.#options = options;
    this.#logger = options.logger ?? createLogger("transport");
    this.#listener = listener;
    for (const peer of options.peers) this.addPeer(peer);
    this.#track(this.#acceptLoop());
  }

  /** Binds the peer listener and starts dialling the peers. */
  static start(options: TransportOptions): PeerTransport {
    const listener = Deno.listen({
      hostname: options.self.address.hostname,
      port: options.self.address.port,
      transport: "tcp",
    });
    return new PeerTransport(options, listener);
  }

  /** Where this member listens (the real port when 0 was asked for). */
  get address(): HostPort {
    const addr = this.#listener.addr;
    return { hostname: addr.hostname, port: addr.port };
  }

  /** Starts talking to a member (on start, and when membership grows). */
  addPeer(peer: PeerInfo): void {
    if (peer.id === this.#options.self.id || this.#closed) return;
    this.#streams.get(peer.id)?.close();
    this.#peers.set(peer.id, peer);
    const stream = new PeerStream(peer, this.#options, this.#logger);
    this.#streams.set(peer.id, stream);
    this.#track(stream.done);
  }

  /** Stops talking to a member (when it leaves the cluster). */
  removePeer(id: number): void {
    this.#streams.get(id)?.close();
    this.#streams.delete(id);
    this.#peers.delete(id);
    for (const conn of this.#inboundById.get(id) ?? []) closeQuietly(conn);
  }

  /** Queues a message for `to`; never blocks. Unknown members are reported unreachable. */
  send(to: number, message: Uint8Array): void {
    const stream = this.#streams.get(to);
    if (stream === undefined) {
      this.#options.handler.onUnreachable(to);
      return;
    }
    stream.enqueue(message);
  }

  /** Sends a large message (a snapshot) on its own connection; reports the outcome. */
  sendLarge(to: number, message: Uint8Array): void {
    const peer = this.#peers.get(to);
    if (peer === undefined || this.#closed) {
      this.#options.handler.onLargeDelivered(to, false);
      return;
    }
    this.#track(this.#sendLarge(peer, message));
  }

  /** Closes every connection and waits until all of the transport's tasks have ended. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listener.close();
    for (const stream of this.#streams.values()) stream.close();
    for (const conn of this.#inbound) closeQuietly(conn);
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }

  #track(task: Promise<void>): void {
    const tracked = task.catch((error) => {
      if (!this.#closed) this.#logger.error("transport task failed", { error });
    }).finally(() => this.#tasks.delete(tracked));
    this.#tasks.add(tracked);
  }

  async #acceptLoop(): Promise<void> {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch (error) {
        if (this.#closed) return;
        throw error;
      }
      this.#inbound.add(conn);
      this.#track(
        this.#serve(conn).finally(() => {
          this.#inbound.delete(conn);
          closeQuietly(conn);
        }),
      );
    }
  }

  /** Serves one inbound connection: hello, then messages or one large message. */
  async #serve(conn: Deno.Conn): Promise<void> {
    const reader = new FrameReader(conn);
    try {
      const first = await reader.next();
      const hello = first?.kind === FrameKind.Hello ? parseHello(first.payload) : undefined;
      const refusal = hello === undefined
        ? "the first frame must be a hello"
        : this.#refusal(hello);
      if (refusal !== undefined) {
        this.#logger.warn("refused a peer connection", {
          remote: `${(conn.remoteAddr as Deno.NetAddr).hostname}`,
          reason: refusal,
        });
        await writeAll(conn, encodeFrame(FrameKind.HelloRejected, utf8(refusal)));
        return;
      }
      const from = [...this.#peers.values()].find((peer) => peer.name === hello!.from)!.id;
      await writeAll(conn, encodeFrame(FrameKind.HelloOk));
      const mine = this.#inboundById.get(from) ?? new Set<Deno.Conn>();
      mine.add(conn);
      this.#inboundById.set(from, mine);
      if (hello!.purpose === "members") {
        const description = this.#options.handler.describeCluster?.() ?? new Uint8Array();
        await writeAll(conn, encodeFrame(FrameKind.Message, description));
      } else if (hello!.purpose === "stream") {
        for (let frame = await reader.next(); frame !== null; frame = await reader.next()) {
          if (frame.kind !== FrameKind.Message) throw new Error(`unexpected frame ${frame.kind}`);
          this.#options.handler.onMessage(from, frame.payload);
        }
      } else {
        const message = await readLarge(reader);
        this.#options.handler.onMessage(from, message);
        await writeAll(conn, encodeFrame(FrameKind.Delivered));
      }
    } catch (error) {
      if (!this.#closed) this.#logger.debug(1, "peer connection ended", { error });
    } finally {
      for (const conns of this.#inboundById.values()) conns.delete(conn);
    }
  }

  /** Why a hello must be refused, or undefined when it is fine. */
  #refusal(hello: Hello): string | undefined {
    const self = this.#options.self.name;
    // A joining member learns the cluster's identity from this very answer.
    if (hello.purpose !== "members" && hello.cluster !== this.#options.cluster) {
      return `member ${hello.from} belongs to cluster ${hello.cluster}, not ${this.#options.cluster}`;
    }
    if (hello.to !== self) return `this is member ${self}, not ${hello.to}`;
    const refusal = hello.fromId === undefined || hello.fromId === 0
      ? undefined
      : this.#options.handler.refuse?.(hello.fromId);
    if (refusal !== undefined) return refusal;
    if (![...this.#peers.values()].some((peer) => peer.name === hello.from)) {
      return `${hello.from} is not a member of this cluster`;
    }
    return undefined;
  }

  async #sendLarge(peer: PeerInfo, message: Uint8Array): Promise<void> {
    let ok = false;
    let conn: Deno.Conn | undefined;
    const timeoutMs = this.#options.largeTimeoutMs ?? 60_000;
    const timer = setTimeout(() => conn !== undefined && closeQuietly(conn), timeoutMs);
    try {
      conn = await Deno.connect({ ...peer.address, transport: "tcp" });
      const reader = await handshake(conn, this.#options, peer, "large");
      for (let offset = 0; offset < message.length || offset === 0; offset += CHUNK_BYTES) {
        const end = Math.min(offset + CHUNK_BYTES, message.length);
        const kind = end === message.length ? FrameKind.LastChunk : FrameKind.Chunk;
        await writeAll(conn, encodeFrame(kind, message.subarray(offset, end)));
        if (kind === FrameKind.LastChunk) break;
      }
      ok = (await reader.next())?.kind === FrameKind.Delivered;
    } catch (error) {
      this.#logger.warn("large message not delivered", { to: peer.name, error });
    } finally {
      clearTimeout(timer);
      if (conn !== undefined) closeQuietly(conn);
    }
    this.#options.handler.onLargeDelivered(peer.id, ok);
  }
}

/**
 * The outbound message stream to one peer: a bounded queue drained by one writer loop that
 * coalesces queued frames into single writes (batching) and never waits for replies
 * (pipelining). Invariant: at most one connection per PeerStream at any time.
 */
class PeerStream {
  readonly done: Promise<void>;
  readonly #peer: PeerInfo;
  readonly #options: TransportOptions;
  readonly #logger: Logger;
  #queue: Uint8Array[] = [];
  #wake: (() => void) | undefined;
  #conn: Deno.Conn | undefined;
  #sleepTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(peer: PeerInfo, options: TransportOptions, logger: Logger) {
    this.#peer = peer;
    this.#options = options;
    this.#logger = logger.with({ peer: peer.name });
    this.done = this.#run();
  }

  enqueue(message: Uint8Array): void {
    if (this.#closed) return;
    const limit = this.#options.maxQueuedMessages ?? 4096;
    if (this.#queue.length >= limit || message.length + 1 > MAX_FRAME_BYTES) {
      this.#options.handler.onUnreachable(this.#peer.id);
      return;
    }
    this.#queue.push(encodeFrame(FrameKind.Message, message));
    this.#wakeUp();
  }

  close(): void {
    this.#closed = true;
    if (this.#conn !== undefined) closeQuietly(this.#conn);
    clearTimeout(this.#sleepTimer);
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #run(): Promise<void> {
    const backoff = this.#options.backoffMs ?? { initial: 50, max: 2000 };
    let delay = backoff.initial;
    let everConnected = false;
    while (!this.#closed) {
      try {
        this.#conn = await Deno.connect({ ...this.#peer.address, transport: "tcp" });
        if (this.#closed) break;
        const reader = await handshake(this.#conn, this.#options, this.#peer, "stream");
        this.#logger.info(everConnected ? "peer stream reconnected" : "peer stream connected");
        everConnected = true;
        delay = backoff.initial;
        // The listener never writes after its hello: a read that ends means the peer closed
        // the stream (it restarted, or stopped counting us as a member). Notice at once rather
        // than at the next write, and reconnect.
        const conn = this.#conn;
        let peerClosed = false;
        reader.next().catch(() => null).then(() => {
          peerClosed = true;
          closeQuietly(conn);
          this.#wakeUp();
        });
        await this.#pump(conn, () => peerClosed);
      } catch (error) {
        if (this.#closed) break;
        if (error instanceof PeerRefusedError) {
          this.#options.handler.onRefused?.(this.#peer.id, error.message);
        }
        this.#logger.debug(1, "peer stream down", { error, retryMs: delay });
        this.#dropQueue();
        await this.#sleep(delay * (0.5 + Math.random() / 2));
        delay = Math.min(delay * 2, backoff.max);
      } finally {
        if (this.#conn !== undefined) closeQuietly(this.#conn);
        this.#conn = undefined;
      }
    }
    this.#queue = [];
  }

  /** Writes queued frames until the connection fails, the peer closes it, or we close. */
  async #pump(conn: Deno.Conn, peerClosed: () => boolean): Promise<void> {
    while (!this.#closed) {
      if (peerClosed()) throw new Error("the peer closed the stream");
      if (this.#queue.length === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      const batch = this.#takeBatch();
      try {
        await writeAll(conn, batch);
      } catch (error) {
        this.#options.handler.onUnreachable(this.#peer.id);
        throw error;
      }
    }
  }

  /** Removes up to MAX_BATCH_BYTES of queued frames and joins them into one buffer. */
  #takeBatch(): Uint8Array {
    let count = 0;
    let bytes = 0;
    while (count < this.#queue.length && (count === 0 || bytes < MAX_BATCH_BYTES)) {
      bytes += this.#queue[count]!.length;
      count++;
    }
    const frames = this.#queue.splice(0, count);
    if (frames.length === 1) return frames[0]!;
    const batch = new Uint8Array(bytes);
    let offset = 0;
    for (const frame of frames) {
      batch.set(frame, offset);
      offset += frame.length;
    }
    return batch;
  }

  #dropQueue(): void {
    if (this.#queue.length === 0) return;
    this.#queue = [];
    this.#options.handler.onUnreachable(this.#peer.id);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
      this.#sleepTimer = setTimeout(() => this.#wakeUp(), ms);
    }).then(() => clearTimeout(this.#sleepTimer));
  }
}

/**
 * Asks the member `to` at `address` to describe its cluster, as the member `from` (which the
 * cluster must already list): how a member joining with an empty data directory learns the
 * cluster's identity and its own id.
 */
export async function fetchClusterDescription(
  address: HostPort,
  names: { readonly from: string; readonly to: string },
): Promise<Uint8Array> {
  const conn = await Deno.connect({ ...address, transport: "tcp" });
  try {
    const peer: PeerInfo = { id: 0, name: names.to, address };
    const options = { cluster: "", self: { id: 0, name: names.from, address } } as const;
    const reader = await handshake(conn, options, peer, "members");
    const frame = await reader.next();
    if (frame?.kind !== FrameKind.Message) {
      throw new PeerRefusedError(`peer ${names.to} sent no cluster description`);
    }
    return frame.payload;
  } finally {
    closeQuietly(conn);
  }
}

/** Sends the hello and waits for the answer; returns the reader positioned after it. */
async function handshake(
  conn: Deno.Conn,
  options: Pick<TransportOptions, "cluster" | "self">,
  peer: PeerInfo,
  purpose: Hello["purpose"],
): Promise<FrameReader> {
  const hello: Hello = {
    cluster: options.cluster,
    from: options.self.name,
    fromId: options.self.id,
    to: peer.name,
    purpose,
  };
  await writeAll(conn, encodeFrame(FrameKind.Hello, utf8(JSON.stringify(hello))));
  const reader = new FrameReader(conn);
  const answer: Frame | null = await reader.next();
  if (answer?.kind === FrameKind.HelloOk) return reader;
  const reason = answer?.kind === FrameKind.HelloRejected
    ? new TextDecoder().decode(answer.payload)
    : "connection closed during the handshake";
  throw new PeerRefusedError(`peer ${peer.name} refused the connection: ${reason}`);
}

/** A peer refused our hello (another cluster, wrong member). */
export class PeerRefusedError extends Error {
  override name = "PeerRefusedError";
}

async function readLarge(reader: FrameReader): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const frame = await reader.next();
    if (frame === null) throw new Error("connection closed in the middle of a large message");
    if (frame.kind !== FrameKind.Chunk && frame.kind !== FrameKind.LastChunk) {
      throw new Error(`unexpected frame ${frame.kind} in a large message`);
    }
    pieces.push(frame.payload);
    total += frame.payload.length;
    if (frame.kind === FrameKind.LastChunk) break;
  }
  if (pieces.length === 1) return pieces[0]!;
  const message = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    message.set(piece, offset);
    offset += piece.length;
  }
  return message;
}

function parseHello(payload: Uint8Array): Hello | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(payload)) as Partial<Hello>;
    if (
      typeof value.cluster === "string" && typeof value.from === "string" &&
      typeof value.to === "string" &&
      (value.purpose === "stream" || value.purpose === "large" || value.purpose === "members")
    ) return value as Hello;
  } catch {
    // not JSON: refused below
  }
  return undefined;
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // already closed
  }
}
