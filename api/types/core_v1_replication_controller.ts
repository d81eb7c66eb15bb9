/**
 * core/v1 ReplicationController: spec, status with conditions, ReplicationControllerList.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { arr, field, int32, int64, map, obj, str, time, type TypeOf } from "../schema/dsl.ts";
import { podTemplateSpecSchema } from "./core_v1_pod.ts";
import { listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** ReplicationControllerSpec is the specification of a replication controller. */
export const replicationControllerSpecSchema = obj("io.k8s.api.core.v1.ReplicationControllerSpec", {
  replicas: field(int32(), {
    proto: 1,
    doc:
      "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller",
    default: 1,
  }),
  minReadySeconds: field(int32(), {
    proto: 4,
    doc:
      "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
  }),
  selector: field(map(str(), { mapType: "atomic" }), {
    proto: 2,
    doc:
      "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
  }),
  template: field(podTemplateSpecSchema, {
    proto: 3,
    doc:
      'Template is the object that describes the pod that will be created if insufficient replicas are detected. This takes precedence over a TemplateRef. The only allowed template.spec.restartPolicy value is "Always". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template',
  }),
}, { doc: "ReplicationControllerSpec is the specification of a replication controller." });
/** ReplicationControllerSpec is the specification of a replication controller. */
export type ReplicationControllerSpec = TypeOf<typeof replicationControllerSpecSchema>;

/** ReplicationControllerCondition describes the state of a replication controller at a certain point. */
export const replicationControllerConditionSchema = obj(
  "io.k8s.api.core.v1.ReplicationControllerCondition",
  {
    type: field(str(), {
      proto: 1,
      doc: "Type of replication controller condition.",
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
      proto: 3,
      doc: "The last time the condition transitioned from one status to another.",
    }),
    reason: field(str(), { proto: 4, doc: "The reason for the condition's last transition." }),
    message: field(str(), {
      proto: 5,
      doc: "A human readable message indicating details about the transition.",
    }),
  },
  {
    doc:
      "ReplicationControllerCondition describes the state of a replication controller at a certain point.",
  },
);
/** ReplicationControllerCondition describes the state of a replication controller at a certain point. */
export type ReplicationControllerCondition = TypeOf<typeof replicationControllerConditionSchema>;

/** ReplicationControllerStatus represents the current status of a replication controller. */
export const replicationControllerStatusSchema = obj(
  "io.k8s.api.core.v1.ReplicationControllerStatus",
  {
    replicas: field(int32(), {
      proto: 1,
      doc:
        "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller",
      required: true,
      default: 0,
    }),
    fullyLabeledReplicas: field(int32(), {
      proto: 2,
      doc:
        "The number of pods that have labels matching the labels of the pod template of the replication controller.",
    }),
    readyReplicas: field(int32(), {
      proto: 4,
      doc: "The number of ready replicas for this replication controller.",
    }),
    availableReplicas: field(int32(), {
      proto: 5,
      doc:
        "The number of available replicas (ready for at least minReadySeconds) for this replication controller.",
    }),
    observedGeneration: field(int64(), {
      proto: 3,
      doc:
        "ObservedGeneration reflects the generation of the most recently observed replication controller.",
    }),
    conditions: field(
      arr(replicationControllerConditionSchema, {
        listType: "map",
        listMapKeys: ["type"],
        patchStrategy: "merge",
        patchMergeKey: "type",
      }),
      {
        proto: 6,
        doc:
          "Represents the latest available observations of a replication controller's current state.",
      },
    ),
  },
  { doc: "ReplicationControllerStatus represents the current status of a replication controller." },
);
/** ReplicationControllerStatus represents the current status of a replication controller. */
export type ReplicationControllerStatus = TypeOf<typeof replicationControllerStatusSchema>;

/** ReplicationController represents the configuration of a replication controller. */
export const replicationControllerSchema = obj("io.k8s.api.core.v1.ReplicationController", {
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
      "If the Labels of a ReplicationController are empty, they are defaulted to be the same as the Pod(s) that the replication controller manages. Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  spec: field(replicationControllerSpecSchema, {
    proto: 2,
    doc:
      "Spec defines the specification of the desired behavior of the replication controller. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
  status: field(replicationControllerStatusSchema, {
    proto: 3,
    doc:
      "Status is the most recently observed status of the replication controller. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
}, {
  doc: "ReplicationController represents the configuration of a replication controller.",
  gvk: [{ group: "", version: "v1", kind: "ReplicationController" }],
  defaulter: (rc) => {
    // SetDefaults_ReplicationController: selector and labels default to the template's labels.
    const labels = rc.spec?.template?.metadata?.labels;
    if (!labels) return;
    if (rc.spec && Object.keys(rc.spec.selector ?? {}).length === 0) {
      rc.spec.selector = { ...labels };
    }
    if (rc.metadata && Object.keys(rc.metadata.labels ?? {}).length === 0) {
      rc.metadata.labels = { ...labels };
    }
  },
});
/** ReplicationController represents the configuration of a replication controller. */
export type ReplicationController = TypeOf<typeof replicationControllerSchema>;

/** ReplicationControllerList is a collection of replication controllers. */
export const replicationControllerListSchema = obj("io.k8s.api.core.v1.ReplicationControllerList", {
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
  items: field(arr(replicationControllerSchema), {
    proto: 2,
    doc:
      "List of replication controllers. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller",
    required: true,
  }),
}, {
  doc: "ReplicationControllerList is a collection of replication controllers.",
  gvk: [{ group: "", version: "v1", kind: "ReplicationControllerList" }],
});
/** ReplicationControllerList is a collection of replication controllers. */
export type ReplicationControllerList = TypeOf<typeof replicationControllerListSchema>;
