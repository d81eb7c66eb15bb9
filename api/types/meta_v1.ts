/**
 * meta/v1 (apimachinery): ObjectMeta, ListMeta, Status, DeleteOptions, WatchEvent, Table, PartialObjectMetadata, discovery lists, LabelSelector, Condition.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import {
  any,
  arr,
  bool,
  field,
  int32,
  int64,
  map,
  obj,
  str,
  time,
  type TypeOf,
} from "../schema/dsl.ts";

/** RawExtension: an embedded object in any serialization (free-form JSON here). */
export const rawExtensionSchema = any({
  name: "io.k8s.apimachinery.pkg.runtime.RawExtension",
  doc:
    "RawExtension is used to hold extensions in external versions.\n\nTo use this, make a field which has RawExtension as its type in your external, versioned struct, and Object in your internal struct. You also need to register your various plugin types.",
});

/** FieldsV1: a set of fields as a JSON trie (managedFields). */
export const fieldsV1Schema = any({
  object: true,
  name: "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
  doc:
    "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff",
});

/** Patch: names the body of PATCH requests in OpenAPI (any patch document). */
export const patchSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.Patch", {}, {
  doc: "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
});

/** OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field. */
export const ownerReferenceSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", {
  apiVersion: field(str(), {
    proto: 5,
    doc: "API version of the referent.",
    required: true,
    default: "",
  }),
  kind: field(str(), {
    proto: 1,
    doc:
      "Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
    required: true,
    default: "",
  }),
  name: field(str(), {
    proto: 3,
    doc:
      "Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
    required: true,
    default: "",
  }),
  uid: field(str(), {
    proto: 4,
    doc:
      "UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids",
    required: true,
  }),
  controller: field(bool(), {
    proto: 6,
    doc: "If true, this reference points to the managing controller.",
  }),
  blockOwnerDeletion: field(bool(), {
    proto: 7,
    doc:
      'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed. See https://kubernetes.io/docs/concepts/architecture/garbage-collection/#foreground-deletion for how the garbage collector interacts with this field and enforces the foreground deletion. Defaults to false. To set this field, a user needs "delete" permission of the owner, otherwise 422 (Unprocessable Entity) will be returned.',
  }),
}, {
  doc:
    "OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.",
  mapType: "atomic",
});
/** OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field. */
export type OwnerReference = TypeOf<typeof ownerReferenceSchema>;

/** ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to. */
export const managedFieldsEntrySchema = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
  {
    manager: field(str(), {
      proto: 1,
      doc: "Manager is an identifier of the workflow managing these fields.",
    }),
    operation: field(str(), {
      proto: 2,
      doc:
        "Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'.",
    }),
    apiVersion: field(str(), {
      proto: 3,
      doc:
        'APIVersion defines the version of this resource that this field set applies to. The format is "group/version" just like the top-level APIVersion field. It is necessary to track the version of a field set because it cannot be automatically converted.',
    }),
    time: field(time(), {
      proto: 4,
      doc:
        "Time is the timestamp of when the ManagedFields entry was added. The timestamp will also be updated if a field is added, the manager changes any of the owned fields value or removes a field. The timestamp does not update when a field is removed from the entry because another manager took it over.",
    }),
    fieldsType: field(str(), {
      proto: 6,
      doc:
        'FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: "FieldsV1"',
    }),
    fieldsV1: field(fieldsV1Schema, {
      proto: 7,
      doc: 'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.',
    }),
    subresource: field(str(), {
      proto: 8,
      doc:
        "Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource. The value of this field is used to distinguish between managers, even if they share the same name. For example, a status update will be distinct from a regular update using the same manager name. Note that the APIVersion field is not related to the Subresource field and it always corresponds to the version of the main resource.",
    }),
  },
  {
    doc:
      "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.",
  },
);
/** ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to. */
export type ManagedFieldsEntry = TypeOf<typeof managedFieldsEntrySchema>;

/** ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create. */
export const objectMetaSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
  }),
  generateName: field(str(), {
    proto: 2,
    doc:
      "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency",
  }),
  namespace: field(str(), {
    proto: 3,
    doc:
      'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace, but "default" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces',
  }),
  selfLink: field(str(), {
    proto: 4,
    doc:
      "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.",
  }),
  uid: field(str(), {
    proto: 5,
    doc:
      "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids",
  }),
  resourceVersion: field(str(), {
    proto: 6,
    doc:
      "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency",
  }),
  generation: field(int64(), {
    proto: 7,
    doc:
      "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.",
  }),
  creationTimestamp: field(time(), {
    proto: 8,
    doc:
      "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  }),
  deletionTimestamp: field(time(), {
    proto: 9,
    doc:
      "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  }),
  deletionGracePeriodSeconds: field(int64(), {
    proto: 10,
    doc:
      "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.",
  }),
  labels: field(map(str()), {
    proto: 11,
    doc:
      "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels",
  }),
  annotations: field(map(str()), {
    proto: 12,
    doc:
      "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations",
  }),
  ownerReferences: field(
    arr(ownerReferenceSchema, {
      listType: "map",
      listMapKeys: ["uid"],
      patchStrategy: "merge",
      patchMergeKey: "uid",
    }),
    {
      proto: 13,
      doc:
        "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller.",
    },
  ),
  finalizers: field(arr(str(), { listType: "set", patchStrategy: "merge" }), {
    proto: 14,
    doc:
      "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list.",
  }),
  managedFields: field(arr(managedFieldsEntrySchema, { listType: "atomic" }), {
    proto: 17,
    doc:
      "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field. A workflow can be the user's name, a controller's name, or the name of a specific apply path like \"ci-cd\". The set of fields is always in the version that the workflow used when modifying the object.",
  }),
}, {
  doc:
    "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
});
/** ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create. */
export type ObjectMeta = TypeOf<typeof objectMetaSchema>;

/** ShardInfo describes the shard selector that was applied to produce a list response. Its presence on a list response indicates the list is a filtered subset. */
export const shardInfoSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.ShardInfo", {
  selector: field(str(), {
    proto: 1,
    doc:
      "selector is the shard selector string from the request, echoed back so clients can verify which shard they received and merge responses from multiple shards.",
    required: true,
    default: "",
  }),
}, {
  doc:
    "ShardInfo describes the shard selector that was applied to produce a list response. Its presence on a list response indicates the list is a filtered subset.",
});
/** ShardInfo describes the shard selector that was applied to produce a list response. Its presence on a list response indicates the list is a filtered subset. */
export type ShardInfo = TypeOf<typeof shardInfoSchema>;

/** ListMeta describes metadata that synthetic resources must have, including lists and various status objects. A resource may have only one of {ObjectMeta, ListMeta}. */
export const listMetaSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta", {
  selfLink: field(str(), {
    proto: 1,
    doc:
      "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.",
  }),
  resourceVersion: field(str(), {
    proto: 2,
    doc:
      "String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed. Value must be treated as opaque by clients and passed unmodified back to the server. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency",
  }),
  continue: field(str(), {
    proto: 3,
    doc:
      "continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available. The value is opaque and may be used to issue another request to the endpoint that served this list to retrieve the next set of available objects. Continuing a consistent list may not be possible if the server configuration has changed or more than a few minutes have passed. The resourceVersion field returned when using this continue value will be identical to the value in the first response, unless you have received this token from an error message.",
  }),
  remainingItemCount: field(int64(), {
    proto: 4,
    doc:
      "remainingItemCount is the number of subsequent items in the list which are not included in this list response. If the list request contained label or field selectors, then the number of remaining items is unknown and the field will be left unset and omitted during serialization. If the list is complete (either because it is not chunking or because this is the last chunk), then there are no more remaining items and this field will be left unset and omitted during serialization. Servers older than v1.15 do not set this field. The intended use of the remainingItemCount is *estimating* the size of a collection. Clients should not rely on the remainingItemCount to be set or to be exact.",
  }),
  shardInfo: field(shardInfoSchema, {
    proto: 5,
    doc:
      "shardInfo is set when the list is a filtered subset of the full collection, as selected by a shard selector on the request. It echoes back the selector so clients can verify which shard they received and merge sharded responses. Clients should not cache sharded list responses as a full representation of the collection.\n\nThis is an alpha field and requires enabling the ShardedListAndWatch feature gate.",
  }),
}, {
  doc:
    "ListMeta describes metadata that synthetic resources must have, including lists and various status objects. A resource may have only one of {ObjectMeta, ListMeta}.",
});
/** ListMeta describes metadata that synthetic resources must have, including lists and various status objects. A resource may have only one of {ObjectMeta, ListMeta}. */
export type ListMeta = TypeOf<typeof listMetaSchema>;

/** StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered. */
export const statusCauseSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.StatusCause", {
  reason: field(str(), {
    proto: 1,
    doc:
      "A machine-readable description of the cause of the error. If this value is empty there is no information available.",
  }),
  message: field(str(), {
    proto: 2,
    doc:
      "A human-readable description of the cause of the error.  This field may be presented as-is to a reader.",
  }),
  field: field(str(), {
    proto: 3,
    doc:
      'The field of the resource that has caused this error, as named by its JSON serialization. May include dot and postfix notation for nested attributes. Arrays are zero-indexed.  Fields may appear more than once in an array of causes due to fields having multiple errors. Optional.\n\nExamples:\n  "name" - the field "name" on the current resource\n  "items[0].name" - the field "name" on the first array entry in "items"',
  }),
}, {
  doc:
    "StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.",
});
/** StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered. */
export type StatusCause = TypeOf<typeof statusCauseSchema>;

/** StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response. The Reason field of a Status object defines what attributes will be set. Clients must ignore fields that do not match the defined type of each attribute, and should assume that any attribute may be empty, invalid, or under defined. */
export const statusDetailsSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails", {
  name: field(str(), {
    proto: 1,
    doc:
      "The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).",
  }),
  group: field(str(), {
    proto: 2,
    doc: "The group attribute of the resource associated with the status StatusReason.",
  }),
  kind: field(str(), {
    proto: 3,
    doc:
      "The kind attribute of the resource associated with the status StatusReason. On some operations may differ from the requested resource Kind. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  uid: field(str(), {
    proto: 6,
    doc:
      "UID of the resource. (when there is a single resource which can be described). More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids",
  }),
  causes: field(arr(statusCauseSchema, { listType: "atomic" }), {
    proto: 4,
    doc:
      "The Causes array includes more details associated with the StatusReason failure. Not all StatusReasons may provide detailed causes.",
  }),
  retryAfterSeconds: field(int32(), {
    proto: 5,
    doc:
      "If specified, the time in seconds before the operation should be retried. Some errors may indicate the client must take an alternate action - for those errors this field may indicate how long to wait before taking the alternate action.",
  }),
}, {
  doc:
    "StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response. The Reason field of a Status object defines what attributes will be set. Clients must ignore fields that do not match the defined type of each attribute, and should assume that any attribute may be empty, invalid, or under defined.",
});
/** StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response. The Reason field of a Status object defines what attributes will be set. Clients must ignore fields that do not match the defined type of each attribute, and should assume that any attribute may be empty, invalid, or under defined. */
export type StatusDetails = TypeOf<typeof statusDetailsSchema>;

/** Status is a return value for calls that don't return other objects. */
export const statusSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.Status", {
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
  status: field(str(), {
    proto: 2,
    doc:
      'Status of the operation. One of: "Success" or "Failure". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
  }),
  message: field(str(), {
    proto: 3,
    doc: "A human-readable description of the status of this operation.",
  }),
  reason: field(str(), {
    proto: 4,
    doc:
      'A machine-readable description of why this operation is in the "Failure" status. If this value is empty there is no information available. A Reason clarifies an HTTP status code but does not override it.',
  }),
  details: field(statusDetailsSchema, {
    proto: 5,
    doc:
      "Extended data associated with the reason.  Each reason may define its own extended details. This field is optional and the data returned is not guaranteed to conform to any schema except that defined by the reason type.",
  }),
  code: field(int32(), {
    proto: 6,
    doc: "Suggested HTTP return code for this status, 0 if not set.",
  }),
}, {
  doc: "Status is a return value for calls that don't return other objects.",
  gvk: [{ group: "", version: "v1", kind: "Status" }],
});
/** Status is a return value for calls that don't return other objects. */
export type Status = TypeOf<typeof statusSchema>;

/** Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out. */
export const preconditionsSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.Preconditions", {
  uid: field(str(), { proto: 1, doc: "Specifies the target UID." }),
  resourceVersion: field(str(), { proto: 2, doc: "Specifies the target ResourceVersion" }),
}, {
  doc: "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.",
});
/** Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out. */
export type Preconditions = TypeOf<typeof preconditionsSchema>;

/** DeleteOptions may be provided when deleting an API object. */
export const deleteOptionsSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  gracePeriodSeconds: field(int64(), {
    proto: 1,
    doc:
      "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.",
  }),
  preconditions: field(preconditionsSchema, {
    proto: 2,
    doc:
      "Must be fulfilled before a deletion is carried out. If not possible, a 409 Conflict status will be returned.",
  }),
  orphanDependents: field(bool(), {
    proto: 3,
    doc:
      'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.',
  }),
  propagationPolicy: field(str(), {
    proto: 4,
    doc:
      "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
  }),
  dryRun: field(arr(str(), { listType: "atomic" }), {
    proto: 5,
    doc:
      "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed",
  }),
  ignoreStoreReadErrorWithClusterBreakingPotential: field(bool(), {
    proto: 6,
    doc:
      "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error. A resource is considered corrupt if it can not be retrieved from the underlying storage successfully because of a) its data can not be transformed e.g. decryption failure, or b) it fails to decode into an object. NOTE: unsafe deletion ignores finalizer constraints, skips precondition checks, and removes the object from the storage. WARNING: This may potentially break the cluster if the workload associated with the resource being unsafe-deleted relies on normal deletion flow. Use only if you REALLY know what you are doing. The default value is false, and the user must opt in to enable it",
  }),
}, {
  doc: "DeleteOptions may be provided when deleting an API object.",
  gvk: [
    { group: "", version: "v1", kind: "DeleteOptions" },
    { group: "apps", version: "v1", kind: "DeleteOptions" },
    { group: "autoscaling", version: "v1", kind: "DeleteOptions" },
    { group: "coordination.k8s.io", version: "v1", kind: "DeleteOptions" },
    { group: "discovery.k8s.io", version: "v1", kind: "DeleteOptions" },
  ],
});
/** DeleteOptions may be provided when deleting an API object. */
export type DeleteOptions = TypeOf<typeof deleteOptionsSchema>;

/** WatchEvent */
export const watchEventSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", {
  type: field(str(), { proto: 1, doc: "", required: true, default: "" }),
  object: field(rawExtensionSchema, { proto: 2, doc: "", required: true }),
}, {
  doc: "",
  gvk: [
    { group: "", version: "v1", kind: "WatchEvent" },
    { group: "apps", version: "v1", kind: "WatchEvent" },
    { group: "autoscaling", version: "v1", kind: "WatchEvent" },
    { group: "coordination.k8s.io", version: "v1", kind: "WatchEvent" },
    { group: "discovery.k8s.io", version: "v1", kind: "WatchEvent" },
  ],
});
/** WatchEvent */
export type WatchEvent = TypeOf<typeof watchEventSchema>;

/** TableColumnDefinition contains information about a column returned in the Table. */
export const tableColumnDefinitionSchema = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.TableColumnDefinition",
  {
    name: field(str(), {
      doc: "name is a human readable name for the column.",
      required: true,
      default: "",
    }),
    type: field(str(), {
      doc:
        "type is an OpenAPI type definition for this column, such as number, integer, string, or array. See https://github.com/OAI/OpenAPI-Specification/blob/master/versions/2.0.md#data-types for more.",
      required: true,
      default: "",
    }),
    format: field(str(), {
      doc:
        "format is an optional OpenAPI type modifier for this column. A format modifies the type and imposes additional rules, like date or time formatting for a string. The 'name' format is applied to the primary identifier column which has type 'string' to assist in clients identifying column is the resource name. See https://github.com/OAI/OpenAPI-Specification/blob/master/versions/2.0.md#data-types for more.",
      required: true,
      default: "",
    }),
    description: field(str(), {
      doc: "description is a human readable description of this column.",
      required: true,
      default: "",
    }),
    priority: field(int32(), {
      doc:
        "priority is an integer defining the relative importance of this column compared to others. Lower numbers are considered higher priority. Columns that may be omitted in limited space scenarios should be given a higher priority.",
      required: true,
      default: 0,
    }),
  },
  { doc: "TableColumnDefinition contains information about a column returned in the Table." },
);
/** TableColumnDefinition contains information about a column returned in the Table. */
export type TableColumnDefinition = TypeOf<typeof tableColumnDefinitionSchema>;

