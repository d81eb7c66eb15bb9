/**
 * Server-side apply with the real kubectl: field ownership kept in managedFields, conflicts with
 * other managers refused unless forced, and fields an applier drops removed.
 */
import assert from "node:assert/strict";
import { ApiServerProcess, type KubectlResult } from "./support/apiserver_process.ts";

function ok(result: KubectlResult, what: string): string {
  assert.equal(result.code, 0, `${what}: ${result.stderr}`);
  return result.stdout;
}

const config = (data: Record<string, string>) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "settings", labels: { app: "shop" } },
    data,
  });

interface Entry {
  manager: string;
  operation: string;
  fieldsV1: Record<string, Record<string, unknown>>;
}

Deno.test("server-side apply: managedFields, conflicts, force, and pruning", async () => {
  const server = await ApiServerProcess.start();
  try {
    for (const version of ["1.33", "1.31"]) {
      const name = `settings-${version.replace(".", "-")}`;
      const manifest = (data: Record<string, string>) =>
        config(data).replace('"settings"', JSON.stringify(name));
      const apply = (data: Record<string, string>, ...flags: string[]) =>
        server.kubectl(version, ["apply", "--server-side", ...flags, "-f", "-"], manifest(data));
      const get = async () =>
        JSON.parse(
          ok(
            await server.kubectl(version, [
              "get",
              "cm",
              name,
              "-o",
              "json",
              "--show-managed-fields",
            ]),
            "get",
          ),
        );

      assert.equal(
        ok(await apply({ a: "1", b: "2" }), "apply"),
        `configmap/${name} serverside-applied\n`,
      );
      let object = await get();
      const [entry] = object.metadata.managedFields as Entry[];
      assert.equal(entry?.manager, "kubectl");
      assert.equal(entry?.operation, "Apply");
      assert.deepEqual(entry?.fieldsV1["f:data"], { ".": {}, "f:a": {}, "f:b": {} });
      assert.deepEqual(entry?.fieldsV1["f:metadata"], { "f:labels": { ".": {}, "f:app": {} } });

      // Another manager takes data.a; applying a different value now conflicts.
      ok(
        await server.kubectl(version, [
          "patch",
          "cm",
          name,
          "--type=merge",
          "-p",
          '{"data":{"a":"9"}}',
        ]),
        "patch",
      );
      object = await get();
      const patcher = (object.metadata.managedFields as Entry[]).find((e) =>
        e.manager === "kubectl-patch"
      );
      assert.deepEqual(patcher?.fieldsV1, { "f:data": { "f:a": {} } });
      const conflicted = await apply({ a: "1", b: "2" });
      assert.notEqual(conflicted.code, 0);
      assert.match(
        conflicted.stderr,
        /Apply failed with 1 conflict: conflict with "kubectl-patch" using v1 at \S+: \.data\.a/,
      );
      assert.equal((await get()).data.a, "9", "a refused apply changes nothing");

      // Forcing takes the field over.
      ok(await apply({ a: "1", b: "2" }, "--force-conflicts"), "apply --force-conflicts");
      object = await get();
      assert.equal(object.data.a, "1");
      assert.equal(
        (object.metadata.managedFields as Entry[]).some((e) => e.manager === "kubectl-patch"),
        false,
        "the patcher owned nothing else, so its entry goes",
      );

      // A field the applier no longer specifies is removed.
      ok(await apply({ a: "1" }), "apply without b");
      assert.deepEqual((await get()).data, { a: "1" });
    }
  } finally {
    await server.stop();
  }
});

Deno.test("server-side apply: apply patches need a field manager; force only on apply", async () => {
  const server = await ApiServerProcess.start();
  try {
    const url = (query: string) =>
      new URL(`/api/v1/namespaces/default/configmaps/x?${query}`, server.url);
    const missing = await fetch(url(""), {
      method: "PATCH",
      headers: { "content-type": "application/apply-patch+yaml" },
      body: config({ a: "1" }).replace('"settings"', '"x"'),
    });
    const status = await missing.json();
    assert.equal(missing.status, 422);
    assert.match(status.message, /fieldManager: Required value: is required for apply patch/);
    const forced = await fetch(url("force=true"), {
      method: "PATCH",
      headers: { "content-type": "application/merge-patch+json" },
      body: "{}",
    });
    assert.equal(forced.status, 400);
    assert.match((await forced.json()).message, /force: Forbidden/);
  } finally {
    await server.stop();
  }
});
