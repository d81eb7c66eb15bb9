// The proxier end to end on loopback: real listeners, real backends the tests start on
// 127.x addresses, real clients. Every address is in 127.0.0.0/8.
import assert from "node:assert/strict";
import { createLogger } from "../cli/log.ts";
import {
  connectGreeted,
  echo,
  freePort,
  readAll,
  sleep,
  startTcpBackend,
  startUdpBackend,
  type TcpBackend,
  udpClient,
  whoAnswers,
  writeAll,
} from "./net_test_util.ts";
import { Proxier, type ProxierOptions } from "./proxier.ts";
import { type EndpointInput, type ServiceInput, ServiceTable } from "./table.ts";

const quiet = createLogger("proxy-test", 0, () => {});

function endpointsOf(backends: readonly TcpBackend[], portName = ""): EndpointInput[] {
  return backends.map((b) => ({ ip: b.hostname, ports: { [portName]: b.port } }));
}

function setup(options: ProxierOptions = {}) {
  const table = new ServiceTable();
  const proxier = new Proxier(table, { logger: quiet, ...options });
  return { table, proxier };
}

function service(
  name: string,
  clusterIP: string,
  port: number,
  endpoints: EndpointInput[],
  extra: Partial<ServiceInput> = {},
): ServiceInput {
  return {
    namespace: "default",
    name,
    clusterIPs: [clusterIP],
    ports: [{ port, targetPort: 9999 }],
    endpoints,
    ...extra,
  };
}

Deno.test("proxier: a client reaches a backend through the cluster IP; metrics count it", async () => {
  const vip = "127.10.1.1";
  const b1 = startTcpBackend("b1", "127.11.1.1");
  const port = await freePort(vip);
  const { table, proxier } = setup();
  try {
    table.upsert(service("web", vip, port, endpointsOf([b1])));
    const { conn, backend } = await connectGreeted(vip, port);
    assert.equal(backend, "b1");
    assert.equal(await echo(conn, "hello"), "hello");
    conn.close();
    assert.deepEqual(proxier.lookup("TCP", vip, port)?.state, "listening");
    const stats = proxier.metrics.port("default", "web", "", "TCP");
    assert.equal(stats.connections, 1);
    // Wait for the relay to notice the close so the byte counts are final.
    for (let i = 0; i < 50 && stats.active > 0; i++) await sleep(5);
    assert.equal(stats.bytesIn, 5);
    assert.equal(stats.bytesOut, 3 + 5);
    assert.match(
      proxier.metrics.render(),
      /kubeno_proxy_connections_total\{namespace="default",service="web",port="",protocol="TCP"\} 1/,
    );
  } finally {
    await proxier.close();
    await b1.close();
  }
});

Deno.test("proxier: round robin spreads connections evenly over 3 backends", async () => {
  const vip = "127.10.2.1";
  const backends = [1, 2, 3].map((i) => startTcpBackend(`b${i}`, `127.11.2.${i}`));
  const port = await freePort(vip);
  const { table, proxier } = setup();
  try {
    table.upsert(service("rr", vip, port, endpointsOf(backends)));
    const seen: string[] = [];
    for (let i = 0; i < 9; i++) seen.push(await whoAnswers(vip, port));
    assert.deepEqual(seen, ["b1", "b2", "b3", "b1", "b2", "b3", "b1", "b2", "b3"]);
  } finally {
    await proxier.close();
    await Promise.all(backends.map((b) => b.close()));
  }
});

Deno.test("proxier: ClientIP affinity pins the client, and the pin expires", async () => {
  const vip = "127.10.3.1";
  const backends = [1, 2, 3].map((i) => startTcpBackend(`b${i}`, `127.11.3.${i}`));
  const port = await freePort(vip);
  const { table, proxier } = setup();
  try {
    table.upsert(
      service("sticky", vip, port, endpointsOf(backends), {
        sessionAffinity: { type: "ClientIP", timeoutSeconds: 0.3 },
      }),
    );
    const first = await whoAnswers(vip, port);
    for (let i = 0; i < 5; i++) assert.equal(await whoAnswers(vip, port), first);
    await sleep(400);
    // Expired: round robin continues after the pinned backend.
    const next = await whoAnswers(vip, port);
    assert.notEqual(next, first);
    for (let i = 0; i < 3; i++) assert.equal(await whoAnswers(vip, port), next);
  } finally {
    await proxier.close();
    await Promise.all(backends.map((b) => b.close()));
  }
});

