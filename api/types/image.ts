/**
 * Container image references as the API server's defaulting reads them (Kubernetes'
 * `parsers.ParseImageName` over the Docker reference grammar). Pure: no I/O.
 *
 * @module
 */

const ALNUM = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const NAME_TOTAL_LENGTH_MAX = 255;

/** The parts of an image reference: repository name, tag and digest (empty when absent). */
export interface ImageReference {
  /** The repository, as written (`nginx`, `registry:5000/team/app`). */
  readonly name: string;
  /** The tag; `latest` when neither a tag nor a digest is given. */
  readonly tag: string;
  /** The digest (`sha256:...`), or empty. */
  readonly digest: string;
}

/**
 * Splits an image reference into name, tag and digest as Kubernetes' `ParseImageName` does:
 * no tag and no digest means tag `latest`. Returns undefined for a reference that is not valid
 * (empty, upper case in the path, a bad tag, ...).
 */
export function parseImageReference(image: string): ImageReference | undefined {
  const m = REFERENCE.exec(image);
  if (m === null) return undefined;
  const name = m[1] ?? "";
  if (name.length > NAME_TOTAL_LENGTH_MAX) return undefined;
  let tag = m[2] ?? "";
  const digest = m[3] ?? "";
  if (tag === "" && digest === "") tag = "latest";
  return { name, tag, digest };
}

/**
 * The default `imagePullPolicy` of a container (`SetDefaults_Container`): `Always` when the
 * image's tag is `latest` (given or implied), `IfNotPresent` otherwise, including for a
 * reference that does not parse.
 */
export function defaultPullPolicy(image: string | undefined): "Always" | "IfNotPresent" {
  const ref = parseImageReference(image ?? "");
  return ref?.tag === "latest" ? "Always" : "IfNotPresent";
}
