/**
 * apps/v1 Deployment and ReplicaSet: specs (strategy, rolling update), statuses with conditions, lists.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import {
  arr,
  bool,
  enumOf,
  field,
  int32,
  int64,
  intOrString,
  obj,
  str,
  time,
  type TypeOf,
} from "../schema/dsl.ts";
import { podTemplateSpecSchema } from "./core_v1_pod.ts";
import { labelSelectorSchema, listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** The values of the Go enum `v1.DeploymentStrategyType`. */
export const deploymentStrategyTypeSchema = enumOf(
  ["Recreate", "RollingUpdate"],
  "v1.DeploymentStrategyType",
);
/** One of the values of the Go enum `v1.DeploymentStrategyType`. */
export type DeploymentStrategyType = TypeOf<typeof deploymentStrategyTypeSchema>;

/** Spec to control the desired behavior of rolling update. */
export const rollingUpdateDeploymentSchema = obj("io.k8s.api.apps.v1.RollingUpdateDeployment", {
  maxUnavailable: field(intOrString(), {
    proto: 1,
    doc:
      "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%. Example: when this is set to 30%, the old ReplicaSet can be scaled down to 70% of desired pods immediately when the rolling update starts. Once new pods are ready, old ReplicaSet can be scaled down further, followed by scaling up the new ReplicaSet, ensuring that the total number of pods available at all times during the update is at least 70% of desired pods.",
  }),
  maxSurge: field(intOrString(), {
    proto: 2,
    doc:
      "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. Defaults to 25%. Example: when this is set to 30%, the new ReplicaSet can be scaled up immediately when the rolling update starts, such that the total number of old and new pods do not exceed 130% of desired pods. Once old pods have been killed, new ReplicaSet can be scaled up further, ensuring that total number of pods running at any time during the update is at most 130% of desired pods.",
  }),
}, { doc: "Spec to control the desired behavior of rolling update." });
/** Spec to control the desired behavior of rolling update. */
export type RollingUpdateDeployment = TypeOf<typeof rollingUpdateDeploymentSchema>;

/** DeploymentStrategy describes how to replace existing pods with new ones. */
export const deploymentStrategySchema = obj("io.k8s.api.apps.v1.DeploymentStrategy", {
  type: field(deploymentStrategyTypeSchema, {
    proto: 1,
    doc: 'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.',
  }),
  rollingUpdate: field(rollingUpdateDeploymentSchema, {
    proto: 2,
    doc: "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.",
  }),
}, { doc: "DeploymentStrategy describes how to replace existing pods with new ones." });
/** DeploymentStrategy describes how to replace existing pods with new ones. */
export type DeploymentStrategy = TypeOf<typeof deploymentStrategySchema>;

/** DeploymentSpec is the specification of the desired behavior of the Deployment. */
export const deploymentSpecSchema = obj("io.k8s.api.apps.v1.DeploymentSpec", {
  replicas: field(int32(), {
    proto: 1,
    doc:
      "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.",
    default: 1,
  }),
  selector: field(labelSelectorSchema, {
    proto: 2,
    doc:
      "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
    required: true,
  }),
  template: field(podTemplateSpecSchema, {
    proto: 3,
    doc:
      'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".',
    required: true,
    default: {},
  }),
  strategy: field(deploymentStrategySchema, {
    proto: 4,
    doc: "The deployment strategy to use to replace existing pods with new ones.",
    default: {},
    patchStrategy: "retainKeys",
  }),
  minReadySeconds: field(int32(), {
    proto: 5,
    doc:
      "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
  }),
  revisionHistoryLimit: field(int32(), {
    proto: 6,
    doc:
      "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.",
    default: 10,
  }),
  paused: field(bool(), { proto: 7, doc: "Indicates that the deployment is paused." }),
  progressDeadlineSeconds: field(int32(), {
    proto: 9,
    doc:
      "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s.",
    default: 600,
  }),
}, {
  doc: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
  defaulter: (spec) => {
    // SetDefaults_Deployment: RollingUpdate with 25% max unavailable and 25% max surge.
    const strategy = (spec.strategy ??= {});
    if (!strategy.type) strategy.type = "RollingUpdate";
    if (strategy.type === "RollingUpdate") {
      const ru = (strategy.rollingUpdate ??= {});
      ru.maxUnavailable ??= "25%";
      ru.maxSurge ??= "25%";
    }
  },
});
/** DeploymentSpec is the specification of the desired behavior of the Deployment. */
export type DeploymentSpec = TypeOf<typeof deploymentSpecSchema>;

