/**
 * core/v1 Pod: PodSpec, PodStatus (conditions, container statuses), PodTemplateSpec, PodList.
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
  map,
  obj,
  quantity,
  str,
  time,
  type TypeOf,
} from "../schema/dsl.ts";
import {
  affinitySchema,
  tolerationSchema,
  topologySpreadConstraintSchema,
} from "./core_v1_affinity.ts";
import { localObjectReferenceSchema } from "./core_v1_common.ts";
import {
  appArmorProfileSchema,
  containerSchema,
  ephemeralContainerSchema,
  resourceRequirementsSchema,
  seccompProfileSchema,
  seLinuxOptionsSchema,
  signalSchema,
  windowsSecurityContextOptionsSchema,
} from "./core_v1_container.ts";
import { volumeSchema } from "./core_v1_volume.ts";
import { listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** The values of the Go enum `v1.RestartPolicy`. */
export const restartPolicySchema = enumOf(["Always", "OnFailure", "Never"], "v1.RestartPolicy");
/** One of the values of the Go enum `v1.RestartPolicy`. */
export type RestartPolicy = TypeOf<typeof restartPolicySchema>;

/** The values of the Go enum `v1.DNSPolicy`. */
export const dnsPolicySchema = enumOf([
  "ClusterFirstWithHostNet",
  "ClusterFirst",
  "Default",
  "None",
], "v1.DNSPolicy");
/** One of the values of the Go enum `v1.DNSPolicy`. */
export type DNSPolicy = TypeOf<typeof dnsPolicySchema>;

/** The values of the Go enum `v1.SupplementalGroupsPolicy`. */
export const supplementalGroupsPolicySchema = enumOf(
  ["Merge", "Strict"],
  "v1.SupplementalGroupsPolicy",
);
/** One of the values of the Go enum `v1.SupplementalGroupsPolicy`. */
export type SupplementalGroupsPolicy = TypeOf<typeof supplementalGroupsPolicySchema>;

/** Sysctl defines a kernel parameter to be set */
export const sysctlSchema = obj("io.k8s.api.core.v1.Sysctl", {
  name: field(str(), { proto: 1, doc: "Name of a property to set", required: true, default: "" }),
  value: field(str(), { proto: 2, doc: "Value of a property to set", required: true, default: "" }),
}, { doc: "Sysctl defines a kernel parameter to be set" });
/** Sysctl defines a kernel parameter to be set */
export type Sysctl = TypeOf<typeof sysctlSchema>;

/** The values of the Go enum `v1.PodFSGroupChangePolicy`. */
export const podFSGroupChangePolicySchema = enumOf(
  ["OnRootMismatch", "Always"],
  "v1.PodFSGroupChangePolicy",
);
/** One of the values of the Go enum `v1.PodFSGroupChangePolicy`. */
export type PodFSGroupChangePolicy = TypeOf<typeof podFSGroupChangePolicySchema>;

/** PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext.  Field values of container.securityContext take precedence over field values of PodSecurityContext. */
export const podSecurityContextSchema = obj("io.k8s.api.core.v1.PodSecurityContext", {
  seLinuxOptions: field(seLinuxOptionsSchema, {
    proto: 1,
    doc:
      "The SELinux context to be applied to all containers. If unspecified, the container runtime will allocate a random SELinux context for each container.  May also be set in SecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence for that container. Note that this field cannot be set when spec.os.name is windows.",
  }),
  windowsOptions: field(windowsSecurityContextOptionsSchema, {
    proto: 8,
    doc:
      "The Windows specific settings applied to all containers. If unspecified, the options within a container's SecurityContext will be used. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is linux.",
  }),
  runAsUser: field(int64(), {
    proto: 2,
    doc:
      "The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified. May also be set in SecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence for that container. Note that this field cannot be set when spec.os.name is windows.",
  }),
  runAsGroup: field(int64(), {
    proto: 6,
    doc:
      "The GID to run the entrypoint of the container process. Uses runtime default if unset. May also be set in SecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence for that container. Note that this field cannot be set when spec.os.name is windows.",
  }),
  runAsNonRoot: field(bool(), {
    proto: 3,
    doc:
      "Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does. If unset or false, no such validation will be performed. May also be set in SecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.",
  }),
  supplementalGroups: field(arr(int64(), { listType: "atomic" }), {
    proto: 4,
    doc:
      "A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified).  If the SupplementalGroupsPolicy feature is enabled, the supplementalGroupsPolicy field determines whether these are in addition to or instead of any group memberships defined in the container image. If unspecified, no additional groups are added, though group memberships defined in the container image may still be used, depending on the supplementalGroupsPolicy field. Note that this field cannot be set when spec.os.name is windows.",
  }),
  supplementalGroupsPolicy: field(supplementalGroupsPolicySchema, {
    proto: 12,
    doc:
      'Defines how supplemental groups of the first container processes are calculated. Valid values are "Merge" and "Strict". If not specified, "Merge" is used. (Alpha) Using the field requires the SupplementalGroupsPolicy feature gate to be enabled and the container runtime must implement support for this feature. Note that this field cannot be set when spec.os.name is windows.',
  }),
  fsGroup: field(int64(), {
    proto: 5,
    doc:
      "A special supplemental group that applies to all containers in a pod. Some volume types allow the Kubelet to change the ownership of that volume to be owned by the pod:\n\n1. The owning GID will be the FSGroup 2. The setgid bit is set (new files created in the volume will be owned by FSGroup) 3. The permission bits are OR'd with rw-rw ",
  }),
  sysctls: field(arr(sysctlSchema, { listType: "atomic" }), {
    proto: 7,
    doc:
      "Sysctls hold a list of namespaced sysctls used for the pod. Pods with unsupported sysctls (by the container runtime) might fail to launch. Note that this field cannot be set when spec.os.name is windows.",
  }),
  fsGroupChangePolicy: field(podFSGroupChangePolicySchema, {
    proto: 9,
    doc:
      'fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod. This field will only apply to volume types which support fsGroup based ownership(and permissions). It will have no effect on ephemeral volume types such as: secret, configmaps and emptydir. Valid values are "OnRootMismatch" and "Always". If not specified, "Always" is used. Note that this field cannot be set when spec.os.name is windows.',
  }),
  seccompProfile: field(seccompProfileSchema, {
    proto: 10,
    doc:
      "The seccomp options to use by the containers in this pod. Note that this field cannot be set when spec.os.name is windows.",
  }),
  appArmorProfile: field(appArmorProfileSchema, {
    proto: 11,
    doc:
      "appArmorProfile is the AppArmor options to use by the containers in this pod. Note that this field cannot be set when spec.os.name is windows.",
  }),
  seLinuxChangePolicy: field(str(), {
    proto: 13,
    doc:
      'seLinuxChangePolicy defines how the container\'s SELinux label is applied to all volumes used by the Pod. It has no effect on nodes that do not support SELinux or to volumes does not support SELinux. Valid values are "MountOption" and "Recursive".\n\n"Recursive" means relabeling of all files on all Pod volumes by the container runtime. This may be slow for large volumes, but allows mixing privileged and unprivileged Pods sharing the same volume on the same node.\n\n"MountOption" mounts all eligible Pod volumes with `-o context` mount option. This requires all Pods that share the same volume to use the same SELinux label. It is not possible to share the same volume among privileged and unprivileged Pods. Eligible volumes are in-tree FibreChannel and iSCSI volumes, and all CSI volumes whose CSI driver announces SELinux support by setting spec.seLinuxMount: true in their CSIDriver instance. Other volumes are always re-labelled recursively.\n\nIf not specified, "MountOption" is used.\n\nThis field affects only Pods that have SELinux label set, either in PodSecurityContext or in SecurityContext of all containers.\n\nAll Pods that use the same volume should use the same seLinuxChangePolicy, otherwise some pods can get stuck in ContainerCreating state. Note that this field cannot be set when spec.os.name is windows.',
  }),
}, {
  doc:
    "PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext.  Field values of container.securityContext take precedence over field values of PodSecurityContext.",
});
/** PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext.  Field values of container.securityContext take precedence over field values of PodSecurityContext. */
export type PodSecurityContext = TypeOf<typeof podSecurityContextSchema>;

/** HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file. */
export const hostAliasSchema = obj("io.k8s.api.core.v1.HostAlias", {
  ip: field(str(), {
    proto: 1,
    doc: "IP address of the host file entry.",
    required: true,
    default: "",
  }),
  hostnames: field(arr(str(), { listType: "atomic" }), {
    proto: 2,
    doc: "Hostnames for the above IP address.",
  }),
}, {
  doc:
    "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.",
});
/** HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file. */
export type HostAlias = TypeOf<typeof hostAliasSchema>;

/** PodDNSConfigOption defines DNS resolver options of a pod. */
export const podDNSConfigOptionSchema = obj("io.k8s.api.core.v1.PodDNSConfigOption", {
  name: field(str(), { proto: 1, doc: "Name is this DNS resolver option's name. Required." }),
  value: field(str(), { proto: 2, doc: "Value is this DNS resolver option's value." }),
}, { doc: "PodDNSConfigOption defines DNS resolver options of a pod." });
/** PodDNSConfigOption defines DNS resolver options of a pod. */
export type PodDNSConfigOption = TypeOf<typeof podDNSConfigOptionSchema>;

/** PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy. */
export const podDNSConfigSchema = obj("io.k8s.api.core.v1.PodDNSConfig", {
  nameservers: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc:
      "A list of DNS name server IP addresses. This will be appended to the base nameservers generated from DNSPolicy. Duplicated nameservers will be removed.",
  }),
  searches: field(arr(str(), { listType: "atomic" }), {
    proto: 2,
    doc:
      "A list of DNS search domains for host-name lookup. This will be appended to the base search paths generated from DNSPolicy. Duplicated search paths will be removed.",
  }),
  options: field(arr(podDNSConfigOptionSchema, { listType: "atomic" }), {
    proto: 3,
    doc:
      "A list of DNS resolver options. This will be merged with the base options generated from DNSPolicy. Duplicated entries will be removed. Resolution options given in Options will override those that appear in the base DNSPolicy.",
  }),
}, {
  doc:
    "PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.",
});
/** PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy. */
export type PodDNSConfig = TypeOf<typeof podDNSConfigSchema>;

/** PodReadinessGate contains the reference to a pod condition */
export const podReadinessGateSchema = obj("io.k8s.api.core.v1.PodReadinessGate", {
  conditionType: field(str(), {
    proto: 1,
    doc: "ConditionType refers to a condition in the pod's condition list with matching type.",
    required: true,
    default: "",
  }),
}, { doc: "PodReadinessGate contains the reference to a pod condition" });
/** PodReadinessGate contains the reference to a pod condition */
export type PodReadinessGate = TypeOf<typeof podReadinessGateSchema>;

/** The values of the Go enum `v1.PreemptionPolicy`. */
export const preemptionPolicySchema = enumOf(
  ["PreemptLowerPriority", "Never"],
  "v1.PreemptionPolicy",
);
/** One of the values of the Go enum `v1.PreemptionPolicy`. */
export type PreemptionPolicy = TypeOf<typeof preemptionPolicySchema>;

/** PodOS defines the OS parameters of a pod. */
export const podOSSchema = obj("io.k8s.api.core.v1.PodOS", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name is the name of the operating system. The currently supported values are linux and windows. Additional value may be defined in future and can be one of: https://github.com/opencontainers/runtime-spec/blob/master/config.md#platform-specific-configuration Clients should expect to handle additional values and treat unrecognized values in this field as os: null",
    required: true,
    default: "",
  }),
}, { doc: "PodOS defines the OS parameters of a pod." });
/** PodOS defines the OS parameters of a pod. */
export type PodOS = TypeOf<typeof podOSSchema>;

/** PodSchedulingGate is associated to a Pod to guard its scheduling. */
export const podSchedulingGateSchema = obj("io.k8s.api.core.v1.PodSchedulingGate", {
  name: field(str(), {
    proto: 1,
    doc: "Name of the scheduling gate. Each scheduling gate must have a unique name field.",
    required: true,
    default: "",
  }),
}, { doc: "PodSchedulingGate is associated to a Pod to guard its scheduling." });
/** PodSchedulingGate is associated to a Pod to guard its scheduling. */
export type PodSchedulingGate = TypeOf<typeof podSchedulingGateSchema>;

/** PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate which is then turned into a ResourceClaim for the pod. */
export const podResourceClaimSchema = obj("io.k8s.api.core.v1.PodResourceClaim", {
  name: field(str(), {
    proto: 1,
    doc: "Name uniquely identifies this resource claim inside the pod. This must be a DNS_LABEL.",
    required: true,
    default: "",
  }),
  resourceClaimName: field(str(), {
    proto: 3,
    doc:
      "ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.\n\nExactly one of ResourceClaimName and ResourceClaimTemplateName must be set.",
  }),
  resourceClaimTemplateName: field(str(), {
    proto: 4,
    doc:
      "ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.\n\nThe template will be used to create a new ResourceClaim, which will be bound to this pod. When this pod is deleted, the ResourceClaim will also be deleted. The pod name and resource name, along with a generated component, will be used to form a unique name for the ResourceClaim, which will be recorded in pod.status.resourceClaimStatuses.\n\nWhen the DRAWorkloadResourceClaims feature gate is enabled and the pod belongs to a PodGroup that defines a PodGroupResourceClaim with the same Name and ResourceClaimTemplateName, this PodResourceClaim resolves to the ResourceClaim generated for the PodGroup. All pods in the group that define an equivalent PodResourceClaim matching the PodGroupResourceClaim's Name and ResourceClaimTemplateName share the same generated ResourceClaim. ResourceClaims generated for a PodGroup are owned by the PodGroup and their lifecycles are tied to the PodGroup instead of any individual pod.\n\nThis field is immutable and no changes will be made to the corresponding ResourceClaim by the control plane after creating the ResourceClaim.\n\nExactly one of ResourceClaimName and ResourceClaimTemplateName must be set.",
  }),
}, {
  doc:
    "PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate which is then turned into a ResourceClaim for the pod.\n\nIt adds a name to it that uniquely identifies the ResourceClaim inside the Pod. Containers that need access to the ResourceClaim reference it with this name.\n\nWhen the DRAWorkloadResourceClaims feature gate is enabled and this Pod belongs to a PodGroup, a PodResourceClaim is matched to a PodGroupResourceClaim if all of their fields are equal (Name, ResourceClaimName, and ResourceClaimTemplateName). A matched claim references a single ResourceClaim shared across all Pods in the PodGroup, reserved for the PodGroup in ResourceClaimStatus.ReservedFor rather than for individual Pods.",
});
/** PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate which is then turned into a ResourceClaim for the pod. */
export type PodResourceClaim = TypeOf<typeof podResourceClaimSchema>;

/** PodSchedulingGroup identifies the runtime scheduling group instance that a Pod belongs to. The scheduler uses this information to apply workload-aware scheduling semantics. Exactly one field must be specified. */
export const podSchedulingGroupSchema = obj("io.k8s.api.core.v1.PodSchedulingGroup", {
  podGroupName: field(str(), {
    proto: 1,
    doc:
      "PodGroupName specifies the name of the standalone PodGroup object that represents the runtime instance of this group. Must be a DNS subdomain.",
  }),
}, {
  doc:
    "PodSchedulingGroup identifies the runtime scheduling group instance that a Pod belongs to. The scheduler uses this information to apply workload-aware scheduling semantics. Exactly one field must be specified.",
});
/** PodSchedulingGroup identifies the runtime scheduling group instance that a Pod belongs to. The scheduler uses this information to apply workload-aware scheduling semantics. Exactly one field must be specified. */
export type PodSchedulingGroup = TypeOf<typeof podSchedulingGroupSchema>;

/** EvictionResponder allows you to specify the responder reacting to an Eviction. Responders should observe and communicate through the Eviction Resource API to help with the graceful eviction of a target (e.g. termination of a pod). */
export const evictionResponderSchema = obj("io.k8s.api.core.v1.EvictionResponder", {
  name: field(str(), {
    proto: 1,
    doc:
      'name allows you to identify the responder responding to the Eviction.\n\nIt must be a valid domain-prefixed key (such as "acme.io/foo"). Domain names *.k8s.io and *.kubernetes.io are reserved. This field must be unique for each responder. This field is required.',
    required: true,
    default: "",
  }),
  priority: field(int32(), {
    proto: 2,
    doc:
      "priority for this responder. Higher priorities are selected first by the evictionrequest-controller. If there are responders with the same priority, the responder whose domain name comes first in the alphabetical higher domain order, will be picked. This means that the top domain labels are compared alphabetically first, followed by the lower domain labels. The key is compared last.\n\nThe responder that is the managing controller of the pod should set the value of this field to 10000 to allow both for preemption or fallback registration by other responders.\n\nThe minimum value is 0 and the maximum value is 100000. The interval 0-999 is reserved for responders with *.k8s.io suffix. This field is required.",
    required: true,
  }),
}, {
  doc:
    "EvictionResponder allows you to specify the responder reacting to an Eviction. Responders should observe and communicate through the Eviction Resource API to help with the graceful eviction of a target (e.g. termination of a pod).",
  mapType: "atomic",
});
/** EvictionResponder allows you to specify the responder reacting to an Eviction. Responders should observe and communicate through the Eviction Resource API to help with the graceful eviction of a target (e.g. termination of a pod). */
export type EvictionResponder = TypeOf<typeof evictionResponderSchema>;

