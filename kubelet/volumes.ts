/**
 * Pod volumes on the node, laid out like the kubelet's
 * (`<data-dir>/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>`):
 *
 * - emptyDir: a directory per pod (mode 0777), shared by the pod's containers; medium Memory is a
 *   Docker volume backed by tmpfs (so the containers still share it), sizeLimit its size;
 * - hostPath: the node's path, with the `type` checks and creation of DirectoryOrCreate and
 *   FileOrCreate;
 * - configMap, secret, downwardAPI: files projected atomically from data/binaryData (keys or
 *   items, paths, defaultMode/mode), refreshed on every sync when their source changed;
 *   always mounted read-only, as Kubernetes does.
 *
 * {@link containerMounts} turns a container's volumeMounts (readOnly, subPath, subPathExpr) into
 * Docker mounts; it is pure.
 *
 * @module
 */
import { type FileProjection, writeProjection } from "./atomic_writer.ts";
import type { DockerMount } from "./container_spec.ts";
import type { DockerClient } from "./docker_client.ts";
import {
  type ConfigLookups,
  ContainerConfigError,
  decodeBase64,
  expand,
  fieldRefValue,
  mappingFor,
  type PodFacts,
  resourceFieldRefValue,
} from "./env.ts";
import { removeAll } from "./fs_util.ts";
import { LABELS, type PodIdentity, podLabels } from "./names.ts";
import type { ContainerLike, KeyToPathLike, PodLike, VolumeLike } from "./pod_types.ts";
import { value as quantityValue } from "./resources.ts";
import type { EnvPair } from "./service_env.ts";

/** A volume could not be set up (the kubelet's FailedMount); the pod waits. */
export class VolumeSetupError extends Error {
  override name = "VolumeSetupError";
}

/** A volume ready to be mounted into containers. */
export type MountableVolume =
  | { readonly kind: "bind"; readonly path: string; readonly readOnly: boolean }
  | { readonly kind: "volume"; readonly name: string };

/** Kubernetes' default file mode of projected volumes (0644, defaultMode 420). */
export const DEFAULT_FILE_MODE = 0o644;

/** The directory of a pod's volumes of one plugin. */
function pluginDir(podDir: string, plugin: string): string {
  return `${podDir}/volumes/kubernetes.io~${plugin}`;
}

/** Options of {@link VolumeManager}. */
export interface VolumeManagerOptions {
  readonly docker: DockerClient;
  /** `<data-dir>/pods`. */
  readonly podsDir: string;
  readonly nodeName: string;
  /** Extra labels on Docker volumes (tests mark theirs). */
  readonly extraLabels?: Readonly<Record<string, string>>;
}

/** Sets up and tears down the volumes of the node's pods. */
export class VolumeManager {
  readonly #options: VolumeManagerOptions;

  constructor(options: VolumeManagerOptions) {
    this.#options = options;
  }

  /** `<data-dir>/pods/<uid>`. */
  podDir(uid: string): string {
    return `${this.#options.podsDir}/${uid}`;
  }

  /**
   * Creates (or refreshes) every volume of the pod; returns them by name. Throws
   * {@link VolumeSetupError} naming the volume that failed.
   */
  async setUp(
    pod: PodLike,
    identity: PodIdentity,
    lookups: ConfigLookups,
    facts: PodFacts,
  ): Promise<Map<string, MountableVolume>> {
    const podDir = this.podDir(identity.uid);
    await Deno.mkdir(`${podDir}/volumes`, { recursive: true, mode: 0o750 });
    const out = new Map<string, MountableVolume>();
    for (const volume of pod.spec?.volumes ?? []) {
      try {
        out.set(volume.name, await this.#setUpOne(pod, identity, volume, podDir, lookups, facts));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new VolumeSetupError(
          `MountVolume.SetUp failed for volume ${JSON.stringify(volume.name)} : ${reason}`,
        );
      }
    }
    return out;
  }

