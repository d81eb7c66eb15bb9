/**
 * Making sure a container's image is on the node, like the kubelet's image manager
 * (EnsureImageExists): the pull policy decides (Always / IfNotPresent / Never, defaulting to
 * Always for `:latest` or untagged images); pulls go through the Engine API with credentials
 * from the pod's imagePullSecrets, then the node's docker config file, trying each matching one;
 * a failed pull backs off per pod and image (10 s doubling to 300 s). Failures carry the
 * kubelet's reasons and messages:
 *
 * - InvalidImageName: `Failed to apply default image tag "x": couldn't parse image name ...`
 * - ErrImageNeverPull: `Container image "x" is not present with pull policy of Never`
 * - ErrImagePull: `failed to pull image "x": <engine message>`
 * - ImagePullBackOff: `Back-off pulling image "x"`
 *
 * Credentials are never logged (see docker_auth.ts).
 *
 * @module
 */
import type { Logger } from "../cli/log.ts";
import { Backoff, type BackoffPolicy, IMAGE_PULL_BACKOFF } from "./backoff.ts";
import { lookupCredentials, type RegistryCredential } from "./docker_auth.ts";
import { DockerApiError, type DockerClient } from "./docker_client.ts";
import {
  effectivePullPolicy,
  InvalidImageNameError,
  parseImageReference,
  shouldPullImage,
} from "./image_ref.ts";

/** The waiting reasons of image failures. */
export type ImageErrorReason =
  | "InvalidImageName"
  | "ErrImageNeverPull"
  | "ErrImagePull"
  | "ImagePullBackOff"
  | "ImageInspectError";

