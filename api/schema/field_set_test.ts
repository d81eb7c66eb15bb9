import assert from "node:assert/strict";
import { deploymentSchema } from "../types/apps_v1.ts";
import {
  displayPath,
  fieldValues,
  fromFieldsV1,
  NODE,
  pathKey,
  removeFieldPath,
  toFieldsV1,
} from "./field_set.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const deployment = (): { [key: string]: Json } => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", uid: "u1", labels: { app: "web" } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [{ name: "nginx", image: "nginx:1", args: ["a", "b"], resources: {} }],
      },
    },
  },
});

const SKIP = [["apiVersion"], ["kind"], ["metadata", "name"], ["metadata", "uid"]];

Deno.test("field set: leaves, granular maps and associative list elements", () => {
  const values = fieldValues(deployment(), deploymentSchema, SKIP);
  assert.equal(values.get(pathKey(["f:spec", "f:replicas"])), 3);
  assert.equal(values.get(pathKey(["f:metadata", "f:labels"])), NODE);
  assert.equal(values.get(pathKey(["f:metadata", "f:labels", "f:app"])), "web");
  const container = ["f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"nginx"}'];
  assert.equal(values.get(pathKey(container)), NODE);
  assert.equal(values.get(pathKey([...container, "f:image"])), "nginx:1");
  // Atomic list and empty object are leaves; skipped fields and structs are not members.
  assert.deepEqual(values.get(pathKey([...container, "f:args"])), ["a", "b"]);
  assert.deepEqual(values.get(pathKey([...container, "f:resources"])), {});
  assert.equal(values.has(pathKey(["f:metadata", "f:uid"])), false);
  assert.equal(values.has(pathKey(["f:spec"])), false);
});

Deno.test("field set: FieldsV1 round trip marks members with children by '.'", () => {
  const keys = [...fieldValues(deployment(), deploymentSchema, SKIP).keys()];
  const trie = toFieldsV1(keys);
  const metadata = trie["f:metadata"] as Record<string, unknown>;
  assert.deepEqual(metadata["f:labels"], { ".": {}, "f:app": {} });
  const containers = ((((trie["f:spec"] as Record<string, Record<string, unknown>>)["f:template"]
    ?.["f:spec"]) as Record<string, Record<string, unknown>>)["f:containers"]) as Record<
      string,
      Record<string, unknown>
    >;
  assert.deepEqual(Object.keys(containers['k:{"name":"nginx"}'] ?? {})[0], ".");
  assert.deepEqual(fromFieldsV1(trie), new Set(keys));
});

Deno.test("field set: removing a map key, a list element, and a missing path", () => {
  const object = deployment();
  assert.equal(removeFieldPath(object, ["f:metadata", "f:labels", "f:app"]), true);
  assert.deepEqual((object.metadata as { labels: unknown }).labels, {});
  const containers = ["f:spec", "f:template", "f:spec", "f:containers"];
  assert.equal(removeFieldPath(object, [...containers, 'k:{"name":"nginx"}']), true);
  assert.equal(removeFieldPath(object, [...containers, 'k:{"name":"nginx"}']), false);
  assert.equal(removeFieldPath(object, ["f:spec", "f:nothing", "f:here"]), false);
});

Deno.test("field set: paths print as in Kubernetes' conflict messages", () => {
  assert.equal(displayPath(["f:spec", "f:replicas"]), ".spec.replicas");
  assert.equal(
    displayPath(["f:spec", "f:containers", 'k:{"name":"nginx"}', "f:image"]),
    '.spec.containers[name="nginx"].image',
  );
});

Deno.test("toFieldsV1 writes keys in SMD's order whatever the order of the paths", () => {
  const paths = [
    ["f:spec", "f:containers", 'k:{"name":"b"}', "f:image"],
    ["f:metadata", "f:labels", "f:z"],
    ["f:spec", "f:containers", 'k:{"name":"a"}'],
    ["f:metadata", "f:labels"],
    ["f:spec", "f:containers", 'k:{"name":"b"}'],
    ["f:metadata", "f:labels", "f:a"],
    ["f:spec", "f:containers", 'k:{"name":"a"}', "f:name"],
  ].map(pathKey);
  const expected = JSON.stringify({
    "f:metadata": { "f:labels": { ".": {}, "f:a": {}, "f:z": {} } },
    "f:spec": {
      "f:containers": {
        'k:{"name":"a"}': { ".": {}, "f:name": {} },
        'k:{"name":"b"}': { ".": {}, "f:image": {} },
      },
    },
  });
  assert.equal(JSON.stringify(toFieldsV1(paths)), expected);
  assert.equal(JSON.stringify(toFieldsV1([...paths].reverse())), expected);
});
