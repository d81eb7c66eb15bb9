/**
 * batch/v1 Job and JobList: the spec (parallelism, completions, back-off, pod failure and
 * success policies), the status with conditions, and Kubernetes' Job defaults.
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
  obj,
  str,
  time,
  type TypeOf,
} from "../schema/dsl.ts";
import { podTemplateSpecSchema } from "./core_v1_pod.ts";
import { labelSelectorSchema, listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

const API_VERSION_DOC =
  "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND_DOC =
  "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

/** PodFailurePolicyOnExitCodesRequirement describes the requirement for handling a failed pod based on its container exit codes. */
export const podFailurePolicyOnExitCodesRequirementSchema = obj(
  "io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement",
  {
    containerName: field(str(), {
      proto: 1,
      doc:
        "Restricts the check for exit codes to the container with the specified name. When null, the rule applies to all containers.",
    }),
    operator: field(enumOf(["In", "NotIn"], "v1.PodFailurePolicyOnExitCodesOperator"), {
      proto: 2,
      doc:
        "Represents the relationship between the container exit code(s) and the specified values.",
      required: true,
    }),
    values: field(arr(int32(), { listType: "set" }), {
      proto: 3,
      doc: "Specifies the set of values checked against the container exit codes.",
      required: true,
    }),
  },
  {
    doc:
      "PodFailurePolicyOnExitCodesRequirement describes the requirement for handling a failed pod based on its container exit codes.",
  },
);

/** PodFailurePolicyOnPodConditionsPattern describes a pattern for matching an actual pod condition type. */
export const podFailurePolicyOnPodConditionsPatternSchema = obj(
  "io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern",
  {
    type: field(str(), {
      proto: 1,
      doc: "Specifies the required Pod condition type.",
      required: true,
    }),
    status: field(str(), {
      proto: 2,
      doc: "Specifies the required Pod condition status. Defaults to True.",
      default: "True",
      zeroIsUnset: true,
    }),
  },
  {
    doc:
      "PodFailurePolicyOnPodConditionsPattern describes a pattern for matching an actual pod condition type.",
  },
);

/** PodFailurePolicyRule describes how a pod failure is handled when the requirements are met. */
export const podFailurePolicyRuleSchema = obj("io.k8s.api.batch.v1.PodFailurePolicyRule", {
  action: field(
    enumOf(["Count", "FailIndex", "FailJob", "Ignore"], "v1.PodFailurePolicyAction"),
    {
      proto: 1,
      doc: "Specifies the action taken on a pod failure when the requirements are satisfied.",
      required: true,
    },
  ),
  onExitCodes: field(podFailurePolicyOnExitCodesRequirementSchema, {
    proto: 2,
    doc: "Represents the requirement on the container exit codes.",
  }),
  onPodConditions: field(
    arr(podFailurePolicyOnPodConditionsPatternSchema, { listType: "atomic" }),
    { proto: 3, doc: "Represents the requirement on the pod conditions." },
  ),
}, {
  doc: "PodFailurePolicyRule describes how a pod failure is handled when the requirements are met.",
});

/** PodFailurePolicy describes how failed pods influence the backoffLimit. */
export const podFailurePolicySchema = obj("io.k8s.api.batch.v1.PodFailurePolicy", {
  rules: field(arr(podFailurePolicyRuleSchema, { listType: "atomic" }), {
    proto: 1,
    doc: "A list of pod failure policy rules. The rules are evaluated in order.",
    required: true,
  }),
}, { doc: "PodFailurePolicy describes how failed pods influence the backoffLimit." });

/** SuccessPolicyRule describes rule for declaring a Job as succeeded. */
export const successPolicyRuleSchema = obj("io.k8s.api.batch.v1.SuccessPolicyRule", {
  succeededIndexes: field(str(), {
    proto: 1,
    doc:
      "succeededIndexes specifies the set of indexes which need to be contained in the actual set of the succeeded indexes for the Job.",
  }),
  succeededCount: field(int32(), {
    proto: 2,
    doc:
      "succeededCount specifies the minimal required size of the actual set of the succeeded indexes for the Job.",
  }),
}, { doc: "SuccessPolicyRule describes rule for declaring a Job as succeeded." });

