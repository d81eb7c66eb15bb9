/**
 * Patches and bindings start from the watch cache's copy of the object. Here the cache is
 * stopped after its first list, so it is as stale as a cache can get, and every write must
 * still behave as if it had read the store: no lost update, no false conflict, no false 404.
 */
import assert from "node:assert/strict";
import { KINDS } from "../../api/types/registry.ts";
import { LocalBackend } from "../../store/local_backend.ts";
import { ApiError } from "../errors.ts";
import { parseRequestInfo, type ResourceRequest } from "../request_info.ts";
import { ObjectStore } from "../storage/object_store.ts";
import { WatchCache } from "../storage/watch_cache.ts";
import type { ApiObject } from "./metadata.ts";
import { ResourceHandler } from "./resources.ts";

const configMaps = { resource: "configmaps", group: "" };
const KEY = "/registry/configmaps/default/target";

async function frozenCacheHandler(backend: LocalBackend) {
  const store = new ObjectStore(backend);
  await store.create(configMaps, KEY, {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "target", namespace: "default", uid: "u1" },
    data: { base: "0" },
  });
  const cache = new WatchCache<ApiObject>(store, "/registry/configmaps/");
  await cache.start();
  await cache.stop(); // holds the object as first listed, from now on stale
  const kind = KINDS.find((k) => k.kind === "ConfigMap")!;
  const handler = new ResourceHandler(kind, {
    store,
    cache,
    requireNamespace: () => Promise.resolve(),
  });
  const patch = async (body: unknown) => {
    const url = new URL("http://kubeno/api/v1/namespaces/default/configmaps/target");
    const request = new Request(url, {
      method: "PATCH",
      headers: { "content-type": "application/merge-patch+json" },
      body: JSON.stringify(body),
    });
    try {
      const response = await handler.handle(
        request,
        parseRequestInfo("PATCH", url) as ResourceRequest,
        url,
      );
      return { status: response.status, body: await response.json() as ApiObject };
    } catch (error) {
      // The server turns these into Status answers.
      if (error instanceof ApiError) return { status: error.code, body: {} as ApiObject };
      throw error;
    }
  };
  return { store, cache, patch };
}

Deno.test("a patch started from a stale cached copy loses no write made since", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const { store, cache, patch } = await frozenCacheHandler(backend);
  // Written behind the cache's back.
  await store.guaranteedUpdate<ApiObject>(configMaps, KEY, "target", (o) => {
    (o.data as Record<string, string>).other = "1";
    return o;
  });
  const answer = await patch({ data: { mine: "2" } });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.deepEqual(answer.body.data, { base: "0", other: "1", mine: "2" });
  assert.equal(cache.get("default", "target")?.data?.["other" as never], undefined, "stale");
});

Deno.test("a patch naming the store's current resourceVersion is no conflict for a stale cache", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const { store, patch } = await frozenCacheHandler(backend);
  const current = await store.guaranteedUpdate<ApiObject>(configMaps, KEY, "target", (o) => o);
  const fresh = await patch({
    metadata: { resourceVersion: current.metadata.resourceVersion },
    data: { step: "1" },
  });
  assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
  const stale = await patch({
    metadata: { resourceVersion: current.metadata.resourceVersion },
    data: { step: "2" },
  });
  assert.equal(stale.status, 409, "an outdated version still conflicts");
});

Deno.test("a patch of an object deleted since the cache saw it is 404", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const { store, patch } = await frozenCacheHandler(backend);
  await store.delete(configMaps, KEY, "target");
  const answer = await patch({ data: { late: "1" } });
  assert.equal(answer.status, 404, JSON.stringify(answer.body));
});

/** A pods handler over a store whose cache is frozen after listing `pods`. */
async function frozenPods(backend: LocalBackend, ...pods: { name: string; node?: string }[]) {
  const store = new ObjectStore(backend);
  const podRef = { resource: "pods", group: "" };
  const put = (name: string, node?: string, uid = `uid-${name}`) =>
    store.create(podRef, `/registry/pods/default/${name}`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "default", uid },
      spec: { containers: [{ name: "c", image: "i" }], ...(node ? { nodeName: node } : {}) },
    });
  for (const pod of pods) await put(pod.name, pod.node);
  const cache = new WatchCache<ApiObject>(store, "/registry/pods/");
  await cache.start();
  await cache.stop();
  const handler = new ResourceHandler(KINDS.find((k) => k.kind === "Pod")!, {
    store,
    cache,
    requireNamespace: () => Promise.resolve(),
  });
  const refusals: string[] = [];
  const bind = async (name: string, node: string, dryRun = false) => {
    const url = new URL(
      `http://kubeno/api/v1/namespaces/default/pods/${name}/binding${dryRun ? "?dryRun=All" : ""}`,
    );
    const request = new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ metadata: { name }, target: { kind: "Node", name: node } }),
    });
    try {
      const info = parseRequestInfo("POST", url) as ResourceRequest;
      return (await handler.handle(request, info, url)).status;
    } catch (error) {
      if (error instanceof ApiError) {
        refusals.push(error.message);
        return error.code;
      }
      throw error;
    }
  };
  const stored = (name: string) =>
    store.get<ApiObject & { spec?: { nodeName?: string } }>(
      podRef,
      `/registry/pods/default/${name}`,
      name,
    );
  return { store, put, bind, stored, refusals };
}

Deno.test("binding judges the stored pod, not a stale cached one", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const { store, put, bind, stored, refusals } = await frozenPods(backend, { name: "a" }, {
    name: "b",
    node: "n1",
  });
  // a: bound behind the cache's back; binding it again is a conflict.
  await store.guaranteedUpdate<ApiObject>(
    { resource: "pods", group: "" },
    "/registry/pods/default/a",
    "a",
    (p) => {
      p.spec = { ...(p.spec ?? {}), nodeName: "n2" };
      return p;
    },
  );
  assert.equal(await bind("a", "n3"), 409);
  // The stored pod's verdict, at once (not "too many concurrent writers" after 1,000 reads).
  assert.match(refusals.at(-1)!, /pod a is already assigned to node "n2"/);
  assert.equal((await stored("a")).spec?.nodeName, "n2");
  // b: deleted and re-created unbound since the cache saw it bound; binding it works.
  await store.delete({ resource: "pods", group: "" }, "/registry/pods/default/b", "b");
  await put("b", undefined, "uid-b2");
  assert.equal(await bind("b", "n3"), 201);
  assert.equal((await stored("b")).spec?.nodeName, "n3");
});

Deno.test("a dry-run binding checks but writes nothing", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const { bind, stored } = await frozenPods(backend, { name: "c" }, { name: "d", node: "n1" });
  const before = (await stored("c")).metadata.resourceVersion;
  assert.equal(await bind("c", "n1", true), 201);
  assert.equal((await stored("c")).metadata.resourceVersion, before);
  assert.equal((await stored("c")).spec?.nodeName, undefined);
  assert.equal(await bind("d", "n2", true), 409);
});
