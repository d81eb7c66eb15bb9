/**
 * The TCP frontend: one listener on one (address, port), relaying each accepted connection to a
 * backend its service port's {@linkcode Balancer} chooses.
 *
 * Behavior:
 * - Connect: the balancer's choice (affinity, round robin, skipping bad backends); a backend that
 *   refuses or times out is marked bad and the next one is tried, until none is left; then the
 *   client connection is closed at once (counted as `no_backend`).
 * - Relay: two pumps copy bytes with back-pressure (a read waits for the previous write), a
 *   client's half-close (FIN) is passed on with `closeWrite`, and the connection ends when both
 *   directions have ended or either fails (then both sides are closed).
 * - No endpoints: the proxier *parks* the frontend ({@linkcode TcpFrontend.park}): the listener is
 *   closed, so new connections are refused by the kernel (RST, `ECONNREFUSED`) at once, as
 *   kube-proxy's REJECT rule does, while established connections keep going.
 * - Endpoint removal: connections to a backend that left the set are closed after a grace
 *   period ({@linkcode TcpFrontend.retireBackends}) unless it came back meanwhile; connections
 *   to backends that remain are untouched.
 *
 * Invariants: every accepted connection is in `#relays` until both of its sockets are closed;
 * `close()` resolves only when the listener, every relay and every timer are gone (test
 * sanitizers hold).
 *
 * @module
 */
import { createLogger, type Logger } from "../cli/log.ts";
import type { Backend, Balancer } from "./balancer.ts";
import { joinHostPort } from "./ip.ts";
import type { PortStats } from "./metrics.ts";

/** Options of a TCP frontend. */
export interface TcpFrontendOptions {
  /** The address to listen on (a cluster IP, external IP or node address). */
  readonly hostname: string;
  readonly port: number;
  readonly balancer: Balancer;
  readonly stats: PortStats;
  /** How long a backend connect may take before the next backend is tried (ms); default 3000. */
  readonly connectTimeoutMs?: number;
  /** Relay buffer per direction (bytes); default 64 KiB (fewer reads and writes per byte). */
  readonly bufferSize?: number;
  readonly logger?: Logger;
}

/** One client connection and, once connected, its backend connection. */
class Relay {
  upstream: Deno.TcpConn | undefined;
  backendKey: string | undefined;
  closed = false;
  readonly abort = new AbortController();
  done: Promise<void> = Promise.resolve();

  constructor(readonly client: Deno.TcpConn) {}

  /** Closes both sockets (idempotent); pending reads and writes fail and the pumps end. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    closeQuietly(this.client);
    if (this.upstream) closeQuietly(this.upstream);
  }
}

/** A TCP listener relaying to the backends of one service port. */
export class TcpFrontend {
  readonly hostname: string;
  readonly port: number;
  readonly #balancer: Balancer;
  readonly #stats: PortStats;
  readonly #connectTimeoutMs: number;
  readonly #bufferSize: number;
  readonly #log: Logger;
  #listener: Deno.TcpListener | undefined;
  #acceptLoop: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #relays = new Set<Relay>();
  /** backend key -> relays connected to it, to close them when the backend is retired. */
  readonly #byBackend = new Map<string, Set<Relay>>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Wakes the accept loop's back-off pause when the listener closes. */
  #wake: (() => void) | undefined;

