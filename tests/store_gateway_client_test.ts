/** The shared gateway client (tests/support, used by bench/store) drives kubeno's gateway. */

import assert from "node:assert/strict";
import { GatewayClient, GatewayError, type WatchEvent } from "./support/gateway_client.ts";
import { serveGateway } from "../store/gateway/mod.ts";
import { LocalBackend } from "../store/local_backend.ts";

const settle = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

Deno.test("gateway client: put, get, cas, status, watch and watchPrefix against kubeno", async () => {
  using backend = new LocalBackend({ clusterId: "5", memberId: "6", expiryCheckMs: 0 });
  const server = serveGateway(backend, { port: 0 });
  try {
    const client = new GatewayClient(server.url + "/");
    assert.equal(await client.put("bench/a", "1"), 2);
    assert.equal(await client.get("bench/a"), "1");
    assert.equal(await client.get("bench/a", true), "1");
    assert.equal(await client.get("bench/none"), undefined);
    assert.equal(await client.cas("bench/a", "0", "2"), false);
    assert.equal(await client.cas("bench/a", "1", "2"), true);
    assert.equal(await client.cas("bench/n", null, "new"), true);
    assert.deepEqual(await client.status(), { memberId: "6", leader: "6" });
    await assert.rejects(
      client.call("/v3/kv/range", { key: "!" }),
      (e: unknown) => e instanceof GatewayError && e.status === 400,
    );

    const events: WatchEvent[] = [];
    const puts: [string, string][] = [];
    const controller = new AbortController();
    const history = await client.watch("bench/", 2, (e) => events.push(e), controller.signal);
    const live = await client.watchPrefix("bench/", (k, v) => puts.push([k, v]), controller.signal);
    await client.put("bench/b", "3");
    await client.put("other", "x");
    await backend.deleteRange({ key: new TextEncoder().encode("bench/a") });
    await settle(() => events.length >= 5 && puts.length >= 1);
    assert.deepEqual(events.map((e) => [e.type, e.key, e.value, e.modRevision]), [
      ["PUT", "bench/a", "1", 2],
      ["PUT", "bench/a", "2", 3],
      ["PUT", "bench/n", "new", 4],
      ["PUT", "bench/b", "3", 5],
      ["DELETE", "bench/a", "", 7],
    ]);
    assert.deepEqual(puts, [["bench/b", "3"]]);
    controller.abort();
    await history.done;
    await live.done;
  } finally {
    await server.shutdown();
  }
  assert.equal(backend.store.watchHub.size, 0);
});
