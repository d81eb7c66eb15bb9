/**
 * core/v1 ConfigMap and Secret, with their lists.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { arr, bool, bytes, field, map, obj, str, type TypeOf } from "../schema/dsl.ts";
import { listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** ConfigMap holds configuration data for pods to consume. */
export const configMapSchema = obj("io.k8s.api.core.v1.ConfigMap", {
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
  immutable: field(bool(), {
    proto: 4,
    doc:
      "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.",
  }),
  data: field(map(str()), {
    proto: 2,
    doc:
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
  }),
  binaryData: field(map(bytes()), {
    proto: 3,
    doc:
      "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte sequences that are not in the UTF-8 range. The keys stored in BinaryData must not overlap with the ones in the Data field, this is enforced during validation process. Using this field will require 1.10+ apiserver and kubelet. Note: BinaryData keys are not currently propagated to container env vars via ConfigMapKeyRef or ConfigMapRef env sources; only Data keys are used.",
  }),
}, {
  doc: "ConfigMap holds configuration data for pods to consume.",
  gvk: [{ group: "", version: "v1", kind: "ConfigMap" }],
});
/** ConfigMap holds configuration data for pods to consume. */
export type ConfigMap = TypeOf<typeof configMapSchema>;

/** ConfigMapList is a resource containing a list of ConfigMap objects. */
export const configMapListSchema = obj("io.k8s.api.core.v1.ConfigMapList", {
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
      "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    default: {},
  }),
  items: field(arr(configMapSchema), {
    proto: 2,
    doc: "Items is the list of ConfigMaps.",
    required: true,
  }),
}, {
  doc: "ConfigMapList is a resource containing a list of ConfigMap objects.",
  gvk: [{ group: "", version: "v1", kind: "ConfigMapList" }],
});
/** ConfigMapList is a resource containing a list of ConfigMap objects. */
export type ConfigMapList = TypeOf<typeof configMapListSchema>;

/** Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes. */
export const secretSchema = obj("io.k8s.api.core.v1.Secret", {
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
  immutable: field(bool(), {
    proto: 5,
    doc:
      "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.",
  }),
  data: field(map(bytes()), {
    proto: 2,
    doc:
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
  }),
  stringData: field(map(str()), {
    proto: 4,
    doc:
      "stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values. The stringData field is never output when reading from the API.",
  }),
  type: field(str(), {
    proto: 3,
    doc:
      "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types",
    default: "Opaque",
    zeroIsUnset: true,
  }),
}, {
  doc:
    "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.",
  gvk: [{ group: "", version: "v1", kind: "Secret" }],
});
/** Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes. */
export type Secret = TypeOf<typeof secretSchema>;

/** SecretList is a list of Secret. */
export const secretListSchema = obj("io.k8s.api.core.v1.SecretList", {
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
  items: field(arr(secretSchema), {
    proto: 2,
    doc:
      "Items is a list of secret objects. More info: https://kubernetes.io/docs/concepts/configuration/secret",
    required: true,
  }),
}, {
  doc: "SecretList is a list of Secret.",
  gvk: [{ group: "", version: "v1", kind: "SecretList" }],
});
/** SecretList is a list of Secret. */
export type SecretList = TypeOf<typeof secretListSchema>;
