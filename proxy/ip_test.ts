import assert from "node:assert/strict";
import fc from "fast-check";
import {
  canonicalIP,
  dashedIP,
  formatIP,
  ipFromDashed,
  ipFromReverseName,
  isIPv4,
  isIPv6,
  joinHostPort,
  parseIP,
  reverseName,
} from "./ip.ts";

Deno.test("ip: parse and format, canonical IPv6 (RFC 5952)", () => {
  assert.ok(isIPv4("10.96.0.10") && !isIPv4("10.96.0.256") && !isIPv4("01.2.3.4"));
  assert.ok(isIPv6("::") && isIPv6("fd00::1") && isIPv6("::ffff:1.2.3.4") && !isIPv6("1::2::3"));
  assert.ok(!isIPv6("1:2:3:4:5:6:7:8:9") && !isIPv6("12345::") && !isIPv6("1.2.3.4::"));
  assert.equal(canonicalIP("2001:DB8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  assert.equal(canonicalIP("0:0:0:0:0:0:0:1"), "::1");
  assert.equal(canonicalIP("fd00:0:0:0:0:0:0:0"), "fd00::");
  assert.equal(canonicalIP("1:0:2:3:4:5:6:7"), "1:0:2:3:4:5:6:7");
  assert.equal(joinHostPort("fd00::1", 53), "[fd00::1]:53");
  fc.assert(
    fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
      const bytes = parseIP(ip);
      assert.ok(bytes, ip);
      assert.deepEqual(parseIP(formatIP(bytes)), bytes);
    }),
  );
});

Deno.test("ip: reverse names and dashed labels", () => {
  assert.equal(reverseName("10.96.0.7"), "7.0.96.10.in-addr.arpa");
  assert.equal(ipFromReverseName("7.0.96.10.IN-ADDR.ARPA."), "10.96.0.7");
  const r6 = reverseName("fd00::1")!;
  assert.ok(r6.startsWith("1.0.0.0.") && r6.endsWith(".0.0.d.f.ip6.arpa"));
  assert.equal(ipFromReverseName(r6), "fd00::1");
  assert.equal(ipFromReverseName("1.2.3.in-addr.arpa"), undefined);
  assert.equal(dashedIP("10.244.1.5"), "10-244-1-5");
  assert.equal(ipFromDashed("10-244-1-5"), "10.244.1.5");
  assert.equal(ipFromDashed(dashedIP("fd00::5")), "fd00::5");
  assert.equal(ipFromDashed("web"), undefined);
});
