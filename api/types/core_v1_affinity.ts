/**
 * core/v1 scheduling constraints: Affinity (node, pod, anti-affinity), Toleration, TopologySpreadConstraint.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { arr, enumOf, field, int32, int64, obj, str, type TypeOf } from "../schema/dsl.ts";
import { labelSelectorSchema } from "./meta_v1.ts";

/** The values of the Go enum `v1.NodeSelectorOperator`. */
export const nodeSelectorOperatorSchema = enumOf([
  "In",
  "NotIn",
  "Exists",
  "DoesNotExist",
  "Gt",
  "Lt",
], "v1.NodeSelectorOperator");
/** One of the values of the Go enum `v1.NodeSelectorOperator`. */
export type NodeSelectorOperator = TypeOf<typeof nodeSelectorOperatorSchema>;

/** A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values. */
export const nodeSelectorRequirementSchema = obj("io.k8s.api.core.v1.NodeSelectorRequirement", {
  key: field(str(), {
    proto: 1,
    doc: "The label key that the selector applies to.",
    required: true,
    default: "",
  }),
  operator: field(nodeSelectorOperatorSchema, {
    proto: 2,
    doc:
      "Represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt.",
    required: true,
    default: "",
  }),
  values: field(arr(str(), { listType: "atomic" }), {
    proto: 3,
    doc:
      "An array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. If the operator is Gt or Lt, the values array must have a single element, which will be interpreted as an integer. This array is replaced during a strategic merge patch.",
  }),
}, {
  doc:
    "A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
});
/** A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values. */
export type NodeSelectorRequirement = TypeOf<typeof nodeSelectorRequirementSchema>;

/** A null or empty node selector term matches no objects. The requirements of them are ANDed. The TopologySelectorTerm type implements a subset of the NodeSelectorTerm. */
export const nodeSelectorTermSchema = obj("io.k8s.api.core.v1.NodeSelectorTerm", {
  matchExpressions: field(arr(nodeSelectorRequirementSchema, { listType: "atomic" }), {
    proto: 1,
    doc: "A list of node selector requirements by node's labels.",
  }),
  matchFields: field(arr(nodeSelectorRequirementSchema, { listType: "atomic" }), {
    proto: 2,
    doc: "A list of node selector requirements by node's fields.",
  }),
}, {
  doc:
    "A null or empty node selector term matches no objects. The requirements of them are ANDed. The TopologySelectorTerm type implements a subset of the NodeSelectorTerm.",
  mapType: "atomic",
});
/** A null or empty node selector term matches no objects. The requirements of them are ANDed. The TopologySelectorTerm type implements a subset of the NodeSelectorTerm. */
export type NodeSelectorTerm = TypeOf<typeof nodeSelectorTermSchema>;

/** A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms. */
export const nodeSelectorSchema = obj("io.k8s.api.core.v1.NodeSelector", {
  nodeSelectorTerms: field(arr(nodeSelectorTermSchema, { listType: "atomic" }), {
    proto: 1,
    doc: "Required. A list of node selector terms. The terms are ORed.",
    required: true,
  }),
}, {
  doc:
    "A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.",
  mapType: "atomic",
});
/** A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms. */
export type NodeSelector = TypeOf<typeof nodeSelectorSchema>;

/** An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op). A null preferred scheduling term matches no objects (i.e. is also a no-op). */
export const preferredSchedulingTermSchema = obj("io.k8s.api.core.v1.PreferredSchedulingTerm", {
  weight: field(int32(), {
    proto: 1,
    doc: "Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.",
    required: true,
    default: 0,
  }),
  preference: field(nodeSelectorTermSchema, {
    proto: 2,
    doc: "A node selector term, associated with the corresponding weight.",
    required: true,
    default: {},
  }),
}, {
  doc:
    "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op). A null preferred scheduling term matches no objects (i.e. is also a no-op).",
});
/** An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op). A null preferred scheduling term matches no objects (i.e. is also a no-op). */
export type PreferredSchedulingTerm = TypeOf<typeof preferredSchedulingTermSchema>;

