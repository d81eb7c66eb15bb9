import assert from "node:assert/strict";
import { ClientUpgradeError, proxyWebSocket } from "./proxy_websocket.ts";

Deno.test("proxyWebSocket closes the upstream when the client's upgrade request is malformed", async () => {
  // The upstream: a WebSocket server that reports when its side of a connection closes.
  let upstreamClosed!: () => void;
  const closed = new Promise<void>((resolve) => upstreamClosed = resolve);
  let connections = 0;
  const upstream = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    connections++;
    const { socket, response } = Deno.upgradeWebSocket(req);
    socket.addEventListener("close", () => upstreamClosed());
    return response;
  });
  try {
    // "Upgrade: websocket" without the handshake's Connection and Sec-WebSocket-Key headers.
    const request = new Request("http://127.0.0.1/api/v1/namespaces/default/pods/p/exec", {
      headers: { upgrade: "websocket" },
    });
    const url = new URL(`ws://127.0.0.1:${upstream.addr.port}/exec`);
    await assert.rejects(proxyWebSocket(request, url), ClientUpgradeError);
    assert.equal(connections, 1);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      closed.then(() => "closed"),
      new Promise((resolve) => timer = setTimeout(() => resolve("still open"), 2000)),
    ]);
    clearTimeout(timer);
    assert.equal(outcome, "closed", "the dialled upstream must not be left open");
  } finally {
    await upstream.shutdown();
  }
});
