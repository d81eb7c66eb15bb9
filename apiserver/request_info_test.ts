import assert from "node:assert/strict";
import { parseRequestInfo } from "./request_info.ts";

const parse = (method: string, path: string) =>
  parseRequestInfo(method, new URL(`http://127.0.0.1:6443${path}`));

Deno.test("resource paths parse like kube-apiserver's RequestInfoFactory", () => {
  assert.deepEqual(parse("GET", "/api/v1/namespaces/default/pods"), {
    kind: "resource",
    group: "",
    version: "v1",
    namespace: "default",
    resource: "pods",
    verb: "list",
  });
  assert.deepEqual(parse("GET", "/api/v1/namespaces/default/pods/web/log"), {
    kind: "resource",
    group: "",
    version: "v1",
    namespace: "default",
    resource: "pods",
    name: "web",
    subresource: "log",
    verb: "get",
  });
  assert.deepEqual(parse("GET", "/apis/apps/v1/deployments?watch=true"), {
    kind: "resource",
    group: "apps",
    version: "v1",
    resource: "deployments",
    verb: "watch",
  });
  assert.deepEqual(parse("PATCH", "/apis/apps/v1/namespaces/ns1/deployments/d/scale"), {
    kind: "resource",
    group: "apps",
    version: "v1",
    namespace: "ns1",
    resource: "deployments",
    name: "d",
    subresource: "scale",
    verb: "patch",
  });
  assert.deepEqual(parse("DELETE", "/api/v1/namespaces/default/pods"), {
    kind: "resource",
    group: "",
    version: "v1",
    namespace: "default",
    resource: "pods",
    verb: "deletecollection",
  });
});

Deno.test("namespaces are resources themselves", () => {
  assert.deepEqual(parse("GET", "/api/v1/namespaces/kube-system"), {
    kind: "resource",
    group: "",
    version: "v1",
    resource: "namespaces",
    name: "kube-system",
    verb: "get",
  });
  assert.deepEqual(parse("PUT", "/api/v1/namespaces/x/finalize"), {
    kind: "resource",
    group: "",
    version: "v1",
    resource: "namespaces",
    name: "x",
    subresource: "finalize",
    verb: "update",
  });
});

Deno.test("discovery and other paths are non-resource requests", () => {
  for (
    const path of [
      "/api",
      "/api/v1",
      "/apis",
      "/apis/apps",
      "/apis/apps/v1",
      "/version",
      "/healthz",
    ]
  ) {
    assert.deepEqual(parse("GET", path), { kind: "nonresource", path });
  }
});