Deno.test("proxier: a service with two ports; a named targetPort resolved per endpoint", async () => {
  const vip = "127.10.4.1";
  const httpA = startTcpBackend("http-a", "127.11.4.1");
  const httpB = startTcpBackend("http-b", "127.11.4.2"); // a different port number per pod
  const adminA = startTcpBackend("admin-a", "127.11.4.1");
  const [p1, p2] = [await freePort(vip), await freePort(vip)];
  const { table, proxier } = setup();
  try {
    table.upsert({
      namespace: "default",
      name: "multi",
      clusterIPs: [vip],
      ports: [
        { name: "http", port: p1, targetPort: "web" },
        { name: "admin", port: p2, targetPort: adminA.port },
      ],
      endpoints: [
        // "web" is a container port name: it resolves to each pod's own number.
        { ip: httpA.hostname, ports: { web: httpA.port } },
        { ip: httpB.hostname, ports: { web: httpB.port } },
      ],
    });
    assert.deepEqual([await whoAnswers(vip, p1), await whoAnswers(vip, p1)], ["http-a", "http-b"]);
    // The admin port: numeric targetPort on every endpoint; only 127.11.4.1 listens on it.
    assert.equal(await whoAnswers(vip, p2), "admin-a");
    assert.equal(proxier.status("default/multi").length, 2);
  } finally {
    await proxier.close();
    await Promise.all([httpA.close(), httpB.close(), adminA.close()]);
  }
});

Deno.test("proxier: an endpoint update keeps established connections to remaining backends", async () => {
  const vip = "127.10.5.1";
  const [b1, b2, b3] = [1, 2, 3].map((i) => startTcpBackend(`b${i}`, `127.11.5.${i}`)) as [
    TcpBackend,
    TcpBackend,
    TcpBackend,
  ];
  const port = await freePort(vip);
  const { table, proxier } = setup({ removedEndpointGraceMs: 100 });
  try {
    table.upsert(service("upd", vip, port, endpointsOf([b1, b2])));
    const kept = await connectGreeted(vip, port);
    const removed = await connectGreeted(vip, port);
    assert.deepEqual([kept.backend, removed.backend], ["b1", "b2"]);
    const opensBefore = proxier.listenerOpens;

    table.upsert(service("upd", vip, port, endpointsOf([b1, b3])));
    assert.equal(proxier.listenerOpens, opensBefore, "the listener was not restarted");
    // New connections use the new set at once.
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add(await whoAnswers(vip, port));
    assert.deepEqual([...seen].sort(), ["b1", "b3"]);
    // The connection to b1 (still an endpoint) keeps working.
    assert.equal(await echo(kept.conn, "still here"), "still here");
    // The connection to b2 (removed) is closed after the grace.
    const t0 = performance.now();
    assert.equal(await readAll(removed.conn), "");
    assert.ok(performance.now() - t0 < 1000);
    assert.equal(await echo(kept.conn, "and after"), "and after");
    kept.conn.close();
    removed.conn.close();
  } finally {
    await proxier.close();
    await Promise.all([b1.close(), b2.close(), b3.close()]);
  }
});

