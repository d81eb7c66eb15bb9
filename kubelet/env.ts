/**
 * A container's environment, as the kubelet's makeEnvironmentVariables builds it: envFrom
 * sources first, then `env` in order (explicit values with `$(VAR)` expansion against the
 * variables declared so far and the service variables; valueFrom fieldRef, resourceFieldRef,
 * configMapKeyRef, secretKeyRef, honouring `optional`), then the service variables the container
 * did not define itself. Also the `$(VAR)` expansion of command and args.
 *
 * ConfigMaps and Secrets come through injected lookups, so this module does no I/O itself.
 *
 * @module
 */
import { Quantity } from "../api/quantity.ts";
import type {
  ConfigMapLike,
  ContainerLike,
  ObjectFieldSelectorLike,
  PodLike,
  ResourceFieldSelectorLike,
  SecretLike,
} from "./pod_types.ts";
import type { EnvPair } from "./service_env.ts";

/**
 * The container's configuration cannot be built (a missing ConfigMap, Secret or key, an
 * unsupported field path): the container waits with reason CreateContainerConfigError.
 */
export class ContainerConfigError extends Error {
  override name = "ContainerConfigError";
}

/** Where ConfigMaps and Secrets come from; undefined means not found. */
export interface ConfigLookups {
  configMap(namespace: string, name: string): Promise<ConfigMapLike | undefined>;
  secret(namespace: string, name: string): Promise<SecretLike | undefined>;
}

/** Facts about the pod that are not in its spec. */
export interface PodFacts {
  /** The pod's address (empty until it has one). */
  readonly podIP: string;
  readonly podIPs?: readonly string[];
  /** The node's address. */
  readonly hostIP: string;
  /** The node's allocatable CPU and memory, the default of unset limits for resourceFieldRef. */
  readonly nodeAllocatable: { readonly cpu: string; readonly memory: string };
}

// ---------------------------------------------------------------------------------------------
// $(VAR) expansion
// ---------------------------------------------------------------------------------------------

/** A lookup for {@link expand}; undefined leaves the reference as written. */
export type ExpansionMapping = (name: string) => string | undefined;

/**
 * Expands `$(VAR)` references like Kubernetes' third_party expansion.Expand: `$$` is an escaped
 * `$`, an unresolvable or incomplete reference is kept as written, a `$` before anything else is
 * kept.
 */