/** Node affinity is a group of node affinity scheduling rules. */
export const nodeAffinitySchema = obj("io.k8s.api.core.v1.NodeAffinity", {
  requiredDuringSchedulingIgnoredDuringExecution: field(nodeSelectorSchema, {
    proto: 1,
    doc:
      "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node. If the affinity requirements specified by this field cease to be met at some point during pod execution (e.g. due to an update), the system may or may not try to eventually evict the pod from its node.",
  }),
  preferredDuringSchedulingIgnoredDuringExecution: field(
    arr(preferredSchedulingTermSchema, { listType: "atomic" }),
    {
      proto: 2,
      doc:
        'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions. The node that is most preferred is the one with the greatest sum of weights, i.e. for each node that meets all of the scheduling requirements (resource request, requiredDuringScheduling affinity expressions, etc.), compute a sum by iterating through the elements of this field and adding "weight" to the sum if the node matches the corresponding matchExpressions; the node(s) with the highest sum are the most preferred.',
    },
  ),
}, { doc: "Node affinity is a group of node affinity scheduling rules." });
/** Node affinity is a group of node affinity scheduling rules. */
export type NodeAffinity = TypeOf<typeof nodeAffinitySchema>;

/** Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running */
export const podAffinityTermSchema = obj("io.k8s.api.core.v1.PodAffinityTerm", {
  labelSelector: field(labelSelectorSchema, {
    proto: 1,
    doc:
      "A label query over a set of resources, in this case pods. If it's null, this PodAffinityTerm matches with no Pods.",
  }),
  namespaces: field(arr(str(), { listType: "atomic" }), {
    proto: 2,
    doc:
      'namespaces specifies a static list of namespace names that the term applies to. The term is applied to the union of the namespaces listed in this field and the ones selected by namespaceSelector. null or empty namespaces list and null namespaceSelector means "this pod\'s namespace".',
  }),
  topologyKey: field(str(), {
    proto: 3,
    doc:
      "This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches that of any node on which any of the selected pods is running. Empty topologyKey is not allowed.",
    required: true,
    default: "",
  }),
  namespaceSelector: field(labelSelectorSchema, {
    proto: 4,
    doc:
      'A label query over the set of namespaces that the term applies to. The term is applied to the union of the namespaces selected by this field and the ones listed in the namespaces field. null selector and null or empty namespaces list means "this pod\'s namespace". An empty selector ({}) matches all namespaces.',
  }),
  matchLabelKeys: field(arr(str(), { listType: "atomic" }), {
    proto: 5,
    doc:
      "MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration. The keys are used to lookup values from the incoming pod labels, those key-value labels are merged with `labelSelector` as `key in (value)` to select the group of existing pods which pods will be taken into consideration for the incoming pod's pod (anti) affinity. Keys that don't exist in the incoming pod labels will be ignored. The default value is empty. The same key is forbidden to exist in both matchLabelKeys and labelSelector. Also, matchLabelKeys cannot be set when labelSelector isn't set.",
  }),
  mismatchLabelKeys: field(arr(str(), { listType: "atomic" }), {
    proto: 6,
    doc:
      "MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration. The keys are used to lookup values from the incoming pod labels, those key-value labels are merged with `labelSelector` as `key notin (value)` to select the group of existing pods which pods will be taken into consideration for the incoming pod's pod (anti) affinity. Keys that don't exist in the incoming pod labels will be ignored. The default value is empty. The same key is forbidden to exist in both mismatchLabelKeys and labelSelector. Also, mismatchLabelKeys cannot be set when labelSelector isn't set.",
  }),
}, {
  doc:
    "Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running",
});
/** Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running */
export type PodAffinityTerm = TypeOf<typeof podAffinityTermSchema>;