  async #setUpOne(
    pod: PodLike,
    identity: PodIdentity,
    volume: VolumeLike,
    podDir: string,
    lookups: ConfigLookups,
    facts: PodFacts,
  ): Promise<MountableVolume> {
    const namespace = identity.namespace;
    if (volume.emptyDir !== undefined) {
      if (volume.emptyDir.medium === "Memory") {
        const name = tmpfsVolumeName(identity.uid, volume.name);
        const size = quantityValue(volume.emptyDir.sizeLimit);
        await this.#options.docker.createVolume({
          Name: name,
          Driver: "local",
          DriverOpts: {
            type: "tmpfs",
            device: "tmpfs",
            o: size === undefined ? "mode=1777" : `size=${size},mode=1777`,
          },
          Labels: { ...this.#options.extraLabels, ...podLabels(identity, this.#options.nodeName) },
        });
        return { kind: "volume", name };
      }
      const path = `${pluginDir(podDir, "empty-dir")}/${volume.name}`;
      await Deno.mkdir(path, { recursive: true });
      await Deno.chmod(path, 0o777);
      return { kind: "bind", path, readOnly: false };
    }
    if (volume.hostPath !== undefined) {
      await checkHostPath(volume.hostPath.path, volume.hostPath.type ?? "");
      return { kind: "bind", path: volume.hostPath.path, readOnly: false };
    }
    if (volume.configMap !== undefined) {
      const source = volume.configMap;
      const name = source.name ?? "";
      const found = await lookups.configMap(namespace, name);
      const dir = `${pluginDir(podDir, "configmap")}/${volume.name}`;
      if (found === undefined && !source.optional) {
        throw new Error(`configmap ${JSON.stringify(name)} not found`);
      }
      const data = new Map<string, Uint8Array>();
      for (const [key, text] of Object.entries(found?.data ?? {})) {
        data.set(key, new TextEncoder().encode(text));
      }
      for (const [key, b64] of Object.entries(found?.binaryData ?? {})) {
        data.set(key, decodeBase64(b64));
      }
      const payload = projectKeys(
        data,
        source.items,
        source.defaultMode ?? DEFAULT_FILE_MODE,
        source.optional === true,
        "configmap references non-existent config key",
      );
      await writeProjection(dir, payload);
      return { kind: "bind", path: dir, readOnly: true };
    }
    if (volume.secret !== undefined) {
      const source = volume.secret;
      const name = source.secretName ?? "";
      const found = await lookups.secret(namespace, name);
      const dir = `${pluginDir(podDir, "secret")}/${volume.name}`;
      if (found === undefined && !source.optional) {
        throw new Error(`secret ${JSON.stringify(name)} not found`);
      }
      const data = new Map<string, Uint8Array>();
      for (const [key, b64] of Object.entries(found?.data ?? {})) data.set(key, decodeBase64(b64));
      const payload = projectKeys(
        data,
        source.items,
        source.defaultMode ?? DEFAULT_FILE_MODE,
        source.optional === true,
        "references non-existent secret key",
      );
      await Deno.mkdir(pluginDir(podDir, "secret"), { recursive: true, mode: 0o700 });
      await writeProjection(dir, payload);
      return { kind: "bind", path: dir, readOnly: true };
    }
    if (volume.downwardAPI !== undefined) {
      const payload = downwardApiPayload(pod, volume, facts);
      const dir = `${pluginDir(podDir, "downward-api")}/${volume.name}`;
      await writeProjection(dir, payload);
      return { kind: "bind", path: dir, readOnly: true };
    }
    throw new Error(
      "unsupported volume type (supported: emptyDir, hostPath, configMap, secret, downwardAPI)",
    );
  }

  /**
   * Removes everything the pod's volumes took on the node: its tmpfs Docker volumes and its pod
   * directory (emptyDir contents included; hostPath volumes are never touched). Call after the
   * pod's containers are gone.
   */
  async tearDown(uid: string): Promise<void> {
    const docker = this.#options.docker;
    const volumes = await docker.listVolumes([
      `${LABELS.podUid}=${uid}`,
      `${LABELS.node}=${this.#options.nodeName}`,
    ]);
    await Promise.all(volumes.map((v) => docker.removeVolume(v.Name, { force: true })));
    await removeAll(this.podDir(uid));
  }
}

/** The Docker volume name of a Memory emptyDir. */
export function tmpfsVolumeName(uid: string, volume: string): string {
  return `kubeno-${uid}-${volume}`;
}

/**
 * The files of a configMap or secret volume: every key (no items) or the listed items, with
 * their modes (MakePayload). A missing listed key fails unless the source is optional.
 */