/** The image is not usable; the container waits with `reason` and `message`. */
export class ImageError extends Error {
  override name = "ImageError";
  readonly reason: ImageErrorReason;
  constructor(reason: ImageErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** An event about a pod's image (the kubelet records these as Kubernetes Events). */
export interface ImageEvent {
  readonly type: "Normal" | "Warning";
  /** Pulling, Pulled, Failed, BackOff, ErrImageNeverPull, InspectFailed. */
  readonly reason: string;
  readonly message: string;
}

/** Options of {@link ImageManager}. */
export interface ImageManagerOptions {
  readonly docker: DockerClient;
  /** The node's credentials (docker config file); read again by the caller when it changes. */
  readonly nodeCredentials?: () => Promise<readonly RegistryCredential[]>;
  readonly backoff?: BackoffPolicy;
  readonly now?: () => number;
  readonly logger?: Logger;
}

/** What {@link ImageManager.ensureImage} needs to know. */
export interface ImageRequest {
  /** The pod's uid (the back-off is per pod and image). */
  readonly podUid: string;
  /** The image as the container spec names it. */
  readonly image: string;
  readonly imagePullPolicy?: string;
  /** Credentials from the pod's imagePullSecrets, tried before the node's. */
  readonly pullSecretCredentials?: readonly RegistryCredential[];
  /** Receives Pulling/Pulled/Failed/BackOff events. */
  readonly onEvent?: (event: ImageEvent) => void;
}

/** The image is present: its id (sha256:...) and the digest reference, if the engine has one. */
export interface EnsuredImage {
  readonly imageId: string;
  /** `repo@sha256:...` when the image came from a registry. */
  readonly repoDigest?: string;
}

/** Pulls images on demand, with back-off; see the module documentation. */
export class ImageManager {
  readonly #docker: DockerClient;
  readonly #nodeCredentials: () => Promise<readonly RegistryCredential[]>;
  readonly #backoff: Backoff;
  readonly #logger: Logger | undefined;
  /** Pulls in flight, by normalized reference: concurrent requests share one pull. */
  readonly #pulls = new Map<string, Promise<void>>();

  constructor(options: ImageManagerOptions) {
    this.#docker = options.docker;
    this.#nodeCredentials = options.nodeCredentials ?? (() => Promise.resolve([]));
    this.#backoff = new Backoff(options.backoff ?? IMAGE_PULL_BACKOFF, options.now);
    this.#logger = options.logger;
  }

  /** Makes sure the image is present per the pull policy; throws {@link ImageError}. */
  async ensureImage(request: ImageRequest): Promise<EnsuredImage> {
    const { image } = request;
    const emit = request.onEvent ?? (() => {});
    let ref;
    try {
      ref = parseImageReference(image);
    } catch (error) {
      if (!(error instanceof InvalidImageNameError)) throw error;
      const message = `Failed to apply default image tag ${
        JSON.stringify(image)
      }: ${error.message}`;
      emit({ type: "Warning", reason: "InspectFailed", message });
      throw new ImageError("InvalidImageName", message);
    }
    let present;
    try {
      present = await this.#docker.inspectImage(ref.normalized);
    } catch (error) {
      const message = `Failed to inspect image ${JSON.stringify(image)}: ${
        (error as Error).message
      }`;
      emit({ type: "Warning", reason: "InspectFailed", message });
      throw new ImageError("ImageInspectError", message);
    }
    const policy = effectivePullPolicy(image, request.imagePullPolicy);
    if (!shouldPullImage(policy, present !== undefined)) {
      if (present !== undefined) {
        emit({
          type: "Normal",
          reason: "Pulled",
          message: `Container image ${JSON.stringify(image)} already present on machine`,
        });
        return ensured(present);
      }
      const message = `Container image ${
        JSON.stringify(image)
      } is not present with pull policy of Never`;
      emit({ type: "Warning", reason: "ErrImageNeverPull", message });
      throw new ImageError("ErrImageNeverPull", message);
    }
    const backoffKey = `${request.podUid}_${image}`;
    if (this.#backoff.isInBackOffSinceUpdate(backoffKey)) {
      const message = `Back-off pulling image ${JSON.stringify(image)}`;
      emit({ type: "Normal", reason: "BackOff", message });
      throw new ImageError("ImagePullBackOff", message);
    }
    emit({ type: "Normal", reason: "Pulling", message: `Pulling image ${JSON.stringify(image)}` });
    const started = Date.now();
    try {
      await this.#pull(ref.repository, ref.digest ?? ref.tag ?? "latest", ref.normalized, request);
    } catch (error) {
      const reason = error instanceof DockerApiError
        ? error.reason
        : error instanceof Error
        ? error.message
        : String(error);
      emit({
        type: "Warning",
        reason: "Failed",
        message: `Failed to pull image ${JSON.stringify(image)}: ${reason}`,
      });
      this.#backoff.next(backoffKey);
      throw new ImageError(
        "ErrImagePull",
        `failed to pull image ${JSON.stringify(image)}: ${reason}`,
      );
    }
    const pulled = await this.#docker.inspectImage(ref.normalized);
    if (pulled === undefined) {
      this.#backoff.next(backoffKey);
      throw new ImageError(
        "ErrImagePull",
        `failed to pull image ${JSON.stringify(image)}: the engine does not have it after the pull`,
      );
    }
    this.#backoff.gc();
    emit({
      type: "Normal",
      reason: "Pulled",
      message: `Successfully pulled image ${JSON.stringify(image)} in ${
        ((Date.now() - started) / 1000).toFixed(3)
      }s. Image size: ${pulled.Size} bytes.`,
    });
    return ensured(pulled);
  }

  /** One pull per reference at a time; each matching credential in turn, then anonymous. */
  #pull(repository: string, tag: string, normalized: string, request: ImageRequest): Promise<void> {
    const key = `${normalized}\u0000${request.podUid}`;
    const inFlight = this.#pulls.get(key);
    if (inFlight !== undefined) return inFlight;
    const pull = (async () => {
      const credentials = [
        ...lookupCredentials(request.pullSecretCredentials ?? [], repository),
        ...lookupCredentials(await this.#nodeCredentials(), repository),
      ];
      const server = repository.slice(0, repository.indexOf("/"));
      this.#logger?.debug(2, "pulling image", {
        image: normalized,
        credentials: credentials.map((c) => c.source),
      });
      if (credentials.length === 0) {
        await this.#docker.pullImage(repository, tag);
        return;
      }
      const errors: string[] = [];
      for (const credential of credentials) {
        try {
          await this.#docker.pullImage(repository, tag, {
            registryAuth: credential.toRegistryAuthHeader(server),
          });
          return;
        } catch (error) {
          if (!(error instanceof DockerApiError)) throw error;
          errors.push(error.reason);
        }
      }
      throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`);
    })();
    this.#pulls.set(key, pull);
    return pull.finally(() => this.#pulls.delete(key));
  }
}

function ensured(info: { Id: string; RepoDigests: readonly string[] | null }): EnsuredImage {
  const digest = info.RepoDigests?.[0];
  return digest === undefined ? { imageId: info.Id } : { imageId: info.Id, repoDigest: digest };
}
