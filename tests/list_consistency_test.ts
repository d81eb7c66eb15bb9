/**
 * Lists as clients rely on them: pages (limit/continue) that add up to the whole set at one
 * resourceVersion, label-selected lists, and reads that always see the writes acknowledged
 * before them (lists are served from the watch cache once it has caught up with the store).
 */
import assert from "node:assert/strict";
import { ApiServerProcess } from "./support/apiserver_process.ts";

interface List {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { metadata: { name: string; resourceVersion: string } }[];
}

Deno.test("lists: pagination, selectors, and read-your-writes", async (t) => {
  const server = await ApiServerProcess.start();
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    assert.ok(response.ok, `${method} ${path}: ${JSON.stringify(json)}`);
    return json;
  };
  try {
    for (const ns of ["list-a", "list-b"]) {
      await api("POST", "/api/v1/namespaces", { metadata: { name: ns } });
    }
    const names = Array.from({ length: 25 }, (_, i) => `cm-${String(i).padStart(2, "0")}`);
    for (const [i, name] of names.entries()) {
      await api("POST", "/api/v1/namespaces/list-a/configmaps", {
        metadata: { name, labels: { parity: i % 2 === 0 ? "even" : "odd" } },
      });
    }
    for (let i = 0; i < 5; i++) {
      await api("POST", "/api/v1/namespaces/list-b/configmaps", { metadata: { name: `b-${i}` } });
    }

    await t.step(
      "pages of 10 add up to the namespace's 25, in order, at one revision",
      async () => {
        const pages: List[] = [];
        let token: string | undefined;
        do {
          const query = `limit=10${token ? `&continue=${encodeURIComponent(token)}` : ""}`;
          const page: List = await api("GET", `/api/v1/namespaces/list-a/configmaps?${query}`);
          pages.push(page);
          token = page.metadata.continue;
        } while (token !== undefined && pages.length < 10);
        assert.deepEqual(pages.map((p) => p.items.length), [10, 10, 5]);
        assert.equal(pages[0]!.metadata.remainingItemCount, 15);
        assert.deepEqual(pages.flatMap((p) => p.items.map((i) => i.metadata.name)), names);
        assert.equal(new Set(pages.map((p) => p.metadata.resourceVersion)).size, 1);
      },
    );

    await t.step("label-selected and cluster-wide lists", async () => {
      const odd: List = await api(
        "GET",
        "/api/v1/namespaces/list-a/configmaps?labelSelector=parity%3Dodd",
      );
      assert.equal(odd.items.length, 12);
      const all: List = await api("GET", "/api/v1/configmaps?labelSelector=parity");
      assert.equal(all.items.length, 25);
      const b: List = await api("GET", "/api/v1/namespaces/list-b/configmaps");
      assert.deepEqual(b.items.map((i) => i.metadata.name), ["b-0", "b-1", "b-2", "b-3", "b-4"]);
    });

    await t.step("every list sees the writes acknowledged before it", async () => {
      for (let i = 0; i < 30; i++) {
        const created = await api("POST", "/api/v1/namespaces/list-b/configmaps", {
          metadata: { name: `fresh-${i}` },
        });
        // A write elsewhere moves the store's revision past this range's last event.
        await api("POST", "/api/v1/namespaces/list-a/secrets", { metadata: { name: `s-${i}` } });
        const listed: List = await api(
          "GET",
          `/api/v1/namespaces/list-b/configmaps?fieldSelector=metadata.name%3Dfresh-${i}`,
        );
        assert.deepEqual(listed.items.map((item) => item.metadata.resourceVersion), [
          created.metadata.resourceVersion,
        ]);
        await api("DELETE", `/api/v1/namespaces/list-b/configmaps/fresh-${i}`);
        const gone: List = await api(
          "GET",
          `/api/v1/namespaces/list-b/configmaps?fieldSelector=metadata.name%3Dfresh-${i}`,
        );
        assert.deepEqual(gone.items, [], `fresh-${i} deleted`);
        assert.ok(
          Number(gone.metadata.resourceVersion) >= Number(created.metadata.resourceVersion),
        );
      }
    });

    await t.step("kubectl reads in chunks", async () => {
      const out = await server.kubectl("1.33", [
        "get",
        "configmaps",
        "-n",
        "list-a",
        "--chunk-size=7",
        "-o",
        "name",
      ]);
      assert.equal(out.code, 0, out.stderr);
      assert.deepEqual(out.stdout.trim().split("\n"), names.map((n) => `configmap/${n}`));
    });
  } finally {
    await server.stop();
  }
});
