/**
 * core/v1 Node: NodeSpec (pod CIDRs, taints, unschedulable), NodeStatus (capacity, conditions, addresses, nodeInfo, images), NodeList.
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
import { taintEffectSchema } from "./core_v1_affinity.ts";
import { listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint. */
export const taintSchema = obj("io.k8s.api.core.v1.Taint", {
  key: field(str(), {
    proto: 1,
    doc: "Required. The taint key to be applied to a node.",
    required: true,
    default: "",
  }),
  value: field(str(), { proto: 2, doc: "The taint value corresponding to the taint key." }),
  effect: field(taintEffectSchema, {
    proto: 3,
    doc:
      "Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.",
    required: true,
    default: "",
  }),
  timeAdded: field(time(), {
    proto: 4,
    doc: "TimeAdded represents the time at which the taint was added.",
  }),
}, {
  doc:
    'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
});
/** The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint. */
export type Taint = TypeOf<typeof taintSchema>;

/** ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node. This API is deprecated since 1.22: https://git.k8s.io/enhancements/keps/sig-node/281-dynamic-kubelet-configuration */
export const configMapNodeConfigSourceSchema = obj("io.k8s.api.core.v1.ConfigMapNodeConfigSource", {
  namespace: field(str(), {
    proto: 1,
    doc:
      "Namespace is the metadata.namespace of the referenced ConfigMap. This field is required in all cases.",
    required: true,
    default: "",
  }),
  name: field(str(), {
    proto: 2,
    doc:
      "Name is the metadata.name of the referenced ConfigMap. This field is required in all cases.",
    required: true,
    default: "",
  }),
  uid: field(str(), {
    proto: 3,
    doc:
      "UID is the metadata.UID of the referenced ConfigMap. This field is forbidden in Node.Spec, and required in Node.Status.",
  }),
  resourceVersion: field(str(), {
    proto: 4,
    doc:
      "ResourceVersion is the metadata.ResourceVersion of the referenced ConfigMap. This field is forbidden in Node.Spec, and required in Node.Status.",
  }),
  kubeletConfigKey: field(str(), {
    proto: 5,
    doc:
      "KubeletConfigKey declares which key of the referenced ConfigMap corresponds to the KubeletConfiguration structure This field is required in all cases.",
    required: true,
    default: "",
  }),
}, {
  doc:
    "ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node. This API is deprecated since 1.22: https://git.k8s.io/enhancements/keps/sig-node/281-dynamic-kubelet-configuration",
});
/** ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node. This API is deprecated since 1.22: https://git.k8s.io/enhancements/keps/sig-node/281-dynamic-kubelet-configuration */
export type ConfigMapNodeConfigSource = TypeOf<typeof configMapNodeConfigSourceSchema>;

/** NodeConfigSource specifies a source of node configuration. Exactly one subfield (excluding metadata) must be non-nil. This API is deprecated since 1.22 */
export const nodeConfigSourceSchema = obj("io.k8s.api.core.v1.NodeConfigSource", {
  configMap: field(configMapNodeConfigSourceSchema, {
    proto: 2,
    doc: "ConfigMap is a reference to a Node's ConfigMap",
  }),
}, {
  doc:
    "NodeConfigSource specifies a source of node configuration. Exactly one subfield (excluding metadata) must be non-nil. This API is deprecated since 1.22",
});
/** NodeConfigSource specifies a source of node configuration. Exactly one subfield (excluding metadata) must be non-nil. This API is deprecated since 1.22 */
export type NodeConfigSource = TypeOf<typeof nodeConfigSourceSchema>;

/** NodePodPreemptionPolicy defines the node-level policies governing preemption for pods on this node. */
export const nodePodPreemptionPolicySchema = obj("io.k8s.api.core.v1.NodePodPreemptionPolicy", {
  disableResizePreemption: field(arr(str(), { listType: "set" }), {
    proto: 1,
    doc:
      "DisableResizePreemption lists the owners (e.g., autoscalers, operators, administrators) that have requested to disable scheduler and Kubelet preemption for in-place pod resize on this node. If this list is non-empty, resize-induced preemption is disabled on this node. This is an alpha field and requires enabling the InPlacePodVerticalScalingSchedulerPreemption feature gate.",
  }),
}, {
  doc:
    "NodePodPreemptionPolicy defines the node-level policies governing preemption for pods on this node.",
});
/** NodePodPreemptionPolicy defines the node-level policies governing preemption for pods on this node. */
export type NodePodPreemptionPolicy = TypeOf<typeof nodePodPreemptionPolicySchema>;

