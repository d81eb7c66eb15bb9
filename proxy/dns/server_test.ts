// The DNS server on real loopback sockets (127.20.x addresses, ephemeral ports). The upstream
// in the forwarding test is another instance of this server the test starts on loopback.
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { createLogger } from "../../cli/log.ts";
import { type ServiceInput, ServiceTable } from "../table.ts";
import { buildQuery, query, resolveWithSearch } from "./client.ts";
import { Forwarder } from "./forward.ts";
import { DnsHandler } from "./handler.ts";
import { decodeMessage, type Message, RCode, RRType } from "./message.ts";
import { podResolvConf, renderResolvConf, searchOrder } from "./resolv.ts";
import { DnsServer } from "./server.ts";
import { readExactly, writeAll } from "./transport.ts";
import { ClusterZone } from "./zone.ts";

const quiet = createLogger("dns-test", 0, () => {});

const services: ServiceInput[] = [
  {
    namespace: "default",
    name: "web",
    clusterIPs: ["10.96.0.7"],
    ports: [{ name: "http", port: 80 }],
    endpoints: [{ ip: "10.244.1.5" }],
  },
  {
    namespace: "data",
    name: "db",
    clusterIPs: ["None"],
    ports: [{ name: "pg", port: 5432 }],
    endpoints: [{ ip: "10.244.1.10", hostname: "db-0" }, { ip: "10.244.2.11" }],
  },
  {
    namespace: "big",
    name: "many",
    clusterIPs: ["None"],
    endpoints: Array.from({ length: 100 }, (_, i) => ({ ip: `10.244.9.${i + 1}` })),
  },
];

async function startServer(options: {
  hostname: string;
  domain?: string;
  services?: ServiceInput[];
  forwarder?: Forwarder;
}) {
  const table = new ServiceTable();
  for (const s of options.services ?? services) table.upsert(s);
  const zone = new ClusterZone(table, options.domain ? { domain: options.domain } : {});
  const handler = new DnsHandler({
    zone,
    logger: quiet,
    ...(options.forwarder ? { forwarder: options.forwarder } : {}),
  });
  const server = new DnsServer({ hostname: options.hostname, port: 0, handler, logger: quiet });
  await server.start();
  return {
    table,
    server,
    address: { hostname: options.hostname, port: server.port },
    async close() {
      await server.close();
      zone.close();
    },
  };
}

const addresses = (m: Message) =>
  m.answers.flatMap((r) => r.data.kind === "A" || r.data.kind === "AAAA" ? [r.data.address] : [])
    .sort();

Deno.test("dns server: A over UDP and TCP, SRV, headless, NXDOMAIN, REFUSED", async () => {
  const dns = await startServer({ hostname: "127.20.0.1" });
  try {
    for (const transport of ["udp", "tcp"] as const) {
      const a = await query(dns.address, "web.default.svc.cluster.local", RRType.A, { transport });
      assert.deepEqual(addresses(a), ["10.96.0.7"], transport);
      const srv = await query(dns.address, "_http._tcp.web.default.svc.cluster.local", RRType.SRV, {
        transport,
      });
      assert.deepEqual(srv.answers.map((r) => r.data.kind === "SRV" && r.data.port), [80]);
      const headless = await query(dns.address, "db.data.svc.cluster.local", RRType.A, {
        transport,
      });
      assert.deepEqual(addresses(headless), ["10.244.1.10", "10.244.2.11"]);
      const missing = await query(dns.address, "nope.default.svc.cluster.local", RRType.A, {
        transport,
      });
      assert.equal(missing.header.rcode, RCode.NXDOMAIN);
      const outside = await query(dns.address, "example.com", RRType.A, { transport });
      assert.equal(outside.header.rcode, RCode.REFUSED);
    }
  } finally {
    await dns.close();
  }
});