/** TableRowCondition allows a row to be marked with additional information. */
export const tableRowConditionSchema = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.TableRowCondition",
  {
    type: field(str(), {
      doc:
        "Type of row condition. The only defined value is 'Completed' indicating that the object this row represents has reached a completed state and may be given less visual priority than other rows. Clients are not required to honor any conditions but should be consistent where possible about handling the conditions.",
      required: true,
      default: "",
    }),
    status: field(str(), {
      doc: "Status of the condition, one of True, False, Unknown.",
      required: true,
      default: "",
    }),
    reason: field(str(), {
      doc: "(brief) machine readable reason for the condition's last transition.",
    }),
    message: field(str(), {
      doc: "Human readable message indicating details about last transition.",
    }),
  },
  { doc: "TableRowCondition allows a row to be marked with additional information." },
);
/** TableRowCondition allows a row to be marked with additional information. */
export type TableRowCondition = TypeOf<typeof tableRowConditionSchema>;

/** TableRow is an individual row in a table. */
export const tableRowSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.TableRow", {
  cells: field(arr(any(), { listType: "atomic" }), {
    doc:
      "cells will be as wide as the column definitions array and may contain strings, numbers (float64 or int64), booleans, simple maps, lists, or null. See the type field of the column definition for a more detailed description.",
    required: true,
  }),
  conditions: field(arr(tableRowConditionSchema, { listType: "atomic" }), {
    doc:
      "conditions describe additional status of a row that are relevant for a human user. These conditions apply to the row, not to the object, and will be specific to table output. The only defined condition type is 'Completed', for a row that indicates a resource that has run to completion and can be given less visual priority.",
  }),
  object: field(rawExtensionSchema, {
    doc:
      'This field contains the requested additional information about each object based on the includeObject policy when requesting the Table. If "None", this field is empty, if "Object" this will be the default serialization of the object for the current API version, and if "Metadata" (the default) will contain the object metadata. Check the returned kind and apiVersion of the object before parsing. The media type of the object will always match the enclosing list - if this as a JSON table, these will be JSON encoded objects.',
  }),
}, { doc: "TableRow is an individual row in a table." });
/** TableRow is an individual row in a table. */
export type TableRow = TypeOf<typeof tableRowSchema>;

/** Table is a tabular representation of a set of API resources. The server transforms the object into a set of preferred columns for quickly reviewing the objects. */
export const tableSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.Table", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  metadata: field(listMetaSchema, {
    doc:
      "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
    default: {},
  }),
  columnDefinitions: field(arr(tableColumnDefinitionSchema, { listType: "atomic" }), {
    doc:
      "columnDefinitions describes each column in the returned items array. The number of cells per row will always match the number of column definitions.",
    required: true,
  }),
  rows: field(arr(tableRowSchema, { listType: "atomic" }), {
    doc: "rows is the list of items in the table.",
    required: true,
  }),
}, {
  doc:
    "Table is a tabular representation of a set of API resources. The server transforms the object into a set of preferred columns for quickly reviewing the objects.",
});
/** Table is a tabular representation of a set of API resources. The server transforms the object into a set of preferred columns for quickly reviewing the objects. */
export type Table = TypeOf<typeof tableSchema>;

/** PartialObjectMetadata is a generic representation of any object with ObjectMeta. It allows clients to get access to a particular ObjectMeta schema without knowing the details of the version. */
export const partialObjectMetadataSchema = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.PartialObjectMetadata",
  {
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
  },
  {
    doc:
      "PartialObjectMetadata is a generic representation of any object with ObjectMeta. It allows clients to get access to a particular ObjectMeta schema without knowing the details of the version.",
  },
);
/** PartialObjectMetadata is a generic representation of any object with ObjectMeta. It allows clients to get access to a particular ObjectMeta schema without knowing the details of the version. */
export type PartialObjectMetadata = TypeOf<typeof partialObjectMetadataSchema>;