/** NodeSpec describes the attributes that a node is created with. */
export const nodeSpecSchema = obj("io.k8s.api.core.v1.NodeSpec", {
  podCIDR: field(str(), {
    proto: 1,
    doc: "PodCIDR represents the pod IP range assigned to the node.",
  }),
  podCIDRs: field(arr(str(), { listType: "set", patchStrategy: "merge" }), {
    proto: 7,
    doc:
      "podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.",
  }),
  providerID: field(str(), {
    proto: 3,
    doc:
      "ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>",
  }),
  unschedulable: field(bool(), {
    proto: 4,
    doc:
      "Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration",
  }),
  taints: field(arr(taintSchema, { listType: "atomic" }), {
    proto: 5,
    doc: "If specified, the node's taints.",
  }),
  configSource: field(nodeConfigSourceSchema, {
    proto: 6,
    doc:
      "Deprecated: Previously used to specify the source of the node's configuration for the DynamicKubeletConfig feature. This feature is removed.",
  }),
  externalID: field(str(), {
    proto: 2,
    doc:
      "Deprecated. Not all kubelets will set this field. Remove field after 1.13. see: https://issues.k8s.io/61966",
  }),
  podPreemptionPolicy: field(nodePodPreemptionPolicySchema, {
    proto: 8,
    doc:
      "PodPreemptionPolicy controls the node-level preemption behaviors for pods on this node. This is an alpha field and requires enabling the InPlacePodVerticalScalingSchedulerPreemption feature gate.",
  }),
}, { doc: "NodeSpec describes the attributes that a node is created with." });
/** NodeSpec describes the attributes that a node is created with. */
export type NodeSpec = TypeOf<typeof nodeSpecSchema>;

/** The values of the Go enum `v1.NodePhase`. */
export const nodePhaseSchema = enumOf(["Pending", "Running", "Terminated"], "v1.NodePhase");
/** One of the values of the Go enum `v1.NodePhase`. */
export type NodePhase = TypeOf<typeof nodePhaseSchema>;

/** NodeCondition contains condition information for a node. */
export const nodeConditionSchema = obj("io.k8s.api.core.v1.NodeCondition", {
  type: field(str(), { proto: 1, doc: "Type of node condition.", required: true, default: "" }),
  status: field(str(), {
    proto: 2,
    doc: "Status of the condition, one of True, False, Unknown.",
    required: true,
    default: "",
  }),
  lastHeartbeatTime: field(time(), {
    proto: 3,
    doc: "Last time we got an update on a given condition.",
  }),
  lastTransitionTime: field(time(), {
    proto: 4,
    doc: "Last time the condition transit from one status to another.",
  }),
  reason: field(str(), { proto: 5, doc: "(brief) reason for the condition's last transition." }),
  message: field(str(), {
    proto: 6,
    doc: "Human readable message indicating details about last transition.",
  }),
}, { doc: "NodeCondition contains condition information for a node." });
/** NodeCondition contains condition information for a node. */
export type NodeCondition = TypeOf<typeof nodeConditionSchema>;

/** NodeAddress contains information for the node's address. */
export const nodeAddressSchema = obj("io.k8s.api.core.v1.NodeAddress", {
  type: field(str(), {
    proto: 1,
    doc: "Node address type, one of Hostname, ExternalIP or InternalIP.",
    required: true,
    default: "",
  }),
  address: field(str(), { proto: 2, doc: "The node address.", required: true, default: "" }),
}, { doc: "NodeAddress contains information for the node's address." });
/** NodeAddress contains information for the node's address. */
export type NodeAddress = TypeOf<typeof nodeAddressSchema>;

/** DaemonEndpoint contains information about a single Daemon endpoint. */
export const daemonEndpointSchema = obj("io.k8s.api.core.v1.DaemonEndpoint", {
  Port: field(int32(), {
    proto: 1,
    doc: "Port number of the given endpoint.",
    required: true,
    default: 0,
  }),
}, { doc: "DaemonEndpoint contains information about a single Daemon endpoint." });
/** DaemonEndpoint contains information about a single Daemon endpoint. */
export type DaemonEndpoint = TypeOf<typeof daemonEndpointSchema>;