/** PodSpec is a description of a pod. */
export const podSpecSchema = obj("io.k8s.api.core.v1.PodSpec", {
  volumes: field(
    arr(volumeSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge,retainKeys",
      patchMergeKey: "name",
    }),
    {
      proto: 1,
      doc:
        "List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes",
    },
  ),
  initContainers: field(
    arr(containerSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    {
      proto: 20,
      doc:
        "List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. If any init container fails, the pod is considered to have failed and is handled according to its restartPolicy. The name for an init container or normal container must be unique among all containers. Init containers may not have Lifecycle actions, Readiness probes, Liveness probes, or Startup probes. The resourceRequirements of an init container are taken into account during scheduling by finding the highest request/limit for each resource type, and then using the max of that value or the sum of the normal containers. Limits are applied to init containers in a similar fashion. Init containers cannot currently be added or removed. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/",
    },
  ),
  containers: field(
    arr(containerSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    {
      proto: 2,
      doc:
        "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.",
      required: true,
    },
  ),
  ephemeralContainers: field(
    arr(ephemeralContainerSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    {
      proto: 34,
      doc:
        "List of ephemeral containers run in this pod. Ephemeral containers may be run in an existing pod to perform user-initiated actions such as debugging. This list cannot be specified when creating a pod, and it cannot be modified by updating the pod spec. In order to add an ephemeral container to an existing pod, use the pod's ephemeralcontainers subresource.",
    },
  ),
  restartPolicy: field(restartPolicySchema, {
    proto: 3,
    doc:
      "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy",
    default: "Always",
    zeroIsUnset: true,
  }),
  terminationGracePeriodSeconds: field(int64(), {
    proto: 4,
    doc:
      "Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). If this value is nil, the default grace period will be used instead. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. Defaults to 30 seconds.",
    default: 30,
  }),
  activeDeadlineSeconds: field(int64(), {
    proto: 5,
    doc:
      "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.",
  }),
  dnsPolicy: field(dnsPolicySchema, {
    proto: 6,
    doc:
      "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters given in DNSConfig will be merged with the policy selected with DNSPolicy. To have DNS options set along with hostNetwork, you have to specify DNS policy explicitly to 'ClusterFirstWithHostNet'.",
    default: "ClusterFirst",
    zeroIsUnset: true,
  }),
  nodeSelector: field(map(str(), { mapType: "atomic" }), {
    proto: 7,
    doc:
      "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
  }),
  serviceAccountName: field(str(), {
    proto: 8,
    doc:
      "ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
  }),
  serviceAccount: field(str(), {
    proto: 9,
    doc:
      "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.",
  }),
  automountServiceAccountToken: field(bool(), {
    proto: 21,
    doc:
      "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.",
  }),
  nodeName: field(str(), {
    proto: 10,
    doc:
      "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename",
  }),
  hostNetwork: field(bool(), {
    proto: 11,
    doc:
      "Host networking requested for this pod. Use the host's network namespace. When using HostNetwork you should specify ports so the scheduler is aware. When `hostNetwork` is true, specified `hostPort` fields in port definitions must match `containerPort`, and unspecified `hostPort` fields in port definitions are defaulted to match `containerPort`. Default to false.",
  }),
  hostPID: field(bool(), {
    proto: 12,
    doc: "Use the host's pid namespace. Optional: Default to false.",
  }),
  hostIPC: field(bool(), {
    proto: 13,
    doc: "Use the host's ipc namespace. Optional: Default to false.",
  }),
  shareProcessNamespace: field(bool(), {
    proto: 27,
    doc:
      "Share a single process namespace between all of the containers in a pod. When this is set containers will be able to view and signal processes from other containers in the same pod, and the first process in each container will not be assigned PID 1. HostPID and ShareProcessNamespace cannot both be set. Optional: Default to false.",
  }),
  securityContext: field(podSecurityContextSchema, {
    proto: 14,
    doc:
      "SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.  See type description for default values of each field.",
    default: {},
  }),
  imagePullSecrets: field(
    arr(localObjectReferenceSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    {
      proto: 15,
      doc:
        "ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec. If specified, these secrets will be passed to individual puller implementations for them to use. More info: https://kubernetes.io/docs/concepts/containers/images#specifying-imagepullsecrets-on-a-pod",
    },
  ),
  hostname: field(str(), {
    proto: 16,
    doc:
      "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value.",
  }),
  subdomain: field(str(), {
    proto: 17,
    doc:
      'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>". If not specified, the pod will not have a domainname at all.',
  }),
  affinity: field(affinitySchema, {
    proto: 18,
    doc: "If specified, the pod's scheduling constraints",
  }),
  schedulerName: field(str(), {
    proto: 19,
    doc:
      "If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.",
    default: "default-scheduler",
    zeroIsUnset: true,
  }),
  tolerations: field(arr(tolerationSchema, { listType: "atomic" }), {
    proto: 22,
    doc: "If specified, the pod's tolerations.",
  }),
  hostAliases: field(
    arr(hostAliasSchema, {
      listType: "map",
      listMapKeys: ["ip"],
      patchStrategy: "merge",
      patchMergeKey: "ip",
    }),
    {
      proto: 23,
      doc:
        "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.",
    },
  ),
  priorityClassName: field(str(), {
    proto: 24,
    doc:
      'If specified, indicates the pod\'s priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities with the former being the highest priority. Any other name must be defined by creating a PriorityClass object with that name. If not specified, the pod priority will be default or zero if there is no default.',
  }),
  priority: field(int32(), {
    proto: 25,
    doc:
      "The priority value. Various system components use this field to find the priority of the pod. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. The higher the value, the higher the priority.",
  }),
  dnsConfig: field(podDNSConfigSchema, {
    proto: 26,
    doc:
      "Specifies the DNS parameters of a pod. Parameters specified here will be merged to the generated DNS configuration based on DNSPolicy.",
  }),
  readinessGates: field(arr(podReadinessGateSchema, { listType: "atomic" }), {
    proto: 28,
    doc:
      'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
  }),
  runtimeClassName: field(str(), {
    proto: 29,
    doc:
      'RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.  If no RuntimeClass resource matches the named class, the pod will not be run. If unset or empty, the "legacy" RuntimeClass will be used, which is an implicit class with an empty definition that uses the default runtime handler. More info: https://git.k8s.io/enhancements/keps/sig-node/585-runtime-class',
  }),
  enableServiceLinks: field(bool(), {
    proto: 30,
    doc:
      "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true.",
  }),
  preemptionPolicy: field(preemptionPolicySchema, {
    proto: 31,
    doc:
      "PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. Defaults to PreemptLowerPriority if unset.",
  }),
  overhead: field(map(quantity()), {
    proto: 32,
    doc:
      "Overhead represents the resource overhead associated with running a pod for a given RuntimeClass. This field will be autopopulated at admission time by the RuntimeClass admission controller. If the RuntimeClass admission controller is enabled, overhead must not be set in Pod create requests. The RuntimeClass admission controller will reject Pod create requests which have the overhead already set. If RuntimeClass is configured and selected in the PodSpec, Overhead will be set to the value defined in the corresponding RuntimeClass, otherwise it will remain unset and treated as zero. More info: https://git.k8s.io/enhancements/keps/sig-node/688-pod-overhead/README.md",
  }),
  topologySpreadConstraints: field(
    arr(topologySpreadConstraintSchema, {
      listType: "map",
      listMapKeys: ["topologyKey", "whenUnsatisfiable"],
      patchStrategy: "merge",
      patchMergeKey: "topologyKey",
    }),
    {
      proto: 33,
      doc:
        "TopologySpreadConstraints describes how a group of pods ought to spread across topology domains. Scheduler will schedule pods in a way which abides by the constraints. All topologySpreadConstraints are ANDed.",
    },
  ),
  setHostnameAsFQDN: field(bool(), {
    proto: 35,
    doc:
      "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default). In Linux containers, this means setting the FQDN in the hostname field of the kernel (the nodename field of struct utsname). In Windows containers, this means setting the registry value of hostname for the registry key HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters to FQDN. If a pod does not have FQDN, this has no effect. Default to false.",
  }),
  os: field(podOSSchema, {
    proto: 36,
    doc:
      "Specifies the OS of the containers in the pod. Some pod and container fields are restricted if this is set.\n\nIf the OS field is set to linux, the following fields must be unset: -securityContext.windowsOptions\n\nIf the OS field is set to windows, following fields must be unset: - spec.hostPID - spec.hostIPC - spec.hostUsers - spec.resources - spec.securityContext.appArmorProfile - spec.securityContext.seLinuxOptions - spec.securityContext.seccompProfile - spec.securityContext.fsGroup - spec.securityContext.fsGroupChangePolicy - spec.securityContext.sysctls - spec.shareProcessNamespace - spec.securityContext.runAsUser - spec.securityContext.runAsGroup - spec.securityContext.supplementalGroups - spec.securityContext.supplementalGroupsPolicy - spec.containers[*].securityContext.appArmorProfile - spec.containers[*].securityContext.seLinuxOptions - spec.containers[*].securityContext.seccompProfile - spec.containers[*].securityContext.capabilities - spec.containers[*].securityContext.readOnlyRootFilesystem - spec.containers[*].securityContext.privileged - spec.containers[*].securityContext.allowPrivilegeEscalation - spec.containers[*].securityContext.procMount - spec.containers[*].securityContext.runAsUser - spec.containers[*].securityContext.runAsGroup",
  }),
  hostUsers: field(bool(), {
    proto: 37,
    doc:
      "Use the host's user namespace. Optional: Default to true. If set to true or not present, the pod will be run in the host user namespace, useful for when the pod needs a feature only available to the host user namespace, such as loading a kernel module with CAP_SYS_MODULE. When set to false, a new userns is created for the pod. Setting false is useful for mitigating container breakout vulnerabilities even allowing users to run their containers as root without actually having root privileges on the host.",
  }),
  schedulingGates: field(
    arr(podSchedulingGateSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    {
      proto: 38,
      doc:
        "SchedulingGates is an opaque list of values that if specified will block scheduling the pod. If schedulingGates is not empty, the pod will stay in the SchedulingGated state and the scheduler will not attempt to schedule the pod.\n\nSchedulingGates can only be set at pod creation time, and be removed only afterwards.",
    },
  ),
  resourceClaims: field(
    arr(podResourceClaimSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge,retainKeys",
      patchMergeKey: "name",
    }),
    {
      proto: 39,
      doc:
        "ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start. The resources will be made available to those containers which consume them by name.\n\nThis is a stable field but requires that the DynamicResourceAllocation feature gate is enabled.\n\nThis field is immutable.",
    },
  ),
  resources: field(resourceRequirementsSchema, {
    proto: 40,
    doc:
      'Resources is the total amount of CPU and Memory resources required by all containers in the pod. It supports specifying Requests and Limits for "cpu", "memory" and "hugepages-" resource names only. ResourceClaims are not supported.\n\nThis field enables fine-grained control over resource allocation for the entire pod, allowing resource sharing among containers in a pod.\n\nThis is an alpha field and requires enabling the PodLevelResources feature gate.',
  }),
  hostnameOverride: field(str(), {
    proto: 41,
    doc:
      "HostnameOverride specifies an explicit override for the pod's hostname as perceived by the pod. This field only specifies the pod's hostname and does not affect its DNS records. When this field is set to a non-empty string: - It takes precedence over the values set in `hostname` and `subdomain`. - The Pod's hostname will be set to this value. - `setHostnameAsFQDN` must be nil or set to false. - `hostNetwork` must be set to false.\n\nThis field must be a valid DNS subdomain as defined in RFC 1123 and contain at most 64 characters.",
  }),
  schedulingGroup: field(podSchedulingGroupSchema, {
    proto: 43,
    doc:
      "SchedulingGroup provides a reference to the immediate scheduling runtime grouping object that this Pod belongs to. This field is used by the scheduler to identify the group and apply the correct group scheduling policies. The association with a group also impacts other lifecycle aspects of a Pod that are relevant in a wider context of scheduling like preemption, resource attachment, etc. If not specified, the Pod is treated as a single unit in all of these aspects. The group object referenced by this field may not exist at the time the Pod is created. This field is immutable, but a group object with the same name may be recreated with different policies. Doing this during pod scheduling may result in the placement not conforming to the expected policies.",
  }),
  evictionResponders: field(
    arr(evictionResponderSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    {
      proto: 44,
      doc:
        "evictionResponders reference responders that react to Evictions based on EvictionRequests. Responders should observe and communicate through the Eviction Resource API to help with the graceful termination of a pod. The responders are selected sequentially, according to their specified priority.\n\nResponders should periodically report on an eviction progress by updating the .status.responders[].heartbeatTime field of the Eviction object. If this field is not updated within the heartbeat deadline defined by the Eviction API (currently 20 minutes), the eviction is passed over to the next responder with a lower priority. If there is no other responder, the last default imperative-eviction.k8s.io/evictor responder with a priority of 100 will evict the pod using the imperative Eviction API (pods/<name>/eviction subresource).\n\nThe maximum length of the responders list is 10. Responders are not supported when the pod is part of a PodGroup (.spec.schedulingGroup is set). This field can only be set on creation and is immutable afterwards.",
    },
  ),
}, { doc: "PodSpec is a description of a pod." });
/** PodSpec is a description of a pod. */
export type PodSpec = TypeOf<typeof podSpecSchema>;

/** The values of the Go enum `v1.PodPhase`. */
export const podPhaseSchema = enumOf(
  ["Pending", "Running", "Succeeded", "Failed", "Unknown"],
  "v1.PodPhase",
);
/** One of the values of the Go enum `v1.PodPhase`. */
export type PodPhase = TypeOf<typeof podPhaseSchema>;

/** PodCondition contains details for the current condition of this pod. */
export const podConditionSchema = obj("io.k8s.api.core.v1.PodCondition", {
  type: field(str(), {
    proto: 1,
    doc:
      "Type is the type of the condition. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions",
    required: true,
    default: "",
  }),
  observedGeneration: field(int64(), {
    proto: 7,
    doc:
      "If set, this represents the .metadata.generation that the pod condition was set based upon.",
  }),
  status: field(str(), {
    proto: 2,
    doc:
      "Status is the status of the condition. Can be True, False, Unknown. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions",
    required: true,
    default: "",
  }),
  lastProbeTime: field(time(), { proto: 3, doc: "Last time we probed the condition." }),
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
}, { doc: "PodCondition contains details for the current condition of this pod." });
/** PodCondition contains details for the current condition of this pod. */
export type PodCondition = TypeOf<typeof podConditionSchema>;

/** HostIP represents a single IP address allocated to the host. */
export const hostIPSchema = obj("io.k8s.api.core.v1.HostIP", {
  ip: field(str(), {
    proto: 1,
    doc: "IP is the IP address assigned to the host",
    required: true,
    default: "",
  }),
}, { doc: "HostIP represents a single IP address allocated to the host." });
/** HostIP represents a single IP address allocated to the host. */
export type HostIP = TypeOf<typeof hostIPSchema>;

/** PodIP represents a single IP address allocated to the pod. */
export const podIPSchema = obj("io.k8s.api.core.v1.PodIP", {
  ip: field(str(), {
    proto: 1,
    doc: "IP is the IP address assigned to the pod",
    required: true,
    default: "",
  }),
}, { doc: "PodIP represents a single IP address allocated to the pod." });
/** PodIP represents a single IP address allocated to the pod. */
export type PodIP = TypeOf<typeof podIPSchema>;

/** ContainerStateWaiting is a waiting state of a container. */
export const containerStateWaitingSchema = obj("io.k8s.api.core.v1.ContainerStateWaiting", {
  reason: field(str(), { proto: 1, doc: "(brief) reason the container is not yet running." }),
  message: field(str(), {
    proto: 2,
    doc: "Message regarding why the container is not yet running.",
  }),
}, { doc: "ContainerStateWaiting is a waiting state of a container." });
/** ContainerStateWaiting is a waiting state of a container. */
export type ContainerStateWaiting = TypeOf<typeof containerStateWaitingSchema>;

/** ContainerStateRunning is a running state of a container. */
export const containerStateRunningSchema = obj("io.k8s.api.core.v1.ContainerStateRunning", {
  startedAt: field(time(), { proto: 1, doc: "Time at which the container was last (re-)started" }),
}, { doc: "ContainerStateRunning is a running state of a container." });
/** ContainerStateRunning is a running state of a container. */
export type ContainerStateRunning = TypeOf<typeof containerStateRunningSchema>;

/** ContainerStateTerminated is a terminated state of a container. */
export const containerStateTerminatedSchema = obj("io.k8s.api.core.v1.ContainerStateTerminated", {
  exitCode: field(int32(), {
    proto: 1,
    doc: "Exit status from the last termination of the container",
    required: true,
    default: 0,
  }),
  signal: field(int32(), { proto: 2, doc: "Signal from the last termination of the container" }),
  reason: field(str(), {
    proto: 3,
    doc: "(brief) reason from the last termination of the container",
  }),
  message: field(str(), {
    proto: 4,
    doc: "Message regarding the last termination of the container",
  }),
  startedAt: field(time(), {
    proto: 5,
    doc: "Time at which previous execution of the container started",
  }),
  finishedAt: field(time(), { proto: 6, doc: "Time at which the container last terminated" }),
  containerID: field(str(), {
    proto: 7,
    doc: "Container's ID in the format '<type>://<container_id>'",
  }),
}, { doc: "ContainerStateTerminated is a terminated state of a container." });
/** ContainerStateTerminated is a terminated state of a container. */
export type ContainerStateTerminated = TypeOf<typeof containerStateTerminatedSchema>;

/** ContainerState holds a possible state of container. Only one of its members may be specified. If none of them is specified, the default one is ContainerStateWaiting. */
export const containerStateSchema = obj("io.k8s.api.core.v1.ContainerState", {
  waiting: field(containerStateWaitingSchema, {
    proto: 1,
    doc: "Details about a waiting container",
  }),
  running: field(containerStateRunningSchema, {
    proto: 2,
    doc: "Details about a running container",
  }),
  terminated: field(containerStateTerminatedSchema, {
    proto: 3,
    doc: "Details about a terminated container",
  }),
}, {
  doc:
    "ContainerState holds a possible state of container. Only one of its members may be specified. If none of them is specified, the default one is ContainerStateWaiting.",
});
/** ContainerState holds a possible state of container. Only one of its members may be specified. If none of them is specified, the default one is ContainerStateWaiting. */
export type ContainerState = TypeOf<typeof containerStateSchema>;

/** ImageVolumeStatus represents the image-based volume status. */
export const imageVolumeStatusSchema = obj("io.k8s.api.core.v1.ImageVolumeStatus", {
  imageRef: field(str(), {
    proto: 1,
    doc:
      "ImageRef is the digest of the image used for this volume. It should have a value that's similar to the pod's status.containerStatuses[i].imageID. The ImageRef length should not exceed 256 characters.",
  }),
}, { doc: "ImageVolumeStatus represents the image-based volume status." });
/** ImageVolumeStatus represents the image-based volume status. */
export type ImageVolumeStatus = TypeOf<typeof imageVolumeStatusSchema>;

/** VolumeStatus represents the status of a mounted volume. At most one of its members must be specified. */
export const volumeStatusSchema = obj("io.k8s.api.core.v1.VolumeStatus", {
  image: field(imageVolumeStatusSchema, {
    proto: 1,
    doc:
      "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine.",
  }),
}, {
  doc:
    "VolumeStatus represents the status of a mounted volume. At most one of its members must be specified.",
});
/** VolumeStatus represents the status of a mounted volume. At most one of its members must be specified. */
export type VolumeStatus = TypeOf<typeof volumeStatusSchema>;

/** VolumeMountStatus shows status of volume mounts. */
export const volumeMountStatusSchema = obj("io.k8s.api.core.v1.VolumeMountStatus", {
  name: field(str(), {
    proto: 1,
    doc: "Name corresponds to the name of the original VolumeMount.",
    required: true,
    default: "",
  }),
  mountPath: field(str(), {
    proto: 2,
    doc: "MountPath corresponds to the original VolumeMount.",
    required: true,
    default: "",
  }),
  readOnly: field(bool(), { proto: 3, doc: "ReadOnly corresponds to the original VolumeMount." }),
  recursiveReadOnly: field(str(), {
    proto: 4,
    doc:
      "RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts). An IfPossible value in the original VolumeMount must be translated to Disabled or Enabled, depending on the mount result.",
  }),
  volumeStatus: field(volumeStatusSchema, {
    proto: 5,
    doc: "volumeStatus represents volume-type-specific status about the mounted volume.",
  }),
}, { doc: "VolumeMountStatus shows status of volume mounts." });
/** VolumeMountStatus shows status of volume mounts. */
export type VolumeMountStatus = TypeOf<typeof volumeMountStatusSchema>;

/** LinuxContainerUser represents user identity information in Linux containers */
export const linuxContainerUserSchema = obj("io.k8s.api.core.v1.LinuxContainerUser", {
  uid: field(int64(), {
    proto: 1,
    doc: "UID is the primary uid initially attached to the first process in the container",
    required: true,
    default: 0,
  }),
  gid: field(int64(), {
    proto: 2,
    doc: "GID is the primary gid initially attached to the first process in the container",
    required: true,
    default: 0,
  }),
  supplementalGroups: field(arr(int64(), { listType: "atomic" }), {
    proto: 3,
    doc:
      "SupplementalGroups are the supplemental groups initially attached to the first process in the container",
  }),
}, { doc: "LinuxContainerUser represents user identity information in Linux containers" });
/** LinuxContainerUser represents user identity information in Linux containers */
export type LinuxContainerUser = TypeOf<typeof linuxContainerUserSchema>;

/** ContainerUser represents user identity information */
export const containerUserSchema = obj("io.k8s.api.core.v1.ContainerUser", {
  linux: field(linuxContainerUserSchema, {
    proto: 1,
    doc:
      "Linux holds user identity information initially attached to the first process of the containers in Linux. Note that the actual running identity can be changed if the process has enough privilege to do so.",
  }),
}, { doc: "ContainerUser represents user identity information" });
/** ContainerUser represents user identity information */
export type ContainerUser = TypeOf<typeof containerUserSchema>;

/** ResourceHealth represents the health of a resource. It has the latest device health information. This is a part of KEP https://kep.k8s.io/4680. */
export const resourceHealthSchema = obj("io.k8s.api.core.v1.ResourceHealth", {
  resourceID: field(str(), {
    proto: 1,
    doc:
      "ResourceID is the unique identifier of the resource. See the ResourceID type for more information.",
    required: true,
    default: "",
  }),
  health: field(str(), {
    proto: 2,
    doc:
      "Health of the resource. can be one of:\n - Healthy: operates as normal\n - Unhealthy: reported unhealthy. We consider this a temporary health issue\n              since we do not have a mechanism today to distinguish\n              temporary and permanent issues.\n - Unknown: The status cannot be determined.\n            For example, Device Plugin got unregistered and hasn't been re-registered since.\n\nIn future we may want to introduce the PermanentlyUnhealthy Status.",
  }),
  message: field(str(), {
    proto: 6,
    doc:
      'Message provides human-readable context for Health (e.g. "ECC error count exceeded threshold"). This field is populated by the kubelet when ResourceHealthStatusMessage is enabled if the DRA plugin returns a message, and is null otherwise.',
  }),
}, {
  doc:
    "ResourceHealth represents the health of a resource. It has the latest device health information. This is a part of KEP https://kep.k8s.io/4680.",
});
/** ResourceHealth represents the health of a resource. It has the latest device health information. This is a part of KEP https://kep.k8s.io/4680. */
export type ResourceHealth = TypeOf<typeof resourceHealthSchema>;

/** ResourceStatus represents the status of a single resource allocated to a Pod. */
export const resourceStatusSchema = obj("io.k8s.api.core.v1.ResourceStatus", {
  name: field(str(), {
    proto: 1,
    doc:
      'Name of the resource. Must be unique within the pod and in case of non-DRA resource, match one of the resources from the pod spec. For DRA resources, the value must be "claim:<claim_name>/<request>" when container.resources.claims[*].request is set or "claim:<claim_name>" when container.resources.claims[*].request is empty. For DRA-backed extended resources, "claim:<claim_name>/<request>" is used when the claim name and request name are recorded in pod.status.extendedResourceClaimStatus. When this status is reported about a container, the "claim_name" and "request" must match one of the claims of this container.',
    required: true,
    default: "",
  }),
  resources: field(arr(resourceHealthSchema, { listType: "map", listMapKeys: ["resourceID"] }), {
    proto: 2,
    doc:
      "List of unique resources health. Each element in the list contains an unique resource ID and its health. At a minimum, for the lifetime of a Pod, resource ID must uniquely identify the resource allocated to the Pod on the Node. If other Pod on the same Node reports the status with the same resource ID, it must be the same resource they share. See ResourceID type definition for a specific format it has in various use cases.",
  }),
}, { doc: "ResourceStatus represents the status of a single resource allocated to a Pod." });
/** ResourceStatus represents the status of a single resource allocated to a Pod. */
export type ResourceStatus = TypeOf<typeof resourceStatusSchema>;

/** ContainerStatus contains details for the current status of this container. */
export const containerStatusSchema = obj("io.k8s.api.core.v1.ContainerStatus", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name is a DNS_LABEL representing the unique name of the container. Each container in a pod must have a unique name across all container types. Cannot be updated.",
    required: true,
    default: "",
  }),
  state: field(containerStateSchema, {
    proto: 2,
    doc: "State holds details about the container's current condition.",
    default: {},
  }),
  lastState: field(containerStateSchema, {
    proto: 3,
    doc:
      "LastTerminationState holds the last termination state of the container to help debug container crashes and restarts. This field is not populated if the container is still running and RestartCount is 0.",
    default: {},
  }),
  ready: field(bool(), {
    proto: 4,
    doc:
      "Ready specifies whether the container is currently passing its readiness check. The value will change as readiness probes keep executing. If no readiness probes are specified, this field defaults to true once the container is fully started (see Started field).\n\nThe value is typically used to determine whether a container is ready to accept traffic.",
    required: true,
    default: false,
  }),
  restartCount: field(int32(), {
    proto: 5,
    doc:
      "RestartCount holds the number of times the container has been restarted. Kubelet makes an effort to always increment the value, but there are cases when the state may be lost due to node restarts and then the value may be reset to 0. The value is never negative.",
    required: true,
    default: 0,
  }),
  image: field(str(), {
    proto: 6,
    doc:
      "Image is the name of container image that the container is running. The container image may not match the image used in the PodSpec, as it may have been resolved by the runtime. More info: https://kubernetes.io/docs/concepts/containers/images.",
    required: true,
    default: "",
  }),
  imageID: field(str(), {
    proto: 7,
    doc:
      "ImageID is the image ID of the container's image. The image ID may not match the image ID of the image used in the PodSpec, as it may have been resolved by the runtime.",
    required: true,
    default: "",
  }),
  containerID: field(str(), {
    proto: 8,
    doc:
      "ContainerID is the ID of the container in the format '<type>://<container_id>'. Where type is a container runtime identifier, returned from Version call of CRI API (for example \"containerd\").",
  }),
  started: field(bool(), {
    proto: 9,
    doc:
      "Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe. Initialized as false, becomes true after startupProbe is considered successful. Resets to false when the container is restarted, or if kubelet loses state temporarily. In both cases, startup probes will run again. Is always true when no startupProbe is defined and container is running and has passed the postStart lifecycle hook. The null value must be treated the same as false.",
  }),
  allocatedResources: field(map(quantity()), {
    proto: 10,
    doc:
      "AllocatedResources represents the compute resources allocated for this container by the node. Kubelet sets this value to Container.Resources.Requests upon successful pod admission and after successfully admitting desired pod resize.",
  }),
  resources: field(resourceRequirementsSchema, {
    proto: 11,
    doc:
      "Resources represents the compute resource requests and limits that have been successfully enacted on the running container after it has been started or has been successfully resized.",
  }),
  volumeMounts: field(
    arr(volumeMountStatusSchema, {
      listType: "map",
      listMapKeys: ["mountPath"],
      patchStrategy: "merge",
      patchMergeKey: "mountPath",
    }),
    { proto: 12, doc: "Status of volume mounts." },
  ),
  user: field(containerUserSchema, {
    proto: 13,
    doc:
      "User represents user identity information initially attached to the first process of the container",
  }),
  allocatedResourcesStatus: field(
    arr(resourceStatusSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    {
      proto: 14,
      doc:
        "AllocatedResourcesStatus represents the status of various resources allocated for this Pod.",
    },
  ),
  stopSignal: field(signalSchema, {
    proto: 15,
    doc: "StopSignal reports the effective stop signal for this container",
  }),
}, { doc: "ContainerStatus contains details for the current status of this container." });
/** ContainerStatus contains details for the current status of this container. */
export type ContainerStatus = TypeOf<typeof containerStatusSchema>;

/** The values of the Go enum `v1.PodQOSClass`. */
export const podQOSClassSchema = enumOf(
  ["Guaranteed", "Burstable", "BestEffort"],
  "v1.PodQOSClass",
);
/** One of the values of the Go enum `v1.PodQOSClass`. */
export type PodQOSClass = TypeOf<typeof podQOSClassSchema>;

/** PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate. It stores the generated name for the corresponding ResourceClaim. */
export const podResourceClaimStatusSchema = obj("io.k8s.api.core.v1.PodResourceClaimStatus", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name uniquely identifies this resource claim inside the pod. This must match the name of an entry in pod.spec.resourceClaims, which implies that the string must be a DNS_LABEL.",
    required: true,
    default: "",
  }),
  resourceClaimName: field(str(), {
    proto: 2,
    doc:
      "ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.\n\nWhen the DRAWorkloadResourceClaims feature is enabled and the corresponding PodResourceClaim matches a PodGroupResourceClaim made by the Pod's PodGroup, then this is the name of the ResourceClaim generated and reserved for the PodGroup.\n\nIf this is unset, then generating a ResourceClaim was not necessary. The pod.spec.resourceClaims entry can be ignored in this case.",
  }),
}, {
  doc:
    "PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate. It stores the generated name for the corresponding ResourceClaim.",
});
/** PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate. It stores the generated name for the corresponding ResourceClaim. */
export type PodResourceClaimStatus = TypeOf<typeof podResourceClaimStatusSchema>;

