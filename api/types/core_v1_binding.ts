/**
 * core/v1 Binding: the scheduler's pod-to-node binding.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { field, obj, str, type TypeOf } from "../schema/dsl.ts";
import { objectReferenceSchema } from "./core_v1_common.ts";
import { objectMetaSchema } from "./meta_v1.ts";

/** Binding ties one object to another; for example, a pod is bound to a node by a scheduler. */
export const bindingSchema = obj("io.k8s.api.core.v1.Binding", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  metadata: field(objectMetaSchema, {
    proto: 1,
    doc:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  target: field(objectReferenceSchema, {
    proto: 2,
    doc: "The target object that you want to bind to the standard object.",
    required: true,
    default: {},
  }),
}, {
  doc: "Binding ties one object to another; for example, a pod is bound to a node by a scheduler.",
  gvk: [{ group: "", version: "v1", kind: "Binding" }],
});
/** Binding ties one object to another; for example, a pod is bound to a node by a scheduler. */
export type Binding = TypeOf<typeof bindingSchema>;
