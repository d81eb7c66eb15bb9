import assert from "node:assert/strict";
import { ApiStatusError, type KubeObject } from "../client/mod.ts";
import {
  isNamespaceTerminating,
  labelSelectorOf,
  mapSelectorOf,
  msUntilAvailable,
  withReplicaFailure,
} from "./replica_core.ts";

const owner = (selector: unknown): KubeObject => ({ metadata: { name: "o" }, spec: { selector } });

Deno.test("RC map selectors and ReplicaSet LabelSelectors; empty ones select nothing", () => {
  assert.equal(mapSelectorOf(owner({ app: "web" })).matches({ app: "web", x: "y" }), true);
  assert.equal(mapSelectorOf(owner({ app: "web" })).matches({ app: "db" }), false);
  assert.equal(mapSelectorOf(owner({})).matches({ app: "web" }), false);
  assert.equal(mapSelectorOf(owner(undefined)).matches({}), false);
  const expressions = owner({
    matchLabels: { app: "web" },
    matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }, {
      key: "canary",
      operator: "DoesNotExist",
    }],
  });
  assert.equal(labelSelectorOf(expressions).matches({ app: "web", tier: "b" }), true);
  assert.equal(labelSelectorOf(expressions).matches({ app: "web", tier: "c" }), false);
  assert.equal(labelSelectorOf(expressions).matches({ app: "web", tier: "a", canary: "" }), false);
  assert.equal(labelSelectorOf(owner({})).matches({ app: "web" }), false);
  assert.equal(
    labelSelectorOf(owner({ matchExpressions: [{ key: "a", operator: "Bogus" }] })).matches({}),
    false,
  );
});

Deno.test("a ready pod is available once ready for minReadySeconds", () => {
  const pod = (status: string, since: string): KubeObject => ({
    metadata: { name: "p" },
    status: { conditions: [{ type: "Ready", status, lastTransitionTime: since }] },
  });
  const t0 = Date.parse("2024-01-01T00:00:00Z");
  assert.equal(msUntilAvailable(pod("False", "2024-01-01T00:00:00Z"), 0, t0), undefined);
  assert.equal(msUntilAvailable(pod("True", "2024-01-01T00:00:00Z"), 0, t0), 0);
  assert.equal(msUntilAvailable(pod("True", "2024-01-01T00:00:00Z"), 5, t0 + 2000), 3000);
  assert.equal(msUntilAvailable(pod("True", "2024-01-01T00:00:00Z"), 5, t0 + 5000), 0);
  assert.equal(msUntilAvailable({ metadata: { name: "p" } }, 5, t0), undefined);
});

Deno.test("ReplicaFailure: set once on a failure, kept as it was, removed on success", () => {
  const other = { type: "Other", status: "True" };
  const created = withReplicaFailure(
    [other],
    { reason: "FailedCreate", message: "pods is forbidden" },
    "T1",
  );
  assert.deepEqual(created, [other, {
    type: "ReplicaFailure",
    status: "True",
    lastTransitionTime: "T1",
    reason: "FailedCreate",
    message: "pods is forbidden",
  }]);
  // A later failure (even another kind) keeps the first condition, message and time.
  assert.deepEqual(
    withReplicaFailure(created, { reason: "FailedDelete", message: "later" }, "T2"),
    created,
  );
  // A sync that managed pods without error removes it, and only it.
  assert.deepEqual(withReplicaFailure(created, undefined, "T3"), [other]);
  assert.deepEqual(withReplicaFailure([], undefined, "T3"), []);
});

Deno.test("a create refused in a terminating namespace is told apart by its cause", () => {
  const refusal = (causes: unknown[]) =>
    new ApiStatusError(403, {
      kind: "Status",
      reason: "Forbidden",
      message: "pods is forbidden",
      details: { causes },
    });
  assert.equal(
    isNamespaceTerminating(
      refusal([{ reason: "NamespaceTerminating", field: "metadata.namespace" }]),
    ),
    true,
  );
  assert.equal(isNamespaceTerminating(refusal([{ reason: "FieldValueInvalid" }])), false);
  assert.equal(isNamespaceTerminating(new ApiStatusError(403, { message: "no" })), false);
  assert.equal(isNamespaceTerminating(new Error("NamespaceTerminating")), false);
});