export function projectKeys(
  data: ReadonlyMap<string, Uint8Array>,
  items: readonly KeyToPathLike[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKeyMessage: string,
): Map<string, FileProjection> {
  const payload = new Map<string, FileProjection>();
  if (items === undefined || items.length === 0) {
    for (const [key, bytes] of data) payload.set(key, { data: bytes, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const bytes = data.get(item.key);
    if (bytes === undefined) {
      if (optional) continue;
      throw new Error(`${missingKeyMessage}: ${item.key}`);
    }
    payload.set(item.path, { data: bytes, mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** The files of a downwardAPI volume. */
export function downwardApiPayload(
  pod: PodLike,
  volume: VolumeLike,
  facts: PodFacts,
): Map<string, FileProjection> {
  const source = volume.downwardAPI!;
  const payload = new Map<string, FileProjection>();
  for (const item of source.items ?? []) {
    let text: string;
    if (item.fieldRef !== undefined) {
      text = fieldRefValue(item.fieldRef, pod, facts);
    } else if (item.resourceFieldRef !== undefined) {
      const target = pod.spec?.containers.find((c) =>
        c.name === item.resourceFieldRef!.containerName
      );
      if (target === undefined) {
        throw new Error(`container ${item.resourceFieldRef.containerName} not found in the pod`);
      }
      text = resourceFieldRefValue(item.resourceFieldRef, target, facts.nodeAllocatable);
    } else {
      continue;
    }
    payload.set(item.path, {
      data: new TextEncoder().encode(text),
      mode: item.mode ?? source.defaultMode ?? DEFAULT_FILE_MODE,
    });
  }
  return payload;
}

/**
 * Checks (and for the *OrCreate types creates) a hostPath like the kubelet's checkType, with its
 * messages (`hostPath type check failed: /x is not a directory`).
 */
export async function checkHostPath(path: string, type: string): Promise<void> {
  const stat = async () => {
    try {
      return await Deno.stat(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  };
  const fail = (what: string): never => {
    throw new Error(`hostPath type check failed: ${path} is not a ${what}`);
  };
  const info = await stat();
  switch (type) {
    case "":
      return;
    case "DirectoryOrCreate":
      if (info === undefined) {
        await Deno.mkdir(path, { recursive: true, mode: 0o755 });
        return;
      }
      if (!info.isDirectory) fail("directory");
      return;
    case "Directory":
      if (info === undefined) {
        throw new Error(`hostPath type check failed: ${path} is not a directory`);
      }
      if (!info.isDirectory) fail("directory");
      return;
    case "FileOrCreate":
      if (info === undefined) {
        const file = await Deno.open(path, { write: true, createNew: true, mode: 0o644 });
        file.close();
        return;
      }
      if (!info.isFile) fail("file");
      return;
    case "File":
      if (info === undefined || !info.isFile) fail("file");
      return;
    case "Socket":
      if (info === undefined || !info.isSocket) fail("socket file");
      return;
    case "CharDevice":
      if (info === undefined || !info.isCharDevice) fail("character device");
      return;
    case "BlockDevice":
      if (info === undefined || !info.isBlockDevice) fail("block device");
      return;
    default:
      throw new Error(`invalid HostPathType ${JSON.stringify(type)}`);
  }
}

/** Checks a subPath: relative, without `..`; throws {@link ContainerConfigError}. */
export function validateSubPath(subPath: string): void {
  if (subPath.startsWith("/")) {
    throw new ContainerConfigError(`subPath ${JSON.stringify(subPath)} must be a relative path`);
  }
  if (subPath.split("/").includes("..")) {
    throw new ContainerConfigError(`subPath ${JSON.stringify(subPath)} must not contain '..'`);
  }
}

/**
 * A container's volumeMounts as Docker mounts (pure): the volume's path (plus subPath, or
 * subPathExpr expanded with the container's environment), read-only when the mount or the volume
 * is. Throws {@link ContainerConfigError} for an unknown volume or a bad subPath.
 */
export function containerMounts(
  container: ContainerLike,
  volumes: ReadonlyMap<string, MountableVolume>,
  env: readonly EnvPair[],
): DockerMount[] {
  const mapping = mappingFor(new Map(env.map((e) => [e.name, e.value])));
  return (container.volumeMounts ?? []).map((mount) => {
    const volume = volumes.get(mount.name);
    if (volume === undefined) {
      throw new ContainerConfigError(
        `cannot find volume ${JSON.stringify(mount.name)} to mount into container ${
          JSON.stringify(container.name)
        }`,
      );
    }
    const subPath = mount.subPathExpr ? expand(mount.subPathExpr, mapping) : mount.subPath ?? "";
    if (subPath !== "") validateSubPath(subPath);
    if (volume.kind === "volume") {
      if (subPath !== "") {
        throw new ContainerConfigError(
          `subPath is not supported on emptyDir volumes of medium Memory (volume ${mount.name})`,
        );
      }
      return {
        Type: "volume",
        Source: volume.name,
        Target: mount.mountPath,
        ReadOnly: mount.readOnly === true,
      };
    }
    return {
      Type: "bind",
      Source: subPath === "" ? volume.path : `${volume.path}/${subPath.replace(/\/+$/, "")}`,
      Target: mount.mountPath,
      ReadOnly: mount.readOnly === true || volume.readOnly,
    };
  });
}

/**
 * Creates the subPath directories the mounts need (Kubernetes creates a missing subPath as a
 * directory), below writable volumes only.
 */
export async function ensureSubPaths(
  mounts: readonly DockerMount[],
  volumes: ReadonlyMap<string, MountableVolume>,
): Promise<void> {
  const roots = [...volumes.values()].filter((v) => v.kind === "bind" && !v.readOnly)
    .map((v) => (v as { path: string }).path);
  for (const mount of mounts) {
    if (mount.Type !== "bind" || mount.Source === undefined) continue;
    const root = roots.find((r) => mount.Source!.startsWith(`${r}/`));
    if (root === undefined) continue;
    try {
      await Deno.stat(mount.Source);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      await Deno.mkdir(mount.Source, { recursive: true, mode: 0o777 });
      await Deno.chmod(mount.Source, 0o777);
    }
  }
}
