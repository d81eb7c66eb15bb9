import assert from "node:assert/strict";
import { deploymentSchema } from "../../api/types/apps_v1.ts";
import { ApiError } from "../errors.ts";
import type { ApiObject } from "./metadata.ts";
import { fieldManagerOf, recordApply, recordApplyCreate, recordUpdate } from "./managed_fields.ts";
import { strategicMergePatch } from "./patch.ts";

type Json = Parameters<typeof strategicMergePatch>[0];

const ctx = (manager: string) => ({
  manager,
  apiVersion: "apps/v1",
  subresource: "" as const,
  schema: deploymentSchema,
  now: "2026-12-03T00:00:00Z",
});

function deployment(replicas: number, labels: Record<string, string>): ApiObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "nginx", image: "nginx:1" }] },
      },
    },
  } as unknown as ApiObject;
}

/** The apply path as the resource handler runs it: merge, then record. */
function apply(live: ApiObject, config: ApiObject, manager: string, force = false): ApiObject {
  const merged = strategicMergePatch(
    structuredClone(live) as Json,
    config as unknown as Json,
    deploymentSchema,
  ) as unknown as ApiObject;
  return recordApply(live, config, merged, ctx(manager), force);
}

function managers(object: ApiObject): string[] {
  return (object.metadata.managedFields as { manager: string; operation: string }[])
    .map((e) => `${e.manager}/${e.operation}`);
}

function owned(object: ApiObject, manager: string): string {
  const entry = (object.metadata.managedFields as { manager: string; fieldsV1: unknown }[])
    .find((e) => e.manager === manager);
  return JSON.stringify(entry?.fieldsV1 ?? null);
}

Deno.test("managed fields: create records every field for the creator", () => {
  const created = deployment(3, { app: "web" });
  recordUpdate(undefined, created, ctx("kubectl-create"));
  assert.deepEqual(managers(created), ["kubectl-create/Update"]);
  assert.match(owned(created, "kubectl-create"), /"f:replicas":\{\}/);
  assert.match(owned(created, "kubectl-create"), /"k:\{\\"name\\":\\"nginx\\"\}"/);
});

Deno.test("managed fields: an update moves the changed fields to the updater only", () => {
  const old = deployment(3, { app: "web" });
  recordUpdate(undefined, old, ctx("kubectl-create"));
  const next = structuredClone(old);
  (next.spec as { replicas: number }).replicas = 5;
  recordUpdate(old, next, ctx("kubectl-scale"));
  assert.deepEqual(managers(next), ["kubectl-create/Update", "kubectl-scale/Update"]);
  assert.doesNotMatch(owned(next, "kubectl-create"), /f:replicas/);
  assert.equal(owned(next, "kubectl-scale"), '{"f:spec":{"f:replicas":{}}}');
  // A write that changes nothing adds no entry.
  const same = structuredClone(next);
  recordUpdate(next, same, ctx("someone"));
  assert.deepEqual(managers(same), managers(next));
});

Deno.test("managed fields: apply conflicts with another manager's field unless forced", () => {
  const live = deployment(3, { app: "web" });
  recordUpdate(undefined, live, ctx("kubectl-create"));
  const config = deployment(4, { app: "web" });
  assert.throws(() => apply(live, config, "kubectl"), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 409);
    assert.equal(
      error.message,
      'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1 at ' +
        "2026-12-03T00:00:00Z: .spec.replicas",
    );
    assert.equal(error.details?.causes?.[0]?.field, ".spec.replicas");
    return true;
  });
  const forced = apply(live, config, "kubectl", true);
  assert.equal((forced.spec as { replicas: number }).replicas, 4);
  assert.doesNotMatch(owned(forced, "kubectl-create"), /f:replicas/);
  assert.match(owned(forced, "kubectl"), /f:replicas/);
});

Deno.test("managed fields: applying the same value shares ownership without conflict", () => {
  const live = deployment(3, { app: "web" });
  recordUpdate(undefined, live, ctx("kubectl-create"));
  const merged = apply(live, deployment(3, { app: "web" }), "kubectl");
  assert.match(owned(merged, "kubectl-create"), /f:replicas/);
  assert.match(owned(merged, "kubectl"), /f:replicas/);
});

Deno.test("managed fields: a field the applier stops specifying is removed", () => {
  const config1 = deployment(3, { app: "web", tier: "front" });
  const created = structuredClone(config1);
  recordApplyCreate(created, config1, ctx("kubectl"));
  const next = apply(created, deployment(3, { app: "web" }), "kubectl");
  assert.deepEqual(next.metadata.labels, { app: "web" });
  // ...but not when another manager also owns it.
  const shared = structuredClone(created);
  const labelled = structuredClone(shared);
  labelled.metadata.labels = { app: "web", tier: "back" };
  recordUpdate(shared, labelled, ctx("kubectl-label"));
  const kept = apply(labelled, deployment(3, { app: "web" }), "kubectl");
  assert.deepEqual(kept.metadata.labels, { app: "web", tier: "back" });
});

Deno.test("managed fields: the manager comes from fieldManager or the User-Agent", () => {
  const request = new Request("http://x/", {
    headers: { "user-agent": "kubectl/v1.33.0 (linux)" },
  });
  assert.equal(fieldManagerOf(new URLSearchParams("fieldManager=me"), request, false), "me");
  assert.equal(fieldManagerOf(new URLSearchParams(), request, false), "kubectl");
  assert.throws(
    () => fieldManagerOf(new URLSearchParams(), request, true),
    /fieldManager: Required value/,
  );
  assert.throws(
    () => fieldManagerOf(new URLSearchParams(`fieldManager=${"x".repeat(129)}`), request, false),
    /Too long/,
  );
});
