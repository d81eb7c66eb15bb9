/**
 * Shared informers (client/shared_informers.ts) against a `kubeno apiserver` process: one
 * informer per resource and options, every handler fed by it, all stopped together; and the
 * controllers built on them share their watches (the garbage collector ignoring events).
 */
import assert from "node:assert/strict";
import {
  ApiClient,
  Informer,
  type KubeObject,
  ResourceClient,
  type ResourceId,
  SharedInformers,
} from "../client/mod.ts";
import { createLogger } from "../cli/log.ts";
import {
  collectableKinds,
  GarbageCollector,
  namespacedDeletableKinds,
} from "../controllers/garbage_collector.ts";
import { NamespaceController } from "../controllers/namespace.ts";
import { ServiceAccountController } from "../controllers/service_account.ts";
import { NodeLifecycleController } from "../controllers/node_lifecycle.ts";
import { waitFor } from "./support/wait.ts";
import { ApiServerProcess } from "./support/apiserver_process.ts";

const quiet = createLogger("test", 0, () => {});

const CONFIGMAPS: ResourceId = {
  group: "",
  version: "v1",
  resource: "configmaps",
  namespaced: true,
};
const SECRETS: ResourceId = { group: "", version: "v1", resource: "secrets", namespaced: true };
const EVENTS: ResourceId = { group: "", version: "v1", resource: "events", namespaced: true };

Deno.test("shared informers: one per resource and options, fed to every handler, stopped together", async () => {
  const server = await ApiServerProcess.start();
  const api = new ApiClient([server.url]);
  const informers = new SharedInformers(api, quiet);
  const cms = new ResourceClient<KubeObject>(api, CONFIGMAPS);
  // Not shared: watches on after the shared ones stop, to show when an event was delivered.
  const control = new Informer(cms, { logger: quiet });
  try {
    assert.equal(informers.api, api);
    const all = informers.informer(CONFIGMAPS);
    // Same resource, same (or equivalent: absent, empty) options: the same informer.
    assert.equal(informers.informer(CONFIGMAPS), all);
    assert.equal(informers.informer({ ...CONFIGMAPS }, {}), all);
    assert.equal(informers.informer(CONFIGMAPS, { labelSelector: "", fieldSelector: "" }), all);
    // Other options or another resource: another informer, each the same on every call.
    const inDefault = informers.informer(CONFIGMAPS, { namespace: "default" });
    const labelled = informers.informer(CONFIGMAPS, { labelSelector: "app=a" });
    const named = informers.informer(CONFIGMAPS, { fieldSelector: "metadata.name=b" });
    const secrets = informers.informer(SECRETS);
    const distinct = [all, inDefault, labelled, named, secrets];
    assert.equal(new Set(distinct).size, 5);
    assert.equal(informers.informer(CONFIGMAPS, { namespace: "default" }), inDefault);
    assert.equal(informers.informer(CONFIGMAPS, { labelSelector: "app=a" }), labelled);
    assert.equal(informers.informer(CONFIGMAPS, { fieldSelector: "metadata.name=b" }), named);
    assert.equal(informers.size, 5);

    await cms.create({ metadata: { name: "a", namespace: "default", labels: { app: "a" } } });
    await cms.create({ metadata: { name: "b", namespace: "kube-system" } });

    // Two "controllers" on one informer: both see every change; start() twice is one watch.
    const first: string[] = [];
    const second: string[] = [];
    all.addHandlers({ onAdd: (o) => first.push(`add ${keyName(o)}`) });
    all.start();
    all.start();
    await all.synced();
    all.addHandlers({ onAdd: (o) => second.push(`add ${keyName(o)}`) });
    assert.deepEqual(first.sort(), ["add default/a", "add kube-system/b"]);
    assert.deepEqual(second.sort(), first);
    await cms.create({ metadata: { name: "c", namespace: "default" } });
    await waitFor(() => first.length === 3 && second.length === 3, "both handlers to see c");

    // The options select what each informer caches.
    for (const informer of distinct) informer.start();
    await Promise.all(distinct.map((informer) => informer.synced()));
    assert.deepEqual(names(inDefault), ["default/a", "default/c"]);
    assert.deepEqual(names(labelled), ["default/a"]);
    assert.deepEqual(names(named), ["kube-system/b"]);
    assert.deepEqual(names(all), ["default/a", "default/c", "kube-system/b"]);

    control.start();
    await control.synced();
    await informers.stop();
    assert.throws(() => informers.informer(CONFIGMAPS), TypeError);
    // stop() returned once every watch loop had ended: a change seen by the control informer
    // never reaches the stopped ones.
    await cms.create({ metadata: { name: "d", namespace: "default", labels: { app: "a" } } });
    await waitFor(() => control.get("default/d") !== undefined, "the control informer to see d");
    for (const informer of [all, inDefault, labelled]) {
      assert.equal(informer.get("default/d"), undefined);
    }
  } finally {
    await control.stop();
    await informers.stop();
    await server.stop();
  }
});

