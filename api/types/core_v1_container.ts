/**
 * core/v1 containers: Container (ports, env, resources, mounts, probes, lifecycle, security context) and EphemeralContainer.
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
  inline,
  int32,
  int64,
  intOrString,
  map,
  obj,
  quantity,
  str,
  type TypeOf,
} from "../schema/dsl.ts";
import { localObjectReferenceSchema, protocolSchema } from "./core_v1_common.ts";
import {
  objectFieldSelectorSchema,
  pullPolicySchema,
  resourceFieldSelectorSchema,
} from "./core_v1_volume.ts";
import { defaultPullPolicy } from "./image.ts";

/** ContainerPort represents a network port in a single container. */
export const containerPortSchema = obj("io.k8s.api.core.v1.ContainerPort", {
  name: field(str(), {
    proto: 1,
    doc:
      "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.",
  }),
  hostPort: field(int32(), {
    proto: 2,
    doc:
      "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this.",
  }),
  containerPort: field(int32(), {
    proto: 3,
    doc:
      "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
    required: true,
    default: 0,
  }),
  protocol: field(protocolSchema, {
    proto: 4,
    doc: 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".',
    default: "TCP",
    zeroIsUnset: true,
  }),
  hostIP: field(str(), { proto: 5, doc: "What host IP to bind the external port to." }),
}, { doc: "ContainerPort represents a network port in a single container." });
/** ContainerPort represents a network port in a single container. */
export type ContainerPort = TypeOf<typeof containerPortSchema>;

/** ConfigMapEnvSource selects a ConfigMap to populate the environment variables with. */
export const configMapEnvSourceSchema = obj("io.k8s.api.core.v1.ConfigMapEnvSource", {
  localObjectReference: inline(localObjectReferenceSchema, { proto: 1 }),
  optional: field(bool(), { proto: 2, doc: "Specify whether the ConfigMap must be defined" }),
}, {
  doc:
    "ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.\n\nThe contents of the target ConfigMap's Data field will represent the key-value pairs as environment variables. Keys in the BinaryData field are not currently propagated to container env vars.",
});
/** ConfigMapEnvSource selects a ConfigMap to populate the environment variables with. */
export type ConfigMapEnvSource = TypeOf<typeof configMapEnvSourceSchema>;

/** SecretEnvSource selects a Secret to populate the environment variables with. */
export const secretEnvSourceSchema = obj("io.k8s.api.core.v1.SecretEnvSource", {
  localObjectReference: inline(localObjectReferenceSchema, { proto: 1 }),
  optional: field(bool(), { proto: 2, doc: "Specify whether the Secret must be defined" }),
}, {
  doc:
    "SecretEnvSource selects a Secret to populate the environment variables with.\n\nThe contents of the target Secret's Data field will represent the key-value pairs as environment variables.",
});
/** SecretEnvSource selects a Secret to populate the environment variables with. */
export type SecretEnvSource = TypeOf<typeof secretEnvSourceSchema>;

/** EnvFromSource represents the source of a set of ConfigMaps or Secrets */
export const envFromSourceSchema = obj("io.k8s.api.core.v1.EnvFromSource", {
  prefix: field(str(), {
    proto: 1,
    doc:
      "Optional text to prepend to the name of each environment variable. May consist of any printable ASCII characters except '='.",
  }),
  configMapRef: field(configMapEnvSourceSchema, { proto: 2, doc: "The ConfigMap to select from" }),
  secretRef: field(secretEnvSourceSchema, { proto: 3, doc: "The Secret to select from" }),
}, { doc: "EnvFromSource represents the source of a set of ConfigMaps or Secrets" });
/** EnvFromSource represents the source of a set of ConfigMaps or Secrets */
export type EnvFromSource = TypeOf<typeof envFromSourceSchema>;

/** Selects a key from a ConfigMap. */
export const configMapKeySelectorSchema = obj("io.k8s.api.core.v1.ConfigMapKeySelector", {
  localObjectReference: inline(localObjectReferenceSchema, { proto: 1 }),
  key: field(str(), {
    proto: 2,
    doc:
      "The key to select from the ConfigMap's Data field. Keys in the BinaryData field are not currently propagated to container env vars.",
    required: true,
    default: "",
  }),
  optional: field(bool(), {
    proto: 3,
    doc: "Specify whether the ConfigMap or its key must be defined",
  }),
}, { doc: "Selects a key from a ConfigMap.", mapType: "atomic" });
/** Selects a key from a ConfigMap. */
export type ConfigMapKeySelector = TypeOf<typeof configMapKeySelectorSchema>;

/** SecretKeySelector selects a key of a Secret. */
export const secretKeySelectorSchema = obj("io.k8s.api.core.v1.SecretKeySelector", {
  localObjectReference: inline(localObjectReferenceSchema, { proto: 1 }),
  key: field(str(), {
    proto: 2,
    doc: "The key of the secret to select from.  Must be a valid secret key.",
    required: true,
    default: "",
  }),
  optional: field(bool(), {
    proto: 3,
    doc: "Specify whether the Secret or its key must be defined",
  }),
}, { doc: "SecretKeySelector selects a key of a Secret.", mapType: "atomic" });
/** SecretKeySelector selects a key of a Secret. */
export type SecretKeySelector = TypeOf<typeof secretKeySelectorSchema>;

/** FileKeySelector selects a key of the env file. */
export const fileKeySelectorSchema = obj("io.k8s.api.core.v1.FileKeySelector", {
  volumeName: field(str(), {
    proto: 1,
    doc: "The name of the volume mount containing the env file.",
    required: true,
    default: "",
  }),
  path: field(str(), {
    proto: 2,
    doc:
      "The path within the volume from which to select the file. Must be relative and may not contain the '..' path or start with '..'.",
    required: true,
    default: "",
  }),
  key: field(str(), {
    proto: 3,
    doc:
      "The key within the env file. An invalid key will prevent the pod from starting. The keys defined within a source may consist of any printable ASCII characters except '='. During Alpha stage of the EnvFiles feature gate, the key size is limited to 128 characters.",
    required: true,
    default: "",
  }),
  optional: field(bool(), {
    proto: 4,
    doc:
      "Specify whether the file or its key must be defined. If the file or key does not exist, then the env var is not published. If optional is set to true and the specified key does not exist, the environment variable will not be set in the Pod's containers.\n\nIf optional is set to false and the specified key does not exist, an error will be returned during Pod creation.",
    default: false,
  }),
}, { doc: "FileKeySelector selects a key of the env file.", mapType: "atomic" });
/** FileKeySelector selects a key of the env file. */
export type FileKeySelector = TypeOf<typeof fileKeySelectorSchema>;

