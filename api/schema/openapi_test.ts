import assert from "node:assert/strict";
import { podSchema } from "../types/core_v1_pod.ts";
import { deploymentSchema } from "../types/apps_v1.ts";
import { KINDS } from "../types/registry.ts";
import { type Json, type OpenApiSchema, toOpenApiV3 } from "./openapi.ts";

const REF = "#/components/schemas/";
const schemas = toOpenApiV3([podSchema]);

function def(name: string): OpenApiSchema {
  const d = schemas[name];
  assert.ok(d !== undefined, `no definition ${name}`);
  return d;
}

function prop(defName: string, name: string): OpenApiSchema {
  const p = (def(defName).properties as { [k: string]: Json } | undefined)?.[name];
  assert.ok(p !== undefined && p !== null && typeof p === "object", `no ${defName}.${name}`);
  return p as OpenApiSchema;
}

// Expected shapes as in kubernetes/kubernetes api/openapi-spec/v3/api__v1_openapi.json.

Deno.test("openapi: Container.ports and env carry list-map and patch extensions", () => {
  assert.deepEqual(prop("io.k8s.api.core.v1.Container", "ports"), {
    description:
      'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.',
    items: { allOf: [{ $ref: REF + "io.k8s.api.core.v1.ContainerPort" }], default: {} },
    type: "array",
    "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
    "x-kubernetes-list-type": "map",
    "x-kubernetes-patch-merge-key": "containerPort",
    "x-kubernetes-patch-strategy": "merge",
  });
  const env = prop("io.k8s.api.core.v1.Container", "env");
  assert.deepEqual(env["x-kubernetes-list-map-keys"], ["name"]);
  assert.equal(env["x-kubernetes-patch-merge-key"], "name");
  assert.equal(env["x-kubernetes-patch-strategy"], "merge");
  assert.deepEqual(prop("io.k8s.api.core.v1.Container", "args").items, {
    default: "",
    type: "string",
  });
  assert.equal(prop("io.k8s.api.core.v1.Container", "args")["x-kubernetes-list-type"], "atomic");
});

Deno.test("openapi: required fields, zero defaults and struct defaults", () => {
  const container = def("io.k8s.api.core.v1.Container");
  assert.deepEqual(container.required, ["name"]);
  assert.deepEqual(prop("io.k8s.api.core.v1.Container", "name"), {
    default: "",
    description:
      "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.",
    type: "string",
  });
  assert.deepEqual(prop("io.k8s.api.core.v1.Container", "resources"), {
    allOf: [{ $ref: REF + "io.k8s.api.core.v1.ResourceRequirements" }],
    default: {},
    description:
      "Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  });
  assert.deepEqual(def("io.k8s.api.core.v1.ContainerStatus").required, [
    "name",
    "ready",
    "restartCount",
    "image",
    "imageID",
  ]);
  assert.deepEqual(prop("io.k8s.api.core.v1.ResourceRequirements", "limits").additionalProperties, {
    $ref: REF + "io.k8s.apimachinery.pkg.api.resource.Quantity",
  });
  assert.deepEqual(def("io.k8s.api.core.v1.PodSpec").required, ["containers"]);
});

Deno.test("openapi: Pod carries its kind and refs to ObjectMeta", () => {
  const pod = def("io.k8s.api.core.v1.Pod");
  assert.deepEqual(pod["x-kubernetes-group-version-kind"], [
    { group: "", kind: "Pod", version: "v1" },
  ]);
  assert.equal(pod.type, "object");
  assert.deepEqual(prop("io.k8s.api.core.v1.Pod", "metadata"), {
    allOf: [{ $ref: REF + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }],
    default: {},
    description:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  });
  assert.equal(prop("io.k8s.api.core.v1.Pod", "kind").type, "string");
});

Deno.test("openapi: ObjectMeta maps and lists as published", () => {
  const meta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  assert.deepEqual(prop(meta, "labels").additionalProperties, { default: "", type: "string" });
  const finalizers = prop(meta, "finalizers");
  assert.equal(finalizers["x-kubernetes-list-type"], "set");
  assert.equal(finalizers["x-kubernetes-patch-strategy"], "merge");
  const owners = prop(meta, "ownerReferences");
  assert.deepEqual(owners["x-kubernetes-list-map-keys"], ["uid"]);
  assert.equal(owners["x-kubernetes-patch-merge-key"], "uid");
  assert.deepEqual(prop(meta, "creationTimestamp").allOf, [
    { $ref: REF + "io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
  ]);
  assert.equal(
    def("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference")["x-kubernetes-map-type"],
    "atomic",
  );
});

Deno.test("openapi: the apimachinery wrappers", () => {
  assert.deepEqual(def("io.k8s.apimachinery.pkg.util.intstr.IntOrString"), {
    description:
      "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    format: "int-or-string",
    oneOf: [{ type: "integer" }, { type: "string" }],
  });
  assert.deepEqual(def("io.k8s.apimachinery.pkg.api.resource.Quantity").oneOf, [
    { type: "string" },
    { type: "number" },
  ]);
  assert.equal(def("io.k8s.apimachinery.pkg.apis.meta.v1.Time").format, "date-time");
  assert.equal(def("io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1").type, "object");
});

Deno.test("openapi: inline structs are flattened and not listed", () => {
  assert.equal(schemas["io.k8s.api.core.v1.VolumeSource"], undefined);
  assert.equal(schemas["io.k8s.api.core.v1.ProbeHandler"], undefined);
  assert.deepEqual(prop("io.k8s.api.core.v1.Volume", "hostPath").allOf, [
    { $ref: REF + "io.k8s.api.core.v1.HostPathVolumeSource" },
  ]);
  assert.ok(prop("io.k8s.api.core.v1.Probe", "httpGet"));
  assert.ok(prop("io.k8s.api.core.v1.Probe", "periodSeconds"));
  const volumes = prop("io.k8s.api.core.v1.PodSpec", "volumes");
  assert.equal(volumes["x-kubernetes-patch-strategy"], "merge,retainKeys");
});

Deno.test("openapi: struct-level patch strategy and int-or-string properties", () => {
  const apps = toOpenApiV3([deploymentSchema]);
  const spec = apps["io.k8s.api.apps.v1.DeploymentSpec"]?.properties as {
    [k: string]: OpenApiSchema;
  };
  assert.equal(spec.strategy?.["x-kubernetes-patch-strategy"], "retainKeys");
  const ru = apps["io.k8s.api.apps.v1.RollingUpdateDeployment"]?.properties as {
    [k: string]: OpenApiSchema;
  };
  assert.deepEqual(ru.maxSurge?.allOf, [
    { $ref: REF + "io.k8s.apimachinery.pkg.util.intstr.IntOrString" },
  ]);
});

Deno.test("openapi: every served kind produces a definition, keys sorted", () => {
  const all = toOpenApiV3(
    KINDS.flatMap((k) => [k.schema, ...(k.listSchema ? [k.listSchema] : [])]),
  );
  for (const k of KINDS) {
    const prefix = k.group === ""
      ? "io.k8s.api.core.v1."
      : `io.k8s.api.${k.group.split(".")[0]}.v1.`;
    const d = all[prefix + k.kind];
    assert.ok(d, `${prefix}${k.kind}`);
    assert.deepEqual(d["x-kubernetes-group-version-kind"], [
      { group: k.group, kind: k.kind, version: k.version },
    ]);
  }
  const names = Object.keys(all);
  assert.deepEqual(names, [...names].sort());
  // Every $ref resolves.
  const text = JSON.stringify(all);
  for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
    assert.ok(all[m[1] as string], `dangling $ref ${m[1]}`);
  }
});
