/**
 * core/v1 Service: ServiceSpec (ports, selector, cluster IPs, traffic policies, session affinity), ServiceStatus, ServiceList.
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
  intOrString,
  map,
  obj,
  str,
  type TypeOf,
} from "../schema/dsl.ts";
import { protocolSchema } from "./core_v1_common.ts";
import { conditionSchema, listMetaSchema, objectMetaSchema } from "./meta_v1.ts";

/** ServicePort contains information on service's port. */
export const servicePortSchema = obj("io.k8s.api.core.v1.ServicePort", {
  name: field(str(), {
    proto: 1,
    doc:
      "The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. When considering the endpoints for a Service, this must match the 'name' field in the EndpointPort. Optional if only one ServicePort is defined on this service.",
  }),
  protocol: field(protocolSchema, {
    proto: 2,
    doc: 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.',
    default: "TCP",
    zeroIsUnset: true,
  }),
  appProtocol: field(str(), {
    proto: 6,
    doc:
      "The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax. Valid values are either:\n\n* Un-prefixed protocol names - reserved for IANA standard service names (as per RFC-6335 and https://www.iana.org/assignments/service-names).\n\n* Kubernetes-defined prefixed names:\n  * 'kubernetes.io/h2c' - HTTP/2 prior knowledge over cleartext as described in https://www.rfc-editor.org/rfc/rfc9113.html#name-starting-http-2-with-prior-\n  * 'kubernetes.io/ws'  - WebSocket over cleartext as described in https://www.rfc-editor.org/rfc/rfc6455\n  * 'kubernetes.io/wss' - WebSocket over TLS as described in https://www.rfc-editor.org/rfc/rfc6455\n\n* Other protocols should use implementation-defined prefixed names such as mycompany.com/my-custom-protocol.",
  }),
  port: field(int32(), {
    proto: 3,
    doc: "The port that will be exposed by this service.",
    required: true,
    default: 0,
  }),
  targetPort: field(intOrString(), {
    proto: 4,
    doc:
      "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used (an identity map). This field is ignored for services with clusterIP=None, and should be omitted or set equal to the 'port' field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service",
  }),
  nodePort: field(int32(), {
    proto: 5,
    doc:
      "The port on each node on which this service is exposed when type is NodePort or LoadBalancer.  Usually assigned by the system. If a value is specified, in-range, and not in use it will be used, otherwise the operation will fail.  If not specified, a port will be allocated if this Service requires one.  If this field is specified when creating a Service which does not need it, creation will fail. This field will be wiped when updating a Service to no longer need it (e.g. changing type from NodePort to ClusterIP). More info: https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
  }),
}, { doc: "ServicePort contains information on service's port." });
/** ServicePort contains information on service's port. */
export type ServicePort = TypeOf<typeof servicePortSchema>;

/** The values of the Go enum `v1.ServiceType`. */
export const serviceTypeSchema = enumOf(
  ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
  "v1.ServiceType",
);
/** One of the values of the Go enum `v1.ServiceType`. */
export type ServiceType = TypeOf<typeof serviceTypeSchema>;

/** The values of the Go enum `v1.ServiceAffinity`. */
export const serviceAffinitySchema = enumOf(["ClientIP", "None"], "v1.ServiceAffinity");
/** One of the values of the Go enum `v1.ServiceAffinity`. */
export type ServiceAffinity = TypeOf<typeof serviceAffinitySchema>;

/** The values of the Go enum `v1.ServiceExternalTrafficPolicy`. */
export const serviceExternalTrafficPolicySchema = enumOf(
  ["Cluster", "Local"],
  "v1.ServiceExternalTrafficPolicy",
);
/** One of the values of the Go enum `v1.ServiceExternalTrafficPolicy`. */
export type ServiceExternalTrafficPolicy = TypeOf<typeof serviceExternalTrafficPolicySchema>;