/** EnvVarSource represents a source for the value of an EnvVar. */
export const envVarSourceSchema = obj("io.k8s.api.core.v1.EnvVarSource", {
  fieldRef: field(objectFieldSelectorSchema, {
    proto: 1,
    doc:
      "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.",
  }),
  resourceFieldRef: field(resourceFieldSelectorSchema, {
    proto: 2,
    doc:
      "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.",
  }),
  configMapKeyRef: field(configMapKeySelectorSchema, {
    proto: 3,
    doc: "Selects a key of a ConfigMap.",
  }),
  secretKeyRef: field(secretKeySelectorSchema, {
    proto: 4,
    doc: "Selects a key of a secret in the pod's namespace",
  }),
  fileKeyRef: field(fileKeySelectorSchema, {
    proto: 5,
    doc:
      "FileKeyRef selects a key of the env file. Requires the EnvFiles feature gate to be enabled.",
  }),
}, { doc: "EnvVarSource represents a source for the value of an EnvVar." });
/** EnvVarSource represents a source for the value of an EnvVar. */
export type EnvVarSource = TypeOf<typeof envVarSourceSchema>;

/** EnvVar represents an environment variable present in a Container. */
export const envVarSchema = obj("io.k8s.api.core.v1.EnvVar", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name of the environment variable. May consist of any printable ASCII characters except '='.",
    required: true,
    default: "",
  }),
  value: field(str(), {
    proto: 2,
    doc:
      'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to "".',
  }),
  valueFrom: field(envVarSourceSchema, {
    proto: 3,
    doc: "Source for the environment variable's value. Cannot be used if value is not empty.",
  }),
}, { doc: "EnvVar represents an environment variable present in a Container." });
/** EnvVar represents an environment variable present in a Container. */
export type EnvVar = TypeOf<typeof envVarSchema>;

/** ResourceClaim references one entry in PodSpec.ResourceClaims. */
export const resourceClaimSchema = obj("io.k8s.api.core.v1.ResourceClaim", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used. It makes that resource available inside a container.",
    required: true,
    default: "",
  }),
  request: field(str(), {
    proto: 2,
    doc:
      "Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request.",
  }),
}, { doc: "ResourceClaim references one entry in PodSpec.ResourceClaims." });
/** ResourceClaim references one entry in PodSpec.ResourceClaims. */
export type ResourceClaim = TypeOf<typeof resourceClaimSchema>;

