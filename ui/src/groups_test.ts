import assert from "node:assert/strict";
import { compareValues, groupBy } from "./groups.ts";

type Item = { name: string; labels: Record<string, string> };
const items: Item[] = [
  { name: "a", labels: { app: "web", host: "n2" } },
  { name: "b", labels: { app: "db", host: "n1" } },
  { name: "c", labels: { app: "web", host: "n1" } },
  { name: "d", labels: { host: "n10" } },
  { name: "e", labels: { app: "web", host: "n2" } },
];
const valueOf = (item: Item, key: string) => item.labels[key];

Deno.test("groupBy with no keys is one group of everything", () => {
  const root = groupBy(items, [], valueOf);
  assert.equal(root.count, 5);
  assert.deepEqual(root.groups, []);
  assert.deepEqual(root.items.map((i) => i.name), ["a", "b", "c", "d", "e"]);
});

Deno.test("groupBy nests one level per key, sorted, unset values last", () => {
  const root = groupBy(items, ["app", "host"], valueOf);
  const shape = root.groups.map((g) => ({
    path: g.path,
    count: g.count,
    inner: g.groups.map((h) => `${h.path}:${h.items.map((i) => i.name).join("")}`),
  }));
  assert.deepEqual(shape, [
    { path: "/app=db", count: 1, inner: ["/app=db/host=n1:b"] },
    { path: "/app=web", count: 3, inner: ["/app=web/host=n1:c", "/app=web/host=n2:ae"] },
    { path: "/app=(unset)", count: 1, inner: ["/app=(unset)/host=n10:d"] },
  ]);
  assert.equal(root.groups[2]!.value, undefined);
});

Deno.test("compareValues orders numbers inside values naturally", () => {
  assert.deepEqual(
    ["n10", undefined, "n2", "n1"].sort(compareValues),
    ["n1", "n2", "n10", undefined],
  );
});