  /** Creates a frontend; it listens only after {@linkcode TcpFrontend.open}. */
  constructor(options: TcpFrontendOptions) {
    this.hostname = options.hostname;
    this.port = options.port;
    this.#balancer = options.balancer;
    this.#stats = options.stats;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.#bufferSize = options.bufferSize ?? 64 * 1024;
    this.#log = (options.logger ?? createLogger("proxy")).with({
      frontend: `tcp/${joinHostPort(this.hostname, this.port)}`,
    });
  }

  /** True while the listener is open. */
  get listening(): boolean {
    return this.#listener !== undefined;
  }

  /** The number of client connections open now. */
  get connectionCount(): number {
    return this.#relays.size;
  }

  /**
   * Opens the listener (no-op when open).
   *
   * @throws {Deno.errors.AddrInUse | Deno.errors.AddrNotAvailable | Error} when binding fails.
   */
  open(): void {
    if (this.#closed) throw new TypeError("the frontend is closed");
    if (this.#listener) return;
    const listener = Deno.listen({ hostname: this.hostname, port: this.port, transport: "tcp" });
    this.#listener = listener;
    const previous = this.#acceptLoop;
    this.#acceptLoop = previous.then(() => this.#accept(listener));
  }

  /**
   * Closes the listener but not the established connections: new connections are refused by
   * the kernel until {@linkcode TcpFrontend.open}. The listener stops at once; the returned
   * promise resolves when its accept loop has ended and the socket is really released (Deno
   * frees it once the pending accept is cancelled), after which the port can be bound again.
   */
  park(): Promise<void> {
    const listener = this.#listener;
    if (listener) {
      this.#listener = undefined;
      closeQuietly(listener);
      this.#wake?.();
    }
    return this.#acceptLoop;
  }

  /**
   * Closes connections to backends that left the balancer, after `graceMs` (0: now; Infinity:
   * never). A backend that is back in the balancer by then keeps its connections.
   */
  retireBackends(keys: readonly string[], graceMs: number): void {
    if (keys.length === 0 || graceMs === Infinity || this.#closed) return;
    const retire = () => {
      for (const key of keys) {
        if (this.#balancer.has(key)) continue;
        const relays = this.#byBackend.get(key);
        if (!relays) continue;
        this.#log.debug(1, "closing connections to a removed endpoint", {
          backend: key,
          count: relays.size,
        });
        for (const relay of relays) relay.close();
      }
    };
    if (graceMs <= 0) return retire();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      retire();
    }, graceMs);
    this.#timers.add(timer);
  }

  /** Closes the listener and every connection; resolves when all are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    this.park();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const pending = [...this.#relays].map((relay) => {
      relay.close();
      return relay.done;
    });
    await Promise.all([this.#acceptLoop, ...pending]);
  }

  async #accept(listener: Deno.TcpListener): Promise<void> {
    while (this.#listener === listener) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (this.#listener !== listener) return; // parked or closed
        // Out of file descriptors and the like: back off briefly, keep accepting.
        this.#log.warn("accept failed", { error });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.#timers.delete(timer);
            this.#wake = undefined;
            resolve();
          }, 50);
          this.#timers.add(timer);
          this.#wake = () => {
            clearTimeout(timer);
            this.#timers.delete(timer);
            this.#wake = undefined;
            resolve();
          };
        });
        continue;
      }
      if (this.#listener !== listener) {
        closeQuietly(conn);
        return;
      }
      const relay = new Relay(conn);
      this.#relays.add(relay);
      relay.done = this.#serve(relay);
    }
  }

  async #serve(relay: Relay): Promise<void> {
    const stats = this.#stats;
    stats.connections++;
    stats.active++;
    try {
      const clientIP = relay.client.remoteAddr.hostname;
      const tried = new Set<string>();
      let upstream: Deno.TcpConn | undefined;
      let chosen: Backend | undefined;
      while (!relay.closed && !upstream) {
        chosen = this.#balancer.pick(clientIP, tried);
        if (!chosen) break;
        tried.add(chosen.key);
        try {
          upstream = await this.#connect(chosen, relay.abort.signal);
        } catch (error) {
          if (relay.closed) break;
          stats.error("connect");
          this.#balancer.markBad(chosen.key);
          this.#log.debug(1, "backend connect failed, trying the next", {
            backend: chosen.key,
            error,
          });
        }
      }
      if (!upstream || !chosen) {
        if (!relay.closed) {
          stats.error("no_backend");
          this.#log.debug(1, "no backend could take the connection", { client: clientIP });
        }
        return;
      }
      relay.upstream = upstream;
      if (relay.closed) {
        closeQuietly(upstream);
        return;
      }
      relay.backendKey = chosen.key;
      let set = this.#byBackend.get(chosen.key);
      if (!set) this.#byBackend.set(chosen.key, set = new Set());
      set.add(relay);
      await this.#splice(relay, relay.client, upstream);
    } finally {
      relay.close();
      this.#relays.delete(relay);
      if (relay.backendKey !== undefined) {
        const set = this.#byBackend.get(relay.backendKey);
        set?.delete(relay);
        if (set?.size === 0) this.#byBackend.delete(relay.backendKey);
      }
      stats.active--;
    }
  }

  async #connect(target: Backend, cancel: AbortSignal): Promise<Deno.TcpConn> {
    const controller = new AbortController();
    const onCancel = () => controller.abort();
    cancel.addEventListener("abort", onCancel);
    const timer = setTimeout(() => controller.abort(), this.#connectTimeoutMs);
    try {
      return await Deno.connect({
        hostname: target.ip,
        port: target.port,
        transport: "tcp",
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
      cancel.removeEventListener("abort", onCancel);
    }
  }

  /** Relays both directions until both end (half-close aware) or one fails. */
  async #splice(relay: Relay, client: Deno.TcpConn, upstream: Deno.TcpConn): Promise<void> {
    const stats = this.#stats;
    const fail = (error: unknown) => {
      if (relay.closed) return;
      stats.error("io");
      this.#log.debug(2, "relay failed", { backend: relay.backendKey, error });
      relay.close();
    };
    await Promise.all([
      pump(client, upstream, this.#bufferSize, (n) => stats.bytesIn += n).catch(fail),
      pump(upstream, client, this.#bufferSize, (n) => stats.bytesOut += n).catch(fail),
    ]);
  }
}

/** Copies `src` to `dst` until `src` ends, then half-closes `dst`. Rejects on I/O errors. */
async function pump(
  src: Deno.TcpConn,
  dst: Deno.TcpConn,
  bufferSize: number,
  count: (n: number) => void,
): Promise<void> {
  const buffer = new Uint8Array(bufferSize);
  for (;;) {
    const n = await src.read(buffer);
    if (n === null) break;
    let offset = 0;
    while (offset < n) offset += await dst.write(buffer.subarray(offset, n));
    count(n);
  }
  try {
    await dst.closeWrite();
  } catch {
    // The peer already went away; the other direction will notice.
  }
}

function closeQuietly(resource: { close(): void }): void {
  try {
    resource.close();
  } catch {
    // Already closed.
  }
}