/** NodeDaemonEndpoints lists ports opened by daemons running on the Node. */
export const nodeDaemonEndpointsSchema = obj("io.k8s.api.core.v1.NodeDaemonEndpoints", {
  kubeletEndpoint: field(daemonEndpointSchema, {
    proto: 1,
    doc: "Endpoint on which Kubelet is listening.",
    default: {},
  }),
}, { doc: "NodeDaemonEndpoints lists ports opened by daemons running on the Node." });
/** NodeDaemonEndpoints lists ports opened by daemons running on the Node. */
export type NodeDaemonEndpoints = TypeOf<typeof nodeDaemonEndpointsSchema>;

/** NodeSwapStatus represents swap memory information. */
export const nodeSwapStatusSchema = obj("io.k8s.api.core.v1.NodeSwapStatus", {
  capacity: field(int64(), { proto: 1, doc: "Total amount of swap memory in bytes." }),
}, { doc: "NodeSwapStatus represents swap memory information." });
/** NodeSwapStatus represents swap memory information. */
export type NodeSwapStatus = TypeOf<typeof nodeSwapStatusSchema>;

/** NodeSystemInfo is a set of ids/uuids to uniquely identify the node. */
export const nodeSystemInfoSchema = obj("io.k8s.api.core.v1.NodeSystemInfo", {
  machineID: field(str(), {
    proto: 1,
    doc:
      "MachineID reported by the node. For unique machine identification in the cluster this field is preferred. Learn more from man(5) machine-id: http://man7.org/linux/man-pages/man5/machine-id.5.html",
    required: true,
    default: "",
  }),
  systemUUID: field(str(), {
    proto: 2,
    doc:
      "SystemUUID reported by the node. For unique machine identification MachineID is preferred. This field is specific to Red Hat hosts https://access.redhat.com/documentation/en-us/red_hat_subscription_management/1/html/rhsm/uuid",
    required: true,
    default: "",
  }),
  bootID: field(str(), {
    proto: 3,
    doc: "Boot ID reported by the node.",
    required: true,
    default: "",
  }),
  kernelVersion: field(str(), {
    proto: 4,
    doc: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    required: true,
    default: "",
  }),
  osImage: field(str(), {
    proto: 5,
    doc: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
    required: true,
    default: "",
  }),
  containerRuntimeVersion: field(str(), {
    proto: 6,
    doc:
      "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
    required: true,
    default: "",
  }),
  kubeletVersion: field(str(), {
    proto: 7,
    doc: "Kubelet Version reported by the node.",
    required: true,
    default: "",
  }),
  kubeProxyVersion: field(str(), {
    proto: 8,
    doc: "Deprecated: KubeProxy Version reported by the node.",
    required: true,
    default: "",
  }),
  operatingSystem: field(str(), {
    proto: 9,
    doc: "The Operating System reported by the node",
    required: true,
    default: "",
  }),
  architecture: field(str(), {
    proto: 10,
    doc: "The Architecture reported by the node",
    required: true,
    default: "",
  }),
  swap: field(nodeSwapStatusSchema, { proto: 11, doc: "Swap Info reported by the node." }),
}, { doc: "NodeSystemInfo is a set of ids/uuids to uniquely identify the node." });
/** NodeSystemInfo is a set of ids/uuids to uniquely identify the node. */
export type NodeSystemInfo = TypeOf<typeof nodeSystemInfoSchema>;

/** Describe a container image */
export const containerImageSchema = obj("io.k8s.api.core.v1.ContainerImage", {
  names: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc:
      'Names by which this image is known. e.g. ["kubernetes.example/hyperkube:v1.0.7", "cloud-vendor.registry.example/cloud-vendor/hyperkube:v1.0.7"]',
  }),
  sizeBytes: field(int64(), { proto: 2, doc: "The size of the image in bytes." }),
}, { doc: "Describe a container image" });
/** Describe a container image */
export type ContainerImage = TypeOf<typeof containerImageSchema>;

/** AttachedVolume describes a volume attached to a node */
export const attachedVolumeSchema = obj("io.k8s.api.core.v1.AttachedVolume", {
  name: field(str(), { proto: 1, doc: "Name of the attached volume", required: true, default: "" }),
  devicePath: field(str(), {
    proto: 2,
    doc: "DevicePath represents the device path where the volume should be available",
    required: true,
    default: "",
  }),
}, { doc: "AttachedVolume describes a volume attached to a node" });
/** AttachedVolume describes a volume attached to a node */
export type AttachedVolume = TypeOf<typeof attachedVolumeSchema>;

/** NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource. */
export const nodeConfigStatusSchema = obj("io.k8s.api.core.v1.NodeConfigStatus", {
  assigned: field(nodeConfigSourceSchema, {
    proto: 1,
    doc:
      "Assigned reports the checkpointed config the node will try to use. When Node.Spec.ConfigSource is updated, the node checkpoints the associated config payload to local disk, along with a record indicating intended config. The node refers to this record to choose its config checkpoint, and reports this record in Assigned. Assigned only updates in the status after the record has been checkpointed to disk. When the Kubelet is restarted, it tries to make the Assigned config the Active config by loading and validating the checkpointed payload identified by Assigned.",
  }),
  active: field(nodeConfigSourceSchema, {
    proto: 2,
    doc:
      "Active reports the checkpointed config the node is actively using. Active will represent either the current version of the Assigned config, or the current LastKnownGood config, depending on whether attempting to use the Assigned config results in an error.",
  }),
  lastKnownGood: field(nodeConfigSourceSchema, {
    proto: 3,
    doc:
      "LastKnownGood reports the checkpointed config the node will fall back to when it encounters an error attempting to use the Assigned config. The Assigned config becomes the LastKnownGood config when the node determines that the Assigned config is stable and correct. This is currently implemented as a 10-minute soak period starting when the local record of Assigned config is updated. If the Assigned config is Active at the end of this period, it becomes the LastKnownGood. Note that if Spec.ConfigSource is reset to nil (use local defaults), the LastKnownGood is also immediately reset to nil, because the local default config is always assumed good. You should not make assumptions about the node's method of determining config stability and correctness, as this may change or become configurable in the future.",
  }),
  error: field(str(), {
    proto: 4,
    doc:
      "Error describes any problems reconciling the Spec.ConfigSource to the Active config. Errors may occur, for example, attempting to checkpoint Spec.ConfigSource to the local Assigned record, attempting to checkpoint the payload associated with Spec.ConfigSource, attempting to load or validate the Assigned config, etc. Errors may occur at different points while syncing config. Earlier errors (e.g. download or checkpointing errors) will not result in a rollback to LastKnownGood, and may resolve across Kubelet retries. Later errors (e.g. loading or validating a checkpointed config) will result in a rollback to LastKnownGood. In the latter case, it is usually possible to resolve the error by fixing the config assigned in Spec.ConfigSource. You can find additional information for debugging by searching the error message in the Kubelet log. Error is a human-readable description of the error state; machines can check whether or not Error is empty, but should not rely on the stability of the Error text across Kubelet versions.",
  }),
}, {
  doc: "NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource.",
});
/** NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource. */
export type NodeConfigStatus = TypeOf<typeof nodeConfigStatusSchema>;

/** NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler. */
export const nodeRuntimeHandlerFeaturesSchema = obj(
  "io.k8s.api.core.v1.NodeRuntimeHandlerFeatures",
  {
    recursiveReadOnlyMounts: field(bool(), {
      proto: 1,
      doc:
        "RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts.",
    }),
    userNamespaces: field(bool(), {
      proto: 2,
      doc:
        "UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.",
    }),
  },
  { doc: "NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler." },
);
/** NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler. */
export type NodeRuntimeHandlerFeatures = TypeOf<typeof nodeRuntimeHandlerFeaturesSchema>;

/** NodeRuntimeHandler is a set of runtime handler information. */
export const nodeRuntimeHandlerSchema = obj("io.k8s.api.core.v1.NodeRuntimeHandler", {
  name: field(str(), {
    proto: 1,
    doc: "Runtime handler name. Empty for the default runtime handler.",
  }),
  features: field(nodeRuntimeHandlerFeaturesSchema, { proto: 2, doc: "Supported features." }),
}, { doc: "NodeRuntimeHandler is a set of runtime handler information." });
/** NodeRuntimeHandler is a set of runtime handler information. */
export type NodeRuntimeHandler = TypeOf<typeof nodeRuntimeHandlerSchema>;

/** NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers. */
export const nodeFeaturesSchema = obj("io.k8s.api.core.v1.NodeFeatures", {
  supplementalGroupsPolicy: field(bool(), {
    proto: 1,
    doc:
      "SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.",
  }),
}, {
  doc:
    "NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers.",
});
/** NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers. */
export type NodeFeatures = TypeOf<typeof nodeFeaturesSchema>;