/** ContainerExtendedResourceRequest has the mapping of container name, extended resource name to the device request name. */
export const containerExtendedResourceRequestSchema = obj(
  "io.k8s.api.core.v1.ContainerExtendedResourceRequest",
  {
    containerName: field(str(), {
      proto: 1,
      doc: "The name of the container requesting resources.",
      required: true,
      default: "",
    }),
    resourceName: field(str(), {
      proto: 2,
      doc: "The name of the extended resource in that container which gets backed by DRA.",
      required: true,
      default: "",
    }),
    requestName: field(str(), {
      proto: 3,
      doc:
        "The name of the request in the special ResourceClaim which corresponds to the extended resource.",
      required: true,
      default: "",
    }),
  },
  {
    doc:
      "ContainerExtendedResourceRequest has the mapping of container name, extended resource name to the device request name.",
  },
);
/** ContainerExtendedResourceRequest has the mapping of container name, extended resource name to the device request name. */
export type ContainerExtendedResourceRequest = TypeOf<
  typeof containerExtendedResourceRequestSchema
>;

/** PodExtendedResourceClaimStatus is stored in the PodStatus for the extended resource requests backed by DRA. It stores the generated name for the corresponding special ResourceClaim created by the scheduler. */
export const podExtendedResourceClaimStatusSchema = obj(
  "io.k8s.api.core.v1.PodExtendedResourceClaimStatus",
  {
    requestMappings: field(arr(containerExtendedResourceRequestSchema, { listType: "atomic" }), {
      proto: 1,
      doc:
        "RequestMappings identifies the mapping of <container, extended resource backed by DRA> to  device request in the generated ResourceClaim.",
      required: true,
    }),
    resourceClaimName: field(str(), {
      proto: 2,
      doc:
        "ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.",
      required: true,
      default: "",
    }),
  },
  {
    doc:
      "PodExtendedResourceClaimStatus is stored in the PodStatus for the extended resource requests backed by DRA. It stores the generated name for the corresponding special ResourceClaim created by the scheduler.",
  },
);
/** PodExtendedResourceClaimStatus is stored in the PodStatus for the extended resource requests backed by DRA. It stores the generated name for the corresponding special ResourceClaim created by the scheduler. */
export type PodExtendedResourceClaimStatus = TypeOf<typeof podExtendedResourceClaimStatusSchema>;