/** DeploymentCondition describes the state of a deployment at a certain point. */
export const deploymentConditionSchema = obj("io.k8s.api.apps.v1.DeploymentCondition", {
  type: field(str(), { proto: 1, doc: "Type of deployment condition." }),
  status: field(str(), { proto: 2, doc: "Status of the condition, one of True, False, Unknown." }),
  lastUpdateTime: field(time(), { proto: 6, doc: "The last time this condition was updated." }),
  lastTransitionTime: field(time(), {
    proto: 7,
    doc: "Last time the condition transitioned from one status to another.",
  }),
  reason: field(str(), { proto: 4, doc: "The reason for the condition's last transition." }),
  message: field(str(), {
    proto: 5,
    doc: "A human readable message indicating details about the transition.",
  }),
}, { doc: "DeploymentCondition describes the state of a deployment at a certain point." });
/** DeploymentCondition describes the state of a deployment at a certain point. */
export type DeploymentCondition = TypeOf<typeof deploymentConditionSchema>;

/** DeploymentStatus is the most recently observed status of the Deployment. */
export const deploymentStatusSchema = obj("io.k8s.api.apps.v1.DeploymentStatus", {
  observedGeneration: field(int64(), {
    proto: 1,
    doc: "The generation observed by the deployment controller.",
  }),
  replicas: field(int32(), {
    proto: 2,
    doc:
      "Total number of non-terminating pods targeted by this deployment (their labels match the selector).",
  }),
  updatedReplicas: field(int32(), {
    proto: 3,
    doc:
      "Total number of non-terminating pods targeted by this deployment that have the desired template spec.",
  }),
  readyReplicas: field(int32(), {
    proto: 7,
    doc: "Total number of non-terminating pods targeted by this Deployment with a Ready Condition.",
  }),
  availableReplicas: field(int32(), {
    proto: 4,
    doc:
      "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.",
  }),
  unavailableReplicas: field(int32(), {
    proto: 5,
    doc:
      "Total number of unavailable pods targeted by this deployment. This is the total number of pods that are still required for the deployment to have 100% available capacity. They may either be pods that are running but not yet available or pods that still have not been created.",
  }),
  terminatingReplicas: field(int32(), {
    proto: 9,
    doc:
      "Total number of terminating pods targeted by this deployment. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is a beta field and requires enabling DeploymentReplicaSetTerminatingReplicas feature (enabled by default).",
  }),
  conditions: field(
    arr(deploymentConditionSchema, {
      listType: "map",
      listMapKeys: ["type"],
      patchStrategy: "merge",
      patchMergeKey: "type",
    }),
    {
      proto: 6,
      doc: "Represents the latest available observations of a deployment's current state.",
    },
  ),
  collisionCount: field(int32(), {
    proto: 8,
    doc:
      "Count of hash collisions for the Deployment. The Deployment controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ReplicaSet.",
  }),
}, { doc: "DeploymentStatus is the most recently observed status of the Deployment." });
/** DeploymentStatus is the most recently observed status of the Deployment. */
export type DeploymentStatus = TypeOf<typeof deploymentStatusSchema>;

/** Deployment enables declarative updates for Pods and ReplicaSets. */
export const deploymentSchema = obj("io.k8s.api.apps.v1.Deployment", {
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
  spec: field(deploymentSpecSchema, {
    proto: 2,
    doc: "Specification of the desired behavior of the Deployment.",
    default: {},
  }),
  status: field(deploymentStatusSchema, {
    proto: 3,
    doc: "Most recently observed status of the Deployment.",
    default: {},
  }),
}, {
  doc: "Deployment enables declarative updates for Pods and ReplicaSets.",
  gvk: [{ group: "apps", version: "v1", kind: "Deployment" }],
});
/** Deployment enables declarative updates for Pods and ReplicaSets. */
export type Deployment = TypeOf<typeof deploymentSchema>;

/** DeploymentList is a list of Deployments. */
export const deploymentListSchema = obj("io.k8s.api.apps.v1.DeploymentList", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  metadata: field(listMetaSchema, { proto: 1, doc: "Standard list metadata.", default: {} }),
  items: field(arr(deploymentSchema), {
    proto: 2,
    doc: "Items is the list of Deployments.",
    required: true,
  }),
}, {
  doc: "DeploymentList is a list of Deployments.",
  gvk: [{ group: "apps", version: "v1", kind: "DeploymentList" }],
});
/** DeploymentList is a list of Deployments. */
export type DeploymentList = TypeOf<typeof deploymentListSchema>;