/** SuccessPolicy describes when a Job can be declared as succeeded based on the success of some indexes. */
export const successPolicySchema = obj("io.k8s.api.batch.v1.SuccessPolicy", {
  rules: field(arr(successPolicyRuleSchema, { listType: "atomic" }), {
    proto: 1,
    doc:
      "rules represents the list of alternative rules for the declaring the Jobs as successful before `.status.succeeded >= .spec.completions`.",
    required: true,
  }),
}, {
  doc:
    "SuccessPolicy describes when a Job can be declared as succeeded based on the success of some indexes.",
});

/** JobSpec describes how the job execution will look like. */
export const jobSpecSchema = obj("io.k8s.api.batch.v1.JobSpec", {
  parallelism: field(int32(), {
    proto: 1,
    doc:
      "Specifies the maximum desired number of pods the job should run at any given time. Defaults to 1.",
  }),
  completions: field(int32(), {
    proto: 2,
    doc:
      "Specifies the desired number of successfully finished pods the job should be run with. Setting to null means that the success of any pod signals the success of all pods, and allows parallelism to have any positive value.",
  }),
  activeDeadlineSeconds: field(int64(), {
    proto: 3,
    doc:
      "Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.",
  }),
  podFailurePolicy: field(podFailurePolicySchema, {
    proto: 11,
    doc: "Specifies the policy of handling failed pods.",
  }),
  successPolicy: field(successPolicySchema, {
    proto: 16,
    doc: "successPolicy specifies the policy when the Job can be declared as succeeded.",
  }),
  backoffLimit: field(int32(), {
    proto: 7,
    doc: "Specifies the number of retries before marking this job failed. Defaults to 6",
  }),
  backoffLimitPerIndex: field(int32(), {
    proto: 12,
    doc:
      "Specifies the limit for the number of retries within an index before marking this index as failed.",
  }),
  maxFailedIndexes: field(int32(), {
    proto: 13,
    doc:
      "Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.",
  }),
  selector: field(labelSelectorSchema, {
    proto: 4,
    doc: "A label query over pods that should match the pod count.",
  }),
  manualSelector: field(bool(), {
    proto: 5,
    doc: "manualSelector controls generation of pod labels and pod selectors.",
  }),
  template: field(podTemplateSpecSchema, {
    proto: 6,
    doc:
      'Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are "Never" or "OnFailure".',
    required: true,
    default: {},
  }),
  ttlSecondsAfterFinished: field(int32(), {
    proto: 8,
    doc:
      "ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).",
  }),
  completionMode: field(enumOf(["Indexed", "NonIndexed"], "v1.CompletionMode"), {
    proto: 9,
    doc:
      "completionMode specifies how Pod completions are tracked. It can be `NonIndexed` (default) or `Indexed`.",
    default: "NonIndexed",
  }),
  suspend: field(bool(), {
    proto: 10,
    doc:
      "suspend specifies whether the Job controller should create Pods or not. Defaults to false.",
    default: false,
  }),
  podReplacementPolicy: field(
    enumOf(["Failed", "TerminatingOrFailed"], "v1.PodReplacementPolicy"),
    {
      proto: 14,
      doc: "podReplacementPolicy specifies when to create replacement Pods.",
    },
  ),
  managedBy: field(str(), {
    proto: 15,
    doc: "ManagedBy field indicates the controller that manages a Job.",
  }),
}, {
  doc: "JobSpec describes how the job execution will look like.",
  defaulter: (spec) => {
    // SetDefaults_Job: with neither set, one pod runs to completion once.
    if (spec.completions === undefined && spec.parallelism === undefined) {
      spec.completions = 1;
      spec.parallelism = 1;
    }
    spec.parallelism ??= 1;
    // With a per-index limit the global one is effectively disabled (MaxInt32).
    spec.backoffLimit ??= spec.backoffLimitPerIndex === undefined ? 6 : 2147483647;
    spec.podReplacementPolicy ??= spec.podFailurePolicy === undefined
      ? "TerminatingOrFailed"
      : "Failed";
    spec.manualSelector ??= false;
  },
});
/** JobSpec describes how the job execution will look like. */
export type JobSpec = TypeOf<typeof jobSpecSchema>;

/** JobCondition describes current state of a job. */
export const jobConditionSchema = obj("io.k8s.api.batch.v1.JobCondition", {
  type: field(str(), {
    proto: 1,
    doc: "Type of job condition, Complete or Failed.",
    required: true,
  }),
  status: field(str(), {
    proto: 2,
    doc: "Status of the condition, one of True, False, Unknown.",
    required: true,
  }),
  lastProbeTime: field(time(), { proto: 3, doc: "Last time the condition was checked." }),
  lastTransitionTime: field(time(), {
    proto: 4,
    doc: "Last time the condition transit from one status to another.",
  }),
  reason: field(str(), { proto: 5, doc: "(brief) reason for the condition's last transition." }),
  message: field(str(), {
    proto: 6,
    doc: "Human readable message indicating details about last transition.",
  }),
}, { doc: "JobCondition describes current state of a job." });
/** JobCondition describes current state of a job. */
export type JobCondition = TypeOf<typeof jobConditionSchema>;

