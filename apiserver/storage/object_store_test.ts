import assert from "node:assert/strict";
import { LocalBackend } from "../../store/local_backend.ts";
import { ApiError } from "../errors.ts";
import { ObjectStore, type StoredObject } from "./object_store.ts";

const pods = { resource: "pods", group: "" };
const deployments = { resource: "deployments", group: "apps" };

interface Pod extends StoredObject {
  spec?: { n?: number };
}

function pod(name: string, n = 0): Pod {
  return { metadata: { name, namespace: "default", uid: `uid-${name}` }, spec: { n } };
}

function assertApiError(reason: string, code: number, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.reason, reason);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  };
}

Deno.test("create, get, update with preconditions, delete", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  const key = "/registry/pods/default/web";
  const created = await store.create(pods, key, pod("web"));
  assert.equal(created.metadata.resourceVersion, "2");
  assert.deepEqual(await store.get(pods, key, "web"), created);
  await assert.rejects(
    store.create(pods, key, pod("web")),
    assertApiError("AlreadyExists", 409, /^pods "web" already exists$/),
  );

  const updated = await store.update(pods, key, { ...created, spec: { n: 1 } }, 2);
  assert.equal(updated.metadata.resourceVersion, "3");
  await assert.rejects(
    store.update(pods, key, { ...created, spec: { n: 2 } }, 2),
    assertApiError(
      "Conflict",
      409,
      /^Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again$/,
    ),
  );
  await assert.rejects(
    store.update(deployments, "/registry/apps/deployments/default/x", pod("x")),
    assertApiError("NotFound", 404, /^deployments\.apps "x" not found$/),
  );

  await assert.rejects(
    store.delete(pods, key, "web", { uid: "other" }),
    assertApiError(
      "Conflict",
      409,
      /Precondition failed: UID in precondition: other, UID in object meta: uid-web/,
    ),
  );
  const deleted = await store.delete<Pod>(pods, key, "web", { resourceVersion: "3" });
  assert.equal(deleted.spec?.n, 1);
  await assert.rejects(store.get(pods, key, "web"), assertApiError("NotFound", 404));
});

Deno.test("guaranteed updates from concurrent writers lose nothing", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  const key = "/registry/pods/default/counter";
  await store.create(pods, key, pod("counter"));
  await Promise.all(
    [...Array(20)].map(() =>
      store.guaranteedUpdate<Pod>(pods, key, "counter", async (current) => {
        await new Promise((resolve) => setTimeout(resolve, 1)); // let writers interleave
        return { ...current, spec: { n: (current.spec?.n ?? 0) + 1 } };
      })
    ),
  );
  assert.equal((await store.get<Pod>(pods, key, "counter")).spec?.n, 20);
});

Deno.test("lists page with continue tokens at one revision; an old token is 410", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  for (let i = 0; i < 25; i++) {
    const name = `p${String(i).padStart(2, "0")}`;
    await store.create(pods, `/registry/pods/default/${name}`, pod(name));
  }
  const first = await store.list<Pod>("/registry/pods/", { limit: 10 });
  assert.equal(first.items.length, 10);
  assert.equal(first.remainingItemCount, 15);
  await store.create(pods, "/registry/pods/default/p99", pod("p99")); // not in this list
  const second = await store.list<Pod>("/registry/pods/", { limit: 10, continue: first.continue! });
  const third = await store.list<Pod>("/registry/pods/", { limit: 10, continue: second.continue! });
  assert.equal(third.items.length, 5);
  assert.equal(third.continue, undefined);
  assert.equal(second.revision, first.revision);
  const names = [...first.items, ...second.items, ...third.items].map((p) => p.metadata.name);
  assert.deepEqual(names, [...Array(25)].map((_, i) => `p${String(i).padStart(2, "0")}`));

  await backend.compact({ revision: await store.currentRevision() });
  await assert.rejects(
    store.list("/registry/pods/", { limit: 10, continue: first.continue! }),
    assertApiError("Expired", 410, /continue parameter is too old/),
  );
  await assert.rejects(
    store.list("/registry/pods/", { continue: "garbage" }),
    assertApiError("BadRequest", 400, /invalid continue token/),
  );
});

Deno.test("watch turns store events into ADDED, MODIFIED and DELETED", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  const from = await store.currentRevision();
  const watch = store.watch<Pod>("/registry/pods/", from);
  try {
    const key = "/registry/pods/default/w";
    const created = await store.create(pods, key, pod("w"));
    const updated = await store.update(pods, key, { ...created, spec: { n: 5 } });
    await store.delete(pods, key, "w");
    const events = [];
    while (events.length < 3) events.push(...(await watch.next())!);
    assert.deepEqual(events.map((e) => [e.type, e.object.metadata.resourceVersion]), [
      ["ADDED", created.metadata.resourceVersion],
      ["MODIFIED", updated.metadata.resourceVersion],
      ["DELETED", String(Number(updated.metadata.resourceVersion) + 1)],
    ]);
    assert.equal(events[2]!.object.spec?.n, 5, "a deleted object carries its last state");
  } finally {
    watch.stop();
  }
});

Deno.test("a watch from a compacted revision is 410 Expired", async () => {
  using backend = new LocalBackend({ expiryCheckMs: 0 });
  const store = new ObjectStore(backend);
  for (let i = 0; i < 5; i++) {
    await store.create(pods, `/registry/pods/default/c${i}`, pod(`c${i}`));
  }
  await backend.compact({ revision: 5 });
  const watch = store.watch<Pod>("/registry/pods/", 2);
  try {
    await assert.rejects(watch.next(), assertApiError("Expired", 410, /too old resource version/));
  } finally {
    watch.stop();
  }
});
