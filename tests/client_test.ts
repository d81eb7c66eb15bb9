/**
 * kubeno's own typed client (client/) against a `kubeno apiserver` process: resources,
 * informers (including across an API server restart) and leader election on Leases.
 */
import assert from "node:assert/strict";
import {
  ApiClient,
  ApiStatusError,
  Informer,
  type KubeObject,
  LeaderElector,
  type Lease,
  ResourceClient,
} from "../client/mod.ts";
import { createLogger } from "../cli/log.ts";
import { waitFor } from "./support/wait.ts";
import { ApiServerProcess } from "./support/apiserver_process.ts";

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const quiet = createLogger("test", 0, () => {});

const configMaps = (api: ApiClient) =>
  new ResourceClient<ConfigMap>(api, {
    group: "",
    version: "v1",
    resource: "configmaps",
    namespaced: true,
  });

Deno.test("typed resources and an informer that survives an API server restart", async () => {
  let server = await ApiServerProcess.start();
  const api = new ApiClient([server.url]);
  const cms = configMaps(api);
  const informer = new Informer(cms, {
    namespace: "default",
    logger: quiet,
    indexers: { v: (o) => [o.data?.v ?? ""] },
  });
  const events: string[] = [];
  informer.addHandlers({
    onAdd: (o) => events.push(`add ${o.metadata.name} ${o.data?.v}`),
    onUpdate: (_, o) => events.push(`update ${o.metadata.name} ${o.data?.v}`),
    onDelete: (o) => events.push(`delete ${o.metadata.name}`),
  });
  try {
    const created = await cms.create({
      metadata: { name: "a", namespace: "default" },
      data: { v: "1" },
    });
    assert.equal(created.metadata.resourceVersion !== undefined, true);
    await assert.rejects(
      cms.create({ metadata: { name: "a", namespace: "default" } }),
      (e: unknown) => e instanceof ApiStatusError && e.code === 409 && e.reason === "AlreadyExists",
    );

    informer.start();
    await informer.synced();
    assert.deepEqual(events, ["add a 1"]);
    await cms.update({ ...created, data: { v: "2" } });
    await cms.patch("default", "a", { data: { v: "3" } });
    await cms.create({ metadata: { name: "b", namespace: "default" }, data: { v: "x" } });
    await cms.delete("default", "b");
    await waitFor(() => events.length === 5, "five events");
    assert.deepEqual(events, ["add a 1", "update a 2", "update a 3", "add b x", "delete b"]);
    assert.deepEqual(informer.byIndex("namespace", "default").map((o) => o.metadata.name), ["a"]);
    // Indexes follow updates and deletes: old values no longer find the object.
    assert.deepEqual(informer.byIndex("v", "3").map((o) => o.metadata.name), ["a"]);
    assert.deepEqual(informer.byIndex("v", "1"), []);
    assert.deepEqual(informer.byIndex("v", "x"), []);

    server = await server.restart();
    await configMaps(new ApiClient([server.url])).create({
      metadata: { name: "c", namespace: "default" },
      data: { v: "after" },
    });
    await waitFor(
      () => informer.get("default/c")?.data?.v === "after",
      "an add after the restart",
      30_000,
    );
    assert.equal(informer.get("default/a")?.data?.v, "3");
  } finally {
    await informer.stop();
    await server.stop();
  }
});

Deno.test("leader election: one leader at a time, and a hand-over when it stops", async () => {
  const server = await ApiServerProcess.start();
  const api = new ApiClient([server.url]);
  const leases = new ResourceClient<Lease>(api, {
    group: "coordination.k8s.io",
    version: "v1",
    resource: "leases",
    namespaced: true,
  });
  const leading = new Set<string>();
  const electors = ["one", "two", "three"].map((identity) =>
    new LeaderElector(leases, {
      namespace: "kube-system",
      name: "kube-scheduler",
      identity,
      leaseDurationMs: 3000,
      renewDeadlineMs: 2000,
      retryPeriodMs: 100,
      logger: quiet,
      onStartedLeading: () => leading.add(identity),
      onStoppedLeading: () => leading.delete(identity),
    })
  );
  try {
    for (const elector of electors) elector.start();
    await waitFor(() => leading.size === 1, "a leader");
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(leading.size, 1, "never two leaders");
    const first = [...leading][0]!;
    const lease = await leases.get("kube-system", "kube-scheduler");
    assert.equal(lease.spec?.holderIdentity, first);

    await electors.find((_, i) => ["one", "two", "three"][i] === first)!.stop();
    await waitFor(() => leading.size === 1 && !leading.has(first), "a new leader", 5000);
    const next = await leases.get("kube-system", "kube-scheduler");
    assert.notEqual(next.spec?.holderIdentity, first);
    assert.equal(next.spec?.leaseTransitions, 1);
  } finally {
    for (const elector of electors) await elector.stop();
    await server.stop();
  }
});
