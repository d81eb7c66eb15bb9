import assert from "node:assert/strict";
import {
  arr,
  bool,
  enumOf,
  field,
  inline,
  int32,
  intOrString,
  jsonFields,
  lazy,
  map,
  obj,
  reachableDefinitions,
  resolve,
  str,
  type TypeOf,
  zeroValue,
} from "./dsl.ts";

const leafSchema = obj("test.Leaf", {
  name: field(str(), { proto: 1, doc: "the name", required: true }),
  mode: field(enumOf(["A", "B"]), { proto: 2, doc: "a mode" }),
});

const embeddedSchema = obj("test.Embedded", {
  flag: field(bool(), { proto: 1, doc: "a flag" }),
});

const rootSchema = obj("test.Root", () => ({
  leaves: field(arr(leafSchema, { listType: "map", listMapKeys: ["name"] }), {
    proto: 1,
    doc: "",
  }),
  tags: field(map(str()), { proto: 2, doc: "" }),
  port: field(intOrString(), { proto: 3, doc: "" }),
  embedded: inline(embeddedSchema, { proto: 4 }),
  later: field(lazy(() => laterSchema), { proto: 5, doc: "" }),
}));

const laterSchema = obj("test.Later", { n: field(int32(), { proto: 1, doc: "" }) });

type Root = TypeOf<typeof rootSchema>;

Deno.test("dsl: inferred types follow the schema (required, enums, inline, lazy)", () => {
  const ok: Root = {
    leaves: [{ name: "a", mode: "A" }],
    tags: { k: "v" },
    port: "http",
    flag: true,
    later: { n: 1 },
  };
  // @ts-expect-error name is required
  const missing: Root = { leaves: [{ mode: "A" }] };
  // @ts-expect-error mode is an enum
  const badEnum: Root = { leaves: [{ name: "a", mode: "C" }] };
  // @ts-expect-error flag is a boolean (from the inline struct)
  const badInline: Root = { flag: "yes" };
  assert.ok(ok && missing && badEnum && badInline);
});

Deno.test("dsl: jsonFields flattens inline structs and keeps protobuf paths", () => {
  const fields = jsonFields(rootSchema);
  assert.deepEqual([...fields.keys()], ["leaves", "tags", "port", "flag", "later"]);
  assert.deepEqual(fields.get("flag")?.protoPath, [4, 1]);
  assert.equal(fields.get("flag")?.owner, embeddedSchema);
  assert.deepEqual(fields.get("tags")?.protoPath, [2]);
});

Deno.test("dsl: lazy schemas, zero values and reachable definitions", () => {
  const later = rootSchema.fields.later;
  assert.equal(resolve(later.schema), laterSchema);
  assert.equal(zeroValue(str()), "");
  assert.equal(zeroValue(int32()), 0);
  assert.equal(zeroValue(bool()), false);
  assert.equal(zeroValue(leafSchema), undefined);
  assert.deepEqual(reachableDefinitions([rootSchema]).map((d) => d.name), [
    "test.Root",
    "test.Leaf",
    "test.Embedded",
    "test.Later",
  ]);
});

Deno.test("dsl: builders refuse inconsistent options", () => {
  assert.throws(() => arr(str(), { listMapKeys: ["x"] }), TypeError);
  assert.throws(() => arr(str(), { patchMergeKey: "x" }), TypeError);
  assert.throws(() => field(str(), { proto: 0, doc: "" }), RangeError);
  const dup = obj("test.Dup", {
    a: field(str(), { doc: "" }),
    e: inline(obj("test.DupInner", { a: field(str(), { doc: "" }) })),
  });
  assert.throws(() => jsonFields(dup), TypeError);
});