Deno.test("proxier: no ready endpoint refuses new connections at once, then serves again", async () => {
  const vip = "127.10.6.1";
  const b1 = startTcpBackend("b1", "127.11.6.1");
  const port = await freePort(vip);
  const { table, proxier } = setup();
  try {
    const refusedWithin = async () => {
      const t0 = performance.now();
      await assert.rejects(Deno.connect({ hostname: vip, port }), Deno.errors.ConnectionRefused);
      return performance.now() - t0;
    };
    table.upsert(service("empty", vip, port, []));
    assert.equal(proxier.lookup("TCP", vip, port)?.state, "parked");
    assert.ok((await refusedWithin()) < 100);

    table.upsert(
      service("empty", vip, port, [{ ip: b1.hostname, ports: { "": b1.port }, ready: false }]),
    );
    assert.ok((await refusedWithin()) < 100);

    table.upsert(service("empty", vip, port, endpointsOf([b1])));
    const open = await connectGreeted(vip, port);
    assert.equal(open.backend, "b1");

    // Endpoints gone again: new connections refused, the established one keeps going.
    table.upsert(
      service("empty", vip, port, [{ ip: b1.hostname, ports: { "": b1.port }, ready: false }]),
    );
    // The listener stops within the update; Deno releases the socket a tick later.
    await proxier.settled();
    assert.ok((await refusedWithin()) < 100);
    assert.equal(await echo(open.conn, "alive"), "alive");
    open.conn.close();

    // Flapping within one tick: the reopen waits until the old socket is released.
    const ready = service("empty", vip, port, endpointsOf([b1]));
    table.upsert(ready);
    table.upsert(service("empty", vip, port, []));
    table.upsert(ready);
    await proxier.settled();
    assert.equal(proxier.lookup("TCP", vip, port)?.state, "listening");
    assert.equal(await whoAnswers(vip, port), "b1");
  } finally {
    await proxier.close();
    await b1.close();
  }
});

Deno.test("proxier: a dead backend is skipped, and terminating endpoints serve as a fallback", async () => {
  const vip = "127.10.7.1";
  const b1 = startTcpBackend("b1", "127.11.7.1");
  const deadPort = await freePort("127.11.7.2"); // nothing listens there
  const port = await freePort(vip);
  const { table, proxier } = setup();
  try {
    table.upsert(
      service("dead", vip, port, [
        { ip: "127.11.7.2", ports: { "": deadPort } },
        { ip: b1.hostname, ports: { "": b1.port } },
      ]),
    );
    for (let i = 0; i < 4; i++) assert.equal(await whoAnswers(vip, port), "b1");
    const stats = proxier.metrics.port("default", "dead", "", "TCP");
    assert.equal(stats.errors.get("connect"), 1, "the dead backend was tried once, then skipped");

    // Only a dead backend: the connection is closed at once, not left hanging.
    table.upsert(service("dead", vip, port, [{ ip: "127.11.7.2", ports: { "": deadPort } }]));
    const conn = await Deno.connect({ hostname: vip, port });
    const t0 = performance.now();
    assert.equal(await readAll(conn), "");
    assert.ok(performance.now() - t0 < 100);
    conn.close();

    // No ready endpoint but a serving terminating one: it takes the traffic.
    table.upsert(
      service("dead", vip, port, [
        { ip: b1.hostname, ports: { "": b1.port }, ready: false, serving: true, terminating: true },
      ]),
    );
    assert.equal(await whoAnswers(vip, port), "b1");
  } finally {
    await proxier.close();
    await b1.close();
  }
});

Deno.test("proxier: half-close passes through (the client ends its side, still reads replies)", async () => {
  const vip = "127.10.8.1";
  const b1 = startTcpBackend("b1", "127.11.8.1");
  const port = await freePort(vip);
  const { table, proxier } = setup();
  try {
    table.upsert(service("half", vip, port, endpointsOf([b1])));
    const conn = await Deno.connect({ hostname: vip, port });
    const big = "x".repeat(200_000);
    await writeAll(conn, new TextEncoder().encode(big));
    await conn.closeWrite();
    const got = await readAll(conn);
    assert.equal(got, `b1\n${big}`);
    conn.close();
  } finally {
    await proxier.close();
    await b1.close();
  }
});