/** NodeAllocatableMappedResources describes mapped node allocatable resource allocations. */
export const nodeAllocatableMappedResourcesSchema = obj(
  "io.k8s.api.core.v1.NodeAllocatableMappedResources",
  {
    name: field(str(), {
      proto: 1,
      doc: "Name is the name of the resource (e.g., cpu, memory).",
      required: true,
      default: "",
    }),
    quantity: field(quantity(), {
      proto: 2,
      doc:
        "Quantity is the total node allocatable resource capacity allocated for the claim. This claim's allocated devices is shared by all the containers referencing the claim. Kubelet adds this value to both requests and limits at the pod-level cgroup, and to limits at the container-level cgroup for each container referencing the claim.",
      required: true,
    }),
  },
  { doc: "NodeAllocatableMappedResources describes mapped node allocatable resource allocations." },
);
/** NodeAllocatableMappedResources describes mapped node allocatable resource allocations. */
export type NodeAllocatableMappedResources = TypeOf<typeof nodeAllocatableMappedResourcesSchema>;

/** NodeAllocatableOverheadResources describes auxiliary overhead resource allocations. */
export const nodeAllocatableOverheadResourcesSchema = obj(
  "io.k8s.api.core.v1.NodeAllocatableOverheadResources",
  {
    name: field(str(), {
      proto: 1,
      doc: "Name is the name of the resource (e.g., cpu, memory).",
      required: true,
      default: "",
    }),
    perPod: field(quantity(), {
      proto: 2,
      doc:
        "PerPod is the flat overhead quantity allocated per pod. Adding to each container limit allows individual containers to utilize the overhead, while the parent pod-level cgroup limit caps the total usage at the pod boundary where the overhead is accounted for exactly once. At least one of PerPod or PerContainer must be specified. Specifying neither is an invalid configuration.",
    }),
    perContainer: field(quantity(), {
      proto: 3,
      doc:
        "PerContainer is the variable overhead quantity applied for each container referencing the claim. The container references are recorded in `nodeAllocatableResourceClaimStatuses.containers`. The total overhead quantity allocated for the claim is computed as: Quantity = PerPod + (PerContainer * NumReferences) Kubelet accounts for this overhead in cgroups: - Pod-level cgroup (requests and limits): Kubelet adds PerPod + (PerContainer * NumReferences). - Container-level cgroup (limits only): Kubelet adds PerPod + PerContainer for each referencing container. This allows any single container to access the pod-level overhead, while the parent cgroup caps the total usage to account for PerPod exactly once. At least one of PerPod or PerContainer must be specified. Specifying neither is an invalid configuration.",
    }),
  },
  { doc: "NodeAllocatableOverheadResources describes auxiliary overhead resource allocations." },
);
/** NodeAllocatableOverheadResources describes auxiliary overhead resource allocations. */
export type NodeAllocatableOverheadResources = TypeOf<
  typeof nodeAllocatableOverheadResourcesSchema
