/**
 * The seed's replication controller walk-through with real components: an RC keeps its pods
 * running (scheduled by the scheduler, run by the kubelet on Docker), scales with
 * `kubectl scale`, replaces a deleted pod, and reports its status. And the ReplicaFailure
 * condition of ReplicaSets and RCs whose pods the API refuses, as `kubectl describe` shows it.
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

/**
 * A ReplicaSet or RC whose template carries an annotation key the API refuses on pods. kubeno's
 * controller validation does not check template annotations (Kubernetes' does: there a quota or
 * a missing service account is the usual refusal at pod creation), so the owner is accepted and
 * every pod it creates is refused with 422 Invalid.
 */
const REFUSED = (kind: "ReplicaSet" | "ReplicationController", name: string) =>
  `${kind === "ReplicaSet" ? "apiVersion: apps/v1" : "apiVersion: v1"}
kind: ${kind}
metadata: {name: ${name}}
spec:
  replicas: 2
  selector: ${kind === "ReplicaSet" ? `{matchLabels: {app: ${name}}}` : `{app: ${name}}`}
  template:
    metadata:
      labels: {app: ${name}}
      annotations: {"not a key": "x"}
    spec:
      containers:
      - name: c
        image: kubeno/busybox
`;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

Deno.test("ReplicaSets and RCs report pods the API refuses as ReplicaFailure, until fixed", async () => {
  const server = await ApiServerProcess.start();
  const controllers = server.component("controllers", ["controllers"]);
  const kubectl = (args: string[], stdin?: string) => server.kubectlOk(args, stdin);
  const statusOf = async (resource: string, name: string) =>
    JSON.parse(await kubectl(["get", resource, name, "-o", "json"])).status as {
      replicas?: number;
      conditions?: Condition[];
    };
  try {
    for (
      const [kind, resource, name] of [["ReplicaSet", "rs", "refused"], [
        "ReplicationController",
        "rc",
        "refused-rc",
      ]] as const
    ) {
      await kubectl(["create", "-f", "-"], REFUSED(kind, name));
      const failure = await eventually(async () => {
        const conditions = (await statusOf(resource, name)).conditions ?? [];
        return conditions.find((c) => c.type === "ReplicaFailure");
      }, `the ${kind}'s ReplicaFailure condition`);
      assert.equal(failure.status, "True");
      assert.equal(failure.reason, "FailedCreate");
      // The API's refusal, word for word.
      assert.match(
        failure.message ?? "",
        new RegExp(`^Pod "${name}-\\w+" is invalid: metadata\\.annotations`),
      );
      assert.match(failure.lastTransitionTime ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(
        (await kubectl(["get", "pods", "-l", `app=${name}`, "-o", "name"])).trim(),
        "",
        "no pod was created",
      );
      if (kind === "ReplicaSet") {
        const describe = await kubectl(["describe", "rs", name]);
        assert.match(
          describe,
          /Conditions:\n\s+Type\s+Status\s+Reason\n\s+-+\s+-+\s+-+\n\s+ReplicaFailure\s+True\s+FailedCreate\n/,
        );
        assert.match(
          describe,
          /Warning\s+FailedCreate\s+.*Error creating: Pod "refused-\w+" is invalid/,
        );
      }

      // Fixed: the next sync creates the pods and the condition goes.
      await kubectl([
        "patch",
        resource,
        name,
        "--type=merge",
        "-p",
        '{"spec":{"template":{"metadata":{"annotations":null}}}}',
      ]);
      const fixed = await eventually(async () => {
        const status = await statusOf(resource, name);
        return status.replicas === 2 && status.conditions === undefined ? status : undefined;
      }, `the ${kind}'s pods, and its ReplicaFailure condition gone`);
      assert.equal(fixed.replicas, 2);
      if (kind === "ReplicaSet") {
        assert.doesNotMatch(await kubectl(["describe", "rs", name]), /ReplicaFailure/);
      }
    }
  } finally {
    await stopComponent(controllers);
    await server.stop();
  }
});
