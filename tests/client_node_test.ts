/**
 * The official JavaScript client (@kubernetes/client-node 2.x, run under Deno) against
 * `kubeno apiserver`: CRUD, the four patch types, and an informer that keeps its cache right
 * across an API server restart.
 */
import assert from "node:assert/strict";
import * as k8s from "@kubernetes/client-node";
import { waitFor } from "./support/wait.ts";
import { ApiServerProcess } from "./support/apiserver_process.ts";

function config(url: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    // client-node refuses plain http unless the cluster skips TLS verification (notes).
    clusters: [{ name: "kubeno", server: url, skipTLSVerify: true }],
    users: [{ name: "kubeno" }],
    contexts: [{ name: "kubeno", cluster: "kubeno", user: "kubeno" }],
    currentContext: "kubeno",
  });
  return kc;
}

Deno.test({
  name: "@kubernetes/client-node: CRUD, four patch types, informer across a restart",
  // client-node keeps keep-alive sockets and informer timers of its own beyond our control.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    let server = await ApiServerProcess.start();
    const kc = config(server.url);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(
      kc,
      "/api/v1/namespaces/default/configmaps",
      () => core.listNamespacedConfigMap({ namespace: "default" }),
    );
    const seen = new Map<string, string | undefined>();
    informer.on("add", (cm) => seen.set(cm.metadata!.name!, cm.data?.v));
    informer.on("update", (cm) => seen.set(cm.metadata!.name!, cm.data?.v));
    informer.on("delete", (cm) => seen.delete(cm.metadata!.name!));
    informer.on("error", () => setTimeout(() => informer.start().catch(() => {}), 200));
    try {
      await t.step("create, read, replace, list, delete", async () => {
        const created = await core.createNamespacedConfigMap({
          namespace: "default",
          body: { metadata: { name: "one" }, data: { v: "1" } },
        });
        assert.ok(created.metadata?.uid);
        const read = await core.readNamespacedConfigMap({ name: "one", namespace: "default" });
        assert.equal(read.data?.v, "1");
        const replaced = await core.replaceNamespacedConfigMap({
          name: "one",
          namespace: "default",
          body: { ...read, data: { v: "2" } },
        });
        assert.equal(replaced.data?.v, "2");
        const list = await core.listNamespacedConfigMap({ namespace: "default" });
        assert.deepEqual(list.items.map((c) => c.metadata?.name), ["one"]);
        await assert.rejects(
          core.readNamespacedConfigMap({ name: "nope", namespace: "default" }),
          (error: unknown) => (error as { code?: number }).code === 404,
        );
      });

      await t.step("json, merge, strategic merge and apply patches", async () => {
        const patch = (body: unknown, strategy: k8s.PatchStrategy) =>
          core.patchNamespacedConfigMap(
            { name: "one", namespace: "default", body, fieldManager: "test" },
            k8s.setHeaderOptions("Content-Type", strategy),
          );
        await patch([{ op: "replace", path: "/data/v", value: "3" }], k8s.PatchStrategy.JsonPatch);
        await patch({ data: { w: "x" } }, k8s.PatchStrategy.MergePatch);
        await patch({ metadata: { labels: { a: "b" } } }, k8s.PatchStrategy.StrategicMergePatch);
        const applied = await patch(
          { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "one" }, data: { v: "4" } },
          k8s.PatchStrategy.ServerSideApply,
        );
        assert.deepEqual(applied.data, { v: "4", w: "x" });
        assert.deepEqual(applied.metadata?.labels, { a: "b" });
      });

      await t.step("an informer follows changes, and keeps following after a restart", async () => {
        await informer.start();
        await waitFor(() => seen.get("one") === "4", "the informer's initial list");
        await core.createNamespacedConfigMap({
          namespace: "default",
          body: { metadata: { name: "two" }, data: { v: "a" } },
        });
        await waitFor(() => seen.get("two") === "a", "an add event");
        await core.deleteNamespacedConfigMap({ name: "one", namespace: "default" });
        await waitFor(() => !seen.has("one"), "a delete event");

        server = await server.restart();
        const after = config(server.url).makeApiClient(k8s.CoreV1Api);
        await after.createNamespacedConfigMap({
          namespace: "default",
          body: { metadata: { name: "three" }, data: { v: "z" } },
        });
        await waitFor(() => seen.get("three") === "z", "an event after the restart", 40_000);
        assert.deepEqual([...seen.keys()].sort(), ["three", "two"]);
      });
    } finally {
      await informer.stop();
      await server.stop();
    }
  },
});
