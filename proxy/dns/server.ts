/**
 * The DNS server's sockets: UDP and TCP on one address and port (the DNS service IP, port 53
 * in a cluster; tests use 127.x addresses and ephemeral ports), both answered by one
 * {@linkcode DnsHandler}.
 *
 * TCP (RFC 7766): several length-prefixed queries per connection, answered in order; a
 * connection idle for `tcpIdleTimeoutMs` is closed; at most `maxTcpConnections` at once (more
 * are closed at accept). UDP: each datagram answered from the socket it came to; at most
 * `maxUdpInFlight` queries in progress (more are dropped; the client retries).
 *
 * Invariants: every accepted connection and in-flight query is tracked until done, and
 * `close()` resolves only when sockets, connections, timers and queries are finished.
 *
 * @module
 */
import dgram from "node:dgram";
import { createLogger, type Logger } from "../../cli/log.ts";
import type { DnsHandler } from "./handler.ts";
import { DnsExchangeError, readExactly, writeAll } from "./transport.ts";

/** Options of the DNS server. */
export interface DnsServerOptions {
  readonly hostname: string;
  /** The port for UDP and TCP; 0 picks a free one (the same for both). */
  readonly port: number;
  readonly handler: DnsHandler;
  readonly logger?: Logger;
  /** Close a TCP connection idle this long (ms); default 10000. */
  readonly tcpIdleTimeoutMs?: number;
  /** TCP connections at once at most; default 256. */
  readonly maxTcpConnections?: number;
  /** UDP queries in progress at most; default 1024. */
  readonly maxUdpInFlight?: number;
}

/** A DNS server on UDP and TCP. */
export class DnsServer {
  readonly hostname: string;
  #port: number;
  readonly #handler: DnsHandler;
  readonly #log: Logger;
  readonly #idleMs: number;
  readonly #maxTcp: number;
  readonly #maxUdp: number;
  #udp: dgram.Socket | undefined;
  #tcp: Deno.TcpListener | undefined;
  #acceptLoop: Promise<void> = Promise.resolve();
  readonly #conns = new Map<Deno.TcpConn, Promise<void>>();
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;

  /** Creates a server; it serves after {@linkcode DnsServer.start}. */
  constructor(options: DnsServerOptions) {
    this.hostname = options.hostname;
    this.#port = options.port;
    this.#handler = options.handler;
    this.#log = (options.logger ?? createLogger("dns")).with({ listen: options.hostname });
    this.#idleMs = options.tcpIdleTimeoutMs ?? 10_000;
    this.#maxTcp = options.maxTcpConnections ?? 256;
    this.#maxUdp = options.maxUdpInFlight ?? 1024;
  }

  /** The port both transports listen on (known after start). */
  get port(): number {
    return this.#port;
  }

  /**
   * Binds UDP and TCP.
   *
   * @throws when either cannot bind (then neither stays open).
   */
  async start(): Promise<void> {
    const wanted = this.#port;
    for (let attempt = 0;; attempt++) {
      const tcp = Deno.listen({ hostname: this.hostname, port: wanted, transport: "tcp" });
      const port = tcp.addr.port;
      try {
        this.#udp = await this.#bindUdp(port);
      } catch (error) {
        tcp.close();
        // With port 0 the TCP port may be taken for UDP: try another one.
        if (wanted === 0 && attempt < 10) continue;
        throw error;
      }
      this.#tcp = tcp;
      this.#port = port;
      break;
    }
    const tcp = this.#tcp!;
    this.#acceptLoop = this.#accept(tcp);
    this.#log.info("DNS server listening", { port: this.#port });
  }

  /** Stops serving; resolves when everything is closed. */
  async close(): Promise<void> {
    this.#closed = true;
    try {
      this.#tcp?.close();
    } catch {
      // already closed
    }
    this.#tcp = undefined;
    const udp = this.#udp;
    this.#udp = undefined;
    for (const conn of this.#conns.keys()) closeQuietly(conn);
    await Promise.all([this.#acceptLoop, ...this.#conns.values(), ...this.#inFlight]);
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
  }

  async #bindUdp(port: number): Promise<dgram.Socket> {
    const socket = dgram.createSocket(this.hostname.includes(":") ? "udp6" : "udp4");
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.bind(port, this.hostname, () => {
          socket.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      await new Promise<void>((resolve) => {
        try {
          socket.close(() => resolve());
        } catch {
          resolve();
        }
      });
      throw error;
    }
    socket.on("error", (error) => this.#log.warn("UDP socket error", { error }));
    socket.on("message", (message, from) => this.#onDatagram(socket, message, from));
    return socket;
  }

  #onDatagram(socket: dgram.Socket, message: Uint8Array, from: dgram.RemoteInfo): void {
    if (this.#closed || this.#inFlight.size >= this.#maxUdp) return;
    const task = (async () => {
      const response = await this.#handler.handle(new Uint8Array(message), "udp");
      if (!response || this.#closed) return;
      await new Promise<void>((resolve) => {
        socket.send(response, from.port, from.address, (error) => {
          if (error) this.#log.debug(1, "UDP send failed", { error });
          resolve();
        });
      });
    })();
    this.#inFlight.add(task);
    task.finally(() => this.#inFlight.delete(task));
  }

  async #accept(listener: Deno.TcpListener): Promise<void> {
    for (;;) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (this.#closed) return;
        this.#log.warn("TCP accept failed", { error });
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      if (this.#closed || this.#conns.size >= this.#maxTcp) {
        closeQuietly(conn);
        continue;
      }
      const served = this.#serve(conn).finally(() => this.#conns.delete(conn));
      this.#conns.set(conn, served);
    }
  }

  async #serve(conn: Deno.TcpConn): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => closeQuietly(conn), this.#idleMs);
    };
    try {
      for (;;) {
        arm();
        const head = await readExactly(conn, 2);
        const length = (head[0]! << 8) | head[1]!;
        const query = await readExactly(conn, length);
        clearTimeout(timer);
        const response = await this.#handler.handle(query, "tcp");
        if (!response) continue;
        const framed = new Uint8Array(response.length + 2);
        framed[0] = response.length >> 8;
        framed[1] = response.length & 0xff;
        framed.set(response, 2);
        await writeAll(conn, framed);
      }
    } catch (error) {
      if (!(error instanceof DnsExchangeError) && !this.#closed) {
        this.#log.debug(2, "TCP connection ended", { error });
      }
    } finally {
      clearTimeout(timer);
      closeQuietly(conn);
    }
  }
}

function closeQuietly(conn: { close(): void }): void {
  try {
    conn.close();
  } catch {
    // already closed
  }
}
