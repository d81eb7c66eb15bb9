/**
 * The UDP frontend: one socket on one (address, port). Each client address (ip, port) gets a
 * session: its own socket towards the backend the {@linkcode Balancer} chose, so the backend's
 * replies map back to that client; they are sent from the frontend socket, so the client sees
 * them come from the address it used. A session ends after `idleTimeoutMs` without traffic
 * either way.
 *
 * Behavior:
 * - No endpoints: the proxier parks the frontend (socket closed); the kernel answers datagrams
 *   with ICMP port unreachable, as kube-proxy's REJECT rule does.
 * - Endpoint removal: sessions to a removed backend end at once (kube-proxy flushes conntrack
 *   for UDP likewise); the client's next datagram opens a session to a current backend.
 * - Dead backends: UDP has no connect step, so a dead backend is noticed only through the
 *   endpoint's readiness or a send error (then it is marked bad and the session ends).
 * - At most `maxSessions` sessions; creating one more ends the oldest.
 *
 * Uses `node:dgram` because `Deno.listenDatagram` still needs `--unstable-net`.
 *
 * Invariants: every session socket is in `#sessions` until closed, and every socket close is in
 * `#closing` until its callback ran, so `close()` resolves with no open resource.
 *
 * @module
 */
import dgram from "node:dgram";
import { createLogger, type Logger } from "../cli/log.ts";
import type { Backend, Balancer } from "./balancer.ts";
import { joinHostPort } from "./ip.ts";
import type { PortStats } from "./metrics.ts";

/** Options of a UDP frontend. */
export interface UdpFrontendOptions {
  readonly hostname: string;
  readonly port: number;
  readonly balancer: Balancer;
  readonly stats: PortStats;
  /** A session ends after this long without traffic (ms); default 30000. */
  readonly idleTimeoutMs?: number;
  /** Sessions kept at most; default 10000. */
  readonly maxSessions?: number;
  readonly logger?: Logger;
}

interface Session {
  readonly key: string;
  readonly clientAddress: string;
  readonly clientPort: number;
  readonly backend: Backend;
  readonly socket: dgram.Socket;
  lastActive: number;
  closed: boolean;
}

/** A UDP socket relaying datagrams to the backends of one service port. */
export class UdpFrontend {
  readonly hostname: string;
  readonly port: number;
  readonly #balancer: Balancer;
  readonly #stats: PortStats;
  readonly #idleMs: number;
  readonly #maxSessions: number;
  readonly #log: Logger;
  readonly #family: "udp4" | "udp6";
  #socket: dgram.Socket | undefined;
  #closed = false;
  /** client `ip|port` -> session, in creation order. */
  readonly #sessions = new Map<string, Session>();
  readonly #closing = new Set<Promise<void>>();
  #sweeper: ReturnType<typeof setInterval> | undefined;

