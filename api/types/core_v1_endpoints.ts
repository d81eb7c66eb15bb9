/**
 * core/v1 Endpoints: subsets of addresses and ports, EndpointsList.
 *
 * Field names, protobuf numbers, descriptions, list types, patch strategies and defaults
 * follow Kubernetes' Go types (`types.go`, `generated.proto`, `defaults.go`); the
 * TypeScript types are inferred from the schemas. Pure: no I/O.
 *
 * @module
 */

import { arr, field, int32, obj, str, type TypeOf } from "../schema/dsl.ts";
import { objectReferenceSchema, protocolSchema } from "./core_v1_common.ts";
import { listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** EndpointAddress is a tuple that describes single IP address. Deprecated: This API is deprecated in v1.33+. */
export const endpointAddressSchema = obj("io.k8s.api.core.v1.EndpointAddress", {
  ip: field(str(), {
    proto: 1,
    doc:
      "The IP of this endpoint. May not be loopback (127.0.0.0/8 or ::1), link-local (169.254.0.0/16 or fe80::/10), or link-local multicast (224.0.0.0/24 or ff02::/16).",
    required: true,
    default: "",
  }),
  hostname: field(str(), { proto: 3, doc: "The Hostname of this endpoint" }),
  nodeName: field(str(), {
    proto: 4,
    doc:
      "Optional: Node hosting this endpoint. This can be used to determine endpoints local to a node.",
  }),
  targetRef: field(objectReferenceSchema, {
    proto: 2,
    doc: "Reference to object providing the endpoint.",
  }),
}, {
  doc:
    "EndpointAddress is a tuple that describes single IP address. Deprecated: This API is deprecated in v1.33+.",
  mapType: "atomic",
});
/** EndpointAddress is a tuple that describes single IP address. Deprecated: This API is deprecated in v1.33+. */
export type EndpointAddress = TypeOf<typeof endpointAddressSchema>;

/** EndpointPort is a tuple that describes a single port. Deprecated: This API is deprecated in v1.33+. */
export const endpointPortSchema = obj("io.k8s.api.core.v1.EndpointPort", {
  name: field(str(), {
    proto: 1,
    doc:
      "The name of this port.  This must match the 'name' field in the corresponding ServicePort. Must be a DNS_LABEL. Optional only if one port is defined.",
  }),
  port: field(int32(), {
    proto: 2,
    doc: "The port number of the endpoint.",
    required: true,
    default: 0,
  }),
  protocol: field(protocolSchema, {
    proto: 3,
    doc: "The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.",
    default: "TCP",
    zeroIsUnset: true,
  }),
  appProtocol: field(str(), {
    proto: 4,
    doc:
      "The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax. Valid values are either:\n\n* Un-prefixed protocol names - reserved for IANA standard service names (as per RFC-6335 and https://www.iana.org/assignments/service-names).\n\n* Kubernetes-defined prefixed names:\n  * 'kubernetes.io/h2c' - HTTP/2 prior knowledge over cleartext as described in https://www.rfc-editor.org/rfc/rfc9113.html#name-starting-http-2-with-prior-\n  * 'kubernetes.io/ws'  - WebSocket over cleartext as described in https://www.rfc-editor.org/rfc/rfc6455\n  * 'kubernetes.io/wss' - WebSocket over TLS as described in https://www.rfc-editor.org/rfc/rfc6455\n\n* Other protocols should use implementation-defined prefixed names such as mycompany.com/my-custom-protocol.",
  }),
}, {
  doc:
    "EndpointPort is a tuple that describes a single port. Deprecated: This API is deprecated in v1.33+.",
  mapType: "atomic",
});
/** EndpointPort is a tuple that describes a single port. Deprecated: This API is deprecated in v1.33+. */
export type EndpointPort = TypeOf<typeof endpointPortSchema>;

/** EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints is the Cartesian product of Addresses x Ports. For example, given: */
export const endpointSubsetSchema = obj("io.k8s.api.core.v1.EndpointSubset", {
  addresses: field(arr(endpointAddressSchema, { listType: "atomic" }), {
    proto: 1,
    doc:
      "IP addresses which offer the related ports that are marked as ready. These endpoints should be considered safe for load balancers and clients to utilize.",
  }),
  notReadyAddresses: field(arr(endpointAddressSchema, { listType: "atomic" }), {
    proto: 2,
    doc:
      "IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.",
  }),
  ports: field(arr(endpointPortSchema, { listType: "atomic" }), {
    proto: 3,
    doc: "Port numbers available on the related IP addresses.",
  }),
}, {
  doc:
    'EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints is the Cartesian product of Addresses x Ports. For example, given:\n\n\t{\n\t  Addresses: [{"ip": "10.10.1.1"}, {"ip": "10.10.2.2"}],\n\t  Ports:     [{"name": "a", "port": 8675}, {"name": "b", "port": 309}]\n\t}\n\nThe resulting set of endpoints can be viewed as:\n\n\ta: [ 10.10.1.1:8675, 10.10.2.2:8675 ],\n\tb: [ 10.10.1.1:309, 10.10.2.2:309 ]\n\nDeprecated: This API is deprecated in v1.33+.',
});
/** EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints is the Cartesian product of Addresses x Ports. For example, given: */
export type EndpointSubset = TypeOf<typeof endpointSubsetSchema>;

/** Endpoints is a collection of endpoints that implement the actual service. Example: */
export const endpointsSchema = obj("io.k8s.api.core.v1.Endpoints", {
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
  subsets: field(arr(endpointSubsetSchema, { listType: "atomic" }), {
    proto: 2,
    doc:
      "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.",
  }),
}, {
  doc:
    'Endpoints is a collection of endpoints that implement the actual service. Example:\n\n\t Name: "mysvc",\n\t Subsets: [\n\t   {\n\t     Addresses: [{"ip": "10.10.1.1"}, {"ip": "10.10.2.2"}],\n\t     Ports: [{"name": "a", "port": 8675}, {"name": "b", "port": 309}]\n\t   },\n\t   {\n\t     Addresses: [{"ip": "10.10.3.3"}],\n\t     Ports: [{"name": "a", "port": 93}, {"name": "b", "port": 76}]\n\t   },\n\t]\n\nEndpoints is a legacy API and does not contain information about all Service features. Use discoveryv1.EndpointSlice for complete information about Service endpoints.\n\nDeprecated: This API is deprecated in v1.33+. Use discoveryv1.EndpointSlice.',
  gvk: [{ group: "", version: "v1", kind: "Endpoints" }],
});
/** Endpoints is a collection of endpoints that implement the actual service. Example: */
export type Endpoints = TypeOf<typeof endpointsSchema>;

/** EndpointsList is a list of endpoints. Deprecated: This API is deprecated in v1.33+. */
export const endpointsListSchema = obj("io.k8s.api.core.v1.EndpointsList", {
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
  items: field(arr(endpointsSchema), { proto: 2, doc: "List of endpoints.", required: true }),
}, {
  doc: "EndpointsList is a list of endpoints. Deprecated: This API is deprecated in v1.33+.",
  gvk: [{ group: "", version: "v1", kind: "EndpointsList" }],
});
/** EndpointsList is a list of endpoints. Deprecated: This API is deprecated in v1.33+. */
export type EndpointsList = TypeOf<typeof endpointsListSchema>;