Deno.test("controllers share informers; the garbage collector does not watch events", async () => {
  // Pure: the collector's kinds leave events out; the namespace controller still deletes them.
  const resources = (kinds: { group: string; resource: string }[]) =>
    kinds.map((k) => `${k.group}/${k.resource}`);
  assert.equal(resources(collectableKinds()).includes("/events"), false);
  assert.equal(resources(collectableKinds()).includes("/pods"), true);
  assert.equal(resources(namespacedDeletableKinds()).includes("/events"), true);
  assert.equal(namespacedDeletableKinds().every((k) => k.namespaced), true);

  const server = await ApiServerProcess.start();
  const api = new ApiClient([server.url]);
  const informers = new SharedInformers(api, quiet);
  const controllers = [
    new GarbageCollector(informers, quiet),
    new NamespaceController(informers, quiet),
    new ServiceAccountController(informers, quiet),
    new NodeLifecycleController(informers, {
      gracePeriodMs: 40_000,
      podEvictionTimeoutMs: 300_000,
      monitorPeriodMs: 5_000,
    }, quiet),
  ];
  try {
    // The collector watches every collectable kind; the others add no watch of their own
    // (namespaces, service accounts, nodes, leases and pods are all among those kinds, and
    // node lifecycle's and the service account controller's are unfiltered).
    assert.equal(informers.size, collectableKinds().length);
    const before = informers.size;
    informers.informer(EVENTS);
    assert.equal(informers.size, before + 1, "nobody had asked for an events informer");

    await Promise.all(controllers.map((c) => c.start()));
    // The shared, unfiltered service account informer: a non-default account is cached too,
    // yet only default ones are created.
    const accounts = new ResourceClient<KubeObject>(api, {
      group: "",
      version: "v1",
      resource: "serviceaccounts",
      namespaced: true,
    });
    const namespaces = new ResourceClient<KubeObject>(api, {
      group: "",
      version: "v1",
      resource: "namespaces",
      namespaced: false,
    });
    await namespaces.create({ metadata: { name: "team-shared" } });
    const shared = informers.informer({
      group: "",
      version: "v1",
      resource: "serviceaccounts",
      namespaced: true,
    });
    await waitFor(
      () => shared.get("team-shared/default") !== undefined,
      "the default service account of team-shared",
    );
    await accounts.create({ metadata: { name: "builder", namespace: "team-shared" } });
    await waitFor(() => shared.get("team-shared/builder") !== undefined, "the builder account");
    const first = shared.get("team-shared/default")!.metadata.uid;
    await accounts.delete("team-shared", "default");
    await waitFor(() => {
      const uid = shared.get("team-shared/default")?.metadata.uid;
      return uid !== undefined && uid !== first;
    }, "the default service account to come back");
  } finally {
    // The owner's order: controllers first, then the informers they share.
    await Promise.all(controllers.map((c) => c.stop()));
    await informers.stop();
    await server.stop();
  }
});

function keyName(object: KubeObject): string {
  return `${object.metadata.namespace}/${object.metadata.name}`;
}

function names(informer: Informer<KubeObject>): string[] {
  return informer.list().map(keyName).sort();
}
