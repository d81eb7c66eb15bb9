/**
 * The garbage collector with real processes: `kubeno apiserver`, `kubeno controllers` and the
 * real kubectl 1.33. Deleting a replication controller removes its pods (background), keeps
 * them with their references stripped (`--cascade=orphan`), or removes them before the RC goes
 * (`--cascade=foreground`, checked by the order of the deletions' revisions); an object whose
 * owner never existed, or exists with another uid, is collected, and one whose owner lives
 * stays. No scheduler or node runs: the pods stay unbound, so their deletion is immediate.
 */
import assert from "node:assert/strict";
import { ApiClient, type KubeObject, ResourceClient, type WatchEvent } from "../client/mod.ts";
import { ApiServerProcess, stopComponent } from "./support/apiserver_process.ts";
import { eventually } from "./support/wait.ts";

function rc(name: string, replicas: number): string {
  return `apiVersion: v1
kind: ReplicationController
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: kubeno/busybox
        imagePullPolicy: IfNotPresent
`;
}

interface Pod {
  metadata: { name: string; uid: string; ownerReferences?: { uid: string; name: string }[] };
}

Deno.test("the garbage collector deletes, orphans and foreground-deletes dependents", async (t) => {
  const server = await ApiServerProcess.start();
  const controllers = server.component("controllers", ["controllers"]);
  const kubectl = (args: string[], stdin?: string) => server.kubectlOk(args, stdin);
  const pods = async (app: string): Promise<Pod[]> =>
    JSON.parse(await kubectl(["get", "pods", "-l", `app=${app}`, "-o", "json"])).items;
  const podsOf = (app: string, count: number) =>
    eventually(async () => {
      const items = await pods(app);
      return items.length === count ? items : undefined;
    }, `${count} pods of ${app}`);
  try {
    await t.step("background: kubectl delete rc removes its pods", async () => {
      await kubectl(["create", "-f", "-"], rc("bg", 2));
      const before = await podsOf("bg", 2);
      const uid = JSON.parse(await kubectl(["get", "rc", "bg", "-o", "json"])).metadata.uid;
      assert.ok(before.every((p) => p.metadata.ownerReferences?.[0]?.uid === uid));
      await kubectl(["delete", "rc", "bg"]);
      await podsOf("bg", 0);
    });

    await t.step("orphan: --cascade=orphan keeps the pods, without the reference", async () => {
      await kubectl(["create", "-f", "-"], rc("orph", 2));
      const before = await podsOf("orph", 2);
      await kubectl(["delete", "rc", "orph", "--cascade=orphan"]);
      // kubectl waited for the RC to go, which the orphan finalizer held until the pods were
      // released: they are all there, owned by nothing.
      const after = await pods("orph");
      assert.deepEqual(
        after.map((p) => p.metadata.uid).sort(),
        before.map((p) => p.metadata.uid).sort(),
      );
      assert.ok(
        after.every((p) => p.metadata.ownerReferences === undefined),
        JSON.stringify(after),
      );
      const rcs = await server.kubectl("1.33", ["get", "rc", "orph"]);
      assert.match(rcs.stderr, /NotFound/);
      // Still there a moment later: orphans are not collected.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal((await pods("orph")).length, 2);
      await kubectl(["delete", "pods", "-l", "app=orph"]);
    });

    await t.step("foreground: the pods go before the RC", async () => {
      await kubectl(["create", "-f", "-"], rc("fg", 3));
      await podsOf("fg", 3);
      const api = new ApiClient([server.url]);
      const client = (resource: string) =>
        new ResourceClient<KubeObject>(api, {
          group: "",
          version: "v1",
          resource,
          namespaced: true,
        });
      const abort = new AbortController();
      const seen: { resource: string; event: WatchEvent<KubeObject> }[] = [];
      const watchers = ["pods", "replicationcontrollers"].map(async (resource) => {
        const c = client(resource);
        const list = await c.list("default");
        for await (
          const event of c.watch("default", {
            resourceVersion: list.metadata.resourceVersion!,
            signal: abort.signal,
          })
        ) seen.push({ resource, event });
      });
      try {
        // Give both watches a moment to be established before the delete.
        await new Promise((resolve) => setTimeout(resolve, 500));
        await kubectl(["delete", "rc", "fg", "--cascade=foreground"]);
        await eventually(
          () =>
            Promise.resolve(
              seen.filter((s) => s.event.type === "DELETED").length >= 4 ? true : undefined,
            ),
          "four deletions watched",
          15_000,
        );
      } finally {
        abort.abort();
        await Promise.allSettled(watchers);
      }
      const rv = (s: { event: WatchEvent<KubeObject> }) =>
        Number(s.event.object.metadata.resourceVersion);
      const rcEvents = seen.filter((s) => s.resource === "replicationcontrollers");
      const marked = rcEvents.find((s) =>
        s.event.type === "MODIFIED" &&
        (s.event.object.metadata.finalizers as string[] | undefined)?.includes(
          "foregroundDeletion",
        ) && s.event.object.metadata.deletionTimestamp !== undefined
      );
      assert.ok(marked, `the RC was marked for foreground deletion: ${JSON.stringify(rcEvents)}`);
      const rcGone = rcEvents.find((s) => s.event.type === "DELETED");
      assert.ok(rcGone, "the RC was deleted");
      const podsGone = seen.filter((s) => s.resource === "pods" && s.event.type === "DELETED");
      assert.equal(podsGone.length, 3);
      for (const pod of podsGone) {
        assert.ok(rv(marked) < rv(pod) && rv(pod) < rv(rcGone), "pod deleted while the RC waited");
      }
    });

    await t.step(
      "an object whose owner never existed, or has another uid, is collected",
      async () => {
        await kubectl(["create", "-f", "-"], rc("owner", 0));
        const owner = JSON.parse(await kubectl(["get", "rc", "owner", "-o", "json"]));
        const configMap = (name: string, ownerName: string, uid: string) =>
          `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  ownerReferences:
  - {apiVersion: v1, kind: ReplicationController, name: ${ownerName}, uid: ${uid}}
data: {a: b}
`;
        await kubectl(["create", "-f", "-"], configMap("ghost", "never", crypto.randomUUID()));
        await kubectl(["create", "-f", "-"], configMap("stale", "owner", crypto.randomUUID()));
        await kubectl(["create", "-f", "-"], configMap("owned", "owner", owner.metadata.uid));
        await eventually(async () => {
          const out = await server.kubectl("1.33", ["get", "configmaps", "ghost", "stale"]);
          return (out.stderr.match(/NotFound/g) ?? []).length === 2 ? true : undefined;
        }, "the configmaps with dangling owners to be collected");
        const owned = JSON.parse(await kubectl(["get", "configmap", "owned", "-o", "json"]));
        assert.equal(owned.metadata.ownerReferences[0].uid, owner.metadata.uid);
        // Its owner deleted, the last one goes too.
        await kubectl(["delete", "rc", "owner"]);
        await eventually(async () => {
          const out = await server.kubectl("1.33", ["get", "configmap", "owned"]);
          return /NotFound/.test(out.stderr) ? true : undefined;
        }, "the owned configmap to follow its owner");
      },
    );
  } finally {
    await stopComponent(controllers);
    await server.stop();
  }
});
