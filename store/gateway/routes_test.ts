import assert from "node:assert/strict";
import { createLogger } from "../../cli/log.ts";
import { UnavailableError } from "../backend.ts";
import { LocalBackend } from "../local_backend.ts";
import { SLOW_WATCHER_REASON } from "../mvcc/mod.ts";
import { handleGatewayRequest } from "./routes.ts";
import type { GatewayOptions } from "./options.ts";

const enc = new TextEncoder();
const b64 = (s: string) => btoa(s);

function post(path: string, body: BodyInit | null, method = "POST"): Request {
  return new Request(`http://gateway${path}`, {
    method,
    ...(body === null ? {} : { body }),
  });
}

async function call(
  backend: LocalBackend,
  path: string,
  body: unknown,
  options?: GatewayOptions,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const res = await handleGatewayRequest(backend, post(path, text), options);
  return { status: res.status, json: JSON.parse(await res.text()) };
}

/** A parsed answer line (the fields the tests read). */
interface Line {
  result: {
    header: Record<string, string>;
    watch_id?: string;
    created?: boolean;
    canceled?: boolean;
    compact_revision?: string;
    cancel_reason?: string;
    events?: { type?: string; kv: Record<string, string>; prev_kv?: Record<string, string> }[];
    ID?: string;
    TTL?: string;
  };
}

/** A request body we can keep writing to, and the streamed answer read line by line. */
class Exchange {
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #request: Request;
  #reader: ReadableStreamDefaultReader<string> | undefined;
  #pending = "";
  #lines: string[] = [];
  response: Response | undefined;

  constructor(path: string) {
    // Buffered, so requests can be written before the handler starts reading.
    const pipe = new TransformStream<Uint8Array, Uint8Array>(
      {},
      undefined,
      new CountQueuingStrategy({ highWaterMark: 64 }),
    );
    this.#writer = pipe.writable.getWriter();
    this.#request = new Request(`http://gateway${path}`, {
      method: "POST",
      body: pipe.readable,
      // @ts-ignore: `duplex` is required for a streaming body but missing from older typings
      duplex: "half",
    });
  }

  send(value: unknown): Promise<void> {
    return this.#writer.write(enc.encode(JSON.stringify(value) + "\n"));
  }

  endBody(): Promise<void> {
    return this.#writer.close();
  }

  async start(backend: LocalBackend, options?: GatewayOptions): Promise<Response> {
    this.response = await handleGatewayRequest(backend, this.#request, options);
    this.#reader = this.response.body!.pipeThrough(new TextDecoderStream()).getReader();
    return this.response;
  }

  /** The next line as JSON; undefined at the end of the answer. */
  async next(): Promise<Line | undefined> {
    while (this.#lines.length === 0) {
      const { value, done } = await this.#reader!.read();
      if (done) return undefined;
      const parts = (this.#pending + value).split("\n");
      this.#pending = parts.pop()!;
      this.#lines.push(...parts.filter((l) => l !== ""));
    }
    return JSON.parse(this.#lines.shift()!);
  }

  /** The client goes away. */
  async close(): Promise<void> {
    await this.#reader?.cancel();
    await this.#writer.abort().catch(() => {});
  }
}

Deno.test("unary endpoints over a LocalBackend", async () => {
  using backend = new LocalBackend({ clusterId: "9", memberId: "10", expiryCheckMs: 0 });
  let r = await call(backend, "/v3/kv/put", { key: b64("a"), value: b64("1") });
  assert.deepEqual(r, {
    status: 200,
    json: { header: { cluster_id: "9", member_id: "10", revision: "2", raft_term: "1" } },
  });
  r = await call(backend, "/v3/kv/range", { key: b64("a") });
  assert.deepEqual(r.json.kvs, [{
    key: b64("a"),
    create_revision: "2",
    mod_revision: "2",
    version: "1",
    value: b64("1"),
  }]);
  r = await call(backend, "/v3/kv/txn", { success: [{ request_delete_range: { key: b64("a") } }] });
  assert.equal((r.json.header as Record<string, string>).revision, "3");
  r = await call(backend, "/v3/kv/compaction", { revision: 3 });
  assert.equal(r.status, 200);
  r = await call(backend, "/v3/kv/range", { key: b64("a"), revision: 2 });
  assert.deepEqual(r, {
    status: 400,
    json: {
      error: "etcdserver: mvcc: required revision has been compacted",
      message: "etcdserver: mvcc: required revision has been compacted",
      code: 11,
    },
  });
  r = await call(backend, "/v3/lease/grant", { TTL: 10 });
  assert.equal(r.json.ID, "1");
  r = await call(backend, "/v3/kv/lease/timetolive", { ID: 1, keys: true });
  assert.equal(r.json.grantedTTL, "10");
  r = await call(backend, "/v3/kv/lease/revoke", { ID: 1 });
  assert.equal(r.status, 200);
  r = await call(backend, "/v3/maintenance/status", "");
  assert.equal(r.json.leader, "10");
});

Deno.test("paths, methods, CORS preflight, oversized bodies", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  let res = await handleGatewayRequest(backend, post("/v3/kv/nope", "{}"));
  assert.deepEqual([res.status, await res.text()], [404, "Not Found\n"]);
  res = await handleGatewayRequest(backend, post("/v3/kv/range", null, "GET"));
  assert.deepEqual([res.status, await res.text()], [405, "Method Not Allowed\n"]);
  res = await handleGatewayRequest(backend, post("/v3/watch", null, "DELETE"));
  assert.deepEqual([res.status, await res.text()], [405, "Method Not Allowed\n"]);
  res = await handleGatewayRequest(backend, post("/anything", null, "OPTIONS"));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("access-control-allow-methods"), "POST, GET, OPTIONS, PUT, DELETE");
  await res.body?.cancel();
  const big = JSON.stringify({ key: b64("k"), value: "A".repeat(1_200_000) });
  const r = await call(backend, "/v3/kv/put", big, { maxRequestBytes: 1000 });
  assert.equal(r.status, 429);
  assert.equal(r.json.code, 8);
  const small = JSON.stringify({ key: b64("k"), value: "A".repeat(2000) });
  const r2 = await call(backend, "/v3/kv/put", small, { maxRequestBytes: 1000 });
  assert.deepEqual([r2.status, r2.json.message], [400, "etcdserver: request is too large"]);
});