/** UncountedTerminatedPods holds UIDs of Pods that have terminated but haven't been accounted in Job status counters. */
export const uncountedTerminatedPodsSchema = obj("io.k8s.api.batch.v1.UncountedTerminatedPods", {
  succeeded: field(arr(str(), { listType: "set" }), {
    proto: 1,
    doc: "succeeded holds UIDs of succeeded Pods.",
  }),
  failed: field(arr(str(), { listType: "set" }), {
    proto: 2,
    doc: "failed holds UIDs of failed Pods.",
  }),
}, {
  doc:
    "UncountedTerminatedPods holds UIDs of Pods that have terminated but haven't been accounted in Job status counters.",
});

/** JobStatus represents the current state of a Job. */
export const jobStatusSchema = obj("io.k8s.api.batch.v1.JobStatus", {
  conditions: field(
    arr(jobConditionSchema, { listType: "atomic", patchStrategy: "merge", patchMergeKey: "type" }),
    { proto: 1, doc: "The latest available observations of an object's current state." },
  ),
  startTime: field(time(), {
    proto: 2,
    doc: "Represents time when the job controller started processing a job.",
  }),
  completionTime: field(time(), { proto: 3, doc: "Represents time when the job was completed." }),
  active: field(int32(), {
    proto: 4,
    doc: "The number of pending and running non-terminating pods.",
  }),
  succeeded: field(int32(), { proto: 5, doc: "The number of pods which reached phase Succeeded." }),
  failed: field(int32(), { proto: 6, doc: "The number of pods which reached phase Failed." }),
  terminating: field(int32(), {
    proto: 11,
    doc:
      "The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp).",
  }),
  completedIndexes: field(str(), {
    proto: 7,
    doc:
      'completedIndexes holds the completed indexes when .spec.completionMode = "Indexed" in a text format.',
  }),
  failedIndexes: field(str(), {
    proto: 10,
    doc: "FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.",
  }),
  uncountedTerminatedPods: field(uncountedTerminatedPodsSchema, {
    proto: 8,
    doc:
      "uncountedTerminatedPods holds the UIDs of Pods that have terminated but the job controller hasn't yet accounted for in the status counters.",
  }),
  ready: field(int32(), {
    proto: 9,
    doc: "The number of active pods which have a Ready condition.",
  }),
}, { doc: "JobStatus represents the current state of a Job." });
/** JobStatus represents the current state of a Job. */
export type JobStatus = TypeOf<typeof jobStatusSchema>;

/** Job represents the configuration of a single job. */
export const jobSchema = obj("io.k8s.api.batch.v1.Job", {
  apiVersion: field(str(), { doc: API_VERSION_DOC }),
  kind: field(str(), { doc: KIND_DOC }),
  metadata: field(objectMetaSchema, {
    proto: 1,
    doc:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  spec: field(jobSpecSchema, {
    proto: 2,
    doc:
      "Specification of the desired behavior of a job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
  status: field(jobStatusSchema, {
    proto: 3,
    doc:
      "Current status of a job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
  }),
}, {
  doc: "Job represents the configuration of a single job.",
  gvk: [{ group: "batch", version: "v1", kind: "Job" }],
});
/** Job represents the configuration of a single job. */
export type Job = TypeOf<typeof jobSchema>;

/** JobList is a collection of jobs. */
export const jobListSchema = obj("io.k8s.api.batch.v1.JobList", {
  apiVersion: field(str(), { doc: API_VERSION_DOC }),
  kind: field(str(), { doc: KIND_DOC }),
  metadata: field(listMetaSchema, { proto: 1, doc: "Standard list metadata.", default: {} }),
  items: field(arr(jobSchema), { proto: 2, doc: "items is the list of Jobs.", required: true }),
}, {
  doc: "JobList is a collection of jobs.",
  gvk: [{ group: "batch", version: "v1", kind: "JobList" }],
});
/** JobList is a collection of jobs. */
export type JobList = TypeOf<typeof jobListSchema>;