/** PartialObjectMetadataList contains a list of objects containing only their metadata */
export const partialObjectMetadataListSchema = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.PartialObjectMetadataList",
  {
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
    items: field(arr(partialObjectMetadataSchema), {
      proto: 2,
      doc: "items contains each of the included items.",
      required: true,
    }),
  },
  { doc: "PartialObjectMetadataList contains a list of objects containing only their metadata" },
);
/** PartialObjectMetadataList contains a list of objects containing only their metadata */
export type PartialObjectMetadataList = TypeOf<typeof partialObjectMetadataListSchema>;

/** APIResource specifies the name of a resource and whether it is namespaced. */
export const apiResourceSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.APIResource", {
  name: field(str(), {
    proto: 1,
    doc: "name is the plural name of the resource.",
    required: true,
    default: "",
  }),
  singularName: field(str(), {
    proto: 6,
    doc:
      "singularName is the singular name of the resource.  This allows clients to handle plural and singular opaquely. The singularName is more correct for reporting status on a single item and both singular and plural are allowed from the kubectl CLI interface.",
    required: true,
    default: "",
  }),
  namespaced: field(bool(), {
    proto: 2,
    doc: "namespaced indicates if a resource is namespaced or not.",
    required: true,
    default: false,
  }),
  group: field(str(), {
    proto: 8,
    doc:
      'group is the preferred group of the resource.  Empty implies the group of the containing resource list. For subresources, this may have a different value, for example: Scale".',
  }),
  version: field(str(), {
    proto: 9,
    doc:
      "version is the preferred version of the resource.  Empty implies the version of the containing resource list For subresources, this may have a different value, for example: v1 (while inside a v1beta1 version of the core resource's group)\".",
  }),
  kind: field(str(), {
    proto: 3,
    doc: "kind is the kind for the resource (e.g. 'Foo' is the kind for a resource 'foo')",
    required: true,
    default: "",
  }),
  verbs: field(arr(str()), {
    proto: 4,
    doc:
      "verbs is a list of supported kube verbs (this includes get, list, watch, create, update, patch, delete, deletecollection, and proxy)",
    required: true,
  }),
  shortNames: field(arr(str(), { listType: "atomic" }), {
    proto: 5,
    doc: "shortNames is a list of suggested short names of the resource.",
  }),
  categories: field(arr(str(), { listType: "atomic" }), {
    proto: 7,
    doc: "categories is a list of the grouped resources this resource belongs to (e.g. 'all')",
  }),
  storageVersionHash: field(str(), {
    proto: 10,
    doc:
      "The hash value of the storage version, the version this resource is converted to when written to the data store. Value must be treated as opaque by clients. Only equality comparison on the value is valid. This is an alpha feature and may change or be removed in the future. The field is populated by the apiserver only if the StorageVersionHash feature gate is enabled. This field will remain optional even if it graduates.",
  }),
}, { doc: "APIResource specifies the name of a resource and whether it is namespaced." });
/** APIResource specifies the name of a resource and whether it is namespaced. */
export type APIResource = TypeOf<typeof apiResourceSchema>;

/** APIResourceList is a list of APIResource, it is used to expose the name of the resources supported in a specific group and version, and if the resource is namespaced. */
export const apiResourceListSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  groupVersion: field(str(), {
    proto: 1,
    doc: "groupVersion is the group and version this APIResourceList is for.",
    required: true,
    default: "",
  }),
  resources: field(arr(apiResourceSchema, { listType: "atomic" }), {
    proto: 2,
    doc: "resources contains the name of the resources and if they are namespaced.",
    required: true,
  }),
}, {
  doc:
    "APIResourceList is a list of APIResource, it is used to expose the name of the resources supported in a specific group and version, and if the resource is namespaced.",
  gvk: [{ group: "", version: "v1", kind: "APIResourceList" }],
});
/** APIResourceList is a list of APIResource, it is used to expose the name of the resources supported in a specific group and version, and if the resource is namespaced. */
export type APIResourceList = TypeOf<typeof apiResourceListSchema>;