/** The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s) */
export const weightedPodAffinityTermSchema = obj("io.k8s.api.core.v1.WeightedPodAffinityTerm", {
  weight: field(int32(), {
    proto: 1,
    doc: "weight associated with matching the corresponding podAffinityTerm, in the range 1-100.",
    required: true,
    default: 0,
  }),
  podAffinityTerm: field(podAffinityTermSchema, {
    proto: 2,
    doc: "Required. A pod affinity term, associated with the corresponding weight.",
    required: true,
    default: {},
  }),
}, {
  doc:
    "The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)",
});
/** The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s) */
export type WeightedPodAffinityTerm = TypeOf<typeof weightedPodAffinityTermSchema>;

/** Pod affinity is a group of inter pod affinity scheduling rules. */
export const podAffinitySchema = obj("io.k8s.api.core.v1.PodAffinity", {
  requiredDuringSchedulingIgnoredDuringExecution: field(
    arr(podAffinityTermSchema, { listType: "atomic" }),
    {
      proto: 1,
      doc:
        "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node. If the affinity requirements specified by this field cease to be met at some point during pod execution (e.g. due to a pod label update), the system may or may not try to eventually evict the pod from its node. When there are multiple elements, the lists of nodes corresponding to each podAffinityTerm are intersected, i.e. all terms must be satisfied.",
    },
  ),
  preferredDuringSchedulingIgnoredDuringExecution: field(
    arr(weightedPodAffinityTermSchema, { listType: "atomic" }),
    {
      proto: 2,
      doc:
        'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions. The node that is most preferred is the one with the greatest sum of weights, i.e. for each node that meets all of the scheduling requirements (resource request, requiredDuringScheduling affinity expressions, etc.), compute a sum by iterating through the elements of this field and adding "weight" to the sum if the node has pods which matches the corresponding podAffinityTerm; the node(s) with the highest sum are the most preferred.',
    },
  ),
}, { doc: "Pod affinity is a group of inter pod affinity scheduling rules." });
/** Pod affinity is a group of inter pod affinity scheduling rules. */
export type PodAffinity = TypeOf<typeof podAffinitySchema>;

/** Pod anti affinity is a group of inter pod anti affinity scheduling rules. */
export const podAntiAffinitySchema = obj("io.k8s.api.core.v1.PodAntiAffinity", {
  requiredDuringSchedulingIgnoredDuringExecution: field(
    arr(podAffinityTermSchema, { listType: "atomic" }),
    {
      proto: 1,
      doc:
        "If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node. If the anti-affinity requirements specified by this field cease to be met at some point during pod execution (e.g. due to a pod label update), the system may or may not try to eventually evict the pod from its node. When there are multiple elements, the lists of nodes corresponding to each podAffinityTerm are intersected, i.e. all terms must be satisfied.",
    },
  ),
  preferredDuringSchedulingIgnoredDuringExecution: field(
    arr(weightedPodAffinityTermSchema, { listType: "atomic" }),
    {
      proto: 2,
      doc:
        'The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions. The node that is most preferred is the one with the greatest sum of weights, i.e. for each node that meets all of the scheduling requirements (resource request, requiredDuringScheduling anti-affinity expressions, etc.), compute a sum by iterating through the elements of this field and subtracting "weight" from the sum if the node has pods which matches the corresponding podAffinityTerm; the node(s) with the highest sum are the most preferred.',
    },
  ),
}, { doc: "Pod anti affinity is a group of inter pod anti affinity scheduling rules." });
/** Pod anti affinity is a group of inter pod anti affinity scheduling rules. */
export type PodAntiAffinity = TypeOf<typeof podAntiAffinitySchema>;

/** Affinity is a group of affinity scheduling rules. */
export const affinitySchema = obj("io.k8s.api.core.v1.Affinity", {
  nodeAffinity: field(nodeAffinitySchema, {
    proto: 1,
    doc: "Describes node affinity scheduling rules for the pod.",
  }),
  podAffinity: field(podAffinitySchema, {
    proto: 2,
    doc:
      "Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s)).",
  }),
  podAntiAffinity: field(podAntiAffinitySchema, {
    proto: 3,
    doc:
      "Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s)).",
  }),
}, { doc: "Affinity is a group of affinity scheduling rules." });
/** Affinity is a group of affinity scheduling rules. */
export type Affinity = TypeOf<typeof affinitySchema>;

