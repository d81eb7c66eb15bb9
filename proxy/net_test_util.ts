/**
 * Test helpers: loopback backends the tests start (TCP "identify then echo" servers, UDP
 * echo servers), free-port probes and small clients. Every address is a 127.0.0.0/8 one the
 * test chose; everything opened is closed by the helper's `close()`.
 *
 * @module
 */
import dgram from "node:dgram";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A port that was free on `hostname` a moment ago (for TCP and UDP). */
export async function freePort(hostname: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const listener = Deno.listen({ hostname, port: 0 });
    const port = listener.addr.port;
    listener.close();
    const socket = dgram.createSocket("udp4");
    const ok = await new Promise<boolean>((resolve) => {
      socket.once("error", () => resolve(false));
      socket.bind(port, hostname, () => resolve(true));
    });
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    if (ok) return port;
  }
  throw new Error(`no free port on ${hostname}`);
}

/** A TCP backend: greets each connection with `name\n`, then echoes; ends when the client does. */
export interface TcpBackend {
  readonly name: string;
  readonly hostname: string;
  readonly port: number;
  /** Connections accepted so far. */
  accepted: number;
  /** Connections open now. */
  readonly open: number;
  close(): Promise<void>;
}

/** Starts a TCP backend on `hostname` (port 0 = any). */
export function startTcpBackend(name: string, hostname: string, port = 0): TcpBackend {
  const listener = Deno.listen({ hostname, port });
  const conns = new Set<Deno.Conn>();
  const tasks = new Set<Promise<void>>();
  const serve = async (conn: Deno.Conn) => {
    try {
      await writeAll(conn, encoder.encode(`${name}\n`));
      const buffer = new Uint8Array(16 * 1024);
      for (;;) {
        const n = await conn.read(buffer);
        if (n === null) break;
        await writeAll(conn, buffer.subarray(0, n));
      }
    } catch {
      // closed by the test or by the proxy
    } finally {
      conns.delete(conn);
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
  };
  const backend: TcpBackend = {
    name,
    hostname,
    port: listener.addr.port,
    accepted: 0,
    get open() {
      return conns.size;
    },
    async close() {
      try {
        listener.close();
      } catch {
        // already closed
      }
      await loop;
      for (const conn of conns) {
        try {
          conn.close();
        } catch {
          // already closed
        }
      }
      await Promise.all(tasks);
    },
  };
  const loop = (async () => {
    try {
      for await (const conn of listener) {
        backend.accepted++;
        conns.add(conn);
        const task = serve(conn);
        tasks.add(task);
        task.then(() => tasks.delete(task));
      }
    } catch {
      // listener closed
    }
  })();
  return backend;
}

/** Writes all of `data`. */
export async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += await conn.write(data.subarray(offset));
}

/** Reads from `conn` until `text` has been seen (or EOF); returns what was read. */
export async function readUntil(conn: Deno.Conn, text: string): Promise<string> {
  let got = "";
  const buffer = new Uint8Array(4096);
  while (!got.includes(text)) {
    const n = await conn.read(buffer);
    if (n === null) break;
    got += decoder.decode(buffer.subarray(0, n));
  }
  return got;
}

/** Reads until EOF. */
export async function readAll(conn: Deno.Conn): Promise<string> {
  let got = "";
  const buffer = new Uint8Array(4096);
  for (;;) {
    const n = await conn.read(buffer);
    if (n === null) return got;
    got += decoder.decode(buffer.subarray(0, n));
  }
}

/** A client connection that has read the backend's greeting. */
export interface Greeted {
  readonly conn: Deno.TcpConn;
  /** The backend's name. */
  readonly backend: string;
}

/** Connects to `hostname:port` and reads the backend's greeting line. */
export async function connectGreeted(hostname: string, port: number): Promise<Greeted> {
  const conn = await Deno.connect({ hostname, port });
  const line = await readUntil(conn, "\n");
  return { conn, backend: line.trim() };
}

/** Connects, reads the greeting, closes; returns the backend's name ("" when closed at once). */
export async function whoAnswers(hostname: string, port: number): Promise<string> {
  const { conn, backend } = await connectGreeted(hostname, port);
  conn.close();
  return backend;
}

/** Sends `text` on `conn` and reads the echo. */
export async function echo(conn: Deno.Conn, text: string): Promise<string> {
  await writeAll(conn, encoder.encode(text));
  const got = await readUntil(conn, text);
  return got;
}

/** A UDP echo backend: answers each datagram with `name:` + the datagram. */
export interface UdpBackend {
  readonly name: string;
  readonly hostname: string;
  readonly port: number;
  received: number;
  close(): Promise<void>;
}

/** Starts a UDP echo backend on `hostname`. */
export async function startUdpBackend(name: string, hostname: string): Promise<UdpBackend> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, hostname, () => resolve()));
  const backend: UdpBackend = {
    name,
    hostname,
    port: socket.address().port,
    received: 0,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  socket.on("message", (message, from) => {
    backend.received++;
    socket.send(encoder.encode(`${name}:${decoder.decode(message)}`), from.port, from.address);
  });
  return backend;
}

/** A UDP client socket bound on 127.0.0.1. */
export interface UdpClient {
  readonly port: number;
  /** Sends `text` to `hostname:port` and waits for one reply (rejects after `timeoutMs`). */
  request(hostname: string, port: number, text: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** Opens a UDP client socket. */
export async function udpClient(): Promise<UdpClient> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const waiting: ((text: string) => void)[] = [];
  socket.on("message", (message) => waiting.shift()?.(decoder.decode(message)));
  return {
    port: socket.address().port,
    request(hostname, port, text, timeoutMs = 1000) {
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = waiting.indexOf(done);
          if (index >= 0) waiting.splice(index, 1);
          reject(new Error(`no UDP reply from ${hostname}:${port} in ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (reply: string) => {
          clearTimeout(timer);
          resolve(reply);
        };
        waiting.push(done);
        socket.send(encoder.encode(text), port, hostname);
      });
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