Deno.test("proxier: NodePort on node addresses and externalIPs; traffic policy Local", async () => {
  const vip = "127.10.9.1";
  const node = "127.10.9.2";
  const external = "127.10.9.3";
  const local = startTcpBackend("local", "127.11.9.1");
  const remote = startTcpBackend("remote", "127.11.9.2");
  const port = await freePort(vip);
  const nodePort = await freePort(node);
  await freePort(external);
  const { table, proxier } = setup({ nodeAddresses: [node], nodeName: "n1" });
  try {
    table.upsert({
      namespace: "default",
      name: "np",
      type: "NodePort",
      clusterIPs: [vip],
      externalIPs: [external],
      externalTrafficPolicy: "Local",
      ports: [{ port, targetPort: 1, nodePort }],
      endpoints: [
        { ip: local.hostname, ports: { "": local.port }, nodeName: "n1" },
        { ip: remote.hostname, ports: { "": remote.port }, nodeName: "n2" },
      ],
    });
    const kinds = proxier.status("default/np").map((s) => `${s.kind}:${s.state}`).sort();
    assert.deepEqual(kinds, ["clusterIP:listening", "externalIP:listening", "nodePort:listening"]);
    // Cluster IP: every endpoint; node port and external IP: only this node's.
    assert.deepEqual(
      [await whoAnswers(vip, port), await whoAnswers(vip, port)].sort(),
      ["local", "remote"],
    );
    for (let i = 0; i < 3; i++) assert.equal(await whoAnswers(node, nodePort), "local");
    for (let i = 0; i < 3; i++) assert.equal(await whoAnswers(external, port), "local");
  } finally {
    await proxier.close();
    await Promise.all([local.close(), remote.close()]);
  }
});

Deno.test("proxier: LoadBalancer ingress IPs are served on the service port when they are this node's", async () => {
  const vip = "127.10.8.1";
  const node = "127.10.8.2";
  const elsewhere = "127.10.8.3";
  const backend = startTcpBackend("lb", "127.11.8.1");
  const port = await freePort(node);
  const { table, proxier } = setup({ nodeAddresses: [node] });
  try {
    table.upsert({
      ...service("lb", vip, port, endpointsOf([backend])),
      type: "LoadBalancer",
      loadBalancerIPs: [node, elsewhere],
    });
    const frontends = proxier.status("default/lb").map((s) => `${s.kind}:${s.ip}`).sort();
    // The other node's ingress IP is not bound here (its own proxy serves it).
    assert.deepEqual(frontends, [`clusterIP:${vip}`, `loadBalancer:${node}`]);
    assert.equal(await whoAnswers(node, port), "lb");
  } finally {
    await proxier.close();
    await backend.close();
  }
});

Deno.test("proxier: bind errors and address conflicts are per service, and resync retries", async () => {
  const vip = "127.10.10.1";
  const b1 = startTcpBackend("b1", "127.11.10.1");
  const port = await freePort(vip);
  const squatter = Deno.listen({ hostname: vip, port });
  const { table, proxier } = setup();
  try {
    table.upsert(service("blocked", vip, port, endpointsOf([b1])));
    table.upsert(service("fine", "127.10.10.2", port, endpointsOf([b1])));
    const [blocked] = proxier.status("default/blocked");
    assert.equal(blocked?.state, "error");
    assert.match(blocked?.error ?? "", /in use/i);
    assert.equal(await whoAnswers("127.10.10.2", port), "b1");

    // A second service claiming the same address:port is refused, the first keeps it.
    table.upsert(service("copycat", "127.10.10.2", port, endpointsOf([b1])));
    assert.match(proxier.status("default/copycat")[0]?.error ?? "", /default\/fine/);
    assert.equal(proxier.errors().length, 2);

    squatter.close();
    table.delete("default", "fine");
    await proxier.resync();
    assert.equal(proxier.status("default/blocked")[0]?.state, "listening");
    assert.equal(proxier.status("default/copycat")[0]?.state, "listening");
    assert.equal(await whoAnswers(vip, port), "b1");
    assert.equal(await whoAnswers("127.10.10.2", port), "b1");
    assert.equal(proxier.errors().length, 0);
  } finally {
    try {
      squatter.close();
    } catch {
      // closed above
    }
    await proxier.close();
    await b1.close();
  }
});