/** GroupVersion contains the "group/version" and "version" string of a version. It is made a struct to keep extensibility. */
export const groupVersionForDiscoverySchema = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.GroupVersionForDiscovery",
  {
    groupVersion: field(str(), {
      proto: 1,
      doc: 'groupVersion specifies the API group and version in the form "group/version"',
      required: true,
      default: "",
    }),
    version: field(str(), {
      proto: 2,
      doc:
        'version specifies the version in the form of "version". This is to save the clients the trouble of splitting the GroupVersion.',
      required: true,
      default: "",
    }),
  },
  {
    doc:
      'GroupVersion contains the "group/version" and "version" string of a version. It is made a struct to keep extensibility.',
  },
);
/** GroupVersion contains the "group/version" and "version" string of a version. It is made a struct to keep extensibility. */
export type GroupVersionForDiscovery = TypeOf<typeof groupVersionForDiscoverySchema>;

/** ServerAddressByClientCIDR helps the client to determine the server address that they should use, depending on the clientCIDR that they match. */
export const serverAddressByClientCIDRSchema = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.ServerAddressByClientCIDR",
  {
    clientCIDR: field(str(), {
      proto: 1,
      doc:
        "The CIDR with which clients can match their IP to figure out the server address that they should use.",
      required: true,
      default: "",
    }),
    serverAddress: field(str(), {
      proto: 2,
      doc:
        "Address of this server, suitable for a client that matches the above CIDR. This can be a hostname, hostname:port, IP or IP:port.",
      required: true,
      default: "",
    }),
  },
  {
    doc:
      "ServerAddressByClientCIDR helps the client to determine the server address that they should use, depending on the clientCIDR that they match.",
  },
);
/** ServerAddressByClientCIDR helps the client to determine the server address that they should use, depending on the clientCIDR that they match. */
export type ServerAddressByClientCIDR = TypeOf<typeof serverAddressByClientCIDRSchema>;

/** APIGroup contains the name, the supported versions, and the preferred version of a group. */
export const apiGroupSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  name: field(str(), {
    proto: 1,
    doc: "name is the name of the group.",
    required: true,
    default: "",
  }),
  versions: field(arr(groupVersionForDiscoverySchema, { listType: "atomic" }), {
    proto: 2,
    doc: "versions are the versions supported in this group.",
    required: true,
  }),
  preferredVersion: field(groupVersionForDiscoverySchema, {
    proto: 3,
    doc:
      "preferredVersion is the version preferred by the API server, which probably is the storage version.",
    default: {},
  }),
  serverAddressByClientCIDRs: field(arr(serverAddressByClientCIDRSchema, { listType: "atomic" }), {
    proto: 4,
    doc:
      "a map of client CIDR to server address that is serving this group. This is to help clients reach servers in the most network-efficient way possible. Clients can use the appropriate server address as per the CIDR that they match. In case of multiple matches, clients should use the longest matching CIDR. The server returns only those CIDRs that it thinks that the client can match. For example: the master will return an internal IP CIDR only, if the client reaches the server using an internal IP. Server looks at X-Forwarded-For header or X-Real-Ip header or request.RemoteAddr (in that order) to get the client IP.",
  }),
}, {
  doc: "APIGroup contains the name, the supported versions, and the preferred version of a group.",
  gvk: [{ group: "", version: "v1", kind: "APIGroup" }],
});
/** APIGroup contains the name, the supported versions, and the preferred version of a group. */
export type APIGroup = TypeOf<typeof apiGroupSchema>;

/** APIGroupList is a list of APIGroup, to allow clients to discover the API at /apis. */
export const apiGroupListSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  groups: field(arr(apiGroupSchema, { listType: "atomic" }), {
    proto: 1,
    doc: "groups is a list of APIGroup.",
    required: true,
  }),
}, {
  doc: "APIGroupList is a list of APIGroup, to allow clients to discover the API at /apis.",
  gvk: [{ group: "", version: "v1", kind: "APIGroupList" }],
});
/** APIGroupList is a list of APIGroup, to allow clients to discover the API at /apis. */
export type APIGroupList = TypeOf<typeof apiGroupListSchema>;

