/**
 * core/v1 references shared across kinds: ObjectReference, LocalObjectReference, Protocol.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { enumOf, field, obj, str, type TypeOf } from "../schema/dsl.ts";

/** ObjectReference contains enough information to let you inspect or modify the referred object. */
export const objectReferenceSchema = obj("io.k8s.api.core.v1.ObjectReference", {
  kind: field(str(), {
    proto: 1,
    doc:
      "Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
  namespace: field(str(), {
    proto: 2,
    doc:
      "Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
  }),
  name: field(str(), {
    proto: 3,
    doc:
      "Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names",
  }),
  uid: field(str(), {
    proto: 4,
    doc:
      "UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids",
  }),
  apiVersion: field(str(), { proto: 5, doc: "API version of the referent." }),
  resourceVersion: field(str(), {
    proto: 6,
    doc:
      "Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency",
  }),
  fieldPath: field(str(), {
    proto: 7,
    doc:
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
  }),
}, {
  doc:
    "ObjectReference contains enough information to let you inspect or modify the referred object.",
  mapType: "atomic",
});
/** ObjectReference contains enough information to let you inspect or modify the referred object. */
export type ObjectReference = TypeOf<typeof objectReferenceSchema>;

/** LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace. */
export const localObjectReferenceSchema = obj("io.k8s.api.core.v1.LocalObjectReference", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names",
  }),
}, {
  doc:
    "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.",
  mapType: "atomic",
});
/** LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace. */
export type LocalObjectReference = TypeOf<typeof localObjectReferenceSchema>;

/** The values of the Go enum `v1.Protocol`. */
export const protocolSchema = enumOf(["TCP", "UDP", "SCTP"], "v1.Protocol");
/** One of the values of the Go enum `v1.Protocol`. */
export type Protocol = TypeOf<typeof protocolSchema>;
