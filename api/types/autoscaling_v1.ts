/**
 * autoscaling/v1 Scale: the scale subresource's body.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { field, int32, obj, str, type TypeOf } from "../schema/dsl.ts";
import { objectMetaSchema } from "./meta_v1.ts";

/** ScaleSpec describes the attributes of a scale subresource. */
export const scaleSpecSchema = obj("io.k8s.api.autoscaling.v1.ScaleSpec", {
  replicas: field(int32(), {
    proto: 1,
    doc: "replicas is the desired number of instances for the scaled object.",
  }),
}, { doc: "ScaleSpec describes the attributes of a scale subresource." });
/** ScaleSpec describes the attributes of a scale subresource. */
export type ScaleSpec = TypeOf<typeof scaleSpecSchema>;

/** ScaleStatus represents the current status of a scale subresource. */
export const scaleStatusSchema = obj("io.k8s.api.autoscaling.v1.ScaleStatus", {
  replicas: field(int32(), {
    proto: 1,
    doc: "replicas is the actual number of observed instances of the scaled object.",
    required: true,
    default: 0,
  }),
  selector: field(str(), {
    proto: 2,
    doc:
      "selector is the label query over pods that should match the replicas count. This is same as the label selector but in the string format to avoid introspection by clients. The string will be in the same format as the query-param syntax. More info about label selectors: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/",
  }),
}, { doc: "ScaleStatus represents the current status of a scale subresource." });
/** ScaleStatus represents the current status of a scale subresource. */
export type ScaleStatus = TypeOf<typeof scaleStatusSchema>;

/** Scale represents a scaling request for a resource. */
export const scaleSchema = obj("io.k8s.api.autoscaling.v1.Scale", {
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
      "metadata is the standard object metadata; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata.",
    default: {},
  }),
  spec: field(scaleSpecSchema, {
    proto: 2,
    doc:
      "spec defines the behavior of the scale. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status.",
    default: {},
  }),
  status: field(scaleStatusSchema, {
    proto: 3,
    doc:
      "status is the current status of the scale. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status. Read-only.",
    default: {},
  }),
}, {
  doc: "Scale represents a scaling request for a resource.",
  gvk: [{ group: "autoscaling", version: "v1", kind: "Scale" }],
});
/** Scale represents a scaling request for a resource. */
export type Scale = TypeOf<typeof scaleSchema>;
