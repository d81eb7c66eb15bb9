// The assembled data plane on loopback: a service reachable through its cluster IP, its name
// resolvable through cluster DNS, its counters at /metrics.
import assert from "node:assert/strict";
import { createLogger } from "../cli/log.ts";
import { query } from "./dns/client.ts";
import { RRType } from "./dns/message.ts";
import { freePort, startTcpBackend, whoAnswers } from "./net_test_util.ts";
import { startProxyRuntime } from "./runtime.ts";
import { ServiceTable } from "./table.ts";

Deno.test("runtime: proxy, DNS and /metrics together; the DNS address is left to DNS", async () => {
  const vip = "127.40.0.1";
  const dnsIP = "127.40.0.10";
  const b1 = startTcpBackend("b1", "127.41.0.1");
  const port = await freePort(vip);
  const table = new ServiceTable();
  const runtime = await startProxyRuntime({
    table,
    dns: { hostname: dnsIP, port: 0 },
    metrics: { hostname: "127.40.0.20", port: 0 },
    logger: createLogger("runtime-test", 0, () => {}),
  });
  try {
    const dnsPort = runtime.dnsServer!.port;
    table.upsert({
      namespace: "default",
      name: "web",
      clusterIPs: [vip],
      ports: [{ port }],
      endpoints: [{ ip: b1.hostname, ports: { "": b1.port } }],
    });
    // A kube-dns Service on the DNS address: the proxier leaves that frontend alone.
    table.upsert({
      namespace: "kube-system",
      name: "kube-dns",
      clusterIPs: [dnsIP],
      ports: [{ name: "dns", protocol: "UDP", port: dnsPort }, { name: "dns-tcp", port: dnsPort }],
      endpoints: [{ ip: "127.41.0.2" }],
    });
    await runtime.proxier.settled();
    assert.deepEqual(runtime.proxier.status("kube-system/kube-dns"), []);
    const answer = await query(
      { hostname: dnsIP, port: dnsPort },
      "web.default.svc.cluster.local",
      RRType.A,
    );
    const ip = answer.answers[0]?.data.kind === "A" ? answer.answers[0].data.address : "";
    assert.equal(ip, vip);
    assert.equal(await whoAnswers(ip, port), "b1");
    const address = runtime.metricsAddress!;
    const text = await (await fetch(`http://${address.hostname}:${address.port}/metrics`)).text();
    assert.match(
      text,
      /kubeno_proxy_connections_total\{namespace="default",service="web",port="",protocol="TCP"\} 1/,
    );
    assert.match(text, /kubeno_dns_responses_total\{transport="udp",rcode="NOERROR"\} 1/);
  } finally {
    await runtime.close();
    await b1.close();
  }
});

Deno.test("runtime: a DNS address that cannot bind fails the start and leaves nothing open", async () => {
  const squatter = Deno.listen({ hostname: "127.40.1.10", port: 0 });
  try {
    await assert.rejects(
      startProxyRuntime({
        table: new ServiceTable(),
        dns: { hostname: "127.40.1.10", port: squatter.addr.port },
        logger: createLogger("runtime-test", 0, () => {}),
      }),
    );
  } finally {
    squatter.close();
  }
});