/** APIVersions lists the versions that are available, to allow clients to discover the API at /api, which is the root path of the legacy v1 API. */
export const apiVersionsSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions", {
  apiVersion: field(str(), {
    doc:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: field(str(), {
    doc:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  versions: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc: "versions are the api versions that are available.",
    required: true,
  }),
  serverAddressByClientCIDRs: field(arr(serverAddressByClientCIDRSchema, { listType: "atomic" }), {
    proto: 2,
    doc:
      "a map of client CIDR to server address that is serving this group. This is to help clients reach servers in the most network-efficient way possible. Clients can use the appropriate server address as per the CIDR that they match. In case of multiple matches, clients should use the longest matching CIDR. The server returns only those CIDRs that it thinks that the client can match. For example: the master will return an internal IP CIDR only, if the client reaches the server using an internal IP. Server looks at X-Forwarded-For header or X-Real-Ip header or request.RemoteAddr (in that order) to get the client IP.",
    required: true,
  }),
}, {
  doc:
    "APIVersions lists the versions that are available, to allow clients to discover the API at /api, which is the root path of the legacy v1 API.",
  gvk: [{ group: "", version: "v1", kind: "APIVersions" }],
});
/** APIVersions lists the versions that are available, to allow clients to discover the API at /api, which is the root path of the legacy v1 API. */
export type APIVersions = TypeOf<typeof apiVersionsSchema>;

/** A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values. */
export const labelSelectorRequirementSchema = obj(
  "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
  {
    key: field(str(), {
      proto: 1,
      doc: "key is the label key that the selector applies to.",
      required: true,
      default: "",
    }),
    operator: field(str(), {
      proto: 2,
      doc:
        "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.",
      required: true,
      default: "",
    }),
    values: field(arr(str(), { listType: "atomic" }), {
      proto: 3,
      doc:
        "values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.",
    }),
  },
  {
    doc:
      "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
  },
);

/** A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects. */
export const labelSelectorSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", {
  matchLabels: field(map(str()), {
    proto: 1,
    doc:
      'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.',
  }),
  matchExpressions: field(arr(labelSelectorRequirementSchema, { listType: "atomic" }), {
    proto: 2,
    doc: "matchExpressions is a list of label selector requirements. The requirements are ANDed.",
  }),
}, {
  doc:
    "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.",
  mapType: "atomic",
});

/** Condition contains details for one aspect of the current state of this API Resource. */
export const conditionSchema = obj("io.k8s.apimachinery.pkg.apis.meta.v1.Condition", {
  type: field(str(), {
    proto: 1,
    doc: "type of condition in CamelCase or in foo.example.com/CamelCase.",
    required: true,
    default: "",
  }),
  status: field(str(), {
    proto: 2,
    doc: "status of the condition, one of True, False, Unknown.",
    required: true,
    default: "",
  }),
  observedGeneration: field(int64(), {
    proto: 3,
    doc:
      "observedGeneration represents the .metadata.generation that the condition was set based upon. For instance, if .metadata.generation is currently 12, but the .status.conditions[x].observedGeneration is 9, the condition is out of date with respect to the current state of the instance.",
  }),
  lastTransitionTime: field(time(), {
    proto: 4,
    doc:
      "lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable.",
    required: true,
  }),
  reason: field(str(), {
    proto: 5,
    doc:
      "reason contains a programmatic identifier indicating the reason for the condition's last transition. Producers of specific condition types may define expected values and meanings for this field, and whether the values are considered a guaranteed API. The value should be a CamelCase string. This field may not be empty.",
    required: true,
    default: "",
  }),
  message: field(str(), {
    proto: 6,
    doc:
      "message is a human readable message indicating details about the transition. This may be an empty string.",
    required: true,
    default: "",
  }),
}, { doc: "Condition contains details for one aspect of the current state of this API Resource." });
/** Condition contains details for one aspect of the current state of this API Resource. */
export type Condition = TypeOf<typeof conditionSchema>;