/** ClientIPConfig represents the configurations of Client IP based session affinity. */
export const clientIPConfigSchema = obj("io.k8s.api.core.v1.ClientIPConfig", {
  timeoutSeconds: field(int32(), {
    proto: 1,
    doc:
      'timeoutSeconds specifies the seconds of ClientIP type session sticky time. The value must be >0 && <=86400(for 1 day) if ServiceAffinity == "ClientIP". Default value is 10800(for 3 hours).',
  }),
}, { doc: "ClientIPConfig represents the configurations of Client IP based session affinity." });
/** ClientIPConfig represents the configurations of Client IP based session affinity. */
export type ClientIPConfig = TypeOf<typeof clientIPConfigSchema>;

/** SessionAffinityConfig represents the configurations of session affinity. */
export const sessionAffinityConfigSchema = obj("io.k8s.api.core.v1.SessionAffinityConfig", {
  clientIP: field(clientIPConfigSchema, {
    proto: 1,
    doc: "clientIP contains the configurations of Client IP based session affinity.",
  }),
}, { doc: "SessionAffinityConfig represents the configurations of session affinity." });
/** SessionAffinityConfig represents the configurations of session affinity. */
export type SessionAffinityConfig = TypeOf<typeof sessionAffinityConfigSchema>;

/** The values of the Go enum `v1.IPFamily`. */
export const ipFamilySchema = enumOf(["IPv4", "IPv6", ""], "v1.IPFamily");
/** One of the values of the Go enum `v1.IPFamily`. */
export type IPFamily = TypeOf<typeof ipFamilySchema>;

/** The values of the Go enum `v1.IPFamilyPolicy`. */
export const ipFamilyPolicySchema = enumOf(
  ["SingleStack", "PreferDualStack", "RequireDualStack"],
  "v1.IPFamilyPolicy",
);
/** One of the values of the Go enum `v1.IPFamilyPolicy`. */
export type IPFamilyPolicy = TypeOf<typeof ipFamilyPolicySchema>;

/** The values of the Go enum `v1.ServiceInternalTrafficPolicy`. */
export const serviceInternalTrafficPolicySchema = enumOf(
  ["Cluster", "Local"],
  "v1.ServiceInternalTrafficPolicy",
);
/** One of the values of the Go enum `v1.ServiceInternalTrafficPolicy`. */
export type ServiceInternalTrafficPolicy = TypeOf<typeof serviceInternalTrafficPolicySchema>;