Deno.test("proxier: UDP echo through the proxy, round robin per client, idle sessions end", async () => {
  const vip = "127.10.11.1";
  const u1 = await startUdpBackend("u1", "127.11.11.1");
  const u2 = await startUdpBackend("u2", "127.11.11.2");
  const port = await freePort(vip);
  const { table, proxier } = setup({ udpIdleTimeoutMs: 150 });
  const clients = [await udpClient(), await udpClient()];
  try {
    table.upsert({
      namespace: "default",
      name: "dns-like",
      clusterIPs: [vip],
      ports: [{ name: "dns", protocol: "UDP", port, targetPort: 53 }],
      endpoints: [
        { ip: u1.hostname, ports: { dns: u1.port } },
        { ip: u2.hostname, ports: { dns: u2.port } },
      ],
    });
    await proxier.settled();
    const [c1, c2] = clients as [typeof clients[0], typeof clients[0]];
    assert.equal(await c1.request(vip, port, "ping"), "u1:ping");
    assert.equal(await c1.request(vip, port, "again"), "u1:again", "a client keeps its session");
    assert.equal(await c2.request(vip, port, "ping"), "u2:ping");
    const stats = proxier.metrics.port("default", "dns-like", "dns", "UDP");
    assert.equal(stats.active, 2);
    await sleep(400);
    assert.equal(stats.active, 0, "idle sessions ended");
    assert.equal(await c1.request(vip, port, "new"), "u1:new");

    // Endpoint removed: the session to it ends, the next datagram goes to a current backend.
    table.upsert({
      namespace: "default",
      name: "dns-like",
      clusterIPs: [vip],
      ports: [{ name: "dns", protocol: "UDP", port, targetPort: 53 }],
      endpoints: [{ ip: u2.hostname, ports: { dns: u2.port } }],
    });
    await proxier.settled();
    assert.equal(await c1.request(vip, port, "moved"), "u2:moved");
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await proxier.close();
    await Promise.all([u1.close(), u2.close()]);
  }
});

Deno.test("proxier: 2,000 services, O(1) lookups, one update touches one service", async () => {
  const backends = [1, 2, 3].map((i) => startTcpBackend(`b${i}`, `127.11.12.${i}`));
  const port = 18080;
  const { table, proxier } = setup();
  const ip = (i: number) => `127.77.${i >> 7}.${(i & 127) + 1}`;
  const many = (ready: boolean) =>
    Array.from({ length: 2000 }, (_, i) =>
      service(
        `svc-${i}`,
        ip(i),
        port,
        backends.map((b) => ({
          ip: b.hostname,
          ports: { "": b.port },
          ready,
        })),
      ));
  try {
    let t0 = performance.now();
    table.replaceAll(many(true));
    await proxier.settled();
    const fill = performance.now() - t0;
    assert.equal(proxier.frontendCount, 2000);
    assert.equal(proxier.errors().length, 0);

    t0 = performance.now();
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 2000; i++) {
        if (proxier.lookup("TCP", ip(i), port)?.service !== `default/svc-${i}`) {
          assert.fail(`lookup ${i}`);
        }
      }
    }
    const lookupNs = ((performance.now() - t0) * 1e6) / 100_000;

    t0 = performance.now();
    const opens = proxier.listenerOpens;
    table.upsert(service("svc-1234", ip(1234), port, endpointsOf(backends.slice(0, 1))));
    const one = performance.now() - t0;
    assert.equal(proxier.listenerOpens, opens);
    assert.equal(await whoAnswers(ip(1234), port), "b1");
    assert.equal(await whoAnswers(ip(1999), port), "b1");

    t0 = performance.now();
    table.replaceAll([]);
    await proxier.settled();
    const drain = performance.now() - t0;
    assert.equal(proxier.frontendCount, 0);
    console.log(
      `2000 services: reconcile ${fill.toFixed(0)} ms, lookup ${lookupNs.toFixed(0)} ns, ` +
        `one update ${one.toFixed(2)} ms, delete all ${drain.toFixed(0)} ms`,
    );
  } finally {
    await proxier.close();
    await Promise.all(backends.map((b) => b.close()));
  }
});
