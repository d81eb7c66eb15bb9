// The cluster zone and the query handler, in process (no sockets).
import assert from "node:assert/strict";
import fc from "fast-check";
import { createLogger } from "../../cli/log.ts";
import { ProxyMetrics } from "../metrics.ts";
import { type ServiceInput, ServiceTable } from "../table.ts";
import { buildQuery } from "./client.ts";
import { DnsHandler } from "./handler.ts";
import {
  CLASS_IN,
  decodeMessage,
  encodeMessage,
  type Message,
  optRecord,
  RCode,
  type ResourceRecord,
  RRType,
} from "./message.ts";
import { ClusterZone } from "./zone.ts";

const quiet = createLogger("dns-test", 0, () => {});

const web: ServiceInput = {
  namespace: "default",
  name: "web",
  clusterIPs: ["10.96.0.7"],
  ports: [
    { name: "http", port: 80, targetPort: "web" },
    { name: "metrics", port: 9090, protocol: "TCP" },
    { name: "dns", port: 53, protocol: "UDP" },
  ],
  endpoints: [{ ip: "10.244.1.5", ports: { http: 8080, metrics: 9090, dns: 53 } }],
};

const db: ServiceInput = {
  namespace: "data",
  name: "db",
  clusterIPs: ["None"],
  ports: [{ name: "pg", port: 5432 }],
  endpoints: [
    { ip: "10.244.1.10", hostname: "db-0", ports: { pg: 5432 } },
    { ip: "10.244.2.11", ports: { pg: 5433 } },
    { ip: "10.244.3.12", ports: { pg: 5432 }, ready: false },
  ],
};

function setup(services: ServiceInput[] = [web, db]) {
  const table = new ServiceTable();
  for (const s of services) table.upsert(s);
  const zone = new ClusterZone(table, { dnsIP: "10.96.0.10" });
  const metrics = new ProxyMetrics();
  const handler = new DnsHandler({ zone, metrics, logger: quiet });
  const ask = async (name: string, type: number, udpSize?: number): Promise<Message> => {
    const bytes = buildQuery(name, type, udpSize !== undefined ? { ednsUdpSize: udpSize } : {});
    const reply = await handler.handle(bytes, "udp");
    assert.ok(reply, "an answer");
    return decodeMessage(reply);
  };
  return { table, zone, handler, ask, metrics };
}

const data = (records: readonly ResourceRecord[]) =>
  records.map((r) => {
    const d = r.data;
    switch (d.kind) {
      case "A":
      case "AAAA":
        return `${r.name} ${d.kind} ${d.address}`;
      case "SRV":
        return `${r.name} SRV ${d.priority} ${d.weight} ${d.port} ${d.target}`;
      case "CNAME":
      case "PTR":
      case "NS":
        return `${r.name} ${d.kind} ${d.target}`;
      default:
        return `${r.name} ${d.kind}`;
    }
  }).sort();

Deno.test("dns zone: A for a service, case-insensitive, question spelling echoed", async () => {
  const { ask } = setup();
  const m = await ask("Web.Default.svc.cluster.local", RRType.A);
  assert.equal(m.header.rcode, RCode.NOERROR);
  assert.ok(m.header.aa && m.header.qr);
  assert.deepEqual(data(m.answers), ["Web.Default.svc.cluster.local A 10.96.0.7"]);
  assert.equal(m.answers[0]?.ttl, 30);
  assert.equal(m.questions[0]?.name, "Web.Default.svc.cluster.local");
  // Trailing dot, as resolvers send absolute names, is the same name.
  assert.equal((await ask("web.default.svc.cluster.local.", RRType.A)).answers.length, 1);
});

Deno.test("dns zone: no AAAA for an IPv4 service is NODATA with the SOA", async () => {
  const { ask } = setup();
  const m = await ask("web.default.svc.cluster.local", RRType.AAAA);
  assert.equal(m.header.rcode, RCode.NOERROR);
  assert.deepEqual(m.answers, []);
  assert.equal(m.authorities[0]?.data.kind, "SOA");
});

