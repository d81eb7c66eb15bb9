import assert from "node:assert/strict";
import { createLogger } from "../../cli/log.ts";
import { LocalBackend } from "../local_backend.ts";
import { serveGateway } from "./server.ts";

const b64 = (s: string) => btoa(s);

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

Deno.test("serves over HTTP; a client going away cancels its watchers", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const lines: string[] = [];
  const server = serveGateway(backend, {
    port: 0,
    logger: createLogger("gateway", 0, (l) => lines.push(l)),
  });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const put = await fetch(`${server.url}/v3/kv/put`, {
      method: "POST",
      body: JSON.stringify({ key: b64("a"), value: b64("1") }),
    });
    assert.equal(put.status, 200);
    assert.equal(JSON.parse(await put.text()).header.revision, "2");

    const controller = new AbortController();
    const watch = await fetch(`${server.url}/v3/watch`, {
      method: "POST",
      body: JSON.stringify({ create_request: { key: b64("a") } }),
      signal: controller.signal,
    });
    const reader = watch.body!.pipeThrough(new TextDecoderStream()).getReader();
    assert.match((await reader.read()).value ?? "", /"created":true/);
    await backend.put({ key: new TextEncoder().encode("a"), value: new Uint8Array(0) });
    assert.match((await reader.read()).value ?? "", /"mod_revision":"3"/);
    assert.equal(backend.store.watchHub.size, 1);
    controller.abort();
    await reader.cancel().catch(() => {});
    await until(() => backend.store.watchHub.size === 0, "the watcher to be cancelled");
  } finally {
    await server.shutdown();
  }
  assert.ok(lines.some((l) => l.includes("store client API listening")));
});

Deno.test("shutdown ends open watch and keepalive streams", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  await backend.leaseGrant({ id: 5, ttl: 30 });
  const server = serveGateway(backend, { hostname: "127.0.0.1", port: 0 });
  const watch = await fetch(`${server.url}/v3/watch`, {
    method: "POST",
    body: JSON.stringify({ create_request: { key: b64("a"), progress_notify: true } }),
  });
  const text = watch.text();
  // A keepalive whose client keeps its request body open.
  const body = new TransformStream<Uint8Array, Uint8Array>();
  const writer = body.writable.getWriter();
  void writer.write(new TextEncoder().encode('{"ID":5}'));
  const keepalive = await fetch(`${server.url}/v3/lease/keepalive`, {
    method: "POST",
    body: body.readable,
  });
  const reader = keepalive.body!.pipeThrough(new TextDecoderStream()).getReader();
  assert.match((await reader.read()).value ?? "", /"ID":"5","TTL":"30"/);
  await until(() => backend.store.watchHub.size === 1, "the watcher");
  await server.shutdown();
  assert.match(await text, /^\{"result":\{"header":\{.*\},"created":true\}\}\n$/);
  // The client was still sending: its connection is dropped rather than waited for.
  await assert.rejects(reader.read());
  await writer.close().catch(() => {});
  assert.equal(backend.store.watchHub.size, 0);
  await server.finished;
  await server.shutdown(); // idempotent
});