/** The values of the Go enum `v1.TolerationOperator`. */
export const tolerationOperatorSchema = enumOf(
  ["Exists", "Equal", "Lt", "Gt"],
  "v1.TolerationOperator",
);
/** One of the values of the Go enum `v1.TolerationOperator`. */
export type TolerationOperator = TypeOf<typeof tolerationOperatorSchema>;

/** The values of the Go enum `v1.TaintEffect`. */
export const taintEffectSchema = enumOf(
  ["NoSchedule", "PreferNoSchedule", "NoExecute"],
  "v1.TaintEffect",
);
/** One of the values of the Go enum `v1.TaintEffect`. */
export type TaintEffect = TypeOf<typeof taintEffectSchema>;

/** The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>. */
export const tolerationSchema = obj("io.k8s.api.core.v1.Toleration", {
  key: field(str(), {
    proto: 1,
    doc:
      "Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists; this combination means to match all values and all keys.",
  }),
  operator: field(tolerationOperatorSchema, {
    proto: 2,
    doc:
      "Operator represents a key's relationship to the value. Valid operators are Exists, Equal, Lt, and Gt. Defaults to Equal. Exists is equivalent to wildcard for value, so that a pod can tolerate all taints of a particular category. Lt and Gt perform numeric comparisons (requires feature gate TaintTolerationComparisonOperators).",
  }),
  value: field(str(), {
    proto: 3,
    doc:
      "Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string.",
  }),
  effect: field(taintEffectSchema, {
    proto: 4,
    doc:
      "Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute.",
  }),
  tolerationSeconds: field(int64(), {
    proto: 5,
    doc:
      "TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint. By default, it is not set, which means tolerate the taint forever (do not evict). Zero and negative values will be treated as 0 (evict immediately) by the system.",
  }),
}, {
  doc:
    "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.",
});
/** The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>. */
export type Toleration = TypeOf<typeof tolerationSchema>;

/** The values of the Go enum `v1.UnsatisfiableConstraintAction`. */
export const unsatisfiableConstraintActionSchema = enumOf(
  ["DoNotSchedule", "ScheduleAnyway"],
  "v1.UnsatisfiableConstraintAction",
);
/** One of the values of the Go enum `v1.UnsatisfiableConstraintAction`. */
export type UnsatisfiableConstraintAction = TypeOf<typeof unsatisfiableConstraintActionSchema>;

/** The values of the Go enum `v1.NodeInclusionPolicy`. */
export const nodeInclusionPolicySchema = enumOf(["Ignore", "Honor"], "v1.NodeInclusionPolicy");
/** One of the values of the Go enum `v1.NodeInclusionPolicy`. */
export type NodeInclusionPolicy = TypeOf<typeof nodeInclusionPolicySchema>;

