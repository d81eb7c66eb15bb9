import assert from "node:assert/strict";
import {
  apiVersionOf,
  kindForKind,
  kindForResource,
  KINDS,
  lookupKind,
  openApiRoots,
  parseApiVersion,
  servedGroupVersions,
} from "./registry.ts";

Deno.test("registry: every kind with its resource names, scope and short names", () => {
  const table = KINDS.map((k) => [
    apiVersionOf(k.group, k.version),
    k.kind,
    k.resource,
    k.singular,
    k.namespaced,
    k.shortNames.join(","),
    k.categories.join(","),
  ]);
  assert.deepEqual(table, [
    ["v1", "Namespace", "namespaces", "namespace", false, "ns", ""],
    ["v1", "Pod", "pods", "pod", true, "po", "all"],
    ["v1", "Binding", "bindings", "binding", true, "", ""],
    ["v1", "Service", "services", "service", true, "svc", "all"],
    ["v1", "Endpoints", "endpoints", "endpoints", true, "ep", ""],
    [
      "v1",
      "ReplicationController",
      "replicationcontrollers",
      "replicationcontroller",
      true,
      "rc",
      "all",
    ],
    ["v1", "Node", "nodes", "node", false, "no", ""],
    ["v1", "Event", "events", "event", true, "ev", ""],
    ["v1", "ConfigMap", "configmaps", "configmap", true, "cm", ""],
    ["v1", "Secret", "secrets", "secret", true, "", ""],
    ["v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true, "sa", ""],
    ["apps/v1", "Deployment", "deployments", "deployment", true, "deploy", "all"],
    ["apps/v1", "ReplicaSet", "replicasets", "replicaset", true, "rs", "all"],
    ["batch/v1", "Job", "jobs", "job", true, "", "all"],
    ["coordination.k8s.io/v1", "Lease", "leases", "lease", true, "", ""],
    ["discovery.k8s.io/v1", "EndpointSlice", "endpointslices", "endpointslice", true, "", ""],
  ]);
});

Deno.test("registry: schemas match their kinds", () => {
  for (const k of KINDS) {
    assert.deepEqual(k.schema.gvk, [{ group: k.group, version: k.version, kind: k.kind }]);
    if (k.listSchema !== undefined) {
      assert.equal(k.listKind, k.kind + "List");
      assert.deepEqual(k.listSchema.gvk, [{
        group: k.group,
        version: k.version,
        kind: k.listKind,
      }]);
    }
  }
  assert.equal(kindForKind("", "v1", "Binding")?.listSchema, undefined);
});

Deno.test("registry: subresources and verbs", () => {
  const sub = (r: string) => kindForResource(...(["", "v1", r] as const))?.subresources;
  assert.deepEqual(sub("pods")?.map((s) => s.name), [
    "attach",
    "binding",
    "exec",
    "log",
    "portforward",
    "status",
  ]);
  const scale = sub("replicationcontrollers")?.find((s) => s.name === "scale");
  assert.deepEqual(scale?.gvk, { group: "autoscaling", version: "v1", kind: "Scale" });
  assert.deepEqual(scale?.verbs, ["get", "patch", "update"]);
  assert.ok(
    kindForResource("apps", "v1", "deployments")?.subresources.some((s) => s.name === "scale"),
  );
  assert.deepEqual(kindForResource("", "v1", "bindings")?.verbs, ["create"]);
  assert.ok(!kindForResource("", "v1", "namespaces")?.verbs.includes("deletecollection"));
  assert.ok(kindForResource("", "v1", "pods")?.verbs.includes("watch"));
  const token = kindForResource("", "v1", "serviceaccounts")?.subresources[0];
  assert.deepEqual(token, {
    name: "token",
    gvk: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" },
    verbs: ["create"],
  });
});

Deno.test("registry: lookups", () => {
  assert.equal(lookupKind("po")?.kind, "Pod");
  assert.equal(lookupKind("Deployment")?.resource, "deployments");
  assert.equal(lookupKind("svc")?.kind, "Service");
  assert.equal(lookupKind("ep")?.kind, "Endpoints");
  assert.equal(lookupKind("nope"), undefined);
  assert.equal(kindForResource("apps", "v1", "pods"), undefined);
  assert.deepEqual(parseApiVersion("apps/v1"), { group: "apps", version: "v1" });
  assert.deepEqual(parseApiVersion("v1"), { group: "", version: "v1" });
  assert.deepEqual(servedGroupVersions().map((g) => apiVersionOf(g.group, g.version)), [
    "v1",
    "apps/v1",
    "batch/v1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
  ]);
});

Deno.test("registry: OpenAPI roots per group-version", () => {
  const names = (g: string) => openApiRoots(g, "v1").map((d) => d.name);
  assert.ok(names("").includes("io.k8s.api.core.v1.Pod"));
  assert.ok(names("").includes("io.k8s.api.autoscaling.v1.Scale"));
  assert.ok(names("").includes("io.k8s.apimachinery.pkg.apis.meta.v1.Patch"));
  assert.deepEqual(names("coordination.k8s.io").slice(0, 2), [
    "io.k8s.api.coordination.v1.Lease",
    "io.k8s.api.coordination.v1.LeaseList",
  ]);
  assert.ok(!names("coordination.k8s.io").includes("io.k8s.api.autoscaling.v1.Scale"));
  assert.ok(names("").includes("io.k8s.api.authentication.v1.TokenRequest"));
  assert.deepEqual(names("batch").slice(0, 2), [
    "io.k8s.api.batch.v1.Job",
    "io.k8s.api.batch.v1.JobList",
  ]);
});