Deno.test("dns zone: SRV for named ports, with the targets' addresses", async () => {
  const { ask } = setup();
  const http = await ask("_http._tcp.web.default.svc.cluster.local", RRType.SRV);
  assert.deepEqual(data(http.answers), [
    "_http._tcp.web.default.svc.cluster.local SRV 0 100 80 web.default.svc.cluster.local",
  ]);
  assert.deepEqual(data(http.additionals.filter((r) => r.data.kind === "A")), [
    "web.default.svc.cluster.local A 10.96.0.7",
  ]);
  const udp = await ask("_dns._udp.web.default.svc.cluster.local", RRType.SRV);
  assert.equal(udp.answers.length, 1);
  // A named TCP port does not exist under _udp.
  const wrong = await ask("_http._udp.web.default.svc.cluster.local", RRType.SRV);
  assert.equal(wrong.header.rcode, RCode.NXDOMAIN);
  // SRV on the service name lists every port.
  const all = await ask("web.default.svc.cluster.local", RRType.SRV);
  assert.deepEqual(all.answers.map((r) => r.data.kind === "SRV" && r.data.port).sort(), [
    53,
    80,
    9090,
  ]);
});

Deno.test("dns zone: headless services answer the ready endpoints", async () => {
  const { ask } = setup();
  const a = await ask("db.data.svc.cluster.local", RRType.A);
  assert.deepEqual(data(a.answers), [
    "db.data.svc.cluster.local A 10.244.1.10",
    "db.data.svc.cluster.local A 10.244.2.11",
  ]);
  const host = await ask("db-0.db.data.svc.cluster.local", RRType.A);
  assert.deepEqual(data(host.answers), ["db-0.db.data.svc.cluster.local A 10.244.1.10"]);
  const dashed = await ask("10-244-2-11.db.data.svc.cluster.local", RRType.A);
  assert.deepEqual(data(dashed.answers), ["10-244-2-11.db.data.svc.cluster.local A 10.244.2.11"]);
  const srv = await ask("_pg._tcp.db.data.svc.cluster.local", RRType.SRV);
  assert.deepEqual(data(srv.answers), [
    "_pg._tcp.db.data.svc.cluster.local SRV 0 50 5432 db-0.db.data.svc.cluster.local",
    "_pg._tcp.db.data.svc.cluster.local SRV 0 50 5433 10-244-2-11.db.data.svc.cluster.local",
  ]);
  assert.deepEqual(data(srv.additionals.filter((r) => r.data.kind === "A")), [
    "10-244-2-11.db.data.svc.cluster.local A 10.244.2.11",
    "db-0.db.data.svc.cluster.local A 10.244.1.10",
  ]);
  // The not-ready endpoint has no name.
  assert.equal(
    (await ask("10-244-3-12.db.data.svc.cluster.local", RRType.A)).header.rcode,
    RCode.NXDOMAIN,
  );
});

Deno.test("dns zone: pod names, PTR, ExternalName, apex, NXDOMAIN and empty non-terminals", async () => {
  const { ask, table } = setup();
  table.upsert({ namespace: "default", name: "ext", externalName: "db.example.test" });
  const pod = await ask("10-244-1-5.default.pod.cluster.local", RRType.A);
  assert.deepEqual(data(pod.answers), ["10-244-1-5.default.pod.cluster.local A 10.244.1.5"]);
  const pod6 = await ask("fd00--5.default.pod.cluster.local", RRType.AAAA);
  assert.deepEqual(data(pod6.answers), ["fd00--5.default.pod.cluster.local AAAA fd00::5"]);
  assert.equal(
    (await ask("not-an-ip.default.pod.cluster.local", RRType.A)).header.rcode,
    RCode.NXDOMAIN,
  );

  const ptr = await ask("7.0.96.10.in-addr.arpa", RRType.PTR);
  assert.deepEqual(data(ptr.answers), ["7.0.96.10.in-addr.arpa PTR web.default.svc.cluster.local"]);
  const ptrHeadless = await ask("10.1.244.10.in-addr.arpa", RRType.PTR);
  assert.deepEqual(data(ptrHeadless.answers), [
    "10.1.244.10.in-addr.arpa PTR db-0.db.data.svc.cluster.local",
  ]);

  const cname = await ask("ext.default.svc.cluster.local", RRType.A);
  assert.deepEqual(data(cname.answers), ["ext.default.svc.cluster.local CNAME db.example.test"]);

  const soa = await ask("cluster.local", RRType.SOA);
  assert.equal(soa.answers[0]?.data.kind, "SOA");
  const ns = await ask("cluster.local", RRType.NS);
  assert.deepEqual(data(ns.answers), ["cluster.local NS ns.dns.cluster.local"]);
  assert.deepEqual(data(ns.additionals.filter((r) => r.data.kind === "A")), [
    "ns.dns.cluster.local A 10.96.0.10",
  ]);

  const missing = await ask("nope.default.svc.cluster.local", RRType.A);
  assert.equal(missing.header.rcode, RCode.NXDOMAIN);
  assert.ok(missing.header.aa);
  assert.equal(missing.authorities[0]?.data.kind, "SOA");
  assert.equal(missing.authorities[0]?.name, "cluster.local");
  for (
    const ent of [
      "default.svc.cluster.local",
      "svc.cluster.local",
      "_tcp.web.default.svc.cluster.local",
    ]
  ) {
    const m = await ask(ent, RRType.A);
    assert.equal(m.header.rcode, RCode.NOERROR, ent);
    assert.deepEqual(m.answers, []);
  }
});