/** ReplicaSetSpec is the specification of a ReplicaSet. */
export const replicaSetSpecSchema = obj("io.k8s.api.apps.v1.ReplicaSetSpec", {
  replicas: field(int32(), {
    proto: 1,
    doc:
      "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
    default: 1,
  }),
  minReadySeconds: field(int32(), {
    proto: 4,
    doc:
      "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
  }),
  selector: field(labelSelectorSchema, {
    proto: 2,
    doc:
      "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    required: true,
  }),
  template: field(podTemplateSpecSchema, {
    proto: 3,
    doc:
      "Template is the object that describes the pod that will be created if insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#pod-template",
    default: {},
  }),
}, { doc: "ReplicaSetSpec is the specification of a ReplicaSet." });
/** ReplicaSetSpec is the specification of a ReplicaSet. */
export type ReplicaSetSpec = TypeOf<typeof replicaSetSpecSchema>;

/** ReplicaSetCondition describes the state of a replica set at a certain point. */
export const replicaSetConditionSchema = obj("io.k8s.api.apps.v1.ReplicaSetCondition", {
  type: field(str(), { proto: 1, doc: "Type of replica set condition." }),
  status: field(str(), { proto: 2, doc: "Status of the condition, one of True, False, Unknown." }),
  lastTransitionTime: field(time(), {
    proto: 3,
    doc: "The last time the condition transitioned from one status to another.",
  }),
  reason: field(str(), { proto: 4, doc: "The reason for the condition's last transition." }),
  message: field(str(), {
    proto: 5,
    doc: "A human readable message indicating details about the transition.",
  }),
}, { doc: "ReplicaSetCondition describes the state of a replica set at a certain point." });
/** ReplicaSetCondition describes the state of a replica set at a certain point. */
export type ReplicaSetCondition = TypeOf<typeof replicaSetConditionSchema>;

/** ReplicaSetStatus represents the current status of a ReplicaSet. */
export const replicaSetStatusSchema = obj("io.k8s.api.apps.v1.ReplicaSetStatus", {
  replicas: field(int32(), {
    proto: 1,
    doc:
      "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
    required: true,
    default: 0,
  }),
  fullyLabeledReplicas: field(int32(), {
    proto: 2,
    doc:
      "The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.",
  }),
  readyReplicas: field(int32(), {
    proto: 4,
    doc: "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.",
  }),
  availableReplicas: field(int32(), {
    proto: 5,
    doc:
      "The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.",
  }),
  terminatingReplicas: field(int32(), {
    proto: 7,
    doc:
      "The number of terminating pods for this replica set. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is a beta field and requires enabling DeploymentReplicaSetTerminatingReplicas feature (enabled by default).",
  }),
  observedGeneration: field(int64(), {
    proto: 3,
    doc: "ObservedGeneration reflects the generation of the most recently observed ReplicaSet.",
  }),
  conditions: field(
    arr(replicaSetConditionSchema, {
      listType: "map",
      listMapKeys: ["type"],
      patchStrategy: "merge",
      patchMergeKey: "type",
    }),
    {
      proto: 6,
      doc: "Represents the latest available observations of a replica set's current state.",
    },
  ),
}, { doc: "ReplicaSetStatus represents the current status of a ReplicaSet." });
/** ReplicaSetStatus represents the current status of a ReplicaSet. */
export type ReplicaSetStatus = TypeOf<typeof replicaSetStatusSchema>;

/** ReplicaSet ensures that a specified number of pod replicas are running at any given time. */
export const replicaSetSchema = obj("io.k8s.api.apps.v1.ReplicaSet", {
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
      "If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages. Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  spec: field(replicaSetSpecSchema, {
    proto: 2,
    doc:
      "Spec defines the specification of the desired behavior of the ReplicaSet. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
  status: field(replicaSetStatusSchema, {
    proto: 3,
    doc:
      "Status is the most recently observed status of the ReplicaSet. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
}, {
  doc: "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
  gvk: [{ group: "apps", version: "v1", kind: "ReplicaSet" }],
});
/** ReplicaSet ensures that a specified number of pod replicas are running at any given time. */
export type ReplicaSet = TypeOf<typeof replicaSetSchema>;

/** ReplicaSetList is a collection of ReplicaSets. */
export const replicaSetListSchema = obj("io.k8s.api.apps.v1.ReplicaSetList", {
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
  items: field(arr(replicaSetSchema), {
    proto: 2,
    doc:
      "List of ReplicaSets. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
    required: true,
  }),
}, {
  doc: "ReplicaSetList is a collection of ReplicaSets.",
  gvk: [{ group: "apps", version: "v1", kind: "ReplicaSetList" }],
});
/** ReplicaSetList is a collection of ReplicaSets. */
export type ReplicaSetList = TypeOf<typeof replicaSetListSchema>;
