/**
 * The seed's service walk-through with every component: an RC's pods behind a Service are
 * reached through the ClusterIP (round robin, from the host), by DNS name through cluster DNS,
 * and by name from inside a pod, with the seed's WEB_SERVICE_HOST/PORT variables set. The proxy
 * makes the service range local and removes the route when it stops.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { freePort } from "./support/store_cluster.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

async function run(command: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdin: "null" }).output();
  return new TextDecoder().decode(out.stdout);
}

const APP = `apiVersion: v1
kind: ReplicationController
metadata: {name: web}
spec:
  replicas: 2
  selector: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: kubeno/busybox
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && httpd -f -p 8080 -h /www"]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;

Deno.test("services are reachable by ClusterIP, DNS name and environment variables", async () => {
  const server = await ApiServerProcess.start();
  const node = `px-${crypto.randomUUID().slice(0, 6)}`;
  const components = [
    server.kubelet(node, "10.244.204.0/24"),
    server.component("scheduler", ["scheduler"]),
    server.component("controllers", ["controllers"]),
  ];
  // The service (and so its variables) exists before the pods, as the seed requires.
  const proxy = server.component("proxy", ["proxy", "--metrics-listen", `127.0.0.1:${freePort()}`]);
  let routeAfterStop = "";
  try {
    assert.equal((await server.kubectl("1.33", ["apply", "-f", "-"], APP)).code, 0);
    const ip =
      (await server.kubectl("1.33", ["get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}"]))
        .stdout;
    assert.match(ip, /^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
    const pods = await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "endpoints",
        "web",
        "-o",
        "jsonpath={.subsets[0].addresses[*].targetRef.name}",
      ]);
      const names = out.stdout.split(" ").filter((n) => n !== "");
      return names.length === 2 ? names.sort() : undefined;
    }, "two ready endpoints");

    // From the host, through the ClusterIP: both pods answer (round robin).
    const answers = await eventually(
      async () => {
        const seen = new Set<string>();
        for (let i = 0; i < 6; i++) {
          const response = await fetch(`http://${ip}/`, { signal: AbortSignal.timeout(2000) });
          seen.add((await response.text()).trim());
        }
        return seen.size === 2 ? [...seen].sort() : undefined;
      },
      "both pods to answer through the ClusterIP",
      20_000,
    );
    assert.deepEqual(answers, pods);

    // Cluster DNS answers the service's A record (dig is a real client).
    const dig = await eventually(
      async () => {
        const out = (await run("dig", [
          "+short",
          "+time=1",
          "+tries=1",
          "@10.96.0.10",
          "web.default.svc.cluster.local",
        ])).trim();
        return out === "" ? undefined : out;
      },
      "a DNS answer",
      10_000,
    );
    assert.equal(dig, ip);
    assert.equal(
      (await run("dig", [
        "+short",
        "+time=1",
        "+tries=1",
        "@10.96.0.10",
        "nope.default.svc.cluster.local",
      ])).trim(),
      "",
    );

    // From inside a pod: by name through the pod's resolv.conf, and the seed's variables.
    const container = (await run("docker", [
      "ps",
      "-q",
      "--filter",
      `label=io.kubeno.node=${node}`,
      "--filter",
      "label=io.kubernetes.container.name=web",
    ])).trim().split("\n")[0]!;
    const inside = await run("docker", [
      "exec",
      container,
      "sh",
      "-c",
      'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc web 80 | tail -1; echo "$WEB_SERVICE_HOST:$WEB_SERVICE_PORT"',
    ]);
    const [answer, variables] = inside.trim().split("\n");
    assert.ok(pods.includes(answer!.trim()), `a pod answered by name: ${inside}`);
    assert.equal(variables, `${ip}:80`);
  } finally {
    await stopComponent(proxy);
    routeAfterStop = (await run("ip", ["route", "show", "table", "local", "10.96.0.0/12"])).trim();
    // Never leave the route behind, even when the proxy failed to remove it (asserted below).
    if (routeAfterStop !== "") {
      await run("ip", ["route", "del", "local", "10.96.0.0/12", "dev", "lo"]);
    }
    for (const component of components) await stopComponent(component);
    await removeNodeContainers(node);
    await server.stop();
  }
  assert.equal(routeAfterStop, "", "the proxy removed the service route when it stopped");
});
