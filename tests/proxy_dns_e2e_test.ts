/**
 * Cluster DNS with real pods, asked by `dig` (a real resolver client) over UDP and TCP: SRV
 * records for named ports, a headless service answering its pods' IPs (and following a
 * scale-up), NXDOMAIN for unknown names. The proxy serves DNS on 10.121.0.10, inside a service
 * range of its own (10.121.0.0/16) so it runs beside other tests' proxies.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { freePort } from "./support/store_cluster.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

const SERVICE_CIDR = "10.121.0.0/16";
const DNS_IP = "10.121.0.10";

async function run(command: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdin: "null", stderr: "null" }).output();
  return new TextDecoder().decode(out.stdout);
}

/** `dig @DNS_IP` with `args`; short answers sorted, or the full output with `full`. */
async function dig(args: string[], full = false): Promise<string> {
  const out = await run("dig", [
    `@${DNS_IP}`,
    "+time=1",
    "+tries=2",
    ...(full ? [] : ["+short"]),
    ...args,
  ]);
  return full ? out : out.trim().split("\n").filter((l) => l !== "").sort().join("\n");
}

const APP = `apiVersion: v1
kind: ReplicationController
metadata: {name: db}
spec:
  replicas: 2
  selector: {app: db}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: db
        image: kubeno/busybox
        imagePullPolicy: IfNotPresent
        ports: [{name: sql, containerPort: 5432}]
        command: ["sh", "-c", "exec nc -ll -p 5432 -e /bin/cat"]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: sql, port: 5432, targetPort: sql}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: db}
  ports:
  - {name: http, port: 80, targetPort: 5432}
  - {name: dns, port: 53, protocol: UDP, targetPort: 5432}
`;

Deno.test("cluster DNS: SRV for named ports, headless services, NXDOMAIN", async (t) => {
  const server = await ApiServerProcess.start(["--service-cidr", SERVICE_CIDR]);
  const node = `pxd-${crypto.randomUUID().slice(0, 6)}`;
  const components = [
    server.kubelet(node, "10.244.232.0/24"),
    server.component("scheduler", ["scheduler"]),
    server.component("controllers", ["controllers"]),
  ];
  const proxy = server.component("proxy", [
    "proxy",
    "--service-cidr",
    SERVICE_CIDR,
    "--dns-address",
    `${DNS_IP}:53`,
    "--metrics-listen",
    `127.0.0.1:${freePort()}`,
  ]);
  const kubectl = (args: string[], stdin?: string) => server.kubectl("1.33", args, stdin);
  let routeAfterStop = "";
  try {
    const applied = await kubectl(["apply", "-f", "-"], APP);
    assert.equal(applied.code, 0, applied.stderr);
    const podIPs = async (want: number) =>
      await eventually(async () => {
        const out = await kubectl([
          "get",
          "endpoints",
          "db",
          "-o",
          "jsonpath={.subsets[0].addresses[*].ip}",
        ]);
        const ips = out.stdout.split(" ").filter((n) => n !== "");
        return ips.length === want ? ips.sort().join("\n") : undefined;
      }, `${want} ready endpoints`);
    const ips = await podIPs(2);
    const webIP = (await kubectl(["get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}"])).stdout;
    assert.match(webIP, /^10\.121\.\d+\.\d+$/);

    await t.step("A records over UDP and TCP", async () => {
      const a = await eventually(
        async () => {
          const got = await dig(["web.default.svc.cluster.local"]);
          return got === "" ? undefined : got;
        },
        "the web A record",
        20_000,
      );
      assert.equal(a, webIP);
      assert.equal(await dig(["+tcp", "web.default.svc.cluster.local"]), webIP);
    });

    await t.step("SRV records for named ports", async () => {
      assert.equal(
        await dig(["SRV", "_http._tcp.web.default.svc.cluster.local"]),
        "0 100 80 web.default.svc.cluster.local.",
      );
      assert.equal(
        await dig(["SRV", "_dns._udp.web.default.svc.cluster.local"]),
        "0 100 53 web.default.svc.cluster.local.",
      );
      // The headless service: one SRV per pod, its port the pod's resolved named port.
      const srv = (await dig(["SRV", "_sql._tcp.db.default.svc.cluster.local"])).split("\n");
      assert.equal(srv.length, 2, srv.join("\n"));
      for (const record of srv) {
        assert.match(record, /^0 50 5432 [0-9-]+\.db\.default\.svc\.cluster\.local\.$/);
        const target = record.split(" ")[3]!;
        const address = await dig([target]);
        assert.ok(ips.split("\n").includes(address), `${target} -> ${address}`);
      }
    });

    await t.step("a headless service answers its pods' IPs and follows a scale-up", async () => {
      assert.equal(await dig(["db.default.svc.cluster.local"]), ips);
      assert.equal((await kubectl(["scale", "rc", "db", "--replicas=3"])).code, 0);
      const three = await podIPs(3);
      const got = await eventually(
        async () => {
          const answer = await dig(["db.default.svc.cluster.local"]);
          return answer === three ? answer : undefined;
        },
        "three A records",
        10_000,
      );
      assert.equal(got, three);
    });

    await t.step("unknown names are NXDOMAIN", async () => {
      for (const name of ["nope.default.svc.cluster.local", "web.nowhere.svc.cluster.local"]) {
        const out = await dig([name], true);
        assert.match(out, /status: NXDOMAIN/, name);
        assert.match(out, /flags: qr aa/, "authoritative");
      }
      // No upstream is configured: names outside the cluster domain are refused, not forwarded.
      assert.match(await dig(["example.com"], true), /status: REFUSED/);
    });
  } finally {
    await stopComponent(proxy);
    routeAfterStop = (await run("ip", ["route", "show", "table", "local", SERVICE_CIDR])).trim();
    if (routeAfterStop !== "") {
      await run("ip", ["route", "del", "local", SERVICE_CIDR, "dev", "lo"]);
    }
    for (const component of components) await stopComponent(component);
    await removeNodeContainers(node);
    await server.stop();
  }
  assert.equal(routeAfterStop, "", "the proxy removed its service route when it stopped");
});