/** ResourceRequirements describes the compute resource requirements. */
export const resourceRequirementsSchema = obj("io.k8s.api.core.v1.ResourceRequirements", {
  limits: field(map(quantity()), {
    proto: 1,
    doc:
      "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  }),
  requests: field(map(quantity()), {
    proto: 2,
    doc:
      "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  }),
  claims: field(arr(resourceClaimSchema, { listType: "map", listMapKeys: ["name"] }), {
    proto: 3,
    doc:
      "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.\n\nThis field depends on the DynamicResourceAllocation feature gate.\n\nThis field is immutable. It can only be set for containers.",
  }),
}, { doc: "ResourceRequirements describes the compute resource requirements." });
/** ResourceRequirements describes the compute resource requirements. */
export type ResourceRequirements = TypeOf<typeof resourceRequirementsSchema>;

/** ContainerResizePolicy represents resource resize policy for the container. */
export const containerResizePolicySchema = obj("io.k8s.api.core.v1.ContainerResizePolicy", {
  resourceName: field(str(), {
    proto: 1,
    doc:
      "Name of the resource to which this resource resize policy applies. Supported values: cpu, memory.",
    required: true,
    default: "",
  }),
  restartPolicy: field(str(), {
    proto: 2,
    doc:
      "Restart policy to apply when specified resource is resized. If not specified, it defaults to NotRequired.",
    required: true,
    default: "",
  }),
}, { doc: "ContainerResizePolicy represents resource resize policy for the container." });
/** ContainerResizePolicy represents resource resize policy for the container. */
export type ContainerResizePolicy = TypeOf<typeof containerResizePolicySchema>;

/** ContainerRestartRuleOnExitCodes describes the condition for handling an exited container based on its exit codes. */
export const containerRestartRuleOnExitCodesSchema = obj(
  "io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes",
  {
    operator: field(str(), {
      proto: 1,
      doc:
        "Represents the relationship between the container exit code(s) and the specified values. Possible values are: - In: the requirement is satisfied if the container exit code is in the\n  set of specified values.\n- NotIn: the requirement is satisfied if the container exit code is\n  not in the set of specified values.",
    }),
    values: field(arr(int32(), { listType: "set" }), {
      proto: 2,
      doc:
        "Specifies the set of values to check for container exit codes. At most 255 elements are allowed.",
    }),
  },
  {
    doc:
      "ContainerRestartRuleOnExitCodes describes the condition for handling an exited container based on its exit codes.",
  },
);
/** ContainerRestartRuleOnExitCodes describes the condition for handling an exited container based on its exit codes. */
export type ContainerRestartRuleOnExitCodes = TypeOf<typeof containerRestartRuleOnExitCodesSchema>;

/** ContainerRestartRule describes how a container exit is handled. */
export const containerRestartRuleSchema = obj("io.k8s.api.core.v1.ContainerRestartRule", {
  action: field(str(), {
    proto: 1,
    doc:
      'Specifies the action taken on a container exit if the requirements are satisfied. The only possible value is "Restart" to restart the container.',
  }),
  exitCodes: field(containerRestartRuleOnExitCodesSchema, {
    proto: 2,
    doc: "Represents the exit codes to check on container exits.",
  }),
}, { doc: "ContainerRestartRule describes how a container exit is handled." });
/** ContainerRestartRule describes how a container exit is handled. */
export type ContainerRestartRule = TypeOf<typeof containerRestartRuleSchema>;

/** The values of the Go enum `v1.MountPropagationMode`. */
export const mountPropagationModeSchema = enumOf(
  ["None", "HostToContainer", "Bidirectional"],
  "v1.MountPropagationMode",
);
/** One of the values of the Go enum `v1.MountPropagationMode`. */
export type MountPropagationMode = TypeOf<typeof mountPropagationModeSchema>;

/** VolumeMount describes a mounting of a Volume within a container. */
export const volumeMountSchema = obj("io.k8s.api.core.v1.VolumeMount", {
  name: field(str(), {
    proto: 1,
    doc: "This must match the Name of a Volume.",
    required: true,
    default: "",
  }),
  readOnly: field(bool(), {
    proto: 2,
    doc:
      "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.",
  }),
  recursiveReadOnly: field(str(), {
    proto: 7,
    doc:
      "RecursiveReadOnly specifies whether read-only mounts should be handled recursively.\n\nIf ReadOnly is false, this field has no meaning and must be unspecified.\n\nIf ReadOnly is true, and this field is set to Disabled, the mount is not made recursively read-only.  If this field is set to IfPossible, the mount is made recursively read-only, if it is supported by the container runtime.  If this field is set to Enabled, the mount is made recursively read-only if it is supported by the container runtime, otherwise the pod will not be started and an error will be generated to indicate the reason.\n\nIf this field is set to IfPossible or Enabled, MountPropagation must be set to None (or be unspecified, which defaults to None).\n\nIf this field is not specified, it is treated as an equivalent of Disabled.",
  }),
  mountPath: field(str(), {
    proto: 3,
    doc: "Path within the container at which the volume should be mounted.",
    required: true,
    default: "",
  }),
  subPath: field(str(), {
    proto: 4,
    doc:
      "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root).",
  }),
  mountPropagation: field(mountPropagationModeSchema, {
    proto: 5,
    doc:
      "mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used. This field is beta in 1.10. When RecursiveReadOnly is set to IfPossible or to Enabled, MountPropagation must be None or unspecified (which defaults to None).",
  }),
  subPathExpr: field(str(), {
    proto: 6,
    doc:
      "Expanded path within the volume from which the container's volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container's environment. Defaults to \"\" (volume's root). SubPathExpr and SubPath are mutually exclusive.",
  }),
  bindMountOptions: field(arr(str(), { listType: "set" }), {
    proto: 8,
    doc:
      "bindMountOptions is the list of additional bind mount options to apply when mounting this volume into the container. Allowed values are noexec, nodev, and nosuid. These are Linux mount options and have no effect on Windows nodes. This field is not supported with image volumes. This is an alpha field and requires enabling the VolumeBindMountOptions feature gate.",
  }),
}, { doc: "VolumeMount describes a mounting of a Volume within a container." });
/** VolumeMount describes a mounting of a Volume within a container. */
export type VolumeMount = TypeOf<typeof volumeMountSchema>;

/** volumeDevice describes a mapping of a raw block device within a container. */
export const volumeDeviceSchema = obj("io.k8s.api.core.v1.VolumeDevice", {
  name: field(str(), {
    proto: 1,
    doc: "name must match the name of a persistentVolumeClaim in the pod",
    required: true,
    default: "",
  }),
  devicePath: field(str(), {
    proto: 2,
    doc: "devicePath is the path inside of the container that the device will be mapped to.",
    required: true,
    default: "",
  }),
}, { doc: "volumeDevice describes a mapping of a raw block device within a container." });
/** volumeDevice describes a mapping of a raw block device within a container. */
export type VolumeDevice = TypeOf<typeof volumeDeviceSchema>;

/** ExecAction describes a "run in container" action. */
export const execActionSchema = obj("io.k8s.api.core.v1.ExecAction", {
  command: field(arr(str(), { listType: "atomic" }), {
    proto: 1,
    doc:
      "Command is the command line to execute inside the container, the working directory for the command  is root ('/') in the container's filesystem. The command is simply exec'd, it is not run inside a shell, so traditional shell instructions ('|', etc) won't work. To use a shell, you need to explicitly call out to that shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy.",
  }),
}, { doc: 'ExecAction describes a "run in container" action.' });
/** ExecAction describes a "run in container" action. */
export type ExecAction = TypeOf<typeof execActionSchema>;

/** The values of the Go enum `v1.URIScheme`. */
export const uriSchemeSchema = enumOf(["HTTP", "HTTPS"], "v1.URIScheme");
/** One of the values of the Go enum `v1.URIScheme`. */
export type URIScheme = TypeOf<typeof uriSchemeSchema>;

/** HTTPHeader describes a custom header to be used in HTTP probes */
export const httpHeaderSchema = obj("io.k8s.api.core.v1.HTTPHeader", {
  name: field(str(), {
    proto: 1,
    doc:
      "The header field name. This will be canonicalized upon output, so case-variant names will be understood as the same header.",
    required: true,
    default: "",
  }),
  value: field(str(), { proto: 2, doc: "The header field value", required: true, default: "" }),
}, { doc: "HTTPHeader describes a custom header to be used in HTTP probes" });
/** HTTPHeader describes a custom header to be used in HTTP probes */
export type HTTPHeader = TypeOf<typeof httpHeaderSchema>;

/** The values of the Go enum `v1.HTTPProtocol`. */
export const httpProtocolSchema = enumOf(["HTTP1", "HTTP2"], "v1.HTTPProtocol");
/** One of the values of the Go enum `v1.HTTPProtocol`. */
export type HTTPProtocol = TypeOf<typeof httpProtocolSchema>;

/** HTTPGetAction describes an action based on HTTP Get requests. */
export const httpGetActionSchema = obj("io.k8s.api.core.v1.HTTPGetAction", {
  path: field(str(), {
    proto: 1,
    doc: "Path to access on the HTTP server.",
    default: "/",
    zeroIsUnset: true,
  }),
  port: field(intOrString(), {
    proto: 2,
    doc:
      "Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.",
    required: true,
  }),
  host: field(str(), {
    proto: 3,
    doc:
      'Host name to connect to, defaults to the pod IP. You probably want to set "Host" in httpHeaders instead.',
  }),
  scheme: field(uriSchemeSchema, {
    proto: 4,
    doc: "Scheme to use for connecting to the host. Defaults to HTTP.",
    default: "HTTP",
    zeroIsUnset: true,
  }),
  httpHeaders: field(arr(httpHeaderSchema, { listType: "atomic" }), {
    proto: 5,
    doc: "Custom headers to set in the request. HTTP allows repeated headers.",
  }),
  protocol: field(httpProtocolSchema, {
    proto: 6,
    doc: "Protocol selects the wire protocol for the probe connection. Nil defaults to HTTP/1.1.",
  }),
}, { doc: "HTTPGetAction describes an action based on HTTP Get requests." });
/** HTTPGetAction describes an action based on HTTP Get requests. */
export type HTTPGetAction = TypeOf<typeof httpGetActionSchema>;

/** TCPSocketAction describes an action based on opening a socket */
export const tcpSocketActionSchema = obj("io.k8s.api.core.v1.TCPSocketAction", {
  port: field(intOrString(), {
    proto: 1,
    doc:
      "Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.",
    required: true,
  }),
  host: field(str(), {
    proto: 2,
    doc: "Optional: Host name to connect to, defaults to the pod IP.",
  }),
}, { doc: "TCPSocketAction describes an action based on opening a socket" });
/** TCPSocketAction describes an action based on opening a socket */
export type TCPSocketAction = TypeOf<typeof tcpSocketActionSchema>;

/** The values of the Go enum `v1.GRPCProbeMode`. */
export const grpcProbeModeSchema = enumOf(["Plaintext", "TLS"], "v1.GRPCProbeMode");
/** One of the values of the Go enum `v1.GRPCProbeMode`. */
export type GRPCProbeMode = TypeOf<typeof grpcProbeModeSchema>;

/** GRPCAction specifies an action involving a GRPC service. */
export const grpcActionSchema = obj("io.k8s.api.core.v1.GRPCAction", {
  port: field(int32(), {
    proto: 1,
    doc: "Port number of the gRPC service. Number must be in the range 1 to 65535.",
    required: true,
    default: 0,
  }),
  service: field(str(), {
    proto: 2,
    doc:
      "Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).\n\nIf this is not specified, the default behavior is defined by gRPC.",
    default: "",
  }),
  mode: field(grpcProbeModeSchema, {
    proto: 3,
    doc:
      'mode specifies the connection mode for the gRPC health probe. Set to "TLS" to use TLS without certificate verification. Set to "Plaintext" to use a plaintext (insecure) connection explicitly. If not specified, the probe uses a plaintext (insecure) connection.',
  }),
}, { doc: "GRPCAction specifies an action involving a GRPC service." });
/** GRPCAction specifies an action involving a GRPC service. */
export type GRPCAction = TypeOf<typeof grpcActionSchema>;

/** ProbeHandler defines a specific action that should be taken in a probe. One and only one of the fields must be specified. */
export const probeHandlerSchema = obj("io.k8s.api.core.v1.ProbeHandler", {
  exec: field(execActionSchema, {
    proto: 1,
    doc: "Exec specifies a command to execute in the container.",
  }),
  httpGet: field(httpGetActionSchema, {
    proto: 2,
    doc: "HTTPGet specifies an HTTP GET request to perform.",
  }),
  tcpSocket: field(tcpSocketActionSchema, {
    proto: 3,
    doc: "TCPSocket specifies a connection to a TCP port.",
  }),
  grpc: field(grpcActionSchema, { proto: 4, doc: "GRPC specifies a GRPC HealthCheckRequest." }),
}, {
  doc:
    "ProbeHandler defines a specific action that should be taken in a probe. One and only one of the fields must be specified.",
});
/** ProbeHandler defines a specific action that should be taken in a probe. One and only one of the fields must be specified. */
export type ProbeHandler = TypeOf<typeof probeHandlerSchema>;

/** Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic. */
export const probeSchema = obj("io.k8s.api.core.v1.Probe", {
  handler: inline(probeHandlerSchema, { proto: 1 }),
  initialDelaySeconds: field(int32(), {
    proto: 2,
    doc:
      "Number of seconds after the container has started before liveness probes are initiated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
  }),
  timeoutSeconds: field(int32(), {
    proto: 3,
    doc:
      "Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
    default: 1,
    zeroIsUnset: true,
  }),
  periodSeconds: field(int32(), {
    proto: 4,
    doc: "How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.",
    default: 10,
    zeroIsUnset: true,
  }),
  successThreshold: field(int32(), {
    proto: 5,
    doc:
      "Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1.",
    default: 1,
    zeroIsUnset: true,
  }),
  failureThreshold: field(int32(), {
    proto: 6,
    doc:
      "Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.",
    default: 3,
    zeroIsUnset: true,
  }),
  terminationGracePeriodSeconds: field(int64(), {
    proto: 7,
    doc:
      "Optional duration in seconds the pod needs to terminate gracefully upon probe failure. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. If this value is nil, the pod's terminationGracePeriodSeconds will be used. Otherwise, this value overrides the value provided by the pod spec. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). This is a beta field and requires enabling ProbeTerminationGracePeriod feature gate. Minimum value is 1. spec.terminationGracePeriodSeconds is used if unset.",
  }),
}, {
  doc:
    "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.",
});
/** Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic. */
export type Probe = TypeOf<typeof probeSchema>;

/** SleepAction describes a "sleep" action. */
export const sleepActionSchema = obj("io.k8s.api.core.v1.SleepAction", {
  seconds: field(int64(), {
    proto: 1,
    doc: "Seconds is the number of seconds to sleep.",
    required: true,
    default: 0,
  }),
}, { doc: 'SleepAction describes a "sleep" action.' });
/** SleepAction describes a "sleep" action. */
export type SleepAction = TypeOf<typeof sleepActionSchema>;

/** LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified. */
export const lifecycleHandlerSchema = obj("io.k8s.api.core.v1.LifecycleHandler", {
  exec: field(execActionSchema, {
    proto: 1,
    doc: "Exec specifies a command to execute in the container.",
  }),
  httpGet: field(httpGetActionSchema, {
    proto: 2,
    doc: "HTTPGet specifies an HTTP GET request to perform.",
  }),
  tcpSocket: field(tcpSocketActionSchema, {
    proto: 3,
    doc:
      "Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility. There is no validation of this field and lifecycle hooks will fail at runtime when it is specified.",
  }),
  sleep: field(sleepActionSchema, {
    proto: 4,
    doc: "Sleep represents a duration that the container should sleep.",
  }),
}, {
  doc:
    "LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.",
});
/** LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified. */
export type LifecycleHandler = TypeOf<typeof lifecycleHandlerSchema>;

/** The values of the Go enum `v1.Signal`. */
export const signalSchema = enumOf([
  "SIGABRT",
  "SIGALRM",
  "SIGBUS",
  "SIGCHLD",
  "SIGCLD",
  "SIGCONT",
  "SIGFPE",
  "SIGHUP",
  "SIGILL",
  "SIGINT",
  "SIGIO",
  "SIGIOT",
  "SIGKILL",
  "SIGPIPE",
  "SIGPOLL",
  "SIGPROF",
  "SIGPWR",
  "SIGQUIT",
  "SIGSEGV",
  "SIGSTKFLT",
  "SIGSTOP",
  "SIGSYS",
  "SIGTERM",
  "SIGTRAP",
  "SIGTSTP",
  "SIGTTIN",
  "SIGTTOU",
  "SIGURG",
  "SIGUSR1",
  "SIGUSR2",
  "SIGVTALRM",
  "SIGWINCH",
  "SIGXCPU",
  "SIGXFSZ",
  "SIGRTMIN",
  "SIGRTMIN+1",
  "SIGRTMIN+2",
  "SIGRTMIN+3",
  "SIGRTMIN+4",
  "SIGRTMIN+5",
  "SIGRTMIN+6",
  "SIGRTMIN+7",
  "SIGRTMIN+8",
  "SIGRTMIN+9",
  "SIGRTMIN+10",
  "SIGRTMIN+11",
  "SIGRTMIN+12",
  "SIGRTMIN+13",
  "SIGRTMIN+14",
  "SIGRTMIN+15",
  "SIGRTMAX-14",
  "SIGRTMAX-13",
  "SIGRTMAX-12",
  "SIGRTMAX-11",
  "SIGRTMAX-10",
  "SIGRTMAX-9",
  "SIGRTMAX-8",
  "SIGRTMAX-7",
  "SIGRTMAX-6",
  "SIGRTMAX-5",
  "SIGRTMAX-4",
  "SIGRTMAX-3",
  "SIGRTMAX-2",
  "SIGRTMAX-1",
  "SIGRTMAX",
], "v1.Signal");
/** One of the values of the Go enum `v1.Signal`. */
export type Signal = TypeOf<typeof signalSchema>;

/** Lifecycle describes actions that the management system should take in response to container lifecycle events. For the PostStart and PreStop lifecycle handlers, management of the container blocks until the action is complete, unless the container process fails, in which case the handler is aborted. */
export const lifecycleSchema = obj("io.k8s.api.core.v1.Lifecycle", {
  postStart: field(lifecycleHandlerSchema, {
    proto: 1,
    doc:
      "PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy. Other management of the container blocks until the hook completes. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks",
  }),
  preStop: field(lifecycleHandlerSchema, {
    proto: 2,
    doc:
      "PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc. The handler is not called if the container crashes or exits. The Pod's termination grace period countdown begins before the PreStop hook is executed. Regardless of the outcome of the handler, the container will eventually terminate within the Pod's termination grace period (unless delayed by finalizers). Other management of the container blocks until the hook completes or until the termination grace period is reached. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks",
  }),
  stopSignal: field(signalSchema, {
    proto: 3,
    doc:
      "StopSignal defines which signal will be sent to a container when it is being stopped. If not specified, the default is defined by the container runtime in use. StopSignal can only be set for Pods with a non-empty .spec.os.name",
  }),
}, {
  doc:
    "Lifecycle describes actions that the management system should take in response to container lifecycle events. For the PostStart and PreStop lifecycle handlers, management of the container blocks until the action is complete, unless the container process fails, in which case the handler is aborted.",
});
/** Lifecycle describes actions that the management system should take in response to container lifecycle events. For the PostStart and PreStop lifecycle handlers, management of the container blocks until the action is complete, unless the container process fails, in which case the handler is aborted. */
export type Lifecycle = TypeOf<typeof lifecycleSchema>;

/** The values of the Go enum `v1.TerminationMessagePolicy`. */
export const terminationMessagePolicySchema = enumOf(
  ["File", "FallbackToLogsOnError"],
  "v1.TerminationMessagePolicy",
);
/** One of the values of the Go enum `v1.TerminationMessagePolicy`. */
export type TerminationMessagePolicy = TypeOf<typeof terminationMessagePolicySchema>;

/** Adds and removes POSIX capabilities from running containers. */
export const capabilitiesSchema = obj("io.k8s.api.core.v1.Capabilities", {
  add: field(arr(str(), { listType: "atomic" }), { proto: 1, doc: "Added capabilities" }),
  drop: field(arr(str(), { listType: "atomic" }), { proto: 2, doc: "Removed capabilities" }),
}, { doc: "Adds and removes POSIX capabilities from running containers." });
/** Adds and removes POSIX capabilities from running containers. */
export type Capabilities = TypeOf<typeof capabilitiesSchema>;

/** SELinuxOptions are the labels to be applied to the container */
export const seLinuxOptionsSchema = obj("io.k8s.api.core.v1.SELinuxOptions", {
  user: field(str(), {
    proto: 1,
    doc: "User is a SELinux user label that applies to the container.",
  }),
  role: field(str(), {
    proto: 2,
    doc: "Role is a SELinux role label that applies to the container.",
  }),
  type: field(str(), {
    proto: 3,
    doc: "Type is a SELinux type label that applies to the container.",
  }),
  level: field(str(), {
    proto: 4,
    doc: "Level is SELinux level label that applies to the container.",
  }),
}, { doc: "SELinuxOptions are the labels to be applied to the container" });
/** SELinuxOptions are the labels to be applied to the container */
export type SELinuxOptions = TypeOf<typeof seLinuxOptionsSchema>;

/** WindowsSecurityContextOptions contain Windows-specific options and credentials. */
export const windowsSecurityContextOptionsSchema = obj(
  "io.k8s.api.core.v1.WindowsSecurityContextOptions",
  {
    gmsaCredentialSpecName: field(str(), {
      proto: 1,
      doc: "GMSACredentialSpecName is the name of the GMSA credential spec to use.",
    }),
    gmsaCredentialSpec: field(str(), {
      proto: 2,
      doc:
        "GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.",
    }),
    runAsUserName: field(str(), {
      proto: 3,
      doc:
        "The UserName in Windows to run the entrypoint of the container process. Defaults to the user specified in image metadata if unspecified. May also be set in PodSecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.",
    }),
    hostProcess: field(bool(), {
      proto: 4,
      doc:
        "HostProcess determines if a container should be run as a 'Host Process' container. All of a Pod's containers must have the same effective HostProcess value (it is not allowed to have a mix of HostProcess containers and non-HostProcess containers). In addition, if HostProcess is true then HostNetwork must also be set to true.",
    }),
  },
  { doc: "WindowsSecurityContextOptions contain Windows-specific options and credentials." },
);
/** WindowsSecurityContextOptions contain Windows-specific options and credentials. */
export type WindowsSecurityContextOptions = TypeOf<typeof windowsSecurityContextOptionsSchema>;

/** The values of the Go enum `v1.ProcMountType`. */
export const procMountTypeSchema = enumOf(["Default", "Unmasked"], "v1.ProcMountType");
/** One of the values of the Go enum `v1.ProcMountType`. */
export type ProcMountType = TypeOf<typeof procMountTypeSchema>;

/** The values of the Go enum `v1.SeccompProfileType`. */
export const seccompProfileTypeSchema = enumOf(
  ["Unconfined", "RuntimeDefault", "Localhost"],
  "v1.SeccompProfileType",
);
/** One of the values of the Go enum `v1.SeccompProfileType`. */
export type SeccompProfileType = TypeOf<typeof seccompProfileTypeSchema>;

/** SeccompProfile defines a pod/container's seccomp profile settings. Only one profile source may be set. */
export const seccompProfileSchema = obj("io.k8s.api.core.v1.SeccompProfile", {
  type: field(seccompProfileTypeSchema, {
    proto: 1,
    doc:
      "type indicates which kind of seccomp profile will be applied. Valid options are:\n\nLocalhost - a profile defined in a file on the node should be used. RuntimeDefault - the container runtime default profile should be used. Unconfined - no profile should be applied.",
    required: true,
    default: "",
  }),
  localhostProfile: field(str(), {
    proto: 2,
    doc:
      'localhostProfile indicates a profile defined in a file on the node should be used. The profile must be preconfigured on the node to work. Must be a descending path, relative to the kubelet\'s configured seccomp profile location. Must be set if type is "Localhost". Must NOT be set for any other type.',
  }),
}, {
  doc:
    "SeccompProfile defines a pod/container's seccomp profile settings. Only one profile source may be set.",
});
/** SeccompProfile defines a pod/container's seccomp profile settings. Only one profile source may be set. */
export type SeccompProfile = TypeOf<typeof seccompProfileSchema>;

/** The values of the Go enum `v1.AppArmorProfileType`. */
export const appArmorProfileTypeSchema = enumOf(
  ["Unconfined", "RuntimeDefault", "Localhost"],
  "v1.AppArmorProfileType",
);
/** One of the values of the Go enum `v1.AppArmorProfileType`. */
export type AppArmorProfileType = TypeOf<typeof appArmorProfileTypeSchema>;

/** AppArmorProfile defines a pod or container's AppArmor settings. */
export const appArmorProfileSchema = obj("io.k8s.api.core.v1.AppArmorProfile", {
  type: field(appArmorProfileTypeSchema, {
    proto: 1,
    doc:
      "type indicates which kind of AppArmor profile will be applied. Valid options are:\n  Localhost - a profile pre-loaded on the node.\n  RuntimeDefault - the container runtime's default profile.\n  Unconfined - no AppArmor enforcement.",
    required: true,
    default: "",
  }),
  localhostProfile: field(str(), {
    proto: 2,
    doc:
      'localhostProfile indicates a profile loaded on the node that should be used. The profile must be preconfigured on the node to work. Must match the loaded name of the profile. Must be set if and only if type is "Localhost".',
  }),
}, { doc: "AppArmorProfile defines a pod or container's AppArmor settings." });
/** AppArmorProfile defines a pod or container's AppArmor settings. */
export type AppArmorProfile = TypeOf<typeof appArmorProfileSchema>;

/** SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext.  When both are set, the values in SecurityContext take precedence. */
export const securityContextSchema = obj("io.k8s.api.core.v1.SecurityContext", {
  capabilities: field(capabilitiesSchema, {
    proto: 1,
    doc:
      "The capabilities to add/drop when running containers. Defaults to the default set of capabilities granted by the container runtime. Note that this field cannot be set when spec.os.name is windows.",
  }),
  privileged: field(bool(), {
    proto: 2,
    doc:
      "Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false. Note that this field cannot be set when spec.os.name is windows.",
  }),
  seLinuxOptions: field(seLinuxOptionsSchema, {
    proto: 3,
    doc:
      "The SELinux context to be applied to the container. If unspecified, the container runtime will allocate a random SELinux context for each container.  May also be set in PodSecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is windows.",
  }),
  windowsOptions: field(windowsSecurityContextOptionsSchema, {
    proto: 10,
    doc:
      "The Windows specific settings applied to all containers. If unspecified, the options from the PodSecurityContext will be used. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is linux.",
  }),
  runAsUser: field(int64(), {
    proto: 4,
    doc:
      "The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified. May also be set in PodSecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is windows.",
  }),
  runAsGroup: field(int64(), {
    proto: 8,
    doc:
      "The GID to run the entrypoint of the container process. Uses runtime default if unset. May also be set in PodSecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is windows.",
  }),
  runAsNonRoot: field(bool(), {
    proto: 5,
    doc:
      "Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does. If unset or false, no such validation will be performed. May also be set in PodSecurityContext.  If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.",
  }),
  readOnlyRootFilesystem: field(bool(), {
    proto: 6,
    doc:
      "Whether this container has a read-only root filesystem. Default is false. Note that this field cannot be set when spec.os.name is windows.",
  }),
  allowPrivilegeEscalation: field(bool(), {
    proto: 7,
    doc:
      "AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process. This bool directly controls if the no_new_privs flag will be set on the container process. AllowPrivilegeEscalation is true always when the container is: 1) run as Privileged 2) has CAP_SYS_ADMIN Note that this field cannot be set when spec.os.name is windows.",
  }),
  procMount: field(procMountTypeSchema, {
    proto: 9,
    doc:
      "procMount denotes the type of proc mount to use for the containers. The default value is Default which uses the container runtime defaults for readonly paths and masked paths. Note that this field cannot be set when spec.os.name is windows.",
  }),
  seccompProfile: field(seccompProfileSchema, {
    proto: 11,
    doc:
      "The seccomp options to use by this container. If seccomp options are provided at both the pod & container level, the container options override the pod options. Note that this field cannot be set when spec.os.name is windows.",
  }),
  appArmorProfile: field(appArmorProfileSchema, {
    proto: 12,
    doc:
      "appArmorProfile is the AppArmor options to use by this container. If set, this profile overrides the pod's appArmorProfile. Note that this field cannot be set when spec.os.name is windows.",
  }),
}, {
  doc:
    "SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext.  When both are set, the values in SecurityContext take precedence.",
});
/** SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext.  When both are set, the values in SecurityContext take precedence. */
export type SecurityContext = TypeOf<typeof securityContextSchema>;

/** A single application container that you want to run within a pod. */
export const containerSchema = obj("io.k8s.api.core.v1.Container", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.",
    required: true,
    default: "",
  }),
  image: field(str(), {
    proto: 2,
    doc:
      "Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.",
  }),
  command: field(arr(str(), { listType: "atomic" }), {
    proto: 3,
    doc:
      'Entrypoint array. Not executed within a shell. The container image\'s ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell',
  }),
  args: field(arr(str(), { listType: "atomic" }), {
    proto: 4,
    doc:
      'Arguments to the entrypoint. The container image\'s CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell',
  }),
  workingDir: field(str(), {
    proto: 5,
    doc:
      "Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated.",
  }),
  ports: field(
    arr(containerPortSchema, {
      listType: "map",
      listMapKeys: ["containerPort", "protocol"],
      patchStrategy: "merge",
      patchMergeKey: "containerPort",
    }),
    {
      proto: 6,
      doc:
        'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.',
    },
  ),
  envFrom: field(arr(envFromSourceSchema, { listType: "atomic" }), {
    proto: 19,
    doc:
      "List of sources to populate environment variables in the container. The keys defined within a source may consist of any printable ASCII characters except '='. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence. Cannot be updated.",
  }),
  env: field(
    arr(envVarSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    { proto: 7, doc: "List of environment variables to set in the container. Cannot be updated." },
  ),
  resources: field(resourceRequirementsSchema, {
    proto: 8,
    doc:
      "Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    default: {},
  }),
  resizePolicy: field(arr(containerResizePolicySchema, { listType: "atomic" }), {
    proto: 23,
    doc:
      "Resources resize policy for the container. This field cannot be set on ephemeral containers.",
  }),
  restartPolicy: field(str(), {
    proto: 24,
    doc:
      'RestartPolicy defines the restart behavior of individual containers in a pod. This overrides the pod-level restart policy. When this field is not specified, the restart behavior is defined by the Pod\'s restart policy and the container type. Additionally, setting the RestartPolicy as "Always" for the init container will have the following effect: this init container will be continually restarted on exit until all regular containers have terminated. Once all regular containers have completed, all init containers with restartPolicy "Always" will be shut down. This lifecycle differs from normal init containers and is often referred to as a "sidecar" container. Although this init container still starts in the init container sequence, it does not wait for the container to complete before proceeding to the next init container. Instead, the next init container starts immediately after this init container is started, or after any startupProbe has successfully completed.',
  }),
  restartPolicyRules: field(arr(containerRestartRuleSchema, { listType: "atomic" }), {
    proto: 25,
    doc:
      "Represents a list of rules to be checked to determine if the container should be restarted on exit. The rules are evaluated in order. Once a rule matches a container exit condition, the remaining rules are ignored. If no rule matches the container exit condition, the Container-level restart policy determines the whether the container is restarted or not. Constraints on the rules: - At most 20 rules are allowed. - Rules can have the same action. - Identical rules are not forbidden in validations. When rules are specified, container MUST set RestartPolicy explicitly even it if matches the Pod's RestartPolicy.",
  }),
  volumeMounts: field(
    arr(volumeMountSchema, {
      listType: "map",
      listMapKeys: ["mountPath"],
      patchStrategy: "merge",
      patchMergeKey: "mountPath",
    }),
    { proto: 9, doc: "Pod volumes to mount into the container's filesystem. Cannot be updated." },
  ),
  volumeDevices: field(
    arr(volumeDeviceSchema, {
      listType: "map",
      listMapKeys: ["devicePath"],
      patchStrategy: "merge",
      patchMergeKey: "devicePath",
    }),
    { proto: 21, doc: "volumeDevices is the list of block devices to be used by the container." },
  ),
  livenessProbe: field(probeSchema, {
    proto: 10,
    doc:
      "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
  }),
  readinessProbe: field(probeSchema, {
    proto: 11,
    doc:
      "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
  }),
  startupProbe: field(probeSchema, {
    proto: 22,
    doc:
      "StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. If this probe fails, the Pod will be restarted, just as if the livenessProbe failed. This can be used to provide different probe parameters at the beginning of a Pod's lifecycle, when it might take a long time to load data or warm a cache, than during steady-state operation. This cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
  }),
  lifecycle: field(lifecycleSchema, {
    proto: 12,
    doc:
      "Actions that the management system should take in response to container lifecycle events. Cannot be updated.",
  }),
  terminationMessagePath: field(str(), {
    proto: 13,
    doc:
      "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Message written is intended to be brief final status, such as an assertion failure message. Will be truncated by the node if greater than 4096 bytes. The total message length across all containers will be limited to 12kb. Defaults to /dev/termination-log. Cannot be updated.",
    default: "/dev/termination-log",
    zeroIsUnset: true,
  }),
  terminationMessagePolicy: field(terminationMessagePolicySchema, {
    proto: 20,
    doc:
      "Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. FallbackToLogsOnError will use the last chunk of container log output if the termination message file is empty and the container exited with an error. The log output is limited to 2048 bytes or 80 lines, whichever is smaller. Defaults to File. Cannot be updated.",
    default: "File",
    zeroIsUnset: true,
  }),
  imagePullPolicy: field(pullPolicySchema, {
    proto: 14,
    doc:
      "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images",
  }),
  securityContext: field(securityContextSchema, {
    proto: 15,
    doc:
      "SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
  }),
  stdin: field(bool(), {
    proto: 16,
    doc:
      "Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.",
  }),
  stdinOnce: field(bool(), {
    proto: 17,
    doc:
      "Whether the container runtime should close the stdin channel after it has been opened by a single attach. When stdin is true the stdin stream will remain open across multiple attach sessions. If stdinOnce is set to true, stdin is opened on container start, is empty until the first client attaches to stdin, and then remains open and accepts data until the client disconnects, at which time stdin is closed and remains closed until the container is restarted. If this flag is false, a container processes that reads from stdin will never receive an EOF. Default is false",
  }),
  tty: field(bool(), {
    proto: 18,
    doc:
      "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false.",
  }),
}, {
  doc: "A single application container that you want to run within a pod.",
  defaulter: (c) => {
    // SetDefaults_Container: Always for :latest or no tag, else IfNotPresent.
    if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image);
  },
});
/** A single application container that you want to run within a pod. */
export type Container = TypeOf<typeof containerSchema>;

/** EphemeralContainerCommon is a copy of all fields in Container to be inlined in EphemeralContainer. This separate type allows easy conversion from EphemeralContainer to Container and allows separate documentation for the fields of EphemeralContainer. When a new field is added to Container it must be added here as well. */
export const ephemeralContainerCommonSchema = obj("io.k8s.api.core.v1.EphemeralContainerCommon", {
  name: field(str(), {
    proto: 1,
    doc:
      "Name of the ephemeral container specified as a DNS_LABEL. This name must be unique among all containers, init containers and ephemeral containers.",
    required: true,
    default: "",
  }),
  image: field(str(), {
    proto: 2,
    doc: "Container image name. More info: https://kubernetes.io/docs/concepts/containers/images",
  }),
  command: field(arr(str(), { listType: "atomic" }), {
    proto: 3,
    doc:
      'Entrypoint array. Not executed within a shell. The image\'s ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell',
  }),
  args: field(arr(str(), { listType: "atomic" }), {
    proto: 4,
    doc:
      'Arguments to the entrypoint. The image\'s CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell',
  }),
  workingDir: field(str(), {
    proto: 5,
    doc:
      "Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated.",
  }),
  ports: field(
    arr(containerPortSchema, {
      listType: "map",
      listMapKeys: ["containerPort", "protocol"],
      patchStrategy: "merge",
      patchMergeKey: "containerPort",
    }),
    { proto: 6, doc: "Ports are not allowed for ephemeral containers." },
  ),
  envFrom: field(arr(envFromSourceSchema, { listType: "atomic" }), {
    proto: 19,
    doc:
      "List of sources to populate environment variables in the container. The keys defined within a source may consist of any printable ASCII characters except '='. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence. Cannot be updated.",
  }),
  env: field(
    arr(envVarSchema, {
      listType: "map",
      listMapKeys: ["name"],
      patchStrategy: "merge",
      patchMergeKey: "name",
    }),
    { proto: 7, doc: "List of environment variables to set in the container. Cannot be updated." },
  ),
  resources: field(resourceRequirementsSchema, {
    proto: 8,
    doc:
      "Resources are not allowed for ephemeral containers. Ephemeral containers use spare resources already allocated to the pod.",
    default: {},
  }),
  resizePolicy: field(arr(containerResizePolicySchema, { listType: "atomic" }), {
    proto: 23,
    doc: "Resources resize policy for the container.",
  }),
  restartPolicy: field(str(), {
    proto: 24,
    doc:
      "Restart policy for the container to manage the restart behavior of each container within a pod. You cannot set this field on ephemeral containers.",
  }),
  restartPolicyRules: field(arr(containerRestartRuleSchema, { listType: "atomic" }), {
    proto: 25,
    doc:
      "Represents a list of rules to be checked to determine if the container should be restarted on exit. You cannot set this field on ephemeral containers.",
  }),
  volumeMounts: field(
    arr(volumeMountSchema, {
      listType: "map",
      listMapKeys: ["mountPath"],
      patchStrategy: "merge",
      patchMergeKey: "mountPath",
    }),
    {
      proto: 9,
      doc:
        "Pod volumes to mount into the container's filesystem. Subpath mounts are not allowed for ephemeral containers. Cannot be updated.",
    },
  ),
  volumeDevices: field(
    arr(volumeDeviceSchema, {
      listType: "map",
      listMapKeys: ["devicePath"],
      patchStrategy: "merge",
      patchMergeKey: "devicePath",
    }),
    { proto: 21, doc: "volumeDevices is the list of block devices to be used by the container." },
  ),
  livenessProbe: field(probeSchema, {
    proto: 10,
    doc: "Probes are not allowed for ephemeral containers.",
  }),
  readinessProbe: field(probeSchema, {
    proto: 11,
    doc: "Probes are not allowed for ephemeral containers.",
  }),
  startupProbe: field(probeSchema, {
    proto: 22,
    doc: "Probes are not allowed for ephemeral containers.",
  }),
  lifecycle: field(lifecycleSchema, {
    proto: 12,
    doc: "Lifecycle is not allowed for ephemeral containers.",
  }),
  terminationMessagePath: field(str(), {
    proto: 13,
    doc:
      "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Message written is intended to be brief final status, such as an assertion failure message. Will be truncated by the node if greater than 4096 bytes. The total message length across all containers will be limited to 12kb. Defaults to /dev/termination-log. Cannot be updated.",
    default: "/dev/termination-log",
    zeroIsUnset: true,
  }),
  terminationMessagePolicy: field(terminationMessagePolicySchema, {
    proto: 20,
    doc:
      "Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. FallbackToLogsOnError will use the last chunk of container log output if the termination message file is empty and the container exited with an error. The log output is limited to 2048 bytes or 80 lines, whichever is smaller. Defaults to File. Cannot be updated.",
    default: "File",
    zeroIsUnset: true,
  }),
  imagePullPolicy: field(pullPolicySchema, {
    proto: 14,
    doc:
      "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images",
  }),
  securityContext: field(securityContextSchema, {
    proto: 15,
    doc:
      "Optional: SecurityContext defines the security options the ephemeral container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext.",
  }),
  stdin: field(bool(), {
    proto: 16,
    doc:
      "Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.",
  }),
  stdinOnce: field(bool(), {
    proto: 17,
    doc:
      "Whether the container runtime should close the stdin channel after it has been opened by a single attach. When stdin is true the stdin stream will remain open across multiple attach sessions. If stdinOnce is set to true, stdin is opened on container start, is empty until the first client attaches to stdin, and then remains open and accepts data until the client disconnects, at which time stdin is closed and remains closed until the container is restarted. If this flag is false, a container processes that reads from stdin will never receive an EOF. Default is false",
  }),
  tty: field(bool(), {
    proto: 18,
    doc:
      "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false.",
  }),
}, {
  doc:
    "EphemeralContainerCommon is a copy of all fields in Container to be inlined in EphemeralContainer. This separate type allows easy conversion from EphemeralContainer to Container and allows separate documentation for the fields of EphemeralContainer. When a new field is added to Container it must be added here as well.",
  defaulter: (c) => {
    // SetDefaults_Container: Always for :latest or no tag, else IfNotPresent.
    if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image);
  },
});
/** EphemeralContainerCommon is a copy of all fields in Container to be inlined in EphemeralContainer. This separate type allows easy conversion from EphemeralContainer to Container and allows separate documentation for the fields of EphemeralContainer. When a new field is added to Container it must be added here as well. */
export type EphemeralContainerCommon = TypeOf<typeof ephemeralContainerCommonSchema>;

