import assert from "node:assert/strict";
import { DEFAULT_QUERY, formatQuery, parseQuery } from "./query.ts";

Deno.test("parseQuery reads the seed's /groups/.../selector/... form (pods)", () => {
  assert.deepEqual(parseQuery("#/groups/name/host/selector/name=frontend"), {
    resource: "pods",
    groups: ["name", "host"],
    selector: "name=frontend",
  });
  assert.deepEqual(parseQuery("#/groups//selector"), {
    resource: "pods",
    groups: [],
    selector: "",
  });
});

Deno.test("parseQuery reads a leading resource, encoded keys and selectors with slashes", () => {
  assert.deepEqual(
    parseQuery("#/nodes/groups/kubernetes.io%2Fhostname/selector/app.kubernetes.io/name in (a,b)"),
    {
      resource: "nodes",
      groups: ["kubernetes.io/hostname"],
      selector: "app.kubernetes.io/name in (a,b)",
    },
  );
  assert.deepEqual(parseQuery("#/deployments/selector/tier%20notin%20(x)"), {
    resource: "deployments",
    groups: [],
    selector: "tier notin (x)",
  });
});

Deno.test("parseQuery: an empty fragment is the default view; a stray % is kept", () => {
  assert.deepEqual(parseQuery(""), DEFAULT_QUERY);
  assert.deepEqual(parseQuery("#/"), DEFAULT_QUERY);
  assert.equal(parseQuery("#/groups/a/selector/x=100%").selector, "x=100%");
});

Deno.test("formatQuery round-trips through parseQuery and keeps selectors readable", () => {
  const query = {
    resource: "services" as const,
    groups: ["app.kubernetes.io/name", ".namespace"],
    selector: "tier in (web,api),!canary",
  };
  const fragment = formatQuery(query);
  assert.equal(
    fragment,
    "#/services/groups/app.kubernetes.io%2Fname/.namespace/selector/tier%20in%20(web,api),!canary",
  );
  assert.deepEqual(parseQuery(fragment), query);
});
