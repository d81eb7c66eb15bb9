import assert from "node:assert/strict";
import { LocalBackend } from "../../store/local_backend.ts";
import { ApiError } from "../errors.ts";
import { ObjectStore, type StoredObject } from "./object_store.ts";
import { WatchCache } from "./watch_cache.ts";

const pods = { resource: "pods", group: "" };
const pod = (name: string, labels: Record<string, string> = {}): StoredObject => ({
  metadata: { name, namespace: "default", labels },
});

async function collect(
  watcher: { next(): Promise<{ type: string; object: StoredObject }[] | undefined> },
  count: number,
) {
  const seen: string[] = [];
  while (seen.length < count) {
    const events = await watcher.next();
    if (events === undefined) break;
    seen.push(...events.map((e) => `${e.type} ${e.object.metadata.name}`));
  }
  return seen;
}

Deno.test("a thousand watchers cost the store one watch and all see every event", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  await store.create(pods, "/registry/pods/default/a", pod("a"));
  const cache = new WatchCache(store, "/registry/pods/");
  await cache.start();
  try {
    const watchers = [...Array(1000)].map(() => cache.watch(cache.revision));
    assert.equal(backend.store.watchHub.size, 1);
    await store.create(pods, "/registry/pods/default/b", pod("b"));
    const c = await store.create(pods, "/registry/pods/default/c", pod("c"));
    await store.update(pods, "/registry/pods/default/c", c);
    await store.delete(pods, "/registry/pods/default/b", "b");
    const all = await Promise.all(watchers.map((w) => collect(w, 4)));
    for (const seen of all) {
      assert.deepEqual(seen, ["ADDED b", "ADDED c", "MODIFIED c", "DELETED b"]);
    }
    for (const w of watchers) w.close();
  } finally {
    await cache.stop();
  }
});

Deno.test("watch from 0 starts with the current objects; from a past revision replays", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  const cache = new WatchCache(store, "/registry/pods/");
  await cache.start();
  try {
    const a = await store.create(pods, "/registry/pods/default/a", pod("a", { app: "x" }));
    await store.create(pods, "/registry/pods/default/b", pod("b", { app: "y" }));
    await cache.waitFresh(Number(a.metadata.resourceVersion) + 1);
    const fromZero = cache.watch(0);
    assert.deepEqual(await collect(fromZero, 2), ["ADDED a", "ADDED b"]);
    const replay = cache.watch(Number(a.metadata.resourceVersion));
    assert.deepEqual(await collect(replay, 1), ["ADDED b"]);
    const filtered = cache.watch(
      0,
      (o) => (o.metadata.labels as Record<string, string>).app === "y",
    );
    await store.create(pods, "/registry/pods/default/c", pod("c", { app: "y" }));
    assert.deepEqual(await collect(filtered, 2), ["ADDED b", "ADDED c"]);
    for (const w of [fromZero, replay, filtered]) w.close();
  } finally {
    await cache.stop();
  }
});

Deno.test("a revision older than the window is 410; a slow watcher is closed", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  const cache = new WatchCache(store, "/registry/pods/", { capacity: 5, maxPending: 3 });
  await cache.start();
  try {
    const start = cache.revision;
    const slow = cache.watch(start);
    let last;
    for (let i = 0; i < 8; i++) {
      last = await store.create(pods, `/registry/pods/default/p${i}`, pod(`p${i}`));
    }
    await cache.waitFresh(Number(last!.metadata.resourceVersion));
    assert.throws(() => cache.watch(start), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 410);
      assert.match(error.message, /too old resource version/);
      return true;
    });
    assert.equal(slow.closedReason, "the watcher fell too far behind");
    const events = await slow.next();
    assert.equal(events?.length, 3, "what it had queued is still delivered");
    assert.equal(await slow.next(), undefined);
  } finally {
    await cache.stop();
  }
});

