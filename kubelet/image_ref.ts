/**
 * Image references (`[domain/]path[:tag][@digest]`) as Docker's reference package parses and
 * normalizes them, and Kubernetes' default pull policy. Pure.
 *
 * @module
 */

/** The default registry of names without a domain. */
export const DEFAULT_DOMAIN = "docker.io";
/** The repository prefix of single-component Docker Hub names (`busybox`). */
export const OFFICIAL_REPO_PREFIX = "library/";

/** A parsed, normalized image reference. */
export interface ImageReference {
  /** The registry host[:port] (`docker.io` when the name has none). */
  readonly domain: string;
  /** The repository path (`library/busybox`). */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
  /** `domain/path`, what a pull asks for. */
  readonly repository: string;
  /** The reference with the default `:latest` applied when it has neither tag nor digest. */
  readonly normalized: string;
}

/** An image name that does not parse. */
export class InvalidImageNameError extends Error {
  override name = "InvalidImageNameError";
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Parses and normalizes a reference; throws {@link InvalidImageNameError}. */
export function parseImageReference(image: string): ImageReference {
  const invalid = (why: string): never => {
    throw new InvalidImageNameError(`couldn't parse image name ${JSON.stringify(image)}: ${why}`);
  };
  if (image === "" || image.trim() !== image) invalid("invalid reference format");
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) invalid("invalid reference format");
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) invalid("invalid reference format");
  }
  const slash = rest.indexOf("/");
  let domain = DEFAULT_DOMAIN;
  let path = rest;
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (
      first.includes(".") || first.includes(":") || first === "localhost" || /[A-Z]/.test(first)
    ) {
      domain = first;
      path = rest.slice(slash + 1);
      if (!DOMAIN.test(domain)) invalid("invalid reference format");
    }
  }
  if (domain === "index.docker.io") domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes("/")) path = OFFICIAL_REPO_PREFIX + path;
  for (const component of path.split("/")) {
    if (!PATH_COMPONENT.test(component)) {
      invalid(
        /[A-Z]/.test(component) ? "repository name must be lowercase" : "invalid reference format",
      );
    }
  }
  if (domain.length + 1 + path.length > 255) {
    invalid("repository name must not be more than 255 characters");
  }
  const repository = `${domain}/${path}`;
  const normalized = repository + (tag !== undefined ? `:${tag}` : "") +
    (digest !== undefined ? `@${digest}` : tag === undefined ? ":latest" : "");
  return {
    domain,
    path,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
    repository,
    normalized,
  };
}

/** The pull policies. */
export type PullPolicy = "Always" | "IfNotPresent" | "Never";

/**
 * Kubernetes' default pull policy: Always for `:latest` or an image without tag or digest,
 * IfNotPresent otherwise.
 */
export function defaultPullPolicy(image: string): PullPolicy {
  try {
    const ref = parseImageReference(image);
    if (ref.digest !== undefined && ref.tag === undefined) return "IfNotPresent";
    return (ref.tag ?? "latest") === "latest" ? "Always" : "IfNotPresent";
  } catch {
    return "IfNotPresent";
  }
}

/** The container's effective pull policy (its own, else the default for its image). */
export function effectivePullPolicy(image: string, policy: string | undefined): PullPolicy {
  if (policy === "Always" || policy === "IfNotPresent" || policy === "Never") return policy;
  return defaultPullPolicy(image);
}

/** Whether to pull, given the policy and whether the image is present (shouldPullImage). */
export function shouldPullImage(policy: PullPolicy, present: boolean): boolean {
  if (policy === "Never") return false;
  if (policy === "Always") return true;
  return !present;
}