  /** Creates a frontend; it receives only after {@linkcode UdpFrontend.open}. */
  constructor(options: UdpFrontendOptions) {
    this.hostname = options.hostname;
    this.port = options.port;
    this.#balancer = options.balancer;
    this.#stats = options.stats;
    this.#idleMs = options.idleTimeoutMs ?? 30_000;
    this.#maxSessions = options.maxSessions ?? 10_000;
    this.#family = options.hostname.includes(":") ? "udp6" : "udp4";
    this.#log = (options.logger ?? createLogger("proxy")).with({
      frontend: `udp/${joinHostPort(this.hostname, this.port)}`,
    });
  }

  /** True while the socket is open. */
  get listening(): boolean {
    return this.#socket !== undefined;
  }

  /** The number of client sessions. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Binds the socket (no-op when bound); rejects when binding fails. */
  async open(): Promise<void> {
    if (this.#closed) throw new TypeError("the frontend is closed");
    if (this.#socket) return;
    const socket = dgram.createSocket({ type: this.#family });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.bind(this.port, this.hostname, () => {
          socket.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      this.#closeSocket(socket);
      throw error;
    }
    if (this.#closed || this.#socket) {
      this.#closeSocket(socket);
      return;
    }
    socket.on("error", (error) => this.#log.warn("frontend socket error", { error }));
    socket.on("message", (message, from) => this.#fromClient(socket, message, from));
    this.#socket = socket;
  }

  /** Closes the socket and every session (datagrams then get ICMP port unreachable). */
  async park(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    for (const session of [...this.#sessions.values()]) this.#endSession(session);
    if (socket) this.#closeSocket(socket);
    await Promise.all(this.#closing);
  }

  /** Ends the sessions to backends that left the balancer (the grace is not used for UDP). */
  retireBackends(keys: readonly string[], _graceMs: number): void {
    if (keys.length === 0) return;
    const gone = new Set(keys.filter((key) => !this.#balancer.has(key)));
    for (const session of [...this.#sessions.values()]) {
      if (gone.has(session.backend.key)) this.#endSession(session);
    }
  }

  /** Closes the socket and every session; resolves when all sockets are closed. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.park();
  }

  #fromClient(frontend: dgram.Socket, message: Uint8Array, from: dgram.RemoteInfo): void {
    const key = `${from.address}|${from.port}`;
    let session = this.#sessions.get(key);
    if (session && !this.#balancer.has(session.backend.key)) {
      this.#endSession(session);
      session = undefined;
    }
    if (!session) {
      const chosen = this.#balancer.pick(from.address);
      if (!chosen) {
        this.#stats.error("no_backend");
        return;
      }
      session = this.#startSession(frontend, key, from, chosen);
    }
    session.lastActive = performance.now();
    this.#stats.bytesIn += message.byteLength;
    const live = session;
    live.socket.send(message, live.backend.port, live.backend.ip, (error) => {
      if (!error || live.closed) return;
      this.#stats.error("send");
      this.#balancer.markBad(live.backend.key);
      this.#log.debug(1, "send to backend failed", { backend: live.backend.key, error });
      this.#endSession(live);
    });
  }

  #startSession(
    frontend: dgram.Socket,
    key: string,
    from: dgram.RemoteInfo,
    chosen: Backend,
  ): Session {
    if (this.#sessions.size >= this.#maxSessions) {
      const oldest = this.#sessions.values().next().value;
      if (oldest) this.#endSession(oldest);
    }
    const socket = dgram.createSocket({ type: chosen.ip.includes(":") ? "udp6" : "udp4" });
    const session: Session = {
      key,
      clientAddress: from.address,
      clientPort: from.port,
      backend: chosen,
      socket,
      lastActive: performance.now(),
      closed: false,
    };
    socket.on("error", (error) => {
      this.#stats.error("send");
      this.#log.debug(1, "session socket error", { backend: chosen.key, error });
      this.#endSession(session);
    });
    socket.on("message", (reply, source) => {
      // Only the chosen backend may answer through this session.
      if (source.port !== chosen.port || source.address !== chosen.ip) return;
      if (session.closed) return;
      session.lastActive = performance.now();
      this.#stats.bytesOut += reply.byteLength;
      frontend.send(reply, session.clientPort, session.clientAddress, (error) => {
        if (error) this.#stats.error("send");
      });
    });
    this.#sessions.set(key, session);
    this.#stats.connections++;
    this.#stats.active++;
    this.#ensureSweeper();
    return session;
  }

  #endSession(session: Session): void {
    if (session.closed) return;
    session.closed = true;
    if (this.#sessions.get(session.key) === session) this.#sessions.delete(session.key);
    this.#stats.active--;
    this.#closeSocket(session.socket);
    if (this.#sessions.size === 0 && this.#sweeper !== undefined) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }

  #ensureSweeper(): void {
    if (this.#sweeper !== undefined) return;
    const every = Math.min(1000, Math.max(10, Math.floor(this.#idleMs / 4)));
    this.#sweeper = setInterval(() => {
      const deadline = performance.now() - this.#idleMs;
      for (const session of [...this.#sessions.values()]) {
        if (session.lastActive <= deadline) this.#endSession(session);
      }
    }, every);
  }

  #closeSocket(socket: dgram.Socket): void {
    const closing = new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve(); // never bound or already closed
      }
    });
    this.#closing.add(closing);
    closing.then(() => this.#closing.delete(closing));
  }
}