Deno.test("a watch from a revision inside the window gets exactly the later events", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  const cache = new WatchCache(store, "/registry/pods/", { capacity: 4 });
  await cache.start();
  try {
    const revisions: number[] = [];
    for (let i = 0; i < 12; i++) {
      const created = await store.create(pods, `/registry/pods/default/w${i}`, pod(`w${i}`));
      revisions.push(Number(created.metadata.resourceVersion));
    }
    await cache.waitFresh(revisions.at(-1)!);
    // The last four are always kept, whatever batch trimming left before them.
    for (const from of revisions.slice(-5, -1)) {
      const watcher = cache.watch(from);
      const names = (await watcher.next())?.map((e) => e.object.metadata.name);
      const expected = revisions.flatMap((r, i) => r > from ? [`w${i}`] : []);
      assert.deepEqual(names, expected, `from ${from}`);
      watcher.close();
    }
  } finally {
    await cache.stop();
  }
});

Deno.test("snapshots stay in key order through adds and deletes, whole or by namespace", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  const cache = new WatchCache(store, "/registry/pods/");
  const put = (namespace: string, name: string) =>
    store.create<StoredObject>(pods, `/registry/pods/${namespace}/${name}`, {
      metadata: { name, namespace },
    });
  await put("a", "m");
  await cache.start();
  try {
    // Namespaces whose names share a prefix ("a", "a-b", "ab") must not leak into each other.
    for (const [ns, name] of [["ab", "x"], ["a-b", "y"], ["a", "c"], ["b", "z"], ["a", "z"]]) {
      await put(ns!, name!);
    }
    await store.delete(pods, "/registry/pods/a/c", "c");
    const last = await put("a", "b");
    await cache.waitFresh(Number(last.metadata.resourceVersion));
    const keys = (items: StoredObject[]) =>
      items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    assert.deepEqual(keys(cache.snapshot().items), ["a-b/y", "a/b", "a/m", "a/z", "ab/x", "b/z"]);
    assert.deepEqual(keys(cache.snapshot("a").items), ["a/b", "a/m", "a/z"]);
    assert.deepEqual(keys(cache.snapshot("a-b").items), ["a-b/y"]);
    assert.deepEqual(keys(cache.snapshot("none").items), []);
  } finally {
    await cache.stop();
  }
});

Deno.test("a label-hinted snapshot finds the labelled objects through the index, in key order", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  const cache = new WatchCache(store, "/registry/pods/");
  const put = (namespace: string, name: string, labels: Record<string, string>) =>
    store.create<StoredObject>(pods, `/registry/pods/${namespace}/${name}`, {
      metadata: { name, namespace, labels },
    });
  await put("a", "listed-before-start", { app: "web" });
  await cache.start();
  try {
    await put("b", "z", { app: "web" });
    await put("a", "y", { app: "db" });
    await put("a", "x", { app: "web" });
    const relabelled = await store.guaranteedUpdate<StoredObject>(
      pods,
      "/registry/pods/a/y",
      "y",
      (o) => ({ ...o, metadata: { ...o.metadata, labels: { app: "web" } } }),
    );
    await store.delete(pods, "/registry/pods/a/listed-before-start", "listed-before-start");
    const last = await put("a", "w", { app: "cache" });
    await cache.waitFresh(Number(last.metadata.resourceVersion));
    assert.ok(Number(relabelled.metadata.resourceVersion) < Number(last.metadata.resourceVersion));
    const keys = (items: StoredObject[]) =>
      items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    const web = { name: "app", values: ["web"] };
    assert.deepEqual(keys(cache.snapshot(undefined, web).items), ["a/x", "a/y", "b/z"]);
    assert.deepEqual(keys(cache.snapshot("a", web).items), ["a/x", "a/y"]);
    assert.deepEqual(keys(cache.snapshot("a", { name: "app", values: ["db"] }).items), []);
    assert.deepEqual(
      keys(cache.snapshot(undefined, { name: "app", values: ["cache", "web"] }).items),
      ["a/w", "a/x", "a/y", "b/z"],
    );
  } finally {
    await cache.stop();
  }
});