Deno.test("dns zone: updates and deletes are reflected; the SOA serial moves", async () => {
  const { ask, table, zone } = setup();
  const serial = (zone.soa.data.kind === "SOA" && zone.soa.data.serial) || 0;
  table.upsert({ ...web, clusterIPs: ["10.96.0.8"] });
  assert.deepEqual(data((await ask("web.default.svc.cluster.local", RRType.A)).answers), [
    "web.default.svc.cluster.local A 10.96.0.8",
  ]);
  assert.equal((await ask("7.0.96.10.in-addr.arpa", RRType.PTR)).header.rcode, RCode.REFUSED);
  table.delete("default", "web");
  assert.equal((await ask("web.default.svc.cluster.local", RRType.A)).header.rcode, RCode.NXDOMAIN);
  assert.equal((await ask("default.svc.cluster.local", RRType.A)).header.rcode, RCode.NXDOMAIN);
  assert.ok(zone.soa.data.kind === "SOA" && zone.soa.data.serial > serial);
  table.delete("data", "db");
  // Only the apex records remain.
  assert.equal(zone.nameCount, 2);
});

Deno.test("dns handler: REFUSED outside the zone without an upstream; FORMERR, NOTIMP, BADVERS", async () => {
  const { handler, ask, metrics } = setup();
  const outside = await ask("example.com", RRType.A);
  assert.equal(outside.header.rcode, RCode.REFUSED);
  assert.equal(outside.header.ra, false);

  const raw = (bytes: Uint8Array) => handler.handle(bytes, "udp");
  assert.equal(await raw(new Uint8Array(5)), undefined, "shorter than a header: dropped");
  const formerr = decodeMessage(
    (await raw(Uint8Array.of(0xab, 0xcd, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9)))!,
  );
  assert.equal(formerr.header.rcode, RCode.FORMERR);
  assert.equal(formerr.header.id, 0xabcd);
  const response = buildQuery("web.default.svc.cluster.local", RRType.A);
  response[2]! |= 0x80; // QR: a response is never answered
  assert.equal(await raw(response), undefined);
  const notify = buildQuery("cluster.local", RRType.SOA);
  notify[2] = (notify[2]! & 0x87) | (4 << 3); // opcode NOTIFY
  assert.equal(decodeMessage((await raw(notify))!).header.rcode, RCode.NOTIMP);
  const twoQuestions = encodeMessage({
    header: decodeMessage(buildQuery("a.cluster.local", 1)).header,
    questions: [{ name: "a.cluster.local", type: 1, class: CLASS_IN }, {
      name: "b",
      type: 1,
      class: CLASS_IN,
    }],
    answers: [],
    authorities: [],
    additionals: [],
  });
  assert.equal(decodeMessage((await raw(twoQuestions))!).header.rcode, RCode.FORMERR);
  const v1 = decodeMessage(
    buildQuery("web.default.svc.cluster.local", RRType.A, { ednsUdpSize: 1232 }),
  );
  const badvers = encodeMessage({
    ...v1,
    additionals: [{ ...optRecord(1232), ttl: 1 << 16 }],
  });
  const bad = decodeMessage((await raw(badvers))!);
  assert.equal(bad.header.rcode, 0);
  const opt = bad.additionals.find((r) => r.data.kind === "OPT");
  assert.equal(opt && (opt.ttl >>> 24), 1, "extended rcode 1 + rcode 0 = BADVERS (16)");
  assert.match(metrics.render(), /kubeno_dns_responses_total\{transport="udp",rcode="REFUSED"\} 1/);
});