>;

/** NodeAllocatableResourceClaimStatus describes the status of node allocatable resources allocated via DRA. */
export const nodeAllocatableResourceClaimStatusSchema = obj(
  "io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus",
  {
    resourceClaimName: field(str(), {
      proto: 1,
      doc:
        "ResourceClaimName is the resource claim referenced by the pod that resulted in this node allocatable resource allocation.",
      required: true,
      default: "",
    }),
    containers: field(arr(str(), { listType: "set" }), {
      proto: 2,
      doc: "Containers lists the names of all containers in this pod that reference the claim.",
    }),
    mapping: field(
      arr(nodeAllocatableMappedResourcesSchema, {
        listType: "map",
        listMapKeys: ["name"],
        patchStrategy: "merge",
        patchMergeKey: "name",
      }),
      {
        proto: 4,
        doc:
          "Mapping contains allocations through devices mapped in the device spec's `nodeAllocatableResources[...].mapping` field. This is used by kubelet for pod level and container-level cgroup enforcement.",
      },
    ),
    overhead: field(
      arr(nodeAllocatableOverheadResourcesSchema, {
        listType: "map",
        listMapKeys: ["name"],
        patchStrategy: "merge",
        patchMergeKey: "name",
      }),
      {
        proto: 5,
        doc:
          "Overhead contains allocations through devices mapped in the device spec's `nodeAllocatableResources[...].overhead` field. This is used by kubelet for pod level and container-level cgroup enforcement.",
      },
    ),
  },
  {
    doc:
      "NodeAllocatableResourceClaimStatus describes the status of node allocatable resources allocated via DRA.",
  },
);
/** NodeAllocatableResourceClaimStatus describes the status of node allocatable resources allocated via DRA. */
export type NodeAllocatableResourceClaimStatus = TypeOf<
  typeof nodeAllocatableResourceClaimStatusSchema