Deno.test("dns server: short names through a pod's search path", async () => {
  const dns = await startServer({ hostname: "127.20.0.2" });
  try {
    const conf = podResolvConf({ namespace: "default", nameserver: "10.96.0.10" });
    assert.equal(
      renderResolvConf(conf),
      "nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n",
    );
    assert.deepEqual(searchOrder("web", conf).slice(0, 2), [
      "web.default.svc.cluster.local",
      "web.svc.cluster.local",
    ]);
    assert.deepEqual(
      searchOrder("a.b.c.d.e.f", conf)[0],
      "a.b.c.d.e.f",
      "ndots reached: absolute first",
    );
    assert.deepEqual(searchOrder("web.", conf), ["web"]);

    const cases: [string, string, string[]][] = [
      ["web", "web.default.svc.cluster.local", ["10.96.0.7"]], // same namespace
      ["db.data", "db.data.svc.cluster.local", ["10.244.1.10", "10.244.2.11"]], // svc.ns
      ["web.default.svc", "web.default.svc.cluster.local", ["10.96.0.7"]], // svc.ns.svc
      ["db-0.db.data", "db-0.db.data.svc.cluster.local", ["10.244.1.10"]], // a headless pod
      ["web.default.svc.cluster.local", "web.default.svc.cluster.local", ["10.96.0.7"]],
    ];
    for (const [short, full, ips] of cases) {
      const { name, reply } = await resolveWithSearch(dns.address, short, RRType.A, conf);
      assert.equal(name, full, short);
      assert.deepEqual(addresses(reply), ips, short);
    }
    // A big headless answer comes truncated over UDP; the resolver retries over TCP.
    const many = await resolveWithSearch(dns.address, "many.big", RRType.A, conf);
    assert.equal(many.reply.answers.length, 100);
  } finally {
    await dns.close();
  }
});

Deno.test("dns server: names outside the zone go to the upstream only when one is set", async () => {
  const upstream = await startServer({
    hostname: "127.20.0.4",
    domain: "example.test",
    services: [{ namespace: "x", name: "www", clusterIPs: ["192.0.2.80"] }],
  });
  const forwarder = new Forwarder({ upstream: upstream.address, timeoutMs: 1000, logger: quiet });
  const dns = await startServer({ hostname: "127.20.0.3", forwarder });
  // An upstream address where nothing answers (a port just freed on loopback).
  const silentPort = upstream.server.port + 1;
  const deadForwarder = new Forwarder({
    upstream: { hostname: "127.20.0.5", port: silentPort },
    timeoutMs: 200,
    logger: quiet,
  });
  const lonely = await startServer({ hostname: "127.20.0.6", forwarder: deadForwarder });
  try {
    for (const transport of ["udp", "tcp"] as const) {
      const m = await query(dns.address, "www.x.svc.example.test", RRType.A, { transport });
      assert.equal(m.header.rcode, RCode.NOERROR, transport);
      assert.deepEqual(addresses(m), ["192.0.2.80"]);
      const nx = await query(dns.address, "nope.x.svc.example.test", RRType.A, { transport });
      assert.equal(nx.header.rcode, RCode.NXDOMAIN, "the upstream's answer is relayed");
      // Cluster names are still answered locally.
      const local = await query(dns.address, "web.default.svc.cluster.local", RRType.A, {
        transport,
      });
      assert.deepEqual(addresses(local), ["10.96.0.7"]);
      assert.ok(local.header.ra, "recursion available with an upstream");
    }
    const t0 = performance.now();
    const failed = await query(lonely.address, "www.x.svc.example.test", RRType.A);
    assert.equal(failed.header.rcode, RCode.SERVFAIL);
    assert.ok(performance.now() - t0 < 1500);
  } finally {
    await Promise.all([dns.close(), upstream.close(), lonely.close()]);
  }
});

