import assert from "node:assert/strict";
import fc from "fast-check";
import {
  CLASS_IN,
  decodeMessage,
  DnsFormatError,
  ednsOf,
  encodeMessage,
  type Message,
  optRecord,
  type ResourceRecord,
  RRType,
} from "./message.ts";
import { labelsToName, nameToLabels, readName } from "./name.ts";

const header = {
  id: 0x1234,
  qr: true,
  opcode: 0,
  aa: true,
  tc: false,
  rd: true,
  ra: false,
  ad: false,
  cd: false,
  rcode: 3,
};

function message(answers: ResourceRecord[], additionals: ResourceRecord[] = []): Message {
  return {
    header,
    questions: [{ name: "web.default.svc.cluster.local", type: RRType.ANY, class: CLASS_IN }],
    answers,
    authorities: [],
    additionals,
  };
}

const rr = (name: string, data: ResourceRecord["data"]): ResourceRecord => ({
  name,
  class: CLASS_IN,
  ttl: 30,
  data,
});

Deno.test("dns message: every record kind round-trips", () => {
  const m = message([
    rr("web.default.svc.cluster.local", { kind: "A", address: "10.96.0.7" }),
    rr("web.default.svc.cluster.local", { kind: "AAAA", address: "fd00::7" }),
    rr("web.default.svc.cluster.local", { kind: "CNAME", target: "other.example" }),
    rr("7.0.96.10.in-addr.arpa", { kind: "PTR", target: "web.default.svc.cluster.local" }),
    rr("cluster.local", { kind: "NS", target: "ns.dns.cluster.local" }),
    rr("cluster.local", {
      kind: "SOA",
      mname: "ns.dns.cluster.local",
      rname: "hostmaster.cluster.local",
      serial: 4_000_000_000,
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: 30,
    }),
    rr("_http._tcp.web.default.svc.cluster.local", {
      kind: "SRV",
      priority: 0,
      weight: 100,
      port: 8080,
      target: "web.default.svc.cluster.local",
    }),
    rr("x.example", { kind: "raw", type: RRType.TXT, bytes: Uint8Array.of(2, 104, 105) }),
  ], [optRecord(1232)]);
  const bytes = encodeMessage(m);
  const back = decodeMessage(bytes);
  assert.deepEqual(back, m);
  assert.deepEqual(ednsOf(back).map((e) => e.udpSize), [1232]);
});

Deno.test("dns message: names are compressed on output (not SRV targets)", () => {
  const name = "web.default.svc.cluster.local";
  const answers = Array.from(
    { length: 10 },
    (_, i) => rr(name, { kind: "A", address: `10.0.0.${i}` }),
  );
  const bytes = encodeMessage(message(answers));
  // The question spells the name once (31 bytes); each answer points to it with 2 bytes.
  assert.equal(bytes.length, 12 + 31 + 4 + 10 * (2 + 10 + 4));
  const srv = encodeMessage(
    message([rr(name, { kind: "SRV", priority: 0, weight: 0, port: 1, target: name })]),
  );
  assert.equal(srv.length, 12 + 35 + 2 + 10 + 6 + 31, "the SRV target is spelled out");
  assert.equal(decodeMessage(srv).answers[0]?.data.kind, "SRV");
});

Deno.test("dns names: escapes round-trip; limits hold; pointer loops are rejected", () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 63 }), { maxLength: 3 }),
      (labels) => {
        const name = labelsToName(labels);
        assert.deepEqual(nameToLabels(name), labels);
      },
    ),
  );
  assert.equal(labelsToName(nameToLabels("a\\.b.c")), "a\\.b.c");
  assert.deepEqual(nameToLabels("a\\046b"), [Uint8Array.of(97, 46, 98)]);
  assert.throws(() => nameToLabels("a..b"), RangeError);
  assert.throws(() => nameToLabels("x".repeat(64)), RangeError);
  assert.throws(() => nameToLabels(Array(130).fill("ab").join(".")), RangeError);
  // A pointer to itself, and one pointing forward.
  assert.throws(() => readName(Uint8Array.of(0xc0, 0), 0), DnsFormatError);
  assert.throws(() => readName(Uint8Array.of(1, 97, 0xc0, 0, 0), 2), DnsFormatError);
  assert.throws(() => readName(Uint8Array.of(0xc0, 2, 0), 0), DnsFormatError);
  assert.deepEqual(readName(Uint8Array.of(1, 97, 0, 1, 98, 0xc0, 0), 3), { name: "b.a", next: 7 });
  assert.throws(() => readName(Uint8Array.of(0x40), 0), DnsFormatError);
  assert.throws(() => readName(Uint8Array.of(5, 97), 0), DnsFormatError);
});

Deno.test("dns message: decoding arbitrary bytes throws only DnsFormatError", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      try {
        decodeMessage(bytes);
      } catch (error) {
        assert.ok(error instanceof DnsFormatError, String(error));
      }
    }),
    { numRuns: 3000 },
  );
});
