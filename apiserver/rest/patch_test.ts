import assert from "node:assert/strict";
import { podSchema } from "../../api/types/core_v1_pod.ts";
import { ApiError } from "../errors.ts";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch.ts";

type Json = Parameters<typeof mergePatch>[0];

const pod: Json = {
  metadata: { name: "web", labels: { app: "web", tier: "front" } },
  spec: {
    containers: [
      { name: "app", image: "a:1", ports: [{ containerPort: 80, protocol: "TCP" }] },
      { name: "sidecar", image: "s:1" },
    ],
    nodeSelector: { disk: "ssd" },
  },
};

Deno.test("merge patch: objects merge, null deletes, lists replace", () => {
  const patched = mergePatch(structuredClone(pod), {
    metadata: { labels: { tier: null, env: "prod" } },
    spec: { containers: [{ name: "only", image: "o:1" }] },
  }) as { metadata: { labels: Record<string, string> }; spec: { containers: unknown[] } };
  assert.deepEqual(patched.metadata.labels, { app: "web", env: "prod" });
  assert.equal(patched.spec.containers.length, 1);
});

Deno.test("JSON patch: add, replace, remove, move, copy, test", () => {
  const patched = jsonPatch(pod, [
    { op: "replace", path: "/spec/containers/0/image", value: "a:2" },
    { op: "add", path: "/metadata/labels/env", value: "prod" },
    { op: "remove", path: "/metadata/labels/tier" },
    { op: "add", path: "/spec/containers/-", value: { name: "third", image: "t:1" } },
    { op: "copy", from: "/metadata/labels/app", path: "/metadata/labels/copied" },
    { op: "test", path: "/spec/containers/0/image", value: "a:2" },
  ]) as { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
  assert.deepEqual(patched.metadata.labels, { app: "web", env: "prod", copied: "web" });
  assert.deepEqual(patched.spec.containers.map((c) => c.image), ["a:2", "s:1", "t:1"]);
  assert.throws(
    () => jsonPatch(pod, [{ op: "test", path: "/metadata/name", value: "other" }]),
    (e: unknown) => e instanceof ApiError && e.code === 422,
  );
  assert.throws(
    () => jsonPatch(pod, [{ op: "remove", path: "/spec/nope/x" }]),
    (e: unknown) => e instanceof ApiError && /missing path/.test(e.message),
  );
});

Deno.test("strategic merge patch merges containers by name and ports by containerPort", () => {
  const patched = strategicMergePatch(pod, {
    spec: {
      containers: [
        { name: "app", image: "a:2", ports: [{ containerPort: 443, protocol: "TCP" }] },
        { name: "new", image: "n:1" },
      ],
    },
  }, podSchema) as {
    spec: { containers: { name: string; image: string; ports?: { containerPort: number }[] }[] };
  };
  assert.deepEqual(patched.spec.containers.map((c) => [c.name, c.image]), [
    ["app", "a:2"],
    ["sidecar", "s:1"],
    ["new", "n:1"],
  ]);
  assert.deepEqual(patched.spec.containers[0]!.ports!.map((p) => p.containerPort), [80, 443]);
});

Deno.test("strategic merge patch directives: $patch delete/replace, $setElementOrder, $deleteFromPrimitiveList", () => {
  const deleted = strategicMergePatch(pod, {
    spec: { containers: [{ name: "sidecar", $patch: "delete" }] },
  }, podSchema) as { spec: { containers: { name: string }[] } };
  assert.deepEqual(deleted.spec.containers.map((c) => c.name), ["app"]);

  const replaced = strategicMergePatch(pod, {
    spec: { nodeSelector: { $patch: "replace", zone: "a" } },
  }, podSchema) as { spec: { nodeSelector: Record<string, string> } };
  assert.deepEqual(replaced.spec.nodeSelector, { zone: "a" });

  const ordered = strategicMergePatch(pod, {
    spec: { "$setElementOrder/containers": [{ name: "sidecar" }, { name: "app" }] },
  }, podSchema) as { spec: { containers: { name: string }[] } };
  assert.deepEqual(ordered.spec.containers.map((c) => c.name), ["sidecar", "app"]);

  const withFinalizers: Json = { metadata: { name: "x", finalizers: ["a", "b", "c"] } };
  const pruned = strategicMergePatch(withFinalizers, {
    metadata: { "$deleteFromPrimitiveList/finalizers": ["b"] },
  }, podSchema) as { metadata: { finalizers: string[] } };
  assert.deepEqual(pruned.metadata.finalizers, ["a", "c"]);
});