/** TopologySpreadConstraint specifies how to spread matching pods among the given topology. */
export const topologySpreadConstraintSchema = obj("io.k8s.api.core.v1.TopologySpreadConstraint", {
  maxSkew: field(int32(), {
    proto: 1,
    doc:
      "MaxSkew describes the degree to which pods may be unevenly distributed. When `whenUnsatisfiable=DoNotSchedule`, it is the maximum permitted difference between the number of matching pods in the target topology and the global minimum. The global minimum is the minimum number of matching pods in an eligible domain or zero if the number of eligible domains is less than MinDomains. For example, in a 3-zone cluster, MaxSkew is set to 1, and pods with the same labelSelector spread as 2/2/1: In this case, the global minimum is 1. ",
    required: true,
    default: 0,
  }),
  topologyKey: field(str(), {
    proto: 2,
    doc:
      'TopologyKey is the key of node labels. Nodes that have a label with this key and identical values are considered to be in the same topology. We consider each <key, value> as a "bucket", and try to put balanced number of pods into each bucket. We define a domain as a particular instance of a topology. Also, we define an eligible domain as a domain whose nodes meet the requirements of nodeAffinityPolicy and nodeTaintsPolicy. e.g. If TopologyKey is "kubernetes.io/hostname", each Node is a domain of that topology. And, if TopologyKey is "topology.kubernetes.io/zone", each zone is a domain of that topology. It\'s a required field.',
    required: true,
    default: "",
  }),
  whenUnsatisfiable: field(unsatisfiableConstraintActionSchema, {
    proto: 3,
    doc:
      'WhenUnsatisfiable indicates how to deal with a pod if it doesn\'t satisfy the spread constraint. - DoNotSchedule (default) tells the scheduler not to schedule it. - ScheduleAnyway tells the scheduler to schedule the pod in any location,\n  but giving higher precedence to topologies that would help reduce the\n  skew.\nA constraint is considered "Unsatisfiable" for an incoming pod if and only if every possible node assignment for that pod would violate "MaxSkew" on some topology. For example, in a 3-zone cluster, MaxSkew is set to 1, and pods with the same labelSelector spread as 3/1/1: ',
    required: true,
    default: "",
  }),
  labelSelector: field(labelSelectorSchema, {
    proto: 4,
    doc:
      "LabelSelector is used to find matching pods. Pods that match this label selector are counted to determine the number of pods in their corresponding topology domain.",
  }),
  minDomains: field(int32(), {
    proto: 5,
    doc:
      'MinDomains indicates a minimum number of eligible domains. When the number of eligible domains with matching topology keys is less than minDomains, Pod Topology Spread treats "global minimum" as 0, and then the calculation of Skew is performed. And when the number of eligible domains with matching topology keys equals or greater than minDomains, this value has no effect on scheduling. As a result, when the number of eligible domains is less than minDomains, scheduler won\'t schedule more than maxSkew Pods to those domains. If value is nil, the constraint behaves as if MinDomains is equal to 1. Valid values are integers greater than 0. When value is not nil, WhenUnsatisfiable must be DoNotSchedule.\n\nFor example, in a 3-zone cluster, MaxSkew is set to 2, MinDomains is set to 5 and pods with the same labelSelector spread as 2/2/2: ',
  }),
  nodeAffinityPolicy: field(nodeInclusionPolicySchema, {
    proto: 6,
    doc:
      "NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew. Options are: - Honor: only nodes matching nodeAffinity/nodeSelector are included in the calculations. - Ignore: nodeAffinity/nodeSelector are ignored. All nodes are included in the calculations.\n\nIf this value is nil, the behavior is equivalent to the Honor policy.",
  }),
  nodeTaintsPolicy: field(nodeInclusionPolicySchema, {
    proto: 7,
    doc:
      "NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew. Options are: - Honor: nodes without taints, along with tainted nodes for which the incoming pod has a toleration, are included. - Ignore: node taints are ignored. All nodes are included.\n\nIf this value is nil, the behavior is equivalent to the Ignore policy.",
  }),
  matchLabelKeys: field(arr(str(), { listType: "atomic" }), {
    proto: 8,
    doc:
      "MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated. The keys are used to lookup values from the incoming pod labels, those key-value labels are ANDed with labelSelector to select the group of existing pods over which spreading will be calculated for the incoming pod. The same key is forbidden to exist in both MatchLabelKeys and LabelSelector. MatchLabelKeys cannot be set when LabelSelector isn't set. Keys that don't exist in the incoming pod labels will be ignored. A null or empty list means only match against labelSelector.\n\nThis is a beta field and requires the MatchLabelKeysInPodTopologySpread feature gate to be enabled (enabled by default).",
  }),
}, {
  doc: "TopologySpreadConstraint specifies how to spread matching pods among the given topology.",
});
/** TopologySpreadConstraint specifies how to spread matching pods among the given topology. */
export type TopologySpreadConstraint = TypeOf<typeof topologySpreadConstraintSchema>;