/** ServiceSpec describes the attributes that a user creates on a service. */
export const serviceSpecSchema = obj("io.k8s.api.core.v1.ServiceSpec", {
  ports: field(
    arr(servicePortSchema, {
      listType: "map",
      listMapKeys: ["port", "protocol"],
      patchStrategy: "merge",
      patchMergeKey: "port",
    }),
    {
      proto: 1,
      doc:
        "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies",
    },
  ),
  selector: field(map(str(), { mapType: "atomic" }), {
    proto: 2,
    doc:
      "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/",
  }),
  clusterIP: field(str(), {
    proto: 3,
    doc:
      'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  }),
  clusterIPs: field(arr(str(), { listType: "atomic" }), {
    proto: 18,
    doc:
      'ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.  If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be empty) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address.  Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName.  If this field is not specified, it will be initialized from the clusterIP field.  If this field is specified, clients must ensure that clusterIPs[0] and clusterIP have the same value.\n\nThis field may hold a maximum of two entries (dual-stack IPs, in either order). These IPs must correspond to the values of the ipFamilies field. Both clusterIPs and ipFamilies are governed by the ipFamilyPolicy field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  }),
  type: field(serviceTypeSchema, {
    proto: 4,
    doc:
      'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
  }),
  externalIPs: field(arr(str(), { listType: "atomic" }), {
    proto: 5,
    doc:
      "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.",
  }),
  sessionAffinity: field(serviceAffinitySchema, {
    proto: 7,
    doc:
      'Supports "ClientIP" and "None". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  }),
  loadBalancerIP: field(str(), {
    proto: 8,
    doc:
      "Only applies to Service Type: LoadBalancer. This feature depends on whether the underlying cloud-provider supports specifying the loadBalancerIP when a load balancer is created. This field will be ignored if the cloud-provider does not support the feature. Deprecated: This field was under-specified and its meaning varies across implementations. Using it is non-portable and it may not support dual-stack. Users are encouraged to use implementation-specific annotations when available.",
  }),
  loadBalancerSourceRanges: field(arr(str(), { listType: "atomic" }), {
    proto: 9,
    doc:
      'If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs. This field will be ignored if the cloud-provider does not support the feature." More info: https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/',
  }),
  externalName: field(str(), {
    proto: 10,
    doc:
      'externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). No proxying will be involved.  Must be a lowercase RFC-1123 hostname (https://tools.ietf.org/html/rfc1123) and requires `type` to be "ExternalName".',
  }),
  externalTrafficPolicy: field(serviceExternalTrafficPolicySchema, {
    proto: 11,
    doc:
      'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs). If set to "Local", the proxy will configure the service in a way that assumes that external load balancers will take care of balancing the service traffic between nodes, and so each node will deliver traffic only to the node-local endpoints of the service, without masquerading the client source IP. (Traffic mistakenly sent to a node with no endpoints will be dropped.) The default value, "Cluster", uses the standard behavior of routing to all endpoints evenly (possibly modified by topology and other features). Note that traffic sent to an External IP or LoadBalancer IP from within the cluster will always get "Cluster" semantics, but clients sending to a NodePort from within the cluster may need to take traffic policy into account when picking a node.',
  }),
  healthCheckNodePort: field(int32(), {
    proto: 12,
    doc:
      "healthCheckNodePort specifies the healthcheck nodePort for the service. This only applies when type is set to LoadBalancer and externalTrafficPolicy is set to Local. If a value is specified, is in-range, and is not in use, it will be used.  If not specified, a value will be automatically allocated.  External systems (e.g. load-balancers) can use this port to determine if a given node holds endpoints for this service or not.  If this field is specified when creating a Service which does not need it, creation will fail. This field will be wiped when updating a Service to no longer need it (e.g. changing type). This field cannot be updated once set.",
  }),
  publishNotReadyAddresses: field(bool(), {
    proto: 13,
    doc:
      'publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready. The primary use case for setting this field is for a StatefulSet\'s Headless Service to propagate SRV DNS records for its Pods for the purpose of peer discovery. The Kubernetes controllers that generate Endpoints and EndpointSlice resources for Services interpret this to mean that all endpoints are considered "ready" even if the Pods themselves are not. Agents which consume only Kubernetes generated endpoints through the Endpoints or EndpointSlice resources can safely assume this behavior.',
  }),
  sessionAffinityConfig: field(sessionAffinityConfigSchema, {
    proto: 14,
    doc: "sessionAffinityConfig contains the configurations of session affinity.",
  }),
  ipFamilies: field(arr(ipFamilySchema, { listType: "atomic" }), {
    proto: 19,
    doc:
      'IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service. This field is usually assigned automatically based on cluster configuration and the ipFamilyPolicy field. If this field is specified manually, the requested family is available in the cluster, and ipFamilyPolicy allows it, it will be used; otherwise creation of the service will fail. This field is conditionally mutable: it allows for adding or removing a secondary IP family, but it does not allow changing the primary IP family of the Service. Valid values are "IPv4" and "IPv6".  This field only applies to Services of types ClusterIP, NodePort, and LoadBalancer, and does apply to "headless" services. This field will be wiped when updating a Service to type ExternalName.\n\nThis field may hold a maximum of two entries (dual-stack families, in either order).  These families must correspond to the values of the clusterIPs field, if specified. Both clusterIPs and ipFamilies are governed by the ipFamilyPolicy field.',
  }),
  ipFamilyPolicy: field(ipFamilyPolicySchema, {
    proto: 17,
    doc:
      'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service. If there is no value provided, then this field will be set to SingleStack. Services can be "SingleStack" (a single IP family), "PreferDualStack" (two IP families on dual-stack configured clusters or a single IP family on single-stack clusters), or "RequireDualStack" (two IP families on dual-stack configured clusters, otherwise fail). The ipFamilies and clusterIPs fields depend on the value of this field. This field will be wiped when updating a service to type ExternalName.',
  }),
  allocateLoadBalancerNodePorts: field(bool(), {
    proto: 20,
    doc:
      'allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.  Default is "true". It may be set to "false" if the cluster load-balancer does not rely on NodePorts.  If the caller requests specific NodePorts (by specifying a value), those requests will be respected, regardless of this field. This field may only be set for services with type LoadBalancer and will be cleared if the type is changed to any other type.',
  }),
  loadBalancerClass: field(str(), {
    proto: 21,
    doc:
      "loadBalancerClass is the class of the load balancer implementation this Service belongs to. If specified, the value of this field must be a label-style identifier, with an optional prefix, e.g. \"internal-vip\" or \"example.com/internal-vip\". Unprefixed names are reserved for end-users. This field can only be set when the Service type is 'LoadBalancer'. If not set, the default load balancer implementation is used, today this is typically done through the cloud provider integration, but should apply for any default implementation. If set, it is assumed that a load balancer implementation is watching for Services with a matching class. Any default load balancer implementation (e.g. cloud providers) should ignore Services that set this field. This field can only be set when creating or updating a Service to type 'LoadBalancer'. Once set, it can not be changed. This field will be wiped when a service is updated to a non 'LoadBalancer' type.",
  }),
  internalTrafficPolicy: field(serviceInternalTrafficPolicySchema, {
    proto: 22,
    doc:
      'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP. If set to "Local", the proxy will assume that pods only want to talk to endpoints of the service on the same node as the pod, dropping the traffic if there are no local endpoints. The default value, "Cluster", uses the standard behavior of routing to all endpoints evenly (possibly modified by topology and other features).',
  }),
  trafficDistribution: field(str(), {
    proto: 23,
    doc:
      'TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints. Implementations can use this field as a hint, but are not required to guarantee strict adherence. If the field is not set, the implementation will apply its default routing strategy. If set to "PreferClose", implementations should prioritize endpoints that are in the same zone.',
  }),
}, { doc: "ServiceSpec describes the attributes that a user creates on a service." });
/** ServiceSpec describes the attributes that a user creates on a service. */
export type ServiceSpec = TypeOf<typeof serviceSpecSchema>;

/** PortStatus represents the error condition of a service port */
export const portStatusSchema = obj("io.k8s.api.core.v1.PortStatus", {
  port: field(int32(), {
    proto: 1,
    doc: "Port is the port number of the service port of which status is recorded here",
    required: true,
    default: 0,
  }),
  protocol: field(protocolSchema, {
    proto: 2,
    doc:
      'Protocol is the protocol of the service port of which status is recorded here The supported values are: "TCP", "UDP", "SCTP"',
    required: true,
    default: "",
  }),
  error: field(str(), {
    proto: 3,
    doc:
      "Error is to record the problem with the service port The format of the error shall comply with the following rules: - built-in error values shall be specified in this file and those shall use\n  CamelCase names\n- cloud provider specific error values must have names that comply with the\n  format foo.example.com/CamelCase.",
  }),
}, { doc: "PortStatus represents the error condition of a service port" });
/** PortStatus represents the error condition of a service port */
export type PortStatus = TypeOf<typeof portStatusSchema>;

/** LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point. */
export const loadBalancerIngressSchema = obj("io.k8s.api.core.v1.LoadBalancerIngress", {
  ip: field(str(), {
    proto: 1,
    doc:
      "IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)",
  }),
  hostname: field(str(), {
    proto: 2,
    doc:
      "Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)",
  }),
  ipMode: field(str(), {
    proto: 3,
    doc:
      'IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified. Setting this to "VIP" indicates that traffic is delivered to the node with the destination set to the load-balancer\'s IP and port. Setting this to "Proxy" indicates that traffic is delivered to the node or pod with the destination set to the node\'s IP and node port or the pod\'s IP and port. Service implementations may use this information to adjust traffic routing.',
  }),
  ports: field(arr(portStatusSchema, { listType: "atomic" }), {
    proto: 4,
    doc:
      "Ports is a list of records of service ports If used, every port defined in the service should have an entry in it",
  }),
}, {
  doc:
    "LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.",
});
/** LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point. */
export type LoadBalancerIngress = TypeOf<typeof loadBalancerIngressSchema>;

/** LoadBalancerStatus represents the status of a load-balancer. */
export const loadBalancerStatusSchema = obj("io.k8s.api.core.v1.LoadBalancerStatus", {
  ingress: field(arr(loadBalancerIngressSchema, { listType: "atomic" }), {
    proto: 1,
    doc:
      "Ingress is a list containing ingress points for the load-balancer. Traffic intended for the service should be sent to these ingress points.",
  }),
}, { doc: "LoadBalancerStatus represents the status of a load-balancer." });
/** LoadBalancerStatus represents the status of a load-balancer. */
export type LoadBalancerStatus = TypeOf<typeof loadBalancerStatusSchema>;

/** ServiceStatus represents the current status of a service. */
export const serviceStatusSchema = obj("io.k8s.api.core.v1.ServiceStatus", {
  loadBalancer: field(loadBalancerStatusSchema, {
    proto: 1,
    doc: "LoadBalancer contains the current status of the load-balancer, if one is present.",
    default: {},
  }),
  conditions: field(
    arr(conditionSchema, {
      listType: "map",
      listMapKeys: ["type"],
      patchStrategy: "merge",
      patchMergeKey: "type",
    }),
    { proto: 2, doc: "Current service state" },
  ),
}, { doc: "ServiceStatus represents the current status of a service." });
/** ServiceStatus represents the current status of a service. */
export type ServiceStatus = TypeOf<typeof serviceStatusSchema>;

/** Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy. */
export const serviceSchema = obj("io.k8s.api.core.v1.Service", {
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
  spec: field(serviceSpecSchema, {
    proto: 2,
    doc:
      "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
  status: field(serviceStatusSchema, {
    proto: 3,
    doc:
      "Most recently observed status of the service. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    default: {},
  }),
}, {
  doc:
    "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
  gvk: [{ group: "", version: "v1", kind: "Service" }],
  defaulter: (svc) => {
    // SetDefaults_Service.
    const spec = svc.spec;
    if (!spec) return;
    if (!spec.sessionAffinity) spec.sessionAffinity = "None";
    if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
    if (
      spec.sessionAffinity === "ClientIP" &&
      (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? null) === null
    ) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
    }
    if (!spec.type) spec.type = "ClusterIP";
    for (const p of spec.ports ?? []) {
      if (!p) continue;
      if (!p.protocol) p.protocol = "TCP";
      if ((p.targetPort ?? null) === null || p.targetPort === 0 || p.targetPort === "") {
        p.targetPort = p.port ?? 0;
      }
    }
    const type = spec.type;
    const externallyAccessible = type === "LoadBalancer" || type === "NodePort" ||
      (type === "ClusterIP" && (spec.externalIPs?.length ?? 0) > 0);
    if (externallyAccessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
    if (
      (spec.internalTrafficPolicy ?? null) === null &&
      (type === "NodePort" || type === "LoadBalancer" || type === "ClusterIP")
    ) {
      spec.internalTrafficPolicy = "Cluster";
    }
    if (type === "LoadBalancer") {
      spec.allocateLoadBalancerNodePorts ??= true;
      for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
        if (ing?.ip && (ing.ipMode ?? null) === null) ing.ipMode = "VIP";
      }
    }
  },
});
/** Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy. */
export type Service = TypeOf<typeof serviceSchema>;

/** ServiceList holds a list of services. */
export const serviceListSchema = obj("io.k8s.api.core.v1.ServiceList", {
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
  items: field(arr(serviceSchema), { proto: 2, doc: "List of services", required: true }),
}, {
  doc: "ServiceList holds a list of services.",
  gvk: [{ group: "", version: "v1", kind: "ServiceList" }],
});
/** ServiceList holds a list of services. */
export type ServiceList = TypeOf<typeof serviceListSchema>;
