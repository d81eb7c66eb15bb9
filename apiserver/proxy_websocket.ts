/**
 * Relays a client's WebSocket to an upstream WebSocket (the API server's pods/exec to a
 * kubelet). The upstream is dialled first, offering the client's sub-protocols, so that a dead
 * upstream is still an ordinary HTTP error and the client is upgraded with exactly the
 * sub-protocol the upstream chose. Then messages flow both ways unchanged, in order, and a
 * close on either side closes the other with the same code.
 *
 * @module
 */

/** The upstream could not be dialled (refused, timed out, or it refused the upgrade). */
export class UpstreamDialError extends Error {
  override name = "UpstreamDialError";
}

/** The client's upgrade request cannot be answered with a WebSocket (a malformed handshake). */
export class ClientUpgradeError extends Error {
  override name = "ClientUpgradeError";
}

/** How long a dial may take before it counts as failed. */
const DIAL_TIMEOUT_MS = 10_000;

/** Close codes a WebSocket endpoint may send (1005/1006/1015 are reserved for reporting). */
function sendableCode(code: number): number {
  return code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000;
}

/**
 * Dials `upstream` and answers `request` (a WebSocket upgrade) with the relayed connection.
 * Throws {@link UpstreamDialError} when the upstream cannot be reached, and
 * {@link ClientUpgradeError} (having closed the upstream) when `request` is not a valid
 * WebSocket handshake.
 */
export async function proxyWebSocket(request: Request, upstream: URL): Promise<Response> {
  const offered = (request.headers.get("sec-websocket-protocol") ?? "")
    .split(",").map((p) => p.trim()).filter((p) => p !== "");
  const remote = await dial(upstream, offered);
  let upgraded: { socket: WebSocket; response: Response };
  try {
    upgraded = Deno.upgradeWebSocket(
      request,
      remote.protocol === "" ? {} : { protocol: remote.protocol },
    );
  } catch (error) {
    // A malformed handshake (no Sec-WebSocket-Key, no "Connection: Upgrade"): the upstream
    // session was opened for nobody and must end here, or it stays open for good.
    remote.close(1000);
    throw new ClientUpgradeError(
      `the WebSocket upgrade request is not valid: ${(error as Error).message}`,
    );
  }
  const { socket: client, response } = upgraded;
  client.binaryType = "arraybuffer";
  // Upstream messages that arrive before the client's side is open wait here, in order.
  const early: (ArrayBuffer | string)[] = [];
  let earlyClose: number | undefined;
  remote.addEventListener("message", (event) => {
    if (client.readyState === WebSocket.OPEN) client.send(event.data);
    else early.push(event.data);
  });
  remote.addEventListener("close", (event) => {
    if (client.readyState === WebSocket.OPEN) client.close(sendableCode(event.code));
    else if (client.readyState === WebSocket.CONNECTING) earlyClose = event.code;
  });
  client.addEventListener("open", () => {
    for (const data of early.splice(0)) client.send(data);
    if (earlyClose !== undefined) client.close(sendableCode(earlyClose));
  });
  client.addEventListener("message", (event) => {
    if (remote.readyState === WebSocket.OPEN) remote.send(event.data);
  });
  client.addEventListener("close", (event) => {
    if (remote.readyState === WebSocket.OPEN || remote.readyState === WebSocket.CONNECTING) {
      remote.close(sendableCode(event.code));
    }
  });
  return response;
}

/** Opens a WebSocket and resolves once it is open; rejects with {@link UpstreamDialError}. */
function dial(url: URL, protocols: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    socket.binaryType = "arraybuffer";
    const timer = setTimeout(() => {
      fail(`timed out after ${DIAL_TIMEOUT_MS / 1000}s`);
      socket.close();
    }, DIAL_TIMEOUT_MS);
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new UpstreamDialError(`dial ${url.host}: ${why}`));
    };
    socket.addEventListener("open", () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(socket);
    }, { once: true });
    socket.addEventListener("error", (event) => {
      fail((event as ErrorEvent).message || "connection failed");
    }, { once: true });
    socket.addEventListener("close", () => fail("connection closed"), { once: true });
  });
}