Deno.test("backend failures: store errors by code, others UNKNOWN and logged", async () => {
  class Failing extends LocalBackend {
    override range(): Promise<never> {
      return Promise.reject(new UnavailableError());
    }
    override put(): Promise<never> {
      return Promise.reject(new TypeError("bug"));
    }
  }
  using backend = new Failing({ expiryCheckMs: 0 });
  const lines: string[] = [];
  const logger = createLogger("gateway", 5, (line) => lines.push(line));
  let r = await call(backend, "/v3/kv/range", { key: b64("a") }, { logger });
  assert.deepEqual(r, {
    status: 503,
    json: { error: "etcdserver: no leader", message: "etcdserver: no leader", code: 14 },
  });
  r = await call(backend, "/v3/kv/put", { key: b64("a") }, { logger });
  assert.deepEqual(r, { status: 500, json: { error: "bug", message: "bug", code: 2 } });
  assert.ok(lines.some((l) => l.includes("ERROR") && l.includes("request failed unexpectedly")));
  assert.ok(lines.some((l) => l.includes("DEBUG2") && l.includes("etcdserver: no leader")));
});

Deno.test("watch stream: created, events, progress request, cancel; disconnect ends the watchers", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const ex = new Exchange("/v3/watch");
  await ex.send({ create_request: { key: b64("w"), range_end: b64("x"), prev_kv: true } });
  const res = await ex.start(backend);
  assert.equal(res.status, 200);
  assert.deepEqual((await ex.next())?.result, {
    header: { cluster_id: "1", member_id: "1", revision: "1", raft_term: "1" },
    created: true,
  });
  await backend.put({ key: enc.encode("w1"), value: enc.encode("a") });
  await backend.put({ key: enc.encode("zz"), value: enc.encode("b") });
  await backend.deleteRange({ key: enc.encode("w1") });
  const put = await ex.next();
  assert.equal(put?.result.events?.[0]?.kv.key, b64("w1"));
  assert.equal(put?.result.events?.[0]?.type, undefined);
  const del = await ex.next();
  assert.equal(del?.result.header.revision, "4");
  assert.equal(del?.result.events?.[0]?.type, "DELETE");
  assert.equal(del?.result.events?.[0]?.prev_kv?.value, b64("a"));
  await ex.send({ create_request: { key: b64("q"), watch_id: 4 } });
  assert.deepEqual((await ex.next())?.result.watch_id, "4");
  await ex.send({ progress_request: {} });
  const progress = (await ex.next())?.result;
  assert.deepEqual([progress?.watch_id, progress?.header.revision], ["-1", "4"]);
  await ex.send({ cancel_request: { watch_id: 4 } });
  assert.deepEqual((await ex.next())?.result.canceled, true);
  assert.equal(backend.store.watchHub.size, 1);
  await ex.close();
  for (let i = 0; i < 50 && backend.store.watchHub.size > 0; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(backend.store.watchHub.size, 0);
});