export function expand(input: string, mapping: ExpansionMapping): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === "$") {
      out += "$";
    } else if (next === "(") {
      const close = input.indexOf(")", cursor + 2);
      if (close < 0) {
        out += "$(";
      } else {
        const name = input.slice(cursor + 2, close);
        out += mapping(name) ?? `$(${name})`;
        advance = close - cursor;
      }
    } else {
      out += "$" + next;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** A mapping over several name -> value maps, the first that has the name winning. */
export function mappingFor(...contexts: readonly ReadonlyMap<string, string>[]): ExpansionMapping {
  return (name) => {
    for (const context of contexts) {
      const value = context.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/** The container's command and args with `$(VAR)` expanded against its final environment. */
export function expandCommandAndArgs(
  container: ContainerLike,
  env: readonly EnvPair[],
): { command?: string[]; args?: string[] } {
  const mapping = mappingFor(new Map(env.map((e) => [e.name, e.value])));
  const out: { command?: string[]; args?: string[] } = {};
  if (container.command !== undefined) {
    out.command = container.command.map((c) => expand(c, mapping));
  }
  if (container.args !== undefined) out.args = container.args.map((a) => expand(a, mapping));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Downward API
// ---------------------------------------------------------------------------------------------

/** Go's %q for the strings label values can hold. */
function goQuote(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `key="value"` lines sorted by key, like fieldpath.FormatMap. */
export function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(map ?? {}).sort().map((key) => `${key}=${goQuote(map![key]!)}`).join("\n");
}

/**
 * The value of a fieldRef (podFieldSelectorRuntimeValue + fieldpath.ExtractFieldPathAsString):
 * metadata.name/namespace/uid/labels/annotations (whole or `['key']`), spec.nodeName,
 * spec.serviceAccountName, status.podIP(s), status.hostIP(s).
 */
export function fieldRefValue(
  selector: ObjectFieldSelectorLike,
  pod: PodLike,
  facts: Pick<PodFacts, "podIP" | "podIPs" | "hostIP">,
): string {
  const path = selector.fieldPath;
  const meta = pod.metadata ?? {};
  switch (path) {
    case "metadata.name":
      return meta.name ?? "";
    case "metadata.namespace":
      return meta.namespace ?? "";
    case "metadata.uid":
      return meta.uid ?? "";
    case "metadata.labels":
      return formatMap(meta.labels);
    case "metadata.annotations":
      return formatMap(meta.annotations);
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.podIP":
      return facts.podIP;
    case "status.podIPs":
      return (facts.podIPs ?? (facts.podIP ? [facts.podIP] : [])).join(",");
    case "status.hostIP":
    case "status.hostIPs":
      return facts.hostIP;
  }
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (subscript) {
    const map = subscript[1] === "labels" ? meta.labels : meta.annotations;
    return map?.[subscript[2]!] ?? "";
  }
  throw new ContainerConfigError(`unsupported fieldPath: ${path}`);
}

/**
 * The value of a resourceFieldRef (ExtractContainerResourceValue): a limit or request of the
 * container divided by the divisor (default 1) and rounded up. An unset limit is the node's
 * allocatable (defaultPodLimitsForDownwardAPI); an unset request is the limit when one is set
 * (as API defaulting makes it), else 0.
 */
export function resourceFieldRefValue(
  selector: ResourceFieldSelectorLike,
  container: ContainerLike,
  nodeAllocatable: PodFacts["nodeAllocatable"],
): string {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const divisor = selector.divisor === undefined || Quantity.parse(selector.divisor).isZero()
    ? Quantity.parse("1")
    : Quantity.parse(selector.divisor);
  const limit = (name: "cpu" | "memory") => limits[name] ?? nodeAllocatable[name];
  const request = (name: "cpu" | "memory") => requests[name] ?? limits[name] ?? "0";
  const cpu = (quantity: string) =>
    String(Math.ceil(Number(Quantity.parse(quantity).milliValue()) / Number(divisor.milliValue())));
  const whole = (quantity: string) =>
    String(Math.ceil(Number(Quantity.parse(quantity).value()) / Number(divisor.value())));
  switch (selector.resource) {
    case "limits.cpu":
      return cpu(limit("cpu"));
    case "limits.memory":
      return whole(limit("memory"));
    case "requests.cpu":
      return cpu(request("cpu"));
    case "requests.memory":
      return whole(request("memory"));
    case "limits.ephemeral-storage":
    case "requests.ephemeral-storage":
      return whole(limits["ephemeral-storage"] ?? requests["ephemeral-storage"] ?? "0");
  }
  throw new ContainerConfigError(`unsupported container resource : ${selector.resource}`);
}

// ---------------------------------------------------------------------------------------------
// The whole environment
// ---------------------------------------------------------------------------------------------

/** Decodes base64 (Secret data, ConfigMap binaryData) to text. */
export function decodeBase64Text(value: string): string {
  return new TextDecoder().decode(decodeBase64(value));
}

/** Decodes base64 to bytes. */
export function decodeBase64(value: string): Uint8Array {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The container's final environment (see the module documentation), in a deterministic order:
 * envFrom and env variables in the order first defined, then the service variables.
 * Throws {@link ContainerConfigError} for a missing non-optional ConfigMap, Secret or key.
 */
export async function resolveEnv(
  pod: PodLike,
  container: ContainerLike,
  serviceEnv: readonly EnvPair[],
  facts: PodFacts,
  lookups: ConfigLookups,
): Promise<EnvPair[]> {
  const namespace = pod.metadata?.namespace || "default";
  const configMaps = new Map<string, ConfigMapLike | undefined>();
  const secrets = new Map<string, SecretLike | undefined>();
  const configMap = async (name: string) => {
    if (!configMaps.has(name)) configMaps.set(name, await lookups.configMap(namespace, name));
    return configMaps.get(name);
  };
  const secret = async (name: string) => {
    if (!secrets.has(name)) secrets.set(name, await lookups.secret(namespace, name));
    return secrets.get(name);
  };
  const env = new Map<string, string>();
  const services = new Map(serviceEnv.map((e) => [e.name, e.value]));

  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? "";
    if (source.configMapRef !== undefined) {
      const name = source.configMapRef.name ?? "";
      const found = await configMap(name);
      if (found === undefined) {
        if (source.configMapRef.optional) continue;
        throw new ContainerConfigError(`configmap ${JSON.stringify(name)} not found`);
      }
      for (const [key, value] of Object.entries(found.data ?? {})) {
        if (key !== "" && !key.includes("=")) env.set(prefix + key, value);
      }
    } else if (source.secretRef !== undefined) {
      const name = source.secretRef.name ?? "";
      const found = await secret(name);
      if (found === undefined) {
        if (source.secretRef.optional) continue;
        throw new ContainerConfigError(`secret ${JSON.stringify(name)} not found`);
      }
      for (const [key, value] of Object.entries(found.data ?? {})) {
        if (key !== "" && !key.includes("=")) env.set(prefix + key, decodeBase64Text(value));
      }
    }
  }

  const mapping = mappingFor(env, services);
  for (const variable of container.env ?? []) {
    let value = variable.value ?? "";
    if (value !== "") {
      value = expand(value, mapping);
    } else if (variable.valueFrom !== undefined) {
      const from = variable.valueFrom;
      if (from.fieldRef !== undefined) {
        value = fieldRefValue(from.fieldRef, pod, facts);
      } else if (from.resourceFieldRef !== undefined) {
        const target = from.resourceFieldRef.containerName
          ? pod.spec?.containers.find((c) => c.name === from.resourceFieldRef!.containerName)
          : container;
        if (target === undefined) {
          throw new ContainerConfigError(
            `container ${from.resourceFieldRef.containerName} not found in the pod`,
          );
        }
        value = resourceFieldRefValue(from.resourceFieldRef, target, facts.nodeAllocatable);
      } else if (from.configMapKeyRef !== undefined) {
        const { name = "", key, optional } = from.configMapKeyRef;
        const found = await configMap(name);
        if (found === undefined) {
          if (optional) continue;
          throw new ContainerConfigError(`configmap ${JSON.stringify(name)} not found`);
        }
        const data = found.data?.[key];
        if (data === undefined) {
          if (optional) continue;
          throw new ContainerConfigError(
            `couldn't find key ${key} in ConfigMap ${namespace}/${name}`,
          );
        }
        value = data;
      } else if (from.secretKeyRef !== undefined) {
        const { name = "", key, optional } = from.secretKeyRef;
        const found = await secret(name);
        if (found === undefined) {
          if (optional) continue;
          throw new ContainerConfigError(`secret ${JSON.stringify(name)} not found`);
        }
        const data = found.data?.[key];
        if (data === undefined) {
          if (optional) continue;
          throw new ContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
        }
        value = decodeBase64Text(data);
      }
    }
    env.set(variable.name, value);
  }

  const out: EnvPair[] = [...env].map(([name, value]) => ({ name, value }));
  for (const { name, value } of serviceEnv) {
    if (!env.has(name)) out.push({ name, value });
  }
  return out;
}
