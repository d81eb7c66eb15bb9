import assert from "node:assert/strict";
import { pathKey } from "../../api/schema/field_set.ts";
import { decodeEntries, encodeEntries } from "./managed_entry.ts";

const stored = [{
  manager: "kubelet",
  operation: "Update",
  apiVersion: "v1",
  time: "2026-01-01T00:00:00Z",
  fieldsType: "FieldsV1",
  fieldsV1: {
    "f:status": { "f:phase": {}, "f:conditions": { ".": {}, 'k:{"type":"Ready"}': {} } },
  },
  subresource: "status",
}];

Deno.test("an entry answers membership from its stored trie and writes it back untouched", () => {
  const [entry] = decodeEntries(stored, true);
  assert.ok(entry!.has(pathKey(["f:status", "f:phase"])));
  assert.ok(entry!.has(pathKey(["f:status", "f:conditions"])));
  assert.ok(entry!.has(pathKey(["f:status", "f:conditions", 'k:{"type":"Ready"}'])));
  assert.ok(!entry!.has(pathKey(["f:status"])), "a prefix is not a member");
  assert.ok(!entry!.has(pathKey(["f:spec"])));
  // Taking fields it owns and giving up fields it does not own change nothing.
  entry!.add(pathKey(["f:status", "f:phase"]));
  entry!.delete(pathKey(["f:spec", "f:nodeName"]));
  const [written] = encodeEntries([entry!]) as { fieldsV1: unknown }[];
  assert.equal(written!.fieldsV1, stored[0]!.fieldsV1, "the same trie object, not a re-encoding");
});

Deno.test("a changed entry is re-encoded; one left empty is dropped", () => {
  const [entry] = decodeEntries(stored, true);
  entry!.add(pathKey(["f:status", "f:podIP"]));
  entry!.delete(pathKey(["f:status", "f:phase"]));
  const [written] = encodeEntries([entry!]) as { fieldsV1: unknown }[];
  assert.deepEqual(written!.fieldsV1, {
    "f:status": { "f:conditions": { ".": {}, 'k:{"type":"Ready"}': {} }, "f:podIP": {} },
  });
  for (const key of [...entry!.fields]) entry!.delete(key);
  assert.deepEqual(encodeEntries([entry!]), []);
});

Deno.test("a client's entries are always re-encoded (canonical order)", () => {
  const sent = [{
    manager: "x",
    operation: "Update",
    fieldsV1: { "f:spec": { "f:b": {}, "f:a": {} } },
  }];
  const [entry] = decodeEntries(sent, false);
  const [written] = encodeEntries([entry!]) as { fieldsV1: Record<string, unknown> }[];
  assert.notEqual(written!.fieldsV1, sent[0]!.fieldsV1);
  assert.deepEqual(Object.keys(written!.fieldsV1["f:spec"] as object), ["f:a", "f:b"]);
});

Deno.test("a client's entry whose trie holds no field is dropped", () => {
  for (const fieldsV1 of [{ "f:data": null }, { "f:data": [] }, {}]) {
    const entries = decodeEntries([{ manager: "x", operation: "Update", fieldsV1 }], false);
    assert.deepEqual(encodeEntries(entries), [], JSON.stringify(fieldsV1));
  }
});
