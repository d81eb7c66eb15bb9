/**
 * The slice of the Kubernetes object model the container runtime reads and writes, declared
 * locally with Kubernetes' field names (`api/types` is being written concurrently). Every field
 * is optional and read-only where the API's is, so the API's `Pod`, `ConfigMap`, `Secret` and
 * `Service` types are assignable to these, and the `*Status` types produced here are assignable
 * to the API's; swapping these for `api/types` later is a matter of imports.
 *
 * @module
 */

/** `metadata` of any object, as far as the runtime reads it. */
export interface ObjectMetaLike {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  readonly deletionGracePeriodSeconds?: number;
}

/** `ObjectFieldSelector`: a field of the pod (`metadata.name`, `status.podIP`, ...). */
export interface ObjectFieldSelectorLike {
  readonly apiVersion?: string;
  readonly fieldPath: string;
}

/** `ResourceFieldSelector`: a container's limit or request (`limits.cpu`, ...). */
export interface ResourceFieldSelectorLike {
  readonly containerName?: string;
  readonly resource: string;
  readonly divisor?: string;
}

/** `ConfigMapKeySelector` / `SecretKeySelector`. */
export interface KeySelectorLike {
  readonly name?: string;
  readonly key: string;
  readonly optional?: boolean;
}

/** `EnvVarSource`. */
export interface EnvVarSourceLike {
  readonly fieldRef?: ObjectFieldSelectorLike;
  readonly resourceFieldRef?: ResourceFieldSelectorLike;
  readonly configMapKeyRef?: KeySelectorLike;
  readonly secretKeyRef?: KeySelectorLike;
}

/** `EnvVar`. */
export interface EnvVarLike {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: EnvVarSourceLike;
}

/** `ConfigMapEnvSource` / `SecretEnvSource`. */
export interface EnvSourceRefLike {
  readonly name?: string;
  readonly optional?: boolean;
}

/** `EnvFromSource`. */
export interface EnvFromSourceLike {
  readonly prefix?: string;
  readonly configMapRef?: EnvSourceRefLike;
  readonly secretRef?: EnvSourceRefLike;
}

/** `ContainerPort`. */
export interface ContainerPortLike {
  readonly name?: string;
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIP?: string;
  readonly protocol?: string;
}

/** `ResourceRequirements`: quantities as strings (`500m`, `128Mi`). */
export interface ResourceRequirementsLike {
  readonly limits?: Readonly<Record<string, string>>;
  readonly requests?: Readonly<Record<string, string>>;
}

/** `VolumeMount`. */
export interface VolumeMountLike {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly subPath?: string;
  readonly subPathExpr?: string;
}

/** `Capabilities`. */
export interface CapabilitiesLike {
  readonly add?: readonly string[];
  readonly drop?: readonly string[];
}

/** `SecurityContext` (the parts Docker can apply). */
export interface SecurityContextLike {
  readonly privileged?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities?: CapabilitiesLike;
}

/** `PodSecurityContext` (the parts Docker can apply). */
export interface PodSecurityContextLike {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly supplementalGroups?: readonly number[];
  readonly fsGroup?: number;
}

/** `HTTPHeader`. */
export interface HttpHeaderLike {
  readonly name: string;
  readonly value: string;
}

/** `Probe`: one handler (exec, httpGet, tcpSocket or grpc) and its timing. Ports are numbers or
 * the name of one of the container's ports. */
export interface ProbeLike {
  readonly exec?: { readonly command?: readonly string[] };
  readonly httpGet?: {
    readonly path?: string;
    readonly port: number | string;
    readonly host?: string;
    readonly scheme?: string;
    readonly httpHeaders?: readonly HttpHeaderLike[];
  };
  readonly tcpSocket?: { readonly port: number | string; readonly host?: string };
  readonly grpc?: { readonly port: number; readonly service?: string };
  readonly initialDelaySeconds?: number;
  readonly timeoutSeconds?: number;
  readonly periodSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
  readonly terminationGracePeriodSeconds?: number;
}

/** `Container`. */
export interface ContainerLike {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly ports?: readonly ContainerPortLike[];
  readonly env?: readonly EnvVarLike[];
  readonly envFrom?: readonly EnvFromSourceLike[];
  readonly resources?: ResourceRequirementsLike;
  readonly volumeMounts?: readonly VolumeMountLike[];
  readonly imagePullPolicy?: string;
  readonly securityContext?: SecurityContextLike;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  readonly tty?: boolean;
  readonly terminationMessagePath?: string;
  readonly terminationMessagePolicy?: string;
  readonly livenessProbe?: ProbeLike;
  readonly readinessProbe?: ProbeLike;
  readonly startupProbe?: ProbeLike;
}