Deno.test("dns handler: big answers are truncated over UDP (TC), whole with EDNS0 or TCP", async () => {
  const endpoints = Array.from({ length: 100 }, (_, i) => ({ ip: `10.244.${i >> 8}.${i & 255}` }));
  const { ask, handler } = setup([{
    namespace: "big",
    name: "many",
    clusterIPs: ["None"],
    endpoints,
  }]);
  const name = "many.big.svc.cluster.local";
  const classic = await ask(name, RRType.A);
  assert.ok(classic.header.tc, "over 512 bytes: truncated");
  assert.equal(classic.answers.length, 0);
  const edns = await ask(name, RRType.A, 4096);
  assert.equal(edns.header.tc, false);
  assert.equal(edns.answers.length, 100);
  const tcp = decodeMessage((await handler.handle(buildQuery(name, RRType.A), "tcp"))!);
  assert.equal(tcp.answers.length, 100);
});

Deno.test("dns handler: arbitrary and mutated packets never crash it", async () => {
  const { handler } = setup();
  const valid = buildQuery("_http._tcp.web.default.svc.cluster.local", RRType.SRV, {
    ednsUdpSize: 1232,
  });
  const arbitrary = fc.oneof(
    fc.uint8Array({ maxLength: 600 }),
    // A valid query with some bytes overwritten or cut.
    fc.tuple(
      fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
        maxLength: 6,
      }),
      fc.nat(valid.length),
    )
      .map(([edits, cut]) => {
        const bytes = valid.slice(0, Math.max(cut, 12));
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        return bytes;
      }),
  );
  await fc.assert(
    fc.asyncProperty(
      arbitrary,
      fc.constantFrom("udp" as const, "tcp" as const),
      async (bytes, transport) => {
        const reply = await handler.handle(bytes, transport);
        if (reply === undefined) {
          assert.ok(
            bytes.length < 12 || (bytes[2]! & 0x80) !== 0,
            "only runts and responses are dropped",
          );
          return;
        }
        const m = decodeMessage(reply);
        assert.ok(m.header.qr);
        assert.equal(m.header.id, (bytes[0]! << 8) | bytes[1]!);
        assert.notEqual(m.header.rcode, RCode.SERVFAIL, "no internal failure");
      },
    ),
    { numRuns: 3000 },
  );
});

Deno.test("dns zone: 2,000 services index fast and answer in O(1)", async () => {
  const table = new ServiceTable();
  const t0 = performance.now();
  const zone = new ClusterZone(table);
  table.replaceAll(Array.from({ length: 2000 }, (_, i) => ({
    namespace: `ns${i % 20}`,
    name: `svc-${i}`,
    clusterIPs: [`10.96.${i >> 8}.${i & 255}`],
    ports: [{ name: "http", port: 80 }],
    endpoints: [{ ip: `10.244.${i >> 8}.${i & 255}` }],
  })));
  const index = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < 2000; i++) {
    const a = zone.answer({
      name: `svc-${i}.ns${i % 20}.svc.cluster.local`,
      type: RRType.A,
      class: CLASS_IN,
    });
    assert.equal(a.answers.length, 1);
  }
  const perQuery = ((performance.now() - t1) * 1000) / 2000;
  console.log(
    `dns zone: 2000 services indexed in ${index.toFixed(0)} ms, ${perQuery.toFixed(1)} us/answer`,
  );
  zone.close();
  await Promise.resolve();
});
