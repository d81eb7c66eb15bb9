/**
 * One DNS exchange with a server, over UDP or TCP (RFC 1035 section 4.2; TCP messages carry a
 * 2-byte length prefix, RFC 7766). Used by the forwarder and the client. A fresh socket per
 * exchange keeps ids from colliding; the reply must come from the server and carry the query's
 * id, or it is ignored.
 *
 * @module
 */
import dgram from "node:dgram";

/** A DNS server's address. */
export interface DnsAddress {
  readonly hostname: string;
  readonly port: number;
}

/** A timed-out or failed exchange. */
export class DnsExchangeError extends Error {
  override name = "DnsExchangeError";
}

/**
 * Sends `query` by UDP to `server` and resolves to the first reply with the same id.
 *
 * @throws {DnsExchangeError} after `timeoutMs` without a reply, or when sending fails.
 */
export async function exchangeUdp(
  server: DnsAddress,
  query: Uint8Array,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (query.length < 2) throw new RangeError("a DNS query has at least 2 bytes");
  const socket = dgram.createSocket(server.hostname.includes(":") ? "udp6" : "udp4");
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new DnsExchangeError(`no UDP reply from ${server.hostname}:${server.port}`)),
        timeoutMs,
      );
      socket.on("error", (error) => reject(new DnsExchangeError(error.message)));
      socket.on("message", (reply, from) => {
        if (from.port !== server.port || reply.length < 2) return;
        if (reply[0] !== query[0] || reply[1] !== query[1]) return;
        resolve(new Uint8Array(reply));
      });
      socket.send(query, server.port, server.hostname, (error) => {
        if (error) reject(new DnsExchangeError(error.message));
      });
    });
  } finally {
    clearTimeout(timer);
    await new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/**
 * Sends `query` over a new TCP connection to `server` and resolves to the reply.
 *
 * @throws {DnsExchangeError} after `timeoutMs`, on connection failure or a short reply.
 */
export async function exchangeTcp(
  server: DnsAddress,
  query: Uint8Array,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (query.length > 65535) throw new RangeError("a DNS message has at most 65535 bytes");
  const controller = new AbortController();
  let conn: Deno.TcpConn | undefined;
  const timer = setTimeout(() => {
    controller.abort();
    try {
      conn?.close();
    } catch {
      // already closed
    }
  }, timeoutMs);
  try {
    conn = await Deno.connect({
      hostname: server.hostname,
      port: server.port,
      signal: controller.signal,
    });
    const framed = new Uint8Array(query.length + 2);
    new DataView(framed.buffer).setUint16(0, query.length);
    framed.set(query, 2);
    await writeAll(conn, framed);
    const head = await readExactly(conn, 2);
    const length = new DataView(head.buffer).getUint16(0);
    return await readExactly(conn, length);
  } catch (error) {
    if (error instanceof DnsExchangeError) throw error;
    throw new DnsExchangeError(
      controller.signal.aborted
        ? `no TCP reply from ${server.hostname}:${server.port}`
        : (error instanceof Error ? error.message : String(error)),
    );
  } finally {
    clearTimeout(timer);
    try {
      conn?.close();
    } catch {
      // closed by the timer
    }
  }
}

/** Writes all of `data` to `conn`. */
export async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += await conn.write(data.subarray(offset));
}

/**
 * Reads exactly `n` bytes.
 *
 * @throws {DnsExchangeError} when the connection ends first.
 */
export async function readExactly(conn: Deno.Conn, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let offset = 0;
  while (offset < n) {
    const read = await conn.read(out.subarray(offset));
    if (read === null) throw new DnsExchangeError("connection closed mid-message");
    offset += read;
  }
  return out;
}
