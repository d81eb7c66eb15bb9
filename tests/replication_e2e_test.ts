/**
 * The seed's replication controller walk-through with real components: an RC keeps its pods
 * running (scheduled by the scheduler, run by the kubelet on Docker), scales with
 * `kubectl scale`, replaces a deleted pod, and reports its status.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { eventually, removeNodeContainers } from "./support/wait.ts";

const RC = `apiVersion: v1
kind: ReplicationController
metadata: {name: frontend}
spec:
  replicas: 2
  selector: {name: frontend}
  template:
    metadata:
      labels: {name: frontend}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: kubeno/busybox
        imagePullPolicy: IfNotPresent
        command: ["httpd", "-f", "-p", "8080"]
`;

Deno.test("a replication controller keeps, scales and replaces its pods", async () => {
  const server = await ApiServerProcess.start();
  const node = `rc-${crypto.randomUUID().slice(0, 6)}`;
  const components = [
    server.kubelet(node, "10.244.203.0/24"),
    server.component("scheduler", ["scheduler"]),
    server.component("controllers", ["controllers"]),
  ];
  const running = async (count: number) => {
    const out = await server.kubectl("1.33", [
      "get",
      "pods",
      "-l",
      "name=frontend",
      "-o",
      'jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\\n"}{end}',
    ]);
    const pods = out.stdout.trim().split("\n").filter((l) => l.endsWith(" Running")).map((l) =>
      l.split(" ")[0]!
    );
    return pods.length === count && out.stdout.trim().split("\n").length === count
      ? pods
      : undefined;
  };
  try {
    assert.equal((await server.kubectl("1.33", ["create", "-f", "-"], RC)).code, 0);
    const two = await eventually(() => running(2), "two running pods");
    assert.ok(two.every((name) => name.startsWith("frontend-")));
    const rc = JSON.parse(
      (await server.kubectl("1.33", ["get", "rc", "frontend", "-o", "json"])).stdout,
    );
    assert.equal(rc.spec.replicas, 2);

    assert.equal(
      (await server.kubectl("1.33", ["scale", "rc", "frontend", "--replicas=3"])).code,
      0,
    );
    const three = await eventually(() => running(3), "three running pods");

    await server.kubectl("1.33", ["delete", "pod", three[0]!]);
    const replaced = await eventually(async () => {
      const pods = await running(3);
      return pods !== undefined && !pods.includes(three[0]!) ? pods : undefined;
    }, "a replacement pod");
    assert.equal(replaced.length, 3);
    const status = await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "rc",
        "frontend",
        "-o",
        "jsonpath={.status.replicas} {.status.readyReplicas}",
      ]);
      return out.stdout === "3 3" ? out.stdout : undefined;
    }, "the status to say 3 3");
    assert.equal(status, "3 3");
    const owners = await server.kubectl("1.33", [
      "get",
      "pods",
      "-l",
      "name=frontend",
      "-o",
      "jsonpath={.items[*].metadata.ownerReferences[0].name}",
    ]);
    assert.equal(owners.stdout, "frontend frontend frontend");

    // A service over the pods: the endpoints controller lists their addresses, and kubectl
    // describe (which reads EndpointSlices) shows them.
    const svc = `apiVersion: v1
kind: Service
metadata: {name: frontend}
spec:
  selector: {name: frontend}
  ports:
  - port: 80
    targetPort: 8080
`;
    assert.equal((await server.kubectl("1.33", ["create", "-f", "-"], svc)).code, 0);
    const endpoints = await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "endpoints",
        "frontend",
        "-o",
        "jsonpath={.subsets[0].addresses[*].ip}",
      ]);
      const ips = out.stdout.split(" ").filter((ip) => ip !== "");
      return ips.length === 3 ? ips : undefined;
    }, "three endpoint addresses");
    assert.ok(endpoints.every((ip) => /^10\.244\.203\.\d+$/.test(ip)));
    const describe = await server.kubectl("1.33", ["describe", "svc", "frontend"]);
    for (const ip of endpoints) {
      assert.match(describe.stdout, new RegExp(`${ip.replace(/\./g, "\\.")}:8080`));
    }

    await server.kubectl("1.33", ["scale", "rc", "frontend", "--replicas=0"]);
    await eventually(async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "pods",
        "-l",
        "name=frontend",
        "-o",
        "name",
      ]);
      return out.stdout.trim() === "" ? true : undefined;
    }, "the pods to go");
  } finally {
    for (const component of components) await stopComponent(component);
    await removeNodeContainers(node);
    await server.stop();
  }
});
