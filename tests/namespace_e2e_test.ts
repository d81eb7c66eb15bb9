/**
 * Namespace deletion with real processes (`kubeno apiserver`, `kubeno controllers`, kubectl
 * 1.33): deleting a namespace marks it Terminating, refuses new content with Kubernetes'
 * message, removes its pods, services, configmaps and replication controllers, waits for an
 * object whose finalizer holds it, then the namespace goes. The system namespaces cannot be
 * deleted. No scheduler or node runs: the pods stay unbound, so their deletion is immediate.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { eventually } from "./support/wait.ts";

const CONTENT = `apiVersion: v1
kind: ReplicationController
metadata: {name: web, namespace: doomed}
spec:
  replicas: 2
  selector: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: kubeno/busybox
        imagePullPolicy: IfNotPresent
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: doomed}
spec:
  selector: {app: web}
  ports:
  - port: 80
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: doomed}
data: {a: b}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: held
  namespace: doomed
  finalizers: [example.com/hold]
data: {a: b}
`;

Deno.test("deleting a namespace empties it, then removes it", async (t) => {
  const server = await ApiServerProcess.start();
  const controllers = server.component("controllers", ["controllers"]);
  const kubectl = (args: string[], stdin?: string) => server.kubectl("1.33", args, stdin);
  const ok = async (args: string[], stdin?: string) => {
    const out = await kubectl(args, stdin);
    assert.equal(out.code, 0, `kubectl ${args.join(" ")}: ${out.stderr}`);
    return out.stdout;
  };
  const names = async (resource: string) =>
    (await ok(["get", resource, "-n", "doomed", "-o", "name"])).trim().split("\n").filter((l) =>
      l !== ""
    );
  try {
    await t.step("a new namespace is Active with the kubernetes finalizer", async () => {
      await ok(["create", "namespace", "doomed"]);
      const ns = JSON.parse(await ok(["get", "namespace", "doomed", "-o", "json"]));
      assert.deepEqual(ns.spec.finalizers, ["kubernetes"]);
      assert.equal(ns.status.phase, "Active");
      await ok(["create", "-f", "-"], CONTENT);
      await eventually(
        async () => (await names("pods")).length === 2 ? true : undefined,
        "the RC's two pods",
      );
    });

    await t.step("kubectl delete namespace marks it Terminating and empties it", async () => {
      await ok(["delete", "namespace", "doomed", "--wait=false"]);
      const ns = JSON.parse(await ok(["get", "namespace", "doomed", "-o", "json"]));
      assert.equal(ns.status.phase, "Terminating");
      assert.ok(ns.metadata.deletionTimestamp);

      const refused = await kubectl(
        ["create", "-f", "-"],
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late, namespace: doomed}\n",
      );
      assert.notEqual(refused.code, 0);
      assert.match(
        refused.stderr,
        /Error from server \(Forbidden\).*configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated/,
      );

      // Everything goes but the configmap whose finalizer holds it (and with it, the namespace).
      await eventually(async () => {
        const left = [
          ...await names("pods"),
          ...await names("services"),
          ...await names("replicationcontrollers"),
          ...await names("configmaps"),
        ];
        return left.length === 1 ? left : undefined;
      }, "only the held configmap to be left");
      const held = JSON.parse(await ok(["get", "configmap", "held", "-n", "doomed", "-o", "json"]));
      assert.ok(held.metadata.deletionTimestamp);
      assert.equal(
        JSON.parse(await ok(["get", "namespace", "doomed", "-o", "json"])).status.phase,
        "Terminating",
      );
    });

    await t.step("once the last object goes, the namespace goes", async () => {
      await ok([
        "patch",
        "configmap",
        "held",
        "-n",
        "doomed",
        "--type=merge",
        "-p",
        '{"metadata":{"finalizers":null}}',
      ]);
      await eventually(async () => {
        const out = await kubectl(["get", "namespace", "doomed"]);
        return /NotFound/.test(out.stderr) ? true : undefined;
      }, "the namespace to go");
    });

    await t.step("the system namespaces cannot be deleted", async () => {
      for (const name of ["default", "kube-system"]) {
        const out = await kubectl(["delete", "namespace", name]);
        assert.notEqual(out.code, 0);
        assert.match(
          out.stderr,
          new RegExp(
            `Error from server \\(Forbidden\\): namespaces "${name}" is forbidden: this namespace may not be deleted`,
          ),
        );
      }
      const ns = JSON.parse(await ok(["get", "namespace", "default", "-o", "json"]));
      assert.equal(ns.status.phase, "Active");
      assert.equal(ns.metadata.deletionTimestamp, undefined);
    });
  } finally {
    await stopComponent(controllers);
    await server.stop();
  }
});
