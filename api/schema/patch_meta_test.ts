import assert from "node:assert/strict";
import { podSchema } from "../types/core_v1_pod.ts";
import { deploymentSchema } from "../types/apps_v1.ts";
import { patchMetaAt, patchMetaFor, patchMetaOf } from "./patch_meta.ts";

Deno.test("patch meta: lists merged by key", () => {
  const containers = patchMetaAt(podSchema, "spec.containers");
  assert.equal(containers?.kind, "list");
  assert.equal(containers?.patchStrategy, "merge");
  assert.equal(containers?.patchMergeKey, "name");
  assert.equal(containers?.listType, "map");
  assert.deepEqual(containers?.listMapKeys, ["name"]);

  const ports = patchMetaAt(podSchema, ["spec", "containers", "ports"]);
  assert.equal(ports?.patchMergeKey, "containerPort");
  assert.deepEqual(ports?.listMapKeys, ["containerPort", "protocol"]);

  const volumes = patchMetaAt(podSchema, "spec.volumes");
  assert.equal(volumes?.patchStrategy, "merge,retainKeys");
  assert.equal(patchMetaAt(podSchema, "metadata.ownerReferences")?.patchMergeKey, "uid");
  assert.equal(patchMetaAt(podSchema, "metadata.finalizers")?.listType, "set");
});

Deno.test("patch meta: objects, maps, primitives and atomic lists", () => {
  assert.equal(patchMetaAt(podSchema, "spec")?.kind, "object");
  assert.equal(patchMetaAt(podSchema, "metadata.labels")?.kind, "map");
  assert.equal(patchMetaAt(podSchema, "metadata.labels.app")?.kind, "primitive");
  const args = patchMetaAt(podSchema, "spec.containers.args");
  assert.equal(args?.kind, "list");
  assert.equal(args?.listType, "atomic");
  assert.equal(args?.patchStrategy, undefined);
  assert.equal(patchMetaAt(podSchema, "spec.containers.0")?.kind, "object");
  assert.equal(patchMetaAt(podSchema, ["spec", "containers", 0, "image"])?.kind, "primitive");
  assert.equal(patchMetaAt(podSchema, "spec.volumes.hostPath.path")?.kind, "primitive");
  assert.equal(patchMetaAt(podSchema, "")?.kind, "object");
  assert.equal(patchMetaOf(podSchema).schema, podSchema);
});

Deno.test("patch meta: retainKeys on a struct and unknown paths", () => {
  const strategy = patchMetaAt(deploymentSchema, "spec.strategy");
  assert.equal(strategy?.kind, "object");
  assert.equal(strategy?.patchStrategy, "retainKeys");
  assert.equal(patchMetaAt(podSchema, "spec.nope"), undefined);
  assert.equal(patchMetaAt(podSchema, "spec.hostname.x"), undefined);
  assert.equal(patchMetaFor(podSchema, "status")?.kind, "object");
});
