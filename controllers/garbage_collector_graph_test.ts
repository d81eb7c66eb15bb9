import assert from "node:assert/strict";
import { kindForKind } from "../api/types/registry.ts";
import { type GraphNode, type OwnerReference, OwnershipGraph } from "./garbage_collector_graph.ts";

const RC = kindForKind("", "v1", "ReplicationController")!;
const POD = kindForKind("", "v1", "Pod")!;

function node(
  uid: string,
  owners: OwnerReference[] = [],
  extra: Partial<GraphNode> = {},
): GraphNode {
  return {
    kind: owners.length > 0 ? POD : RC,
    namespace: "default",
    name: uid,
    uid,
    owners,
    deleting: false,
    finalizers: [],
    ...extra,
  };
}

function ref(uid: string, blockOwnerDeletion = true): OwnerReference {
  return { apiVersion: "v1", kind: "ReplicationController", name: uid, uid, blockOwnerDeletion };
}

Deno.test("a dependent whose owner is not in the graph is checked", () => {
  const graph = new OwnershipGraph();
  assert.deepEqual(graph.upsert(node("p", [ref("ghost")])), [{ action: "delete", uid: "p" }]);
  assert.deepEqual(graph.upsert(node("rc")), []);
  assert.deepEqual(graph.upsert(node("q", [ref("rc")])), []);
  assert.deepEqual(graph.dependentsOf("rc").map((n) => n.uid), ["q"]);
});

Deno.test("an owner leaving the graph sends its dependents to be checked", () => {
  const graph = new OwnershipGraph();
  graph.upsert(node("rc"));
  graph.upsert(node("p", [ref("rc")]));
  graph.upsert(node("q", [ref("rc")]));
  assert.deepEqual(graph.remove("rc").map((w) => w.uid).sort(), ["p", "q"]);
  assert.deepEqual(graph.remove("p"), []);
  assert.deepEqual(graph.dependentsOf("rc").map((n) => n.uid), ["q"]);
});

Deno.test("foreground: the owner and its dependents are queued; blockers are tracked", () => {
  const graph = new OwnershipGraph();
  graph.upsert(node("rc"));
  graph.upsert(node("p", [ref("rc")]));
  graph.upsert(node("q", [ref("rc", false)]));
  const work = graph.upsert(
    node("rc", [], { deleting: true, finalizers: ["foregroundDeletion"] }),
  );
  assert.deepEqual(work.map((w) => w.uid).sort(), ["p", "q", "rc"]);
  assert.ok(work.every((w) => w.action === "delete"));
  assert.deepEqual(graph.blockingDependentsOf("rc").map((n) => n.uid), ["p"]);
  // The blocking dependent going re-checks the owner, which then has none left.
  assert.deepEqual(graph.remove("p"), [{ action: "delete", uid: "rc" }]);
  assert.deepEqual(graph.blockingDependentsOf("rc"), []);
});

Deno.test("orphan: an owner with the orphan finalizer is queued for orphaning", () => {
  const graph = new OwnershipGraph();
  graph.upsert(node("rc"));
  assert.deepEqual(graph.upsert(node("rc", [], { deleting: true, finalizers: ["orphan"] })), [
    { action: "orphan", uid: "rc" },
  ]);
});