Deno.test("watch stream: a compacted start revision cancels with compact_revision only", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  for (let i = 0; i < 4; i++) {
    await backend.put({ key: enc.encode("k"), value: enc.encode(`${i}`) });
  }
  await backend.compact({ revision: 4 });
  const ex = new Exchange("/v3/watch");
  await ex.send({ create_request: { key: b64("k"), start_revision: 2 } });
  await ex.start(backend);
  assert.equal((await ex.next())?.result.created, true);
  assert.deepEqual((await ex.next())?.result, {
    header: { cluster_id: "1", member_id: "1", raft_term: "1" },
    canceled: true,
    compact_revision: "4",
  });
  await ex.close();
});

Deno.test("watch stream: a client that does not read gets its watcher cancelled, not buffered", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0, store: { watch: { maxPendingEvents: 8 } } });
  const ex = new Exchange("/v3/watch");
  await ex.send({ create_request: { key: b64("k") } });
  await ex.start(backend);
  for (let i = 0; i < 200; i++) {
    await backend.put({ key: enc.encode("k"), value: enc.encode(`${i}`) });
    await new Promise((r) => setTimeout(r, 0));
  }
  assert.equal(backend.store.watchHub.size, 0, "the slow watcher was dropped");
  let last: Line["result"] | undefined;
  let count = 0;
  for (;;) {
    const line = await ex.next();
    last = line?.result;
    count++;
    if (last?.canceled) break;
  }
  assert.ok(count < 60, `bounded: ${count} lines`);
  assert.equal(last?.cancel_reason, SLOW_WATCHER_REASON);
  await ex.close();
});

Deno.test("watch stream: periodic progress never reports a revision whose events were not sent", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const ex = new Exchange("/v3/watch");
  await ex.send({ create_request: { key: b64("a"), range_end: b64("c"), progress_notify: true } });
  await ex.start(backend, { progressIntervalMs: 2 });
  assert.equal((await ex.next())?.result.created, true);
  const writer = (async () => {
    for (let i = 0; i < 300; i++) {
      const key = ["a1", "b2", "zz"][i % 3]!;
      await backend.put({ key: enc.encode(key), value: enc.encode(`${i}`) });
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, 1));
    }
  })();
  let lastEvent = 0;
  let progressed = 0;
  let progressCount = 0;
  while (lastEvent < 301 - 100 || progressCount < 3) {
    const line = await ex.next();
    const rev = Number(line?.result.header.revision);
    if (line?.result.events) {
      for (const ev of line.result.events) {
        const evRev = Number(ev.kv.mod_revision);
        assert.ok(evRev > progressed, `event at ${evRev} after progress ${progressed}`);
        assert.ok(evRev > lastEvent);
        lastEvent = evRev;
      }
    } else {
      assert.ok(rev >= progressed, "progress does not go back");
      progressed = rev;
      progressCount++;
    }
  }
  await writer;
  await ex.close();
});

