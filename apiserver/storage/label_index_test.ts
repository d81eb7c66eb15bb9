import assert from "node:assert/strict";
import { LabelIndex } from "./label_index.ts";

Deno.test("the label index follows label changes and answers by value", () => {
  const index = new LabelIndex();
  index.update("ns/a", undefined, { app: "web", tier: "front" });
  index.update("ns/b", undefined, { app: "web" });
  index.update("ns/c", undefined, { app: "db" });
  assert.deepEqual(index.keys("app", ["web"]).sort(), ["ns/a", "ns/b"]);
  assert.deepEqual(index.keys("app", ["web", "db", "web"]).sort(), ["ns/a", "ns/b", "ns/c"]);
  index.update("ns/a", { app: "web", tier: "front" }, { app: "db" }); // relabelled
  assert.deepEqual(index.keys("app", ["web"]), ["ns/b"]);
  assert.deepEqual(index.keys("app", ["db"]).sort(), ["ns/a", "ns/c"]);
  assert.deepEqual(index.keys("tier", ["front"]), []);
  index.update("ns/b", { app: "web" }, undefined); // deleted
  assert.deepEqual(index.keys("app", ["web"]), []);
  assert.deepEqual(index.keys("missing", ["x"]), []);
  index.clear();
  assert.deepEqual(index.keys("app", ["db"]), []);
});
