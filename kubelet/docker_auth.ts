/**
 * Registry credentials for image pulls, like the kubelet's credentialprovider: entries from
 * imagePullSecrets (`kubernetes.io/dockerconfigjson`: `{"auths": {...}}`,
 * `kubernetes.io/dockercfg`: `{...}`) and from a docker config file on the node
 * (`~/.docker/config.json`, or the seed's `~/.dockercfg`), matched against an image by registry
 * host (globs like `*.example.com`), port and path prefix, most specific first; Docker Hub
 * credentials (`https://index.docker.io/v1/`) match images without a registry.
 *
 * Credentials never leave a {@link RegistryCredential} except as the X-Registry-Auth header:
 * its JSON and inspect forms redact the password and tokens, so logging one is harmless.
 *
 * @module
 */
import { decodeBase64Text } from "./env.ts";
import { readTextIfExists } from "./fs_util.ts";
import type { SecretLike } from "./pod_types.ts";

/** The secret type holding a docker config.json. */
export const SECRET_TYPE_DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
/** The secret type holding a legacy .dockercfg. */
export const SECRET_TYPE_DOCKERCFG = "kubernetes.io/dockercfg";

const REDACTED = "<redacted>";

/** One set of credentials for one registry key. */
export class RegistryCredential {
  /** The config key it came from (`https://index.docker.io/v1/`, `registry.local:5000`). */
  readonly server: string;
  readonly username: string;
  /** Where it came from, for logs: `secret ns/name` or a file path. */
  readonly source: string;
  readonly #password: string;
  readonly #identityToken: string;
  readonly #registryToken: string;

  constructor(fields: {
    server: string;
    username?: string;
    password?: string;
    identityToken?: string;
    registryToken?: string;
    source: string;
  }) {
    this.server = fields.server;
    this.username = fields.username ?? "";
    this.source = fields.source;
    this.#password = fields.password ?? "";
    this.#identityToken = fields.identityToken ?? "";
    this.#registryToken = fields.registryToken ?? "";
  }