/** NodeStatus is information about the current status of a node. */
export const nodeStatusSchema = obj("io.k8s.api.core.v1.NodeStatus", {
  capacity: field(map(quantity()), {
    proto: 1,
    doc:
      "Capacity represents the total resources of a node. More info: https://kubernetes.io/docs/reference/node/node-status/#capacity",
  }),
  allocatable: field(map(quantity()), {
    proto: 2,
    doc:
      "Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.",
  }),
  phase: field(nodePhaseSchema, {
    proto: 3,
    doc:
      "NodePhase is the recently observed lifecycle phase of the node. More info: https://kubernetes.io/docs/concepts/nodes/node/#phase The field is never populated, and now is deprecated.",
  }),
  conditions: field(
    arr(nodeConditionSchema, {
      listType: "map",
      listMapKeys: ["type"],
      patchStrategy: "merge",
      patchMergeKey: "type",
    }),
    {
      proto: 4,
      doc:
        "Conditions is an array of current observed node conditions. More info: https://kubernetes.io/docs/reference/node/node-status/#condition",
    },
  ),
  addresses: field(
    arr(nodeAddressSchema, {
      listType: "map",
      listMapKeys: ["type"],
      patchStrategy: "merge",
      patchMergeKey: "type",
    }),
    {
      proto: 5,
      doc:
        "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).",
    },
  ),
  daemonEndpoints: field(nodeDaemonEndpointsSchema, {
    proto: 6,
    doc: "Endpoints of daemons running on the Node.",
    default: {},
  }),
  nodeInfo: field(nodeSystemInfoSchema, {
    proto: 7,
    doc:
      "Set of ids/uuids to uniquely identify the node. More info: https://kubernetes.io/docs/reference/node/node-status/#info",
    default: {},
  }),
  images: field(arr(containerImageSchema, { listType: "atomic" }), {
    proto: 8,
    doc: "List of container images on this node",
  }),
  volumesInUse: field(arr(str(), { listType: "atomic" }), {
    proto: 9,
    doc: "List of attachable volumes in use (mounted) by the node.",
  }),
  volumesAttached: field(arr(attachedVolumeSchema, { listType: "atomic" }), {
    proto: 10,
    doc: "List of volumes that are attached to the node.",
  }),
  config: field(nodeConfigStatusSchema, {
    proto: 11,
    doc: "Status of the config assigned to the node via the dynamic Kubelet config feature.",
  }),
  runtimeHandlers: field(arr(nodeRuntimeHandlerSchema, { listType: "atomic" }), {
    proto: 12,
    doc: "The available runtime handlers.",
  }),
  features: field(nodeFeaturesSchema, {
    proto: 13,
    doc: "Features describes the set of features implemented by the CRI implementation.",
  }),
  declaredFeatures: field(arr(str(), { listType: "atomic" }), {
    proto: 14,
    doc:
      "DeclaredFeatures represents the features related to feature gates that are declared by the node.",
  }),
}, {
  doc: "NodeStatus is information about the current status of a node.",
  defaulter: (s) => {
    // SetDefaults_NodeStatus: allocatable defaults to capacity.
    if ((s.allocatable ?? null) === null && s.capacity) s.allocatable = { ...s.capacity };
  },
});
/** NodeStatus is information about the current status of a node. */
export type NodeStatus = TypeOf<typeof nodeStatusSchema>;

/** Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd). */
export const nodeSchema = obj("io.k8s.api.core.v1.Node", {
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
  spec: field(nodeSpecSchema, {
    proto: 2,
    doc:
      "Spec defines the behavior of a node. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
  status: field(nodeStatusSchema, {
    proto: 3,
    doc:
      "Most recently observed status of the node. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
}, {
  doc:
    "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).",
  gvk: [{ group: "", version: "v1", kind: "Node" }],
});
/** Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd). */
export type Node = TypeOf<typeof nodeSchema>;

/** NodeList is the whole list of all Nodes which have been registered with master. */
export const nodeListSchema = obj("io.k8s.api.core.v1.NodeList", {
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
  items: field(arr(nodeSchema), { proto: 2, doc: "List of nodes", required: true }),
}, {
  doc: "NodeList is the whole list of all Nodes which have been registered with master.",
  gvk: [{ group: "", version: "v1", kind: "NodeList" }],
});
/** NodeList is the whole list of all Nodes which have been registered with master. */
export type NodeList = TypeOf<typeof nodeListSchema>;