Deno.test("watch stream: a malformed first request is an UNKNOWN error; an empty body stays open", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const res = await handleGatewayRequest(
    backend,
    post("/v3/watch", '{"create_request":{"key":"!"}}'),
  );
  assert.equal(res.status, 500);
  assert.deepEqual(JSON.parse(await res.text()), {
    error: "illegal base64 data at input byte 0",
    message: "illegal base64 data at input byte 0",
    code: 2,
  });
  const controller = new AbortController();
  const open = await handleGatewayRequest(backend, post("/v3/watch", ""), {
    signal: controller.signal,
  });
  assert.equal(open.status, 200);
  const reader = open.body!.getReader();
  controller.abort(); // the server shutting down ends the stream
  assert.equal((await reader.read()).done, true);
});

Deno.test("watch stream: a failed create answers canceled with the reason; the stream stays", async () => {
  class NoLeader extends LocalBackend {
    #calls = 0;
    override watch(request: Parameters<LocalBackend["watch"]>[0]) {
      if (++this.#calls === 1) throw new UnavailableError();
      return super.watch(request);
    }
  }
  using backend = new NoLeader({ expiryCheckMs: 0 });
  const ex = new Exchange("/v3/watch");
  await ex.send({ create_request: { key: b64("a") } });
  await ex.start(backend);
  assert.deepEqual((await ex.next())?.result, {
    header: { cluster_id: "1", member_id: "1", revision: "1", raft_term: "1" },
    watch_id: "-1",
    created: true,
    canceled: true,
    cancel_reason: "etcdserver: no leader",
  });
  await ex.send({ create_request: { key: b64("a") } });
  assert.deepEqual((await ex.next())?.result.created, true);
  assert.equal(backend.store.watchHub.size, 1);
  await ex.close();
});

Deno.test("keepalive stream: one answer per request, as they arrive", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  await backend.leaseGrant({ id: 7, ttl: 20 });
  const ex = new Exchange("/v3/lease/keepalive");
  await ex.send({ ID: 7 });
  await ex.start(backend);
  assert.deepEqual((await ex.next())?.result, {
    header: { cluster_id: "1", member_id: "1", revision: "1", raft_term: "1" },
    ID: "7",
    TTL: "20",
  });
  await ex.send({ ID: "8" });
  assert.deepEqual((await ex.next())?.result.ID, "8");
  await ex.send({ ID: 7 });
  assert.deepEqual((await ex.next())?.result.TTL, "20");
  await ex.endBody();
  assert.equal(await ex.next(), undefined);
  await ex.close();

  let res = await handleGatewayRequest(backend, post("/v3/lease/keepalive", ""));
  assert.deepEqual([res.status, await res.text()], [200, ""]);
  res = await handleGatewayRequest(backend, post("/v3/lease/keepalive", '{"ID":true}'));
  assert.equal(res.status, 500);
  assert.equal(JSON.parse(await res.text()).code, 2);
});

Deno.test("keepalive stream: a store error ends it with grpc-gateway's error chunk", async () => {
  class NoLeader extends LocalBackend {
    #calls = 0;
    override leaseKeepAlive(id: number) {
      return ++this.#calls === 1
        ? super.leaseKeepAlive(id)
        : Promise.reject(new UnavailableError());
    }
  }
  using backend = new NoLeader({ expiryCheckMs: 0 });
  let res = await handleGatewayRequest(backend, post("/v3/lease/keepalive", '{"ID":1} {"ID":1}'));
  assert.equal(res.status, 200);
  assert.match(
    await res.text(),
    /^\{"result":\{.*"ID":"1"\}\}\n\{"error":\{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader","http_status":"Service Unavailable"\}\}$/,
  );
  res = await handleGatewayRequest(backend, post("/v3/lease/keepalive", '{"ID":1}'));
  assert.equal(res.status, 503);
  assert.equal(
    await res.text(),
    '{"error":{"grpc_code":14,"http_code":503,"message":"etcdserver: no leader",' +
      '"http_status":"Service Unavailable"}}',
  );
});