/** An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging. Ephemeral containers have no resource or scheduling guarantees, and they will not be restarted when they exit or when a Pod is removed or restarted. The kubelet may evict a Pod if an ephemeral container causes the Pod to exceed its resource allocation. */
export const ephemeralContainerSchema = obj("io.k8s.api.core.v1.EphemeralContainer", {
  ephemeralContainerCommon: inline(ephemeralContainerCommonSchema, { proto: 1 }),
  targetContainerName: field(str(), {
    proto: 2,
    doc:
      "If set, the name of the container from PodSpec that this ephemeral container targets. The ephemeral container will be run in the namespaces (IPC, PID, etc) of this container. If not set then the ephemeral container uses the namespaces configured in the Pod spec.\n\nThe container runtime must implement support for this feature. If the runtime does not support namespace targeting then the result of setting this field is undefined.",
  }),
}, {
  doc:
    "An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging. Ephemeral containers have no resource or scheduling guarantees, and they will not be restarted when they exit or when a Pod is removed or restarted. The kubelet may evict a Pod if an ephemeral container causes the Pod to exceed its resource allocation.\n\nTo add an ephemeral container, use the ephemeralcontainers subresource of an existing Pod. Ephemeral containers may not be removed or restarted.",
});
/** An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging. Ephemeral containers have no resource or scheduling guarantees, and they will not be restarted when they exit or when a Pod is removed or restarted. The kubelet may evict a Pod if an ephemeral container causes the Pod to exceed its resource allocation. */
export type EphemeralContainer = TypeOf<typeof ephemeralContainerSchema>;
