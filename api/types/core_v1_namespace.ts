/**
 * core/v1 Namespace: spec (finalizers), status (phase, conditions), NamespaceList.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { arr, enumOf, field, obj, str, time, type TypeOf } from "../schema/dsl.ts";
import { listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** NamespaceSpec describes the attributes on a Namespace. */
export const namespaceSpecSchema = obj("io.k8s.api.core.v1.NamespaceSpec", {
  finalizers: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc:
      "Finalizers is an opaque list of values that must be empty to permanently remove object from storage. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/",
  }),
}, { doc: "NamespaceSpec describes the attributes on a Namespace." });
/** NamespaceSpec describes the attributes on a Namespace. */
export type NamespaceSpec = TypeOf<typeof namespaceSpecSchema>;

/** The values of the Go enum `v1.NamespacePhase`. */
export const namespacePhaseSchema = enumOf(["Active", "Terminating"], "v1.NamespacePhase");
/** One of the values of the Go enum `v1.NamespacePhase`. */
export type NamespacePhase = TypeOf<typeof namespacePhaseSchema>;

/** NamespaceCondition contains details about state of namespace. */
export const namespaceConditionSchema = obj("io.k8s.api.core.v1.NamespaceCondition", {
  type: field(str(), {
    proto: 1,
    doc: "Type of namespace controller condition.",
    required: true,
    default: "",
  }),
  status: field(str(), {
    proto: 2,
    doc: "Status of the condition, one of True, False, Unknown.",
    required: true,
    default: "",
  }),
  lastTransitionTime: field(time(), {
    proto: 4,
    doc: "Last time the condition transitioned from one status to another.",
  }),
  reason: field(str(), {
    proto: 5,
    doc: "Unique, one-word, CamelCase reason for the condition's last transition.",
  }),
  message: field(str(), {
    proto: 6,
    doc: "Human-readable message indicating details about last transition.",
  }),
}, { doc: "NamespaceCondition contains details about state of namespace." });
/** NamespaceCondition contains details about state of namespace. */
export type NamespaceCondition = TypeOf<typeof namespaceConditionSchema>;

/** NamespaceStatus is information about the current status of a Namespace. */
export const namespaceStatusSchema = obj("io.k8s.api.core.v1.NamespaceStatus", {
  phase: field(namespacePhaseSchema, {
    proto: 1,
    doc:
      "Phase is the current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/",
    default: "Active",
    zeroIsUnset: true,
  }),
  conditions: field(
    arr(namespaceConditionSchema, {
      listType: "map",
      listMapKeys: ["type"],
      patchStrategy: "merge",
      patchMergeKey: "type",
    }),
    {
      proto: 2,
      doc: "Represents the latest available observations of a namespace's current state.",
    },
  ),
}, { doc: "NamespaceStatus is information about the current status of a Namespace." });
/** NamespaceStatus is information about the current status of a Namespace. */
export type NamespaceStatus = TypeOf<typeof namespaceStatusSchema>;

/** Namespace provides a scope for Names. Use of multiple namespaces is optional. */
export const namespaceSchema = obj("io.k8s.api.core.v1.Namespace", {
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
  spec: field(namespaceSpecSchema, {
    proto: 2,
    doc:
      "Spec defines the behavior of the Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
  status: field(namespaceStatusSchema, {
    proto: 3,
    doc:
      "Status describes the current status of a Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
}, {
  doc: "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
  gvk: [{ group: "", version: "v1", kind: "Namespace" }],
  defaulter: (ns) => {
    // SetDefaults_Namespace: the kubernetes.io/metadata.name label.
    const name = ns.metadata?.name;
    if (ns.metadata && name) (ns.metadata.labels ??= {})["kubernetes.io/metadata.name"] = name;
  },
});
/** Namespace provides a scope for Names. Use of multiple namespaces is optional. */
export type Namespace = TypeOf<typeof namespaceSchema>;

/** NamespaceList is a list of Namespaces. */
export const namespaceListSchema = obj("io.k8s.api.core.v1.NamespaceList", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  metadata: field(listMetaSchema, {
    proto: 1,
    doc:
      "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
    default: {},
  }),
  items: field(arr(namespaceSchema), {
    proto: 2,
    doc:
      "Items is the list of Namespace objects in the list. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
    required: true,
  }),
}, {
  doc: "NamespaceList is a list of Namespaces.",
  gvk: [{ group: "", version: "v1", kind: "NamespaceList" }],
});
/** NamespaceList is a list of Namespaces. */
export type NamespaceList = TypeOf<typeof namespaceListSchema>;
