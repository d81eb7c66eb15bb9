/**
 * Differential test of the store client API against a real etcd 3.4 (the oracle): the same
 * requests go to a fresh etcd member and to our gateway over a fresh LocalBackend, and the
 * answers must be identical — HTTP status, content type and the body text itself (so field
 * order, omitted zero values and escaping count) — after normalising what legitimately
 * differs: cluster/member ids, raft term, etcd-chosen lease ids and status figures.
 *
 * Needs etcd (Debian: `apt-get install -y etcd-server etcd-client`); without it the test fails.
 */

import assert from "node:assert/strict";
import { serveGateway } from "../store/gateway/mod.ts";
import { LocalBackend } from "../store/local_backend.ts";
import { freePort } from "./support/store_cluster.ts";

const INSTALL_HINT =
  "etcd not found: this test needs a real etcd 3.4 as its oracle — install etcd-server " +
  "(apt-get install -y etcd-server etcd-client) or set ETCD_BIN";

/** Progress notification interval on both sides. */
const PROGRESS_MS = 1000;

const encoder = new TextEncoder();

function b64(text: string): string {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function findEtcd(): Promise<string | undefined> {
  const candidates = [Deno.env.get("ETCD_BIN"), "/usr/bin/etcd", "/usr/local/bin/etcd"];
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir !== "") candidates.push(`${dir}/etcd`);
  }
  for (const path of candidates) {
    if (path === undefined) continue;
    try {
      if ((await Deno.stat(path)).isFile) return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Etcd {
  readonly url: string;
  /** Its ids (our member takes the same: etcd sizes Raft entries by the member id). */
  readonly clusterId: string;
  readonly memberId: string;
  stop(): Promise<void>;
}

async function startEtcd(): Promise<Etcd> {
  const bin = await findEtcd();
  if (bin === undefined) throw new Error(INSTALL_HINT);
  const dir = await Deno.makeTempDir({ prefix: "kubeno-etcd-oracle-" });
  const clientPort = freePort();
  const peerPort = freePort();
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = new Deno.Command(bin, {
    args: [
      "--name=oracle",
      `--data-dir=${dir}/data`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=oracle=${peer}`,
      `--experimental-watch-progress-notify-interval=${PROGRESS_MS}ms`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const stop = async () => {
    if (!exited) child.kill("SIGKILL");
    await status;
    await Deno.remove(dir, { recursive: true });
  };
  const deadline = Date.now() + 20_000;
  let header: { cluster_id: string; member_id: string };
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`etcd (${bin}) exited during start-up`);
    }
    try {
      const res = await fetch(`${client}/v3/maintenance/status`, { method: "POST", body: "{}" });
      const text = await res.text();
      if (res.ok && text.includes('"leader"')) {
        header = JSON.parse(text).header;
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error("etcd did not become ready within 20 s");
    }
    await sleep(100);
  }
  return { url: client, clusterId: header.cluster_id, memberId: header.member_id, stop };
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function call(base: string, path: string, body: string, method = "POST"): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(method === "GET" || method === "HEAD" ? {} : { body }),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text };
}

/** Replaces what may differ between two correct members. */
function normalize(text: string, opts: Normalize = {}): string {
  let out = text
    .replace(/"cluster_id":"\d+"/g, '"cluster_id":"<cluster>"')
    .replace(/"member_id":"\d+"/g, '"member_id":"<member>"')
    .replace(/"raft_term":"\d+"/g, '"raft_term":"<term>"');
  if (opts.leaseIds) out = out.replace(/"ID":"\d+"/g, '"ID":"<lease>"');
  // etcd lists a lease's keys in Go map order (random); we list them sorted.
  out = out.replace(
    /"keys":\[([^\]]*)\]/g,
    (_, items: string) => `"keys":[${items.split(",").sort()}]`,
  );
  if (opts.status) {
    out = out.replace(
      /"(version|dbSize|leader|raftIndex|raftTerm|raftAppliedIndex|dbSizeInUse)":"[^"]*"/g,
      '"$1":"<$1>"',
    );
  }
  return out;
}

interface Normalize {
  /** Lease ids chosen by the member. */
  readonly leaseIds?: boolean;
  /** Status figures (version, sizes, indexes, leader). */
  readonly status?: boolean;
}

interface Pair {
  readonly etcd: string;
  readonly ours: string;
}

/** Sends one request to etcd, then to us, and asserts the same answer. */
async function same(
  urls: Pair,
  path: string,
  body: unknown,
  opts: Normalize & { method?: string } = {},
): Promise<string> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const label = `${opts.method ?? "POST"} ${path} ${
    text.length > 200 ? text.slice(0, 200) + "…" : text
  }`;
  const theirs = await call(urls.etcd, path, text, opts.method);
  const ours = await call(urls.ours, path, text, opts.method);
  assert.equal(ours.status, theirs.status, `${label}: status (etcd answered ${theirs.text})`);
  assert.equal(ours.contentType, theirs.contentType, `${label}: content type`);
  assert.equal(normalize(ours.text, opts), normalize(theirs.text, opts), label);
  return theirs.text;
}

/**
 * The one deliberate difference: etcd ignores unknown fields; kubeno refuses them with a 400
 * naming the field (a misspelt option must not be dropped silently). Asserts both sides, so a
 * change on either is noticed.
 */
async function refusesUnknownField(
  urls: Pair,
  path: string,
  body: unknown,
  field: string,
): Promise<void> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const theirs = await call(urls.etcd, path, text);
  const ours = await call(urls.ours, path, text);
  assert.equal(theirs.status, 200, `etcd accepts ${text}: ${theirs.text}`);
  assert.equal(ours.status, 400, `${path} ${text}: ${ours.text}`);
  assert.deepEqual(JSON.parse(ours.text), {
    error: `json: unknown field "${field}"`,
    message: `json: unknown field "${field}"`,
    code: 3,
  });
}

/** A streaming answer read line by line. */
class LineStream {
  readonly status: number;
  readonly #reader: ReadableStreamDefaultReader<string>;
  #pending = "";
  #lines: string[] = [];
  #inflight: Promise<ReadableStreamReadResult<string>> | undefined;

  private constructor(status: number, reader: ReadableStreamDefaultReader<string>) {
    this.status = status;
    this.#reader = reader;
  }

  static async open(base: string, path: string, body: string): Promise<LineStream> {
    const res = await fetch(`${base}${path}`, { method: "POST", body });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    return new LineStream(res.status, reader);
  }

  /** The next line (without its newline), or undefined at the end; fails after `ms`. */
  async next(ms = 5000): Promise<string | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), ms);
    });
    try {
      while (this.#lines.length === 0) {
        // A read that lost a race to the timeout is kept for the next call.
        this.#inflight ??= this.#reader.read();
        const result = await Promise.race([this.#inflight, timeout]);
        if (result === "timeout") throw new Error(`no line within ${ms} ms`);
        this.#inflight = undefined;
        const { value, done } = result;
        if (done) {
          if (this.#pending === "") return undefined;
          const rest = this.#pending;
          this.#pending = "";
          return rest;
        }
        const parts = (this.#pending + value).split("\n");
        this.#pending = parts.pop()!;
        this.#lines.push(...parts.filter((l) => l !== ""));
      }
      return this.#lines.shift();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lines until none comes for `idleMs`. */
  async untilIdle(idleMs = 700): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      try {
        const line = await this.next(idleMs);
        if (line === undefined) return out;
        out.push(line);
      } catch {
        return out;
      }
    }
  }

  /** Reads `n` lines. */
  async take(n: number, ms?: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const line = await this.next(ms);
      if (line === undefined) throw new Error(`stream ended after ${out.length} lines`);
      out.push(line);
    }
    return out;
  }

  /** Everything until the end of the stream. */
  async rest(ms?: number): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const line = await this.next(ms);
      if (line === undefined) return out;
      out.push(line);
    }
  }

  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

/** Opens the same stream on both. */
async function openBoth(
  urls: Pair,
  path: string,
  body: unknown,
): Promise<[LineStream, LineStream]> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const theirs = await LineStream.open(urls.etcd, path, text);
  const ours = await LineStream.open(urls.ours, path, text);
  assert.equal(ours.status, theirs.status, `${path} ${text}: status`);
  return [theirs, ours];
}

function assertSameLines(theirs: string[], ours: string[], label: string, opts: Normalize = {}) {
  assert.deepEqual(
    ours.map((l) => normalize(l, opts)),
    theirs.map((l) => normalize(l, opts)),
    label,
  );
}

Deno.test("store gateway answers like etcd 3.4's JSON gateway", async (t) => {
  const etcd = await startEtcd();
  const backend = new LocalBackend({
    clusterId: etcd.clusterId,
    memberId: etcd.memberId,
    raftTerm: 2,
  });
  const gateway = serveGateway(backend, { port: 0, progressIntervalMs: PROGRESS_MS });
  const urls: Pair = { etcd: etcd.url, ours: gateway.url };
  try {
    await t.step("kv: put, range, delete", async () => {
      await same(urls, "/v3/kv/range", { key: b64("x") });
      await same(urls, "/v3/kv/put", { key: b64("x"), value: b64("1") });
      await same(urls, "/v3/kv/put", { key: b64("x"), value: b64("2"), prev_kv: true });
      await same(urls, "/v3/kv/range", { key: b64("x") });
      for (const k of ["a", "b", "c", "d/1", "d/2"]) {
        await same(urls, "/v3/kv/put", { key: b64(k), value: k === "c" ? "" : b64(`v-${k}`) });
      }
      const all = { key: b64("a"), range_end: b64("e") };
      await same(urls, "/v3/kv/range", { ...all, limit: 2 });
      await same(urls, "/v3/kv/range", { ...all, limit: "3", keys_only: true });
      await same(urls, "/v3/kv/range", { ...all, count_only: true });
      await same(urls, "/v3/kv/range", { key: b64("d/"), range_end: b64("d0") });
      await same(urls, "/v3/kv/range", { key: b64("a"), range_end: "AA==" });
      await same(urls, "/v3/kv/range", { ...all, sort_order: "DESCEND", sort_target: "MOD" });
      await same(urls, "/v3/kv/range", { ...all, sort_order: 1, sort_target: "VALUE" });
      await same(urls, "/v3/kv/range", { ...all, revision: "4", serializable: true });
      await same(urls, "/v3/kv/range", { ...all, min_mod_revision: "5", max_mod_revision: 6 });
      await same(urls, "/v3/kv/range", { key: b64("a"), rangeEnd: b64("e"), countOnly: true });
      await same(urls, "/v3/kv/range", { key: b64("x"), revision: 100 });
      await same(urls, "/v3/kv/put", { key: b64("x"), ignore_value: true, prev_kv: true });
      await same(urls, "/v3/kv/put", { key: b64("nope"), ignore_value: true });
      await same(urls, "/v3/kv/put", { key: b64("x"), value: b64("v"), ignore_value: true });
      await same(urls, "/v3/kv/deleterange", { key: b64("a"), range_end: b64("c"), prev_kv: true });
      await same(urls, "/v3/kv/deleterange", { key: b64("a"), range_end: b64("c") });
      await same(urls, "/v3/kv/deleterange", { key: b64("d/"), range_end: b64("d0") });
      await same(urls, "/v3/kv/deleterange", {});
    });

    await t.step("kv: txn", async () => {
      const x = b64("x");
      await same(urls, "/v3/kv/txn", {
        compare: [{ key: x, target: "MOD", mod_revision: "1" }],
        success: [{ request_put: { key: x, value: b64("2") } }],
        failure: [{ request_range: { key: x } }],
      });
      await same(urls, "/v3/kv/txn", {
        compare: [{ key: x, target: "VERSION", result: "GREATER", version: "0" }],
        success: [
          { request_put: { key: x, value: b64("3"), prev_kv: true } },
          { request_range: { key: x } },
          { request_delete_range: { key: b64("c"), prev_kv: true } },
          { request_txn: { success: [{ request_range: { key: b64("c") } }] } },
          { request_txn: {} },
        ],
      });
      await same(urls, "/v3/kv/txn", {});
      await same(urls, "/v3/kv/txn", {
        compare: [{ key: x, target: "VALUE", result: "NOT_EQUAL", value: b64("3") }],
        failure: [{ requestDeleteRange: { key: b64("zz") } }],
      });
      await same(urls, "/v3/kv/txn", {
        compare: [{ key: b64("a"), range_end: b64("z"), target: 2, result: 2, mod_revision: 99 }],
        success: [{ request_put: { key: b64("t1") } }, { request_put: { key: b64("t2") } }],
      });
      await same(urls, "/v3/kv/txn", {
        compare: [{ key: b64("missing"), target: "CREATE", create_revision: "0" }],
        success: [{ request_range: { key: b64("t"), range_end: b64("u") } }],
      });
      await same(urls, "/v3/kv/txn", {
        success: [{ request_put: { key: x } }, { request_put: { key: x } }],
      });
      await same(urls, "/v3/kv/txn", { success: [{}] });
      await same(urls, "/v3/kv/txn", { compare: [{ target: "VERSION" }] });
      await same(urls, "/v3/kv/txn", { success: [{ request_put: { key: x, lease: "12345" } }] });
    });

    await t.step("compaction", async () => {
      await same(urls, "/v3/kv/compaction", { revision: "5" });
      await same(urls, "/v3/kv/compaction", { revision: "5" });
      await same(urls, "/v3/kv/compaction", { revision: 3, physical: true });
      await same(urls, "/v3/kv/compaction", { revision: "1000" });
      await same(urls, "/v3/kv/compaction", {});
      await same(urls, "/v3/kv/range", { key: b64("x"), revision: "4" });
      await same(urls, "/v3/kv/range", { key: b64("x"), revision: "5" });
      await same(urls, "/v3/kv/txn", {
        success: [{ request_range: { key: b64("x"), revision: 2 } }],
      });
    });

    await t.step("unknown fields", async () => {
      await refusesUnknownField(
        urls,
        "/v3/kv/range",
        '{"key":"eA==","bogus":{"x":[1,2,{}]}}',
        "bogus",
      );
      await refusesUnknownField(
        urls,
        "/v3/kv/range",
        { key: b64("x"), keysonly: true },
        "keysonly",
      );
      await refusesUnknownField(urls, "/v3/kv/txn", {
        compare: [{ key: b64("x"), target: "VALUE", result: "EQUAL", valeu: b64("1") }],
      }, "valeu");
    });

    await t.step("leases", async () => {
      await same(urls, "/v3/lease/grant", { TTL: 30, ID: 1000 });
      await same(urls, "/v3/lease/grant", { TTL: "30", ID: "1000" });
      await same(urls, "/v3/lease/grant", { TTL: "9000000001", ID: 1001 });
      await same(urls, "/v3/lease/grant", { TTL: 1, ID: 1002 });
      await same(urls, "/v3/lease/grant", { TTL: 60 }, { leaseIds: true });
      await refusesUnknownField(urls, "/v3/lease/grant", { ttl: 30, id: 5 }, "ttl");
      await same(urls, "/v3/kv/put", { key: b64("l/1"), value: b64("v"), lease: "1000" });
      await same(urls, "/v3/kv/put", { key: b64("l/2"), value: b64("v"), lease: 1000 });
      await same(urls, "/v3/kv/put", { key: b64("l/3"), value: b64("v"), lease: 999 });
      await same(urls, "/v3/kv/put", { key: b64("l/1"), ignore_lease: true, value: b64("w") });
      await same(urls, "/v3/kv/put", { key: b64("l/1"), ignore_lease: true, lease: 1000 });
      await sleep(20); // both count the remaining time down from the grant
      await same(urls, "/v3/lease/timetolive", { ID: 1000 });
      await same(urls, "/v3/lease/timetolive", { ID: "1000", keys: true });
      await same(urls, "/v3/kv/lease/timetolive", { ID: 1000, keys: true });
      await same(urls, "/v3/lease/timetolive", { ID: 999, keys: true });
      await same(urls, "/v3/lease/keepalive", { ID: 1000 });
      await same(urls, "/v3/lease/keepalive", `{"ID":1000}\n{"ID":"999"} {"ID":1000}`);
      await same(urls, "/v3/lease/keepalive", `{"ID":1000} {bad`);
      await same(urls, "/v3/lease/keepalive", "");
      await same(urls, "/v3/lease/keepalive", `{"ID":"x"}`);
      await same(urls, "/v3/lease/keepalive", `[1]`);
      await same(urls, "/v3/lease/revoke", { ID: 1000 });
      await same(urls, "/v3/kv/range", { key: b64("l/"), range_end: b64("l0") });
      await same(urls, "/v3/lease/revoke", { ID: 1000 });
      await same(urls, "/v3/kv/lease/revoke", { ID: "1000" });
      await same(urls, "/v3/kv/lease/revoke", {});
      await same(urls, "/v3/lease/timetolive", { ID: 1000 });
    });

    await t.step("maintenance status", async () => {
      await same(urls, "/v3/maintenance/status", {}, { status: true });
      await same(urls, "/v3/maintenance/status", "", { status: true });
      await same(urls, "/v3/maintenance/status", "[]");
    });

    await t.step("malformed requests", async () => {
      const bodies = [
        "",
        "   ",
        "null",
        '"s"',
        "5",
        "[]",
        "x",
        "{bad",
        '{"key":',
        '{"key":tru}',
        '{"key":nul}',
        '{"key":"e',
        '{"key":"a\tb"}',
        '{"key":"\\q"}',
        '{"key":"\\u00zz"}',
        '{"key":"eA==",}',
        '{"key" "eA=="}',
        '{"key":01}',
        '{"key":-}',
        '{"key":1.}',
        '{"key":1e}',
        '{"key":[1,]}',
        '{"key":[1 2]}',
        '{"key":"eA==" ]',
        '{"key":<}',
        "{'key':1}",
        '{"key":"\u0001"}',
        '{"key":"eA=="} trailing garbage',
        '{"key":"eA==","key":5}',
        '{"key":"!!!"}',
        '{"key":"eA"}',
        '{"key":"eA=x"}',
        '{"key":"eA==="}',
        '{"key":"e A=="}',
        '{"key":"eHh4eA"}',
        '{"key":"e_-="}',
        '{"key":"eA==\\n"}',
        '{"key":"eA=\\u003d"}',
        '{"key":5}',
        '{"key":true}',
        '{"key":{}}',
        '{"key":[120]}',
        '{"key":[120,300]}',
        '{"key":["a"]}',
        '{"key":null}',
        '{"key":""}',
        '{"key":"eA==","limit":true}',
        '{"key":"eA==","limit":"1.5"}',
        '{"key":"eA==","limit":1.5}',
        '{"key":"eA==","limit":""}',
        '{"key":"eA==","limit":"1 2"}',
        '{"key":"eA==","limit":" 1"}',
        '{"key":"eA==","limit":"-1"}',
        '{"key":"eA==","limit":"-"}',
        '{"key":"eA==","limit":"x"}',
        '{"key":"eA==","limit":9223372036854775808}',
        '{"key":"eA==","limit":1e2}',
        '{"key":"eA==","limit":{}}',
        '{"key":"eA==","limit":null}',
        '{"key":"eA==","keys_only":"true"}',
        '{"key":"eA==","keys_only":1}',
        '{"key":"eA==","sort_order":"BOGUS"}',
        '{"key":"eA==","sort_order":"1"}',
        '{"key":"eA==","sort_order":1.5}',
        '{"key":"eA==","sort_order":true}',
        '{"key":"eA==","sort_order":[]}',
        '{"key":"eA==","sort_order":null}',
      ];
      for (const body of bodies) await same(urls, "/v3/kv/range", body);
      const txns = [
        '{"success":"x"}',
        '{"success":{}}',
        '{"success":[5]}',
        '{"compare":[{"key":"eA==","target":"BAD"}]}',
        '{"compare":[{"key":"eA==","target":3,"result":0,"value":"Mw=="}]}',
        '{"success":[{"request_put":{"key":"eA==","value":"!"}}]}',
      ];
      for (const body of txns) await same(urls, "/v3/kv/txn", body);
    });

    await t.step("request size limits", async () => {
      const max = 1.5 * 1024 * 1024;
      const big = (n: number) => btoa("v".repeat(n));
      await same(urls, "/v3/kv/put", { key: b64("big"), value: big(max - 27) });
      await same(urls, "/v3/kv/put", { key: b64("big"), value: big(max - 26) });
      await same(urls, "/v3/kv/put", { key: b64("big"), value: big(2_200_000) });
      await same(urls, "/v3/kv/deleterange", { key: big(max - 22) });
      await same(urls, "/v3/kv/deleterange", { key: big(max - 21) });
      await same(urls, "/v3/kv/range", { key: big(max + 1000) });
      await same(urls, "/v3/kv/range", { key: big(2_097_148) });
      await same(urls, "/v3/kv/range", { key: big(2_097_149) });
    });

    await t.step("methods and paths", async () => {
      await same(urls, "/v3/kv/range", "", { method: "GET" });
      await same(urls, "/v3/kv/range", "{}", { method: "PUT" });
      await same(urls, "/v3/maintenance/status", "", { method: "GET" });
      await same(urls, "/v3/nope", "{}");
      await same(urls, "/v3/kv/range/", '{"key":"eA=="}');
      await same(urls, "/v3/kv/range?x=1", '{"key":"eA=="}');
      await same(urls, "/v3/kv/range", "", { method: "OPTIONS" });
    });

    await t.step("watch: live events, DELETE, prev_kv, a txn's events together", async () => {
      const [theirs, ours] = await openBoth(urls, "/v3/watch", {
        create_request: { key: b64("w"), range_end: b64("x"), prev_kv: true },
      });
      try {
        assertSameLines(await theirs.take(1), await ours.take(1), "created");
        await same(urls, "/v3/kv/put", { key: b64("w1"), value: b64("1") });
        await same(urls, "/v3/kv/put", { key: b64("w1"), value: b64("2") });
        await same(urls, "/v3/kv/deleterange", { key: b64("w1") });
        await same(urls, "/v3/kv/txn", {
          success: [{ request_put: { key: b64("w2") } }, { request_put: { key: b64("w3") } }],
        });
        await same(urls, "/v3/kv/deleterange", { key: b64("w"), range_end: b64("x") });
        assertSameLines(await theirs.take(5), await ours.take(5), "events");
      } finally {
        await theirs.close();
        await ours.close();
      }
    });

    await t.step("watch: history from a start revision, filters, watch ids", async () => {
      const body = [
        { create_request: { key: b64("w"), range_end: b64("x"), start_revision: "20" } },
        {
          create_request: {
            key: b64("w1"),
            start_revision: 1 + 20,
            filters: ["NOPUT"],
            watch_id: 7,
          },
        },
        { create_request: { key: b64("w2"), start_revision: "21", prev_kv: true } },
      ].map((r) => JSON.stringify(r)).join("\n");
      const [theirs, ours] = await openBoth(urls, "/v3/watch", body);
      try {
        // Per watcher, created precedes its history; across watchers etcd's order varies.
        const a = (await theirs.untilIdle()).sort();
        const b = (await ours.untilIdle()).sort();
        assert.ok(a.length >= 6, `history expected, got ${a.join("\n")}`);
        assertSameLines(a, b, "created and history");
      } finally {
        await theirs.close();
        await ours.close();
      }
    });

    await t.step("watch: compacted start revision, duplicate id, cancel, progress", async () => {
      const body = [
        { create_request: { key: b64("w"), start_revision: 2 } },
        { create_request: { key: b64("q"), watch_id: "5" } },
        { create_request: { key: b64("q"), watch_id: 5 } },
        { cancel_request: { watch_id: 5 } },
        { cancel_request: { watch_id: 42 } },
        {},
        { bogus: {} },
      ].map((r) => JSON.stringify(r)).join(" ");
      const [theirs, ours] = await openBoth(urls, "/v3/watch", body);
      try {
        const a = (await theirs.take(5)).sort();
        const b = (await ours.take(5)).sort();
        assertSameLines(a, b, "control responses");
      } finally {
        await theirs.close();
        await ours.close();
      }
      const [p1, p2] = await openBoth(urls, "/v3/watch", '{"progress_request":{}}');
      try {
        assertSameLines(await p1.take(1), await p2.take(1), "progress request, no watchers");
      } finally {
        await p1.close();
        await p2.close();
      }
    });

    await t.step("watch: periodic progress notifications", async () => {
      const [theirs, ours] = await openBoth(urls, "/v3/watch", {
        create_request: { key: b64("quiet"), progress_notify: true, watch_id: 3 },
      });
      try {
        assertSameLines(await theirs.take(1), await ours.take(1), "created");
        const wait = 3 * PROGRESS_MS;
        assertSameLines(await theirs.take(1, wait), await ours.take(1, wait), "progress");
      } finally {
        await theirs.close();
        await ours.close();
      }
    });

    await t.step("watch: malformed requests", async () => {
      await same(urls, "/v3/watch", '{"create_request":{"key":"!!"}}');
      await same(urls, "/v3/watch", '{"create_request":{"start_revision":"x"}}');
      await same(urls, "/v3/watch", "[1]");
      // A malformed later request stops the reading; the stream stays.
      const [theirs, ours] = await openBoth(
        urls,
        "/v3/watch",
        '{"create_request":{"key":"eg=="}} {bad {"create_request":{"key":"eg=="}}',
      );
      try {
        assertSameLines(await theirs.take(1), await ours.take(1), "created");
        await same(urls, "/v3/kv/put", { key: b64("z"), value: b64("1") });
        assertSameLines(await theirs.take(1), await ours.take(1), "event after the bad request");
      } finally {
        await theirs.close();
        await ours.close();
      }
    });
  } finally {
    await gateway.shutdown();
    backend.close();
    await etcd.stop();
  }
});