>;

/** The values of the Go enum `v1.VolumeHealthStatusType`. */
export const volumeHealthStatusTypeSchema = enumOf(
  ["Inaccessible", "DataLoss", "Degraded"],
  "v1.VolumeHealthStatusType",
);
/** One of the values of the Go enum `v1.VolumeHealthStatusType`. */
export type VolumeHealthStatusType = TypeOf<typeof volumeHealthStatusTypeSchema>;

/** VolumeHealthCondition represents an adverse health condition reported for a volume. */
export const volumeHealthConditionSchema = obj("io.k8s.api.core.v1.VolumeHealthCondition", {
  status: field(volumeHealthStatusTypeSchema, {
    proto: 1,
    doc:
      'status is the machine-parseable health category. Possible values: - "Inaccessible": the volume cannot be accessed. - "DataLoss": data loss has been detected on the volume. - "Degraded": the volume is functioning with reduced capability.',
    required: true,
    default: "",
  }),
  reason: field(str(), {
    proto: 2,
    doc:
      "reason is a brief CamelCase machine-parseable reason. Together with status it forms the unique identity of a condition entry. Maximum permitted length of a reason is 256 bytes.",
    required: true,
    default: "",
  }),
  message: field(str(), {
    proto: 3,
    doc:
      "message is a human-readable description. Maximum permitted length of a message is 1024 bytes.",
  }),
}, { doc: "VolumeHealthCondition represents an adverse health condition reported for a volume." });
/** VolumeHealthCondition represents an adverse health condition reported for a volume. */
export type VolumeHealthCondition = TypeOf<typeof volumeHealthConditionSchema>;

/** PodVolumeHealth contains health information for a volume used by a pod, reported by the CSI node plugin via the kubelet. */
export const podVolumeHealthSchema = obj("io.k8s.api.core.v1.PodVolumeHealth", {
  name: field(str(), {
    proto: 1,
    doc: "name matches an entry in pod.spec.volumes.",
    required: true,
    default: "",
  }),
  healthConditions: field(
    arr(volumeHealthConditionSchema, {
      listType: "map",
      listMapKeys: ["status", "reason"],
      patchStrategy: "merge",
      patchMergeKey: "status",
    }),
    {
      proto: 2,
      doc:
        "conditions is the set of adverse conditions reported by the CSI node plugin for this volume on this node. At most 16 conditions may be reported.",
    },
  ),
  lastTransitionTime: field(time(), {
    proto: 3,
    doc: "lastTransitionTime is when the current set of conditions first appeared.",
  }),
}, {
  doc:
    "PodVolumeHealth contains health information for a volume used by a pod, reported by the CSI node plugin via the kubelet.",
});
/** PodVolumeHealth contains health information for a volume used by a pod, reported by the CSI node plugin via the kubelet. */
export type PodVolumeHealth = TypeOf<typeof podVolumeHealthSchema>;

/** PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane. */
export const podStatusSchema = obj("io.k8s.api.core.v1.PodStatus", {
  observedGeneration: field(int64(), {
    proto: 17,
    doc:
      "If set, this represents the .metadata.generation that the pod status was set based upon. The PodObservedGenerationTracking feature gate must be enabled to use this field.",
  }),
  phase: field(podPhaseSchema, {
    proto: 1,
    doc:
      "The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle. The conditions array, the reason and message fields, and the individual container status arrays contain more detail about the pod's status. There are five possible phase values:\n\nPending: The pod has been accepted by the Kubernetes system, but one or more of the container images has not been created. This includes time before being scheduled as well as time spent downloading images over the network, which could take a while. Running: The pod has been bound to a node, and all of the containers have been created. At least one container is still running, or is in the process of starting or restarting. Succeeded: All containers in the pod have terminated in success, and will not be restarted. Failed: All containers in the pod have terminated, and at least one container has terminated in failure. The container either exited with non-zero status or was terminated by the system. Unknown: For some reason the state of the pod could not be obtained, typically due to an error in communicating with the host of the pod.\n\nMore info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-phase",
  }),
  conditions: field(
    arr(podConditionSchema, {
      listType: "map",
      listMapKeys: ["type"],
      patchStrategy: "merge",
      patchMergeKey: "type",
    }),
    {
      proto: 2,
      doc:
        "Current service state of pod. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions",
    },
  ),
  message: field(str(), {
    proto: 3,
    doc: "A human readable message indicating details about why the pod is in this condition.",
  }),
  reason: field(str(), {
    proto: 4,
    doc:
      "A brief CamelCase message indicating details about why the pod is in this state. e.g. 'Evicted'",
  }),
  nominatedNodeName: field(str(), {
    proto: 11,
    doc:
      "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.",
  }),
  hostIP: field(str(), {
    proto: 5,
    doc:
      "hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has not started yet. A pod can be assigned to a node that has a problem in kubelet which in turns mean that HostIP will not be updated even if there is a node is assigned to pod",
  }),
  hostIPs: field(
    arr(hostIPSchema, { listType: "atomic", patchStrategy: "merge", patchMergeKey: "ip" }),
    {
      proto: 16,
      doc:
        "hostIPs holds the IP addresses allocated to the host. If this field is specified, the first entry must match the hostIP field. This list is empty if the pod has not started yet. A pod can be assigned to a node that has a problem in kubelet which in turns means that HostIPs will not be updated even if there is a node is assigned to this pod.",
    },
  ),
  podIP: field(str(), {
    proto: 6,
    doc:
      "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
  }),
  podIPs: field(
    arr(podIPSchema, {
      listType: "map",
      listMapKeys: ["ip"],
      patchStrategy: "merge",
      patchMergeKey: "ip",
    }),
    {
      proto: 12,
      doc:
        "podIPs holds the IP addresses allocated to the pod. If this field is specified, the 0th entry must match the podIP field. Pods may be allocated at most 1 value for each of IPv4 and IPv6. This list is empty if no IPs have been allocated yet.",
    },
  ),
  startTime: field(time(), {
    proto: 7,
    doc:
      "RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod.",
  }),
  initContainerStatuses: field(arr(containerStatusSchema, { listType: "atomic" }), {
    proto: 10,
    doc:
      "Statuses of init containers in this pod. The most recent successful non-restartable init container will have ready = true, the most recently started container will have startTime set. Each init container in the pod should have at most one status in this list, and all statuses should be for containers in the pod. However this is not enforced. If a status for a non-existent container is present in the list, or the list has duplicate names, the behavior of various Kubernetes components is not defined and those statuses might be ignored. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-and-container-status",
  }),
  containerStatuses: field(arr(containerStatusSchema, { listType: "atomic" }), {
    proto: 8,
    doc:
      "Statuses of containers in this pod. Each container in the pod should have at most one status in this list, and all statuses should be for containers in the pod. However this is not enforced. If a status for a non-existent container is present in the list, or the list has duplicate names, the behavior of various Kubernetes components is not defined and those statuses might be ignored. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-and-container-status",
  }),
  qosClass: field(podQOSClassSchema, {
    proto: 9,
    doc:
      "The Quality of Service (QOS) classification assigned to the pod based on resource requirements See PodQOSClass type for available QOS classes More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/#quality-of-service-classes",
  }),
  ephemeralContainerStatuses: field(arr(containerStatusSchema, { listType: "atomic" }), {
    proto: 13,
    doc:
      "Statuses for any ephemeral containers that have run in this pod. Each ephemeral container in the pod should have at most one status in this list, and all statuses should be for containers in the pod. However this is not enforced. If a status for a non-existent container is present in the list, or the list has duplicate names, the behavior of various Kubernetes components is not defined and those statuses might be ignored. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-and-container-status",
  }),
  resize: field(str(), {
    proto: 14,
    doc:
      'Status of resources resize desired for pod\'s containers. It is empty if no resources resize is pending. Any changes to container resources will automatically set this to "Proposed" Deprecated: Resize status is moved to two pod conditions PodResizePending and PodResizeInProgress. PodResizePending will track states where the spec has been resized, but the Kubelet has not yet allocated the resources. PodResizeInProgress will track in-progress resizes, and should be present whenever allocated resources != acknowledged resources.',
  }),
  resourceClaimStatuses: field(
    arr(podResourceClaimStatusSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge,retainKeys",
      patchMergeKey: "name",
    }),
    { proto: 15, doc: "Status of resource claims." },
  ),
  extendedResourceClaimStatus: field(podExtendedResourceClaimStatusSchema, {
    proto: 18,
    doc: "Status of extended resource claim backed by DRA.",
  }),
  allocatedResources: field(map(quantity()), {
    proto: 19,
    doc:
      "AllocatedResources is the total requests allocated for this pod by the node. If pod-level requests are not set, this will be the total requests aggregated across containers in the pod.",
  }),
  resources: field(resourceRequirementsSchema, {
    proto: 20,
    doc:
      "Resources represents the compute resource requests and limits that have been applied at the pod level if pod-level requests or limits are set in PodSpec.Resources",
  }),
  nodeAllocatableResourceClaimStatuses: field(
    arr(nodeAllocatableResourceClaimStatusSchema, {
      listType: "map",
      listMapKeys: ["resourceClaimName"],
      patchStrategy: "merge",
      patchMergeKey: "resourceClaimName",
    }),
    {
      proto: 21,
      doc:
        'NodeAllocatableResourceClaimStatuses contains the status of node-allocatable resources that were allocated for this pod through DRA claims. This includes resources currently reported in v1.Node `status.allocatable` that are not extended resources (see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#extended-resources). Examples include "cpu", "memory", "ephemeral-storage", and hugepages.',
    },
  ),
  volumeHealth: field(arr(podVolumeHealthSchema, { listType: "map", listMapKeys: ["name"] }), {
    proto: 22,
    doc:
      "volumeHealth contains node-reported health for each volume the pod is using. Populated by the kubelet on the pod's node.",
  }),
}, {
  doc:
    "PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.",
});
/** PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane. */
export type PodStatus = TypeOf<typeof podStatusSchema>;

/** Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts. */
export const podSchema = obj("io.k8s.api.core.v1.Pod", {
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
  spec: field(podSpecSchema, {
    proto: 2,
    doc:
      "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
  status: field(podStatusSchema, {
    proto: 3,
    doc:
      "Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
}, {
  doc:
    "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.",
  gvk: [{ group: "", version: "v1", kind: "Pod" }],
  defaulter: (pod) => {
    // SetDefaults_Pod: requests default to limits; enableServiceLinks; host-network ports.
    const spec = pod.spec;
    if (!spec) return;
    const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
    for (const c of all) {
      const res = c?.resources;
      const limits = res?.limits;
      if (!res || !limits) continue;
      const requests = (res.requests ??= {});
      for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
    }
    spec.enableServiceLinks ??= true;
    if (spec.hostNetwork) {
      for (const c of all) {
        for (const p of c?.ports ?? []) if (p && !p.hostPort) p.hostPort = p.containerPort;
      }
    }
  },
});
/** Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts. */
export type Pod = TypeOf<typeof podSchema>;

/** PodList is a list of Pods. */
export const podListSchema = obj("io.k8s.api.core.v1.PodList", {
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
  items: field(arr(podSchema), {
    proto: 2,
    doc:
      "List of pods. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md",
    required: true,
  }),
}, { doc: "PodList is a list of Pods.", gvk: [{ group: "", version: "v1", kind: "PodList" }] });
/** PodList is a list of Pods. */
export type PodList = TypeOf<typeof podListSchema>;

/** PodTemplateSpec describes the data a pod should have when created from a template */
export const podTemplateSpecSchema = obj("io.k8s.api.core.v1.PodTemplateSpec", {
  metadata: field(objectMetaSchema, {
    proto: 1,
    doc:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  spec: field(podSpecSchema, {
    proto: 2,
    doc:
      "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
}, { doc: "PodTemplateSpec describes the data a pod should have when created from a template" });
/** PodTemplateSpec describes the data a pod should have when created from a template */
export type PodTemplateSpec = TypeOf<typeof podTemplateSpecSchema>;