Deno.test("dns server: malformed datagrams and TCP streams do not hurt it", async () => {
  const dns = await startServer({ hostname: "127.20.0.7" });
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const replies: Uint8Array[] = [];
  socket.on("message", (m) => replies.push(new Uint8Array(m)));
  try {
    const junk = [
      new Uint8Array(0),
      Uint8Array.of(1, 2, 3),
      Uint8Array.of(0xbe, 0xef, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1), // pointer loop
      Uint8Array.of(0xbe, 0xef, 1, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0),
      crypto.getRandomValues(new Uint8Array(1400)),
    ];
    for (const bytes of junk) socket.send(bytes, dns.server.port, "127.20.0.7");
    // Valid queries still get answers.
    const m = await query(dns.address, "web.default.svc.cluster.local", RRType.A);
    assert.deepEqual(addresses(m), ["10.96.0.7"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const reply of replies) {
      const decoded = decodeMessage(reply);
      assert.ok(decoded.header.qr);
      if (decoded.header.id === 0xbeef) assert.equal(decoded.header.rcode, RCode.FORMERR);
    }
    assert.ok(replies.some((r) => decodeMessage(r).header.id === 0xbeef), "FORMERR answered");

    // TCP: pipelined queries answered in order; a truncated frame just ends the connection.
    const conn = await Deno.connect({ hostname: "127.20.0.7", port: dns.server.port });
    const frame = (q: Uint8Array) => Uint8Array.from([q.length >> 8, q.length & 0xff, ...q]);
    const q1 = buildQuery("web.default.svc.cluster.local", RRType.A, { id: 1 });
    const q2 = buildQuery("db.data.svc.cluster.local", RRType.A, { id: 2 });
    await writeAll(conn, Uint8Array.from([...frame(q1), ...frame(q2)]));
    for (const id of [1, 2]) {
      const head = await readExactly(conn, 2);
      const reply = decodeMessage(await readExactly(conn, (head[0]! << 8) | head[1]!));
      assert.equal(reply.header.id, id);
    }
    await writeAll(conn, Uint8Array.of(0, 200, 1, 2, 3));
    conn.close();
    const after = await query(dns.address, "web.default.svc.cluster.local", RRType.A, {
      transport: "tcp",
    });
    assert.deepEqual(addresses(after), ["10.96.0.7"]);
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    await dns.close();
  }
});

Deno.test("dns server: answers Debian's dig (bind9-dnsutils), the real client", async () => {
  const found = await new Deno.Command("sh", { args: ["-c", "command -v dig"], stdout: "piped" })
    .output();
  if (!found.success) {
    assert.fail(
      "dig is not installed: this test needs Debian's bind9-dnsutils " +
        "(apt-get install -y bind9-dnsutils; scripts/ensure_test_tools.sh should install it)",
    );
  }
  const dns = await startServer({ hostname: "127.20.0.8" });
  const dig = async (...args: string[]) => {
    const out = await new Deno.Command("dig", {
      args: ["@127.20.0.8", "-p", String(dns.server.port), "+tries=1", "+time=2", ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    return new TextDecoder().decode(out.stdout);
  };
  try {
    assert.equal((await dig("+short", "web.default.svc.cluster.local", "A")).trim(), "10.96.0.7");
    assert.equal(
      (await dig("+short", "+tcp", "web.default.svc.cluster.local", "A")).trim(),
      "10.96.0.7",
    );
    assert.equal(
      (await dig("+short", "_http._tcp.web.default.svc.cluster.local", "SRV")).trim(),
      "0 100 80 web.default.svc.cluster.local.",
    );
    assert.equal(
      (await dig("+short", "db.data.svc.cluster.local", "A")).trim().split("\n").sort().join(","),
      "10.244.1.10,10.244.2.11",
    );
    assert.match(await dig("nope.default.svc.cluster.local", "A"), /status: NXDOMAIN/);
    assert.match(await dig("example.com", "A"), /status: REFUSED/);
    assert.equal((await dig("+short", "-x", "10.96.0.7")).trim(), "web.default.svc.cluster.local.");
    // 100 A records take ~1.6 KB, more than dig's 1232-byte EDNS0 buffer: dig gets TC and
    // retries over TCP by itself.
    assert.equal(
      (await dig("+short", "many.big.svc.cluster.local", "A")).trim().split("\n").length,
      100,
    );
  } finally {
    await dns.close();
  }
});
