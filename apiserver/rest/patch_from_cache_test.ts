/**
 * Patches start from the watch cache's copy of the object. Here the cache is stopped after its
 * first list, so it is as stale as a cache can get, and every patch must still behave as if
 * it had read the store: no lost update, no false conflict, no false 404.
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
