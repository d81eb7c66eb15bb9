/**
 * The pure translation of a Kubernetes container (with its pod, its resolved environment and
 * mounts) into the body of Docker's `POST /containers/create`:
 *
 * - `command` -> Entrypoint, `args` -> Cmd, both `$(VAR)`-expanded: command replaces the image's
 *   ENTRYPOINT (and drops its CMD), args replace its CMD, as Kubernetes specifies;
 * - workingDir, env (`NAME=value`), tty/stdin;
 * - resources: CPU request -> CpuShares, CPU limit -> CpuQuota/CpuPeriod, memory -> Memory;
 * - the pod's namespaces: network and IPC of the sandbox (`container:<id>`), its PID namespace
 *   with shareProcessNamespace, the host's with hostNetwork;
 * - securityContext: user/group, privileged, read-only root, capabilities;
 * - labels that let the runtime find and recognize the container; restart policy `no` (the
 *   kubelet restarts containers itself).
 *
 * @module
 */
import type { ContainerCreateBody } from "./docker_client.ts";
import { expandCommandAndArgs } from "./env.ts";
import { containerHash, LABELS, type PodIdentity, podLabels, TYPE_CONTAINER } from "./names.ts";
import type { ContainerLike, PodLike } from "./pod_types.ts";
import { dockerResources } from "./resources.ts";
import type { EnvPair } from "./service_env.ts";

/** A Docker mount (HostConfig.Mounts entry). */
export interface DockerMount {
  readonly Type: "bind" | "volume" | "tmpfs";
  /** Host path (bind) or volume name (volume); unused for tmpfs. */
  readonly Source?: string;
  readonly Target: string;
  readonly ReadOnly?: boolean;
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

/** Everything {@link containerCreateBody} needs. */
export interface ContainerSpecInput {
  readonly pod: PodLike;
  readonly identity: PodIdentity;
  readonly container: ContainerLike;
  readonly nodeName: string;
  /** The image to create from (the spec's reference, resolved). */
  readonly image: string;
  /** The container's final environment. */
  readonly env: readonly EnvPair[];
  /** Volume mounts plus the runtime's own (hosts, resolv.conf, termination log). */
  readonly mounts: readonly DockerMount[];
  /** The pod sandbox container whose namespaces the container joins. */
  readonly sandboxId: string;
  /** How many times this container has been restarted (its attempt number). */
  readonly restartCount: number;
  /** Extra labels (tests mark theirs). */
  readonly extraLabels?: Readonly<Record<string, string>>;
}

/** The Docker create body of a pod's app container. */
export function containerCreateBody(input: ContainerSpecInput): ContainerCreateBody {
  const { pod, container } = input;
  const { command, args } = expandCommandAndArgs(container, input.env);
  const hostNetwork = pod.spec?.hostNetwork === true;
  const sandbox = `container:${input.sandboxId}`;
  const security = container.securityContext ?? {};
  const podSecurity = pod.spec?.securityContext ?? {};

  const hostConfig: Record<string, unknown> = {
    NetworkMode: hostNetwork ? "host" : sandbox,
    IpcMode: sandbox,
    RestartPolicy: { Name: "no" },
    Mounts: input.mounts,
    ...dockerResources(container),
  };
  if (hostNetwork) hostConfig.UTSMode = "host";
  if (pod.spec?.shareProcessNamespace === true) hostConfig.PidMode = sandbox;
  if (security.privileged === true) hostConfig.Privileged = true;
  if (security.readOnlyRootFilesystem === true) hostConfig.ReadonlyRootfs = true;
  if (security.capabilities?.add?.length) hostConfig.CapAdd = security.capabilities.add;
  if (security.capabilities?.drop?.length) hostConfig.CapDrop = security.capabilities.drop;
  const groups = [
    ...(podSecurity.fsGroup === undefined ? [] : [podSecurity.fsGroup]),
    ...(podSecurity.supplementalGroups ?? []),
  ];
  if (groups.length > 0) hostConfig.GroupAdd = groups.map(String);

  const body: Record<string, unknown> = {
    Image: input.image,
    Env: input.env.map((e) => `${e.name}=${e.value}`),
    Labels: containerLabels(input),
    HostConfig: hostConfig,
    Tty: container.tty === true,
    OpenStdin: container.stdin === true,
    StdinOnce: container.stdinOnce === true,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
  };
  // An empty list means "not set", as in Kubernetes.
  if (command !== undefined && command.length > 0) body.Entrypoint = command;
  if (args !== undefined && args.length > 0) body.Cmd = args;
  else if (command !== undefined && command.length > 0) body.Cmd = [];
  if (container.workingDir) body.WorkingDir = container.workingDir;
  const user = security.runAsUser ?? podSecurity.runAsUser;
  const group = security.runAsGroup ?? podSecurity.runAsGroup;
  if (user !== undefined) body.User = group === undefined ? String(user) : `${user}:${group}`;
  return body as ContainerCreateBody;
}

/** The labels of an app container. */
export function containerLabels(input: ContainerSpecInput): Record<string, string> {
  const { container, pod } = input;
  return {
    ...input.extraLabels,
    ...podLabels(input.identity, input.nodeName),
    [LABELS.type]: TYPE_CONTAINER,
    [LABELS.containerName]: container.name,
    [LABELS.sandboxId]: input.sandboxId,
    [LABELS.restartCount]: String(input.restartCount),
    [LABELS.containerHash]: containerHash(container),
    [LABELS.image]: container.image ?? "",
    [LABELS.gracePeriod]: String(pod.spec?.terminationGracePeriodSeconds ?? 30),
    [LABELS.terminationMessagePath]: container.terminationMessagePath ?? "/dev/termination-log",
    [LABELS.terminationMessagePolicy]: container.terminationMessagePolicy ?? "File",
  };
}