/** `KeyToPath`. */
export interface KeyToPathLike {
  readonly key: string;
  readonly path: string;
  readonly mode?: number;
}

/** `DownwardAPIVolumeFile`. */
export interface DownwardAPIVolumeFileLike {
  readonly path: string;
  readonly fieldRef?: ObjectFieldSelectorLike;
  readonly resourceFieldRef?: ResourceFieldSelectorLike;
  readonly mode?: number;
}

/** `Volume` with the sources the runtime supports. */
export interface VolumeLike {
  readonly name: string;
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  readonly hostPath?: { readonly path: string; readonly type?: string };
  readonly configMap?: {
    readonly name?: string;
    readonly items?: readonly KeyToPathLike[];
    readonly defaultMode?: number;
    readonly optional?: boolean;
  };
  readonly secret?: {
    readonly secretName?: string;
    readonly items?: readonly KeyToPathLike[];
    readonly defaultMode?: number;
    readonly optional?: boolean;
  };
  readonly downwardAPI?: {
    readonly items?: readonly DownwardAPIVolumeFileLike[];
    readonly defaultMode?: number;
  };
}

/** `PodDNSConfig`. */
export interface PodDNSConfigLike {
  readonly nameservers?: readonly string[];
  readonly searches?: readonly string[];
  readonly options?: readonly { readonly name?: string; readonly value?: string }[];
}

/** `HostAlias`. */
export interface HostAliasLike {
  readonly ip: string;
  readonly hostnames?: readonly string[];
}

/** `PodSpec`: exactly the fields the runtime reads. */
export interface PodSpecLike {
  readonly containers: readonly ContainerLike[];
  /** Run in order, each to completion, before the app containers. */
  readonly initContainers?: readonly ContainerLike[];
  readonly volumes?: readonly VolumeLike[];
  readonly restartPolicy?: string;
  readonly terminationGracePeriodSeconds?: number;
  readonly dnsPolicy?: string;
  readonly dnsConfig?: PodDNSConfigLike;
  readonly hostNetwork?: boolean;
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly hostAliases?: readonly HostAliasLike[];
  readonly nodeName?: string;
  readonly serviceAccountName?: string;
  readonly imagePullSecrets?: readonly { readonly name?: string }[];
  readonly enableServiceLinks?: boolean;
  readonly shareProcessNamespace?: boolean;
  readonly securityContext?: PodSecurityContextLike;
}

/** `Pod` as the runtime reads it. */
export interface PodLike {
  readonly metadata?: ObjectMetaLike;
  readonly spec?: PodSpecLike;
}

/** `ConfigMap`. */
export interface ConfigMapLike {
  readonly metadata?: ObjectMetaLike;
  readonly data?: Readonly<Record<string, string>>;
  /** Base64, as on the wire. */
  readonly binaryData?: Readonly<Record<string, string>>;
}

/** `Secret`: `data` values are base64, as on the wire. */
export interface SecretLike {
  readonly metadata?: ObjectMetaLike;
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
}

/** `ServicePort`. */
export interface ServicePortLike {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: string;
}

/** `Service` (for the service environment variables). */
export interface ServiceLike {
  readonly metadata?: ObjectMetaLike;
  readonly spec?: {
    readonly clusterIP?: string;
    readonly ports?: readonly ServicePortLike[];
  };
}

// ---------------------------------------------------------------------------------------------
// What the runtime reports (assignable to the API's PodStatus pieces)
// ---------------------------------------------------------------------------------------------

/** `ContainerStateWaiting`. */
export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}

/** `ContainerStateRunning`. */
export interface ContainerStateRunning {
  startedAt?: string;
}

/** `ContainerStateTerminated`. */
export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

/** `ContainerState`: exactly one member is set. */
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

/** `ContainerStatus`. */
export interface ContainerStatus {
  name: string;
  state?: ContainerState;
  lastState?: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
}

/** `PodCondition` (transition times are the status manager's business). */
export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** `PodIP` / `HostIP`. */
export interface PodIPEntry {
  ip: string;
}

/** The `PodStatus` pieces the runtime knows. */
export interface PodStatus {
  phase: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
  conditions: PodCondition[];
  hostIP?: string;
  hostIPs?: PodIPEntry[];
  podIP?: string;
  podIPs?: PodIPEntry[];
  startTime?: string;
  containerStatuses: ContainerStatus[];
  /** Present when the pod has init containers. */
  initContainerStatuses?: ContainerStatus[];
}