  /** The X-Registry-Auth header value: base64url of Docker's AuthConfig JSON. */
  toRegistryAuthHeader(serverAddress: string): string {
    const json: Record<string, string> = { serveraddress: serverAddress };
    if (this.username !== "") json.username = this.username;
    if (this.#password !== "") json.password = this.#password;
    if (this.#identityToken !== "") json.identitytoken = this.#identityToken;
    if (this.#registryToken !== "") json.registrytoken = this.#registryToken;
    return encodeBase64Url(JSON.stringify(json));
  }

  /** A redacted view. */
  toJSON(): Record<string, string> {
    return {
      server: this.server,
      username: this.username,
      password: REDACTED,
      source: this.source,
    };
  }

  /** A redacted view for Deno.inspect / console.log. */
  [Symbol.for("Deno.customInspect")](): string {
    return `RegistryCredential ${JSON.stringify(this.toJSON())}`;
  }
}

function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_");
}

/** A config that does not parse; the message never includes the config's content. */
export class DockerConfigError extends Error {
  override name = "DockerConfigError";
}

/**
 * Parses the registry entries of a docker config: `{"auths": {...}}` (config.json,
 * dockerconfigjson) or the bare map (.dockercfg). An entry's `auth` (base64 `user:password`)
 * wins over its `username`/`password` fields, as in the kubelet.
 */
export function parseDockerConfig(text: string, source: string): RegistryCredential[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DockerConfigError(`${source}: not valid JSON`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new DockerConfigError(`${source}: want a JSON object`);
  }
  const object = parsed as Record<string, unknown>;
  const entries = "auths" in object && typeof object.auths === "object" && object.auths !== null
    ? object.auths as Record<string, unknown>
    : object;
  const out: RegistryCredential[] = [];
  for (const [server, raw] of Object.entries(entries)) {
    if (raw === null || typeof raw !== "object") continue;
    const entry = raw as Record<string, unknown>;
    const str = (key: string) => typeof entry[key] === "string" ? entry[key] as string : undefined;
    let username = str("username");
    let password = str("password");
    const auth = str("auth");
    if (auth !== undefined && auth !== "") {
      let decoded: string;
      try {
        decoded = decodeBase64Text(auth);
      } catch {
        throw new DockerConfigError(`${source}: the auth of ${server} is not base64`);
      }
      const colon = decoded.indexOf(":");
      if (colon < 0) {
        throw new DockerConfigError(`${source}: the auth of ${server} is not user:password`);
      }
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
    const fields: ConstructorParameters<typeof RegistryCredential>[0] = { server, source };
    if (username !== undefined) fields.username = username;
    if (password !== undefined) fields.password = password;
    const identityToken = str("identitytoken");
    if (identityToken !== undefined) fields.identityToken = identityToken;
    const registryToken = str("registrytoken");
    if (registryToken !== undefined) fields.registryToken = registryToken;
    out.push(new RegistryCredential(fields));
  }
  return out;
}

/** The credentials of an imagePullSecret of a docker type; others yield none. */
export function credentialsFromSecret(secret: SecretLike): RegistryCredential[] {
  const name = `secret ${secret.metadata?.namespace ?? "default"}/${secret.metadata?.name ?? ""}`;
  const data = secret.data ?? {};
  if (secret.type === SECRET_TYPE_DOCKER_CONFIG_JSON && data[".dockerconfigjson"] !== undefined) {
    return parseDockerConfig(decodeBase64Text(data[".dockerconfigjson"]), name);
  }
  if (secret.type === SECRET_TYPE_DOCKERCFG && data[".dockercfg"] !== undefined) {
    return parseDockerConfig(decodeBase64Text(data[".dockercfg"]), name);
  }
  return [];
}

/** Reads the first docker config file that exists among `paths`; none -> no credentials. */
export async function credentialsFromFiles(
  paths: readonly string[],
): Promise<RegistryCredential[]> {
  for (const path of paths) {
    const text = await readTextIfExists(path);
    if (text !== undefined) return parseDockerConfig(text, path);
  }
  return [];
}

/** The docker config files the kubelet reads by default, in order. */
export function defaultDockerConfigPaths(rootDir?: string): string[] {
  const home = Deno.env.get("HOME");
  return [
    ...(rootDir === undefined ? [] : [`${rootDir}/config.json`]),
    ...(home === undefined ? [] : [`${home}/.docker/config.json`, `${home}/.dockercfg`]),
  ];
}

/** A credential key split like the kubelet's keyring keys. */
interface KeyParts {
  readonly host: string;
  readonly port: string;
  readonly path: string;
}

/** `https://host:port/v1/path` -> host, port, path (schemes and /v1/, /v2/ dropped). */
function keyParts(key: string): KeyParts | undefined {
  const withScheme = /^https?:\/\//.test(key) ? key : `https://${key}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  let path = url.pathname;
  if (path.startsWith("/v2/") || path.startsWith("/v1/")) path = path.slice(3);
  if (path === "/") path = "";
  return { host: url.hostname, port: url.port, path };
}

/** `repository` (domain/path) as host, port, path. */
function imageParts(repository: string): KeyParts {
  const slash = repository.indexOf("/");
  const hostPort = slash < 0 ? repository : repository.slice(0, slash);
  const path = slash < 0 ? "" : repository.slice(slash);
  const colon = hostPort.lastIndexOf(":");
  return colon < 0
    ? { host: hostPort, port: "", path }
    : { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1), path };
}

function globMatch(pattern: string, text: string): boolean {
  const regex = new RegExp(
    "^" +
      pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^.]*").replaceAll(
        "?",
        "[^.]",
      ) + "$",
  );
  return regex.test(text);
}

/** True when the credential key matches the image repository (URLsMatch). */
export function credentialMatches(key: string, repository: string): boolean {
  const glob = keyParts(key);
  if (glob === undefined) return false;
  const target = imageParts(repository);
  if (glob.port !== target.port) return false;
  const globHost = glob.host.split(".");
  const targetHost = target.host.split(".");
  if (globHost.length !== targetHost.length) return false;
  if (!target.path.startsWith(glob.path)) return false;
  return globHost.every((part, i) => globMatch(part, targetHost[i]!));
}

/** The Docker Hub hosts. */
const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/**
 * The credentials to try for a repository (`docker.io/library/busybox`,
 * `registry.local:5000/team/app`), most specific key first (the keyring's reverse-sorted
 * index); Docker Hub credentials for Docker Hub images.
 */
export function lookupCredentials(
  credentials: readonly RegistryCredential[],
  repository: string,
): RegistryCredential[] {
  const keyed = credentials.map((c) => {
    const parts = keyParts(c.server);
    return {
      credential: c,
      key: parts === undefined
        ? c.server
        : `${parts.host}${parts.port ? `:${parts.port}` : ""}${parts.path}`,
    };
  });
  const matched = keyed
    .filter(({ credential }) => credentialMatches(credential.server, repository))
    .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
    .map(({ credential }) => credential);
  if (matched.length > 0) return matched;
  const host = imageParts(repository).host;
  if (DOCKER_HUB.has(host)) {
    return keyed.filter(({ key }) => key === "index.docker.io" || key === "docker.io")
      .map(({ credential }) => credential);
  }
  return [];
}
