import assert from "node:assert/strict";
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from "./discovery.ts";

Deno.test("discovery documents come from the kinds registry", () => {
  assert.deepEqual(apiVersions("127.0.0.1:6443"), {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }],
  });
  const groups = apiGroupList() as { groups: { name: string }[] };
  for (const group of ["apps", "coordination.k8s.io", "discovery.k8s.io"]) {
    assert.ok(groups.groups.some((g) => g.name === group), group);
  }
  assert.deepEqual(apiGroupDocument("apps"), {
    kind: "APIGroup",
    apiVersion: "v1",
    name: "apps",
    versions: [{ groupVersion: "apps/v1", version: "v1" }],
    preferredVersion: { groupVersion: "apps/v1", version: "v1" },
  });
  assert.equal(apiGroupDocument("nope.example.com"), undefined);

  const core = apiResourceList("", "v1") as {
    groupVersion: string;
    resources: {
      name: string;
      kind: string;
      shortNames?: string[];
      categories?: string[];
      namespaced: boolean;
      group?: string;
    }[];
  };
  assert.equal(core.groupVersion, "v1");
  const byName = new Map(core.resources.map((r) => [r.name, r]));
  assert.deepEqual(byName.get("pods")?.shortNames, ["po"]);
  assert.deepEqual(byName.get("pods")?.categories, ["all"]);
  assert.equal(byName.get("nodes")?.namespaced, false);
  assert.equal(byName.get("pods/log")?.kind, "Pod");
  assert.equal(byName.get("replicationcontrollers/scale")?.kind, "Scale");
  assert.equal(byName.get("replicationcontrollers/scale")?.group, "autoscaling");
  assert.equal(byName.get("pods/portforward"), undefined, "not served yet, not listed");
  const apps = apiResourceList("apps", "v1") as { resources: { name: string }[] };
  assert.ok(apps.resources.some((r) => r.name === "deployments/scale"));
  assert.equal(apiResourceList("apps", "v2"), undefined);
});
