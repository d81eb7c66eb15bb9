/**
 * coordination.k8s.io/v1 Lease (leader election, node heartbeats) and LeaseList.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { arr, field, int32, microTime, obj, str, type TypeOf } from "../schema/dsl.ts";
import { listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** LeaseSpec is a specification of a Lease. */
export const leaseSpecSchema = obj("io.k8s.api.coordination.v1.LeaseSpec", {
  holderIdentity: field(str(), {
    proto: 1,
    doc:
      "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.",
  }),
  leaseDurationSeconds: field(int32(), {
    proto: 2,
    doc:
      "leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measured against the time of last observed renewTime.",
  }),
  acquireTime: field(microTime(), {
    proto: 3,
    doc: "acquireTime is a time when the current lease was acquired.",
  }),
  renewTime: field(microTime(), {
    proto: 4,
    doc: "renewTime is a time when the current holder of a lease has last updated the lease.",
  }),
  leaseTransitions: field(int32(), {
    proto: 5,
    doc: "leaseTransitions is the number of transitions of a lease between holders.",
  }),
  strategy: field(str(), {
    proto: 6,
    doc:
      "strategy indicates the strategy for picking the leader for coordinated leader election. If the field is not specified, there is no active coordination for this lease. (Alpha) Using this field requires the CoordinatedLeaderElection feature gate to be enabled.",
  }),
  preferredHolder: field(str(), {
    proto: 7,
    doc:
      "preferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. This field can only be set if Strategy is also set.",
  }),
}, { doc: "LeaseSpec is a specification of a Lease." });
/** LeaseSpec is a specification of a Lease. */
export type LeaseSpec = TypeOf<typeof leaseSpecSchema>;

/** Lease defines a lease concept. */
export const leaseSchema = obj("io.k8s.api.coordination.v1.Lease", {
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
      "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  spec: field(leaseSpecSchema, {
    proto: 2,
    doc:
      "spec contains the specification of the Lease. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
}, {
  doc: "Lease defines a lease concept.",
  gvk: [{ group: "coordination.k8s.io", version: "v1", kind: "Lease" }],
});
/** Lease defines a lease concept. */
export type Lease = TypeOf<typeof leaseSchema>;

/** LeaseList is a list of Lease objects. */
export const leaseListSchema = obj("io.k8s.api.coordination.v1.LeaseList", {
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
      "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  items: field(arr(leaseSchema), {
    proto: 2,
    doc: "items is a list of schema objects.",
    required: true,
  }),
}, {
  doc: "LeaseList is a list of Lease objects.",
  gvk: [{ group: "coordination.k8s.io", version: "v1", kind: "LeaseList" }],
});
/** LeaseList is a list of Lease objects. */
export type LeaseList = TypeOf<typeof leaseListSchema>;
